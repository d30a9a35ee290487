"""The Atom feeds: valid Atom, dated from one git log, the same bytes serial and ``-j 2``."""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import ROOTS
from helpers.repo import CONF, GOOD, make_repo
from helpers.sphinxbuild import PID_RECORDER
from sphinxext_glancecycle import history

A = '{http://www.w3.org/2005/Atom}'
RFC3339 = re.compile(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$')
FIRST = '2024-01-02T03:04:05+00:00'
SECOND = '2024-02-03T04:05:06+00:00'
HAS_GIT = shutil.which('git') is not None
needs_git = pytest.mark.skipif(not HAS_GIT, reason='git is not installed')


def commit(root: Path, when: str, message: str = 'change') -> None:
    """Commit everything in ``root`` at ``when`` (author and committer date)."""
    env = {**os.environ, 'GIT_AUTHOR_NAME': 'Test', 'GIT_AUTHOR_EMAIL': 'test@example.org',
           'GIT_COMMITTER_NAME': 'Test', 'GIT_COMMITTER_EMAIL': 'test@example.org',
           'GIT_AUTHOR_DATE': when, 'GIT_COMMITTER_DATE': when, 'GIT_CONFIG_GLOBAL': os.devnull,
           'GIT_CONFIG_NOSYSTEM': '1'}
    if not (root / '.git' / 'HEAD').exists():
        if (root / '.git').is_dir():
            (root / '.git').rmdir()  # the empty marker make_repo leaves
        subprocess.run(['git', 'init', '-q', str(root)], check=True, env=env)
    subprocess.run(['git', '-C', str(root), 'add', '-A'], check=True, env=env)
    subprocess.run(['git', '-C', str(root), 'commit', '-q', '-m', message], check=True, env=env)


def moment(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).astimezone(datetime.timezone.utc)


def check_atom(document: bytes) -> ET.Element:
    """Parse ``document`` and check the elements RFC 4287 requires; return the feed."""
    assert document.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n")
    feed = ET.fromstring(document)
    assert feed.tag == A + 'feed'

    def one(parent: ET.Element, name: str) -> str:
        found = parent.findall(A + name)
        assert len(found) == 1, f'{len(found)} atom:{name} in {parent.tag}'
        return found[0].text or ''

    def links(parent: ET.Element) -> list[ET.Element]:
        found = parent.findall(A + 'link')
        assert all(link.get('href') is not None for link in found)
        alternates = [(link.get('type'), link.get('hreflang')) for link in found
                      if link.get('rel', 'alternate') == 'alternate']
        assert len(alternates) == len(set(alternates)), 'two alternate links of one type'
        return found

    for name in ('id', 'title', 'updated'):
        assert one(feed, name).strip()
    assert RFC3339.match(one(feed, 'updated'))
    assert re.match(r'(urn|tag):', one(feed, 'id'))
    feed_links = links(feed)
    assert [link.get('rel') for link in feed_links].count('self') == 1
    entries = feed.findall(A + 'entry')
    authors = feed.findall(A + 'author')
    assert authors or all(entry.findall(A + 'author') for entry in entries)
    for author in authors:
        assert one(author, 'name').strip()
    ids = []
    for entry in entries:
        ids.append(one(entry, 'id'))
        assert re.match(r'(urn|tag):', ids[-1])
        assert one(entry, 'title').strip()
        assert RFC3339.match(one(entry, 'updated'))
        assert len(entry.findall(A + 'published')) <= 1
        for published in entry.findall(A + 'published'):
            assert RFC3339.match(published.text) and published.text <= one(entry, 'updated')
        if not entry.findall(A + 'content'):
            assert any(link.get('rel', 'alternate') == 'alternate' for link in links(entry))
    assert len(ids) == len(set(ids)), 'two entries with one id'
    if entries:
        assert one(feed, 'updated') == max(one(entry, 'updated') for entry in entries)
    return feed


def entries(feed: ET.Element) -> list[tuple[str, str, str, str]]:
    """(title, link, published, updated) of each entry, in feed order."""
    return [(entry.findtext(A + 'title'), entry.find(A + 'link').get('href'),
             entry.findtext(A + 'published'), entry.findtext(A + 'updated'))
            for entry in feed.findall(A + 'entry')]


def dashboard_repo(tmp_path: Path, name: str = 'src') -> Path:
    srcdir = tmp_path / name
    shutil.copytree(ROOTS / 'test-dashboard', srcdir)
    return srcdir


# -- the history, without Sphinx ---------------------------------------------------


def test_parse_log_keeps_the_first_and_last_date_of_each_path():
    log = (b'\x01200\x00\nspecs/a.rst\x00specs/b c.rst\x00'
           b'\x01100\x00\nspecs/a.rst\x00'
           b'\x01300\x00'  # a merge: no paths
           b'\x01garbage\x00\nspecs/x.rst\x00')
    dates = history.parse_log(log)
    utc = datetime.timezone.utc
    assert dates == {
        'specs/a.rst': history.FileDates(datetime.datetime.fromtimestamp(100, utc),
                                         datetime.datetime.fromtimestamp(200, utc)),
        'specs/b c.rst': history.FileDates(datetime.datetime.fromtimestamp(200, utc),
                                           datetime.datetime.fromtimestamp(200, utc)),
    }


@needs_git
def test_file_dates_come_from_one_log_of_a_real_repository(tmp_path):
    top = tmp_path / 'top'
    root = top / 'repo'  # the specs repository may sit inside a bigger one
    (root / 'specs').mkdir(parents=True)
    (root / 'specs' / 'old.rst').write_text('old\n', 'utf-8')
    (root / 'specs' / 'odd "name" é.rst').write_text('odd\n', 'utf-8')
    (root / 'README').write_text('not asked about\n', 'utf-8')
    commit(top, FIRST)
    (root / 'specs' / 'old.rst').write_text('old, changed\n', 'utf-8')
    (root / 'specs' / 'new.rst').write_text('new\n', 'utf-8')
    commit(top, SECOND)
    (root / 'specs' / 'uncommitted.rst').write_text('draft\n', 'utf-8')

    dates, why = history.file_dates(str(root), ['specs'])
    assert why is None
    first, second = moment(FIRST), moment(SECOND)
    assert dates == {
        'specs/old.rst': history.FileDates(first, second),
        'specs/odd "name" é.rst': history.FileDates(first, first),
        'specs/new.rst': history.FileDates(second, second),
    }


def test_no_git_gives_no_dates_and_a_reason(tmp_path, monkeypatch):
    assert history.file_dates(str(tmp_path), []) == ({}, None)
    if HAS_GIT:
        dates, why = history.file_dates(str(tmp_path), ['specs'])
        assert dates == {} and 'not a git repository' in why
    monkeypatch.setenv('PATH', str(tmp_path / 'nothing'))
    assert history.file_dates(str(tmp_path), ['specs']) == ({}, 'git is not installed')


def test_a_slow_git_gives_no_dates(tmp_path, monkeypatch):
    def slow(command, **kwargs):
        assert command[0] == 'git' and kwargs['timeout'] == 5 and 'shell' not in kwargs
        raise subprocess.TimeoutExpired(command, kwargs['timeout'])

    monkeypatch.setattr(history.subprocess, 'run', slow)
    assert history.file_dates(str(tmp_path), ['specs'], timeout=5) == (
        {}, 'git log took more than 5 s')


# -- the feeds of a build ----------------------------------------------------------


@needs_git
def test_feeds_are_atom_dated_by_git(make_app, tmp_path, monkeypatch):
    srcdir = dashboard_repo(tmp_path)
    commit(srcdir, FIRST)
    spec = srcdir / 'specs/2024.1/approved/glance/cache-in-db.rst'
    spec.write_text(spec.read_text('utf-8') + '\nMore words.\n', 'utf-8')
    commit(srcdir, SECOND)
    calls = []
    run = subprocess.run

    def counted(command, **kwargs):
        calls.append((command[0], command[5], '--follow' in command))
        return run(command, **kwargs)

    monkeypatch.setattr(history.subprocess, 'run', counted)
    app = make_app('html', srcdir=srcdir)
    app.build()
    # the spec template's versions in two calls, then one for the whole tree
    assert calls == [('git', 'log', True), ('git', 'cat-file', False), ('git', 'log', False)]

    site = check_atom((app.outdir / 'glancecycle.atom').read_bytes())
    assert site.findtext(A + 'title') == 'dashboard test: new and changed specs'
    assert site.findtext(A + 'updated') == '2024-02-03T04:05:06Z'
    assert [(link.get('rel'), link.get('href')) for link in site.findall(A + 'link')] == [
        ('self', 'glancecycle.atom'), ('alternate', 'index.html')]
    first, second = '2024-01-02T03:04:05Z', '2024-02-03T04:05:06Z'
    approved = 'specs/2024.1/approved/glance/'
    assert entries(site) == [
        ('Keep the cache in SQL', approved + 'cache-in-db.html', first, second),
        ('An older idea', 'specs/2023.2/approved/glance/older.html', first, first),
        ('Faster checksums', approved + 'faster-checksums.html', first, first),
        ('Sneaky <img src=x onerror=alert(“x”) idea',
         'specs/2024.1/implemented/glance_store/hostile.html', first, first),
    ]
    assert [entry.findtext(A + 'summary') for entry in site.findall(A + 'entry')] == [
        'Spec, 2024.1 Caracal, approved, glance',
        'Spec-lite, 2023.2 Bobcat, approved, glance',
        'Spec-lite, 2024.1 Caracal, approved, glance',
        'Spec-lite, 2024.1 Caracal, implemented, glance_store',
    ]

    bobcat = check_atom((app.outdir / '2023.2.atom').read_bytes())
    assert [title for title, *_ in entries(bobcat)] == ['An older idea']
    assert bobcat.findtext(A + 'updated') == first
    assert bobcat.find(A + 'link[@rel="alternate"]').get('href') == 'cycles/2023.2.html'
    caracal = check_atom((app.outdir / '2024.1.atom').read_bytes())
    assert [title for title, *_ in entries(caracal)] == [
        'Keep the cache in SQL', 'Faster checksums',
        'Sneaky <img src=x onerror=alert(“x”) idea']
    # an entry keeps its id from feed to feed
    site_ids = {e.findtext(A + 'title'): e.findtext(A + 'id') for e in site.findall(A + 'entry')}
    assert all(site_ids[e.findtext(A + 'title')] == e.findtext(A + 'id')
               for e in caracal.findall(A + 'entry'))
    assert sorted(path.name for path in app.outdir.glob('*.atom')) == [
        '2023.2.atom', '2024.1.atom', 'glancecycle.atom']
    # every link is to a page of the build
    for feed in (site, bobcat, caracal):
        for link in feed.iter(A + 'link'):
            assert (app.outdir / link.get('href').split('#')[0]).is_file(), link.get('href')


@needs_git
def test_hostile_titles_are_text(make_app, tmp_path):
    repo = make_repo(tmp_path / 'repo', {
        'specs/2024.1/approved/glance/hostile.rst': GOOD.replace(
            'Spec Lite: A tidy proposal', 'Spec Lite: A ]]> & </title> \x1b[31m red'),
    })
    commit(repo, FIRST)
    app = make_app('html', srcdir=repo / 'doc' / 'source')
    app.build()
    raw = (app.outdir / 'glancecycle.atom').read_bytes()
    assert b'\x1b' not in raw and b'</title> ' not in raw
    assert b'<title>A ]]&gt; &amp; &lt;/title&gt; \\x1b[31m red</title>' in raw
    feed = check_atom(raw)
    assert [title for title, *_ in entries(feed)] == ['A ]]> & </title> \\x1b[31m red']


@needs_git
def test_links_use_the_published_address(make_app, tmp_path):
    repo = make_repo(tmp_path / 'repo', {'specs/2024.1/approved/glance/tidy.rst': GOOD},
                     CONF + "glancecycle_site_url = 'https://specs.example.org/glance-specs'\n")
    commit(repo, FIRST)
    app = make_app('html', srcdir=repo / 'doc' / 'source')
    app.build()
    base = 'https://specs.example.org/glance-specs/'
    for name in ('glancecycle.atom', '2024.1.atom'):
        feed = check_atom((app.outdir / name).read_bytes())
        assert feed.find(A + 'link[@rel="self"]').get('href') == base + name
        assert entries(feed) == [('A tidy proposal',
                                  base + 'specs/2024.1/approved/glance/tidy.html',
                                  '2024-01-02T03:04:05Z', '2024-01-02T03:04:05Z')]


def test_without_git_the_feeds_are_valid_and_empty(make_app, tmp_path, monkeypatch):
    monkeypatch.setenv('PATH', str(tmp_path / 'nothing'))
    app = make_app('html', srcdir=dashboard_repo(tmp_path))
    app.build()
    for name in ('glancecycle.atom', '2023.2.atom', '2024.1.atom'):
        feed = check_atom((app.outdir / name).read_bytes())
        assert feed.findall(A + 'entry') == []
        assert feed.findtext(A + 'updated') == '2024-01-20T00:00:00Z'  # glancecycle_today
    assert 'no dates from git (git is not installed)' in app.status.getvalue()
    assert 'Traceback' not in app.warning.getvalue()


@needs_git
def test_uncommitted_pages_are_left_out(make_app, tmp_path):
    repo = make_repo(tmp_path / 'repo', {'specs/2024.1/approved/glance/tidy.rst': GOOD})
    commit(repo, FIRST)
    (repo / 'specs/2024.1/approved/glance/draft.rst').write_text(
        GOOD.replace('A tidy proposal', 'A draft proposal'), 'utf-8')
    app = make_app('html', srcdir=repo / 'doc' / 'source')
    app.build()
    feed = check_atom((app.outdir / 'glancecycle.atom').read_bytes())
    assert [title for title, *_ in entries(feed)] == ['A tidy proposal']


@needs_git
def test_a_relinked_spec_is_new_in_its_later_cycle(make_app, tmp_path):
    old, new = 'specs/2023.2/approved/glance/tidy.rst', 'specs/2024.1/approved/glance/tidy.rst'
    repo = make_repo(tmp_path / 'repo', {old: GOOD})
    commit(repo, FIRST)
    (repo / new).parent.mkdir(parents=True)
    os.symlink(os.path.join('..', '..', '..', '2023.2', 'approved', 'glance', 'tidy.rst'),
               repo / new)
    commit(repo, SECOND)
    app = make_app('html', srcdir=repo / 'doc' / 'source')
    app.build()
    first, second = '2024-01-02T03:04:05Z', '2024-02-03T04:05:06Z'
    assert entries(check_atom((app.outdir / '2024.1.atom').read_bytes())) == [
        ('A tidy proposal', 'specs/2024.1/approved/glance/tidy.html', second, second)]
    assert entries(check_atom((app.outdir / '2023.2.atom').read_bytes())) == [
        ('A tidy proposal', 'specs/2023.2/approved/glance/tidy.html', first, first)]


def parallel_repo(tmp_path: Path, name: str) -> Path:
    """A clean specs repository with enough spec-lites that ``-j 2`` forks readers."""
    files = {f'specs/2024.1/approved/glance/idea-{n:02d}.rst':
             GOOD.replace('A tidy proposal', f'Idea number {n:02d}') for n in range(30)}
    files['doc/source/index.rst'] = 'Specs\n=====\n\n.. toctree::\n   :glob:\n\n   specs/*/*/*/*\n'
    conf = ("import os, sys\nsys.path.insert(0, os.path.dirname(__file__))\n"
            + CONF.replace("['sphinxext_glancecycle']",
                           "['sphinxext_glancecycle', 'pidrecorder']"))
    repo = make_repo(tmp_path / name, files, conf)
    (repo / 'doc' / 'source' / 'pidrecorder.py').write_text(PID_RECORDER, 'utf-8')
    commit(repo, FIRST)
    for n in range(0, 30, 3):
        path = repo / f'specs/2024.1/approved/glance/idea-{n:02d}.rst'
        path.write_text(path.read_text('utf-8') + '\n:assignee: Someone\n', 'utf-8')
    commit(repo, SECOND)
    return repo / 'doc' / 'source'


def sphinx_build(srcdir: Path, outdir: Path, *options: str) -> None:
    """``sphinx-build -W`` as a repository's docs job runs it; fails on any warning."""
    done = subprocess.run([sys.executable, '-m', 'sphinx', '-W', '-q', *options, '-b', 'html',
                           str(srcdir), str(outdir)], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, '')


@needs_git
def test_parallel_build_gives_the_same_feeds_and_passes_w(tmp_path):
    sphinx_build(parallel_repo(tmp_path, 'serial'), tmp_path / 'out-serial')
    srcdir = parallel_repo(tmp_path, 'parallel')
    sphinx_build(srcdir, tmp_path / 'out-parallel', '-j', '2')
    assert len(set((srcdir / 'pids.txt').read_text().split())) >= 2, 'the reads did not fork'
    names = ('glancecycle.atom', '2024.1.atom')
    feeds = {name: (tmp_path / 'out-parallel' / name).read_bytes() for name in names}
    assert feeds == {name: (tmp_path / 'out-serial' / name).read_bytes() for name in names}
    feed = check_atom(feeds['glancecycle.atom'])
    titles = [title for title, *_ in entries(feed)]
    # the changed ones first, the newest first, then by page
    changed = [f'Idea number {n:02d}' for n in range(0, 30, 3)]
    assert titles == changed + [f'Idea number {n:02d}' for n in range(30) if n % 3]


def test_the_real_tree_gives_a_valid_feed_per_cycle(corpus, corpus_site):
    """Every cycle with specs has a valid feed; the shared copy has no git history."""
    export = json.loads((corpus_site.outdir / 'glancecycle.json').read_text('utf-8'))
    expected = {f"{cycle['key']}.atom" for cycle in export['cycles']
                if cycle['specs'] or cycle['spec_lites']}
    assert len(expected) > 10
    found = {path.name for path in corpus_site.outdir.glob('*.atom')}
    assert found == expected | {'glancecycle.atom'}
    for name in sorted(found):
        feed = check_atom((corpus_site.outdir / name).read_bytes())
        if not history.file_dates(str(corpus), ['specs'])[0]:
            assert feed.findall(A + 'entry') == []


@needs_git
def test_an_edited_title_keeps_its_entry_id(make_app, tmp_path):
    page = 'specs/2024.1/approved/glance/tidy.rst'
    repo = make_repo(tmp_path / 'repo', {page: GOOD})
    commit(repo, FIRST)
    app = make_app('html', srcdir=repo / 'doc' / 'source', freshenv=True)
    app.build()
    before = check_atom((app.outdir / 'glancecycle.atom').read_bytes()).find(A + 'entry')
    (repo / page).write_text(GOOD.replace('A tidy proposal', 'A tidier proposal!'), 'utf-8')
    commit(repo, SECOND)
    app = make_app('html', srcdir=repo / 'doc' / 'source', freshenv=True)
    app.build()
    after = check_atom((app.outdir / 'glancecycle.atom').read_bytes()).find(A + 'entry')
    assert after.findtext(A + 'id') == before.findtext(A + 'id')
    assert [after.findtext(A + name) for name in ('title', 'published', 'updated')] == [
        'A tidier proposal!', '2024-01-02T03:04:05Z', '2024-02-03T04:05:06Z']
