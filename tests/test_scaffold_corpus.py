"""On the real glance-specs: next-cycle, new and move-implemented, each followed by
``check`` and a ``-W`` build, and the site's index edited as its own script does; on
cinder-specs and ironic-specs, next-cycle and new where their layouts put pages."""

from __future__ import annotations

import importlib.util
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.corpus_staging import stage_repository
from helpers.repo import GOOD, run

from sphinxext_glancecycle.cli import check as checking
from sphinxext_glancecycle.cli.confpy import load
from sphinxext_glancecycle.cli.scaffold import toctrees
from sphinxext_glancecycle.readers.paths import locate

from helpers import sphinxbuild

CONF_LINES = """\
exclude_patterns += ['**/spec-lite-template.rst']
glancecycle_projects = ['glance', 'glance_store', 'python-glanceclient']
# before the 2027.2 release: the new cycle's findings are enforced
glancecycle_today = '2027-05-01'
"""
SPEC = 'specs/2027.2/approved/glance/spec-lite-faster-import.rst'
MOVED = SPEC.replace('/approved/', '/implemented/')


def _writable(root):
    """The shared corpus is read-only; its copy is ours to change."""
    for path in (root, *root.rglob('*')):
        if not path.is_symlink():
            path.chmod(path.stat().st_mode | stat.S_IWUSR)


def _git(where, *args):
    subprocess.run(['git', '-c', 'user.name=t', '-c', 'user.email=t@example.org', *args],
                   cwd=where, capture_output=True, check=True)


@pytest.fixture
def repo(corpus, tmp_path):
    where = stage_repository(corpus, tmp_path / 'glance-specs', CONF_LINES)
    _writable(where)
    if shutil.which('git'):
        _git(where, 'init', '-q')
        _git(where, 'add', '-A')
        _git(where, 'commit', '-qm', 'corpus')
    else:
        (where / '.git').mkdir()
    return where


def _passes(repo, monkeypatch, capsys, builddir):
    """``check`` and an incremental ``-W`` build of ``repo`` find nothing."""
    assert run(monkeypatch, capsys, repo, 'check') == (0, [], [])
    app = sphinxbuild.build(repo / 'doc' / 'source', builddir=builddir)
    assert sphinxbuild.ESCAPES.sub('', app.warning.getvalue()) == ''
    return app


def test_next_cycle_new_and_move_each_pass_check_and_w(repo, monkeypatch, capsys,
                                                       tmp_path_factory):
    builddir = tmp_path_factory.mktemp('build')
    status, out, err = run(monkeypatch, capsys, repo, 'next-cycle', '2027.2')
    assert (status, err) == (0, [])
    assert out[-3:] == [
        'list specs/2027.2/* in doc/source/index.rst',
        'move specs/2026.2/* to the past in doc/source/index.rst',
        'list priorities/2027.2-priorities (for priorities/2026.2-priorities) in '
        'doc/source/index.rst']
    links = sorted(repo.glob('specs/2027.2/approved/*/*template.rst'))
    assert len(links) == 6 and all(path.is_symlink() and path.resolve().parent
                                   == (repo / 'specs').resolve() for path in links)
    app = _passes(repo, monkeypatch, capsys, builddir)
    assert (app.outdir / 'specs/2027.2/index.html').is_file()

    status, out, _ = run(monkeypatch, capsys, repo, 'new', 'spec-lite', '--cycle', '2027.2',
                         '--project', 'glance', 'Faster import')
    assert (status, out) == (0, [SPEC, 'list glance/* in specs/2027.2/approved/index.rst'])
    (repo / SPEC).write_text(GOOD, encoding='utf-8')
    app = _passes(repo, monkeypatch, capsys, builddir)
    assert (app.outdir / SPEC.replace('.rst', '.html')).is_file()

    status, out, _ = run(monkeypatch, capsys, repo, 'move-implemented', SPEC)
    assert (status, out[0]) == (0, f'move {SPEC} -> {MOVED}')
    app = _passes(repo, monkeypatch, capsys, builddir)
    assert (app.outdir / MOVED.replace('.rst', '.html')).is_file()
    if importlib.util.find_spec('whereto') is None:
        pytest.skip('whereto is not installed')
    done = subprocess.run([sys.executable, '-c', 'import sys; from whereto.app import main; '
                           'sys.exit(main())', 'doc/source/_extra/.htaccess',
                           'doc/test/redirect-tests.txt'],
                          cwd=repo, capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, '')


def test_the_site_index_is_edited_as_the_repositorys_own_script_does(
        corpus, repo, monkeypatch, capsys, tmp_path):
    script = corpus.parent / 'glance-specs-build' / 'scripts' / 'prepare-next-cycle.sh'
    if not script.is_file() or shutil.which('bash') is None or shutil.which('sed') is None:
        pytest.skip('the repository script, bash or sed is missing')
    theirs = tmp_path / 'theirs'
    for name in ('doc/source', 'priorities', 'specs'):
        (theirs / name).mkdir(parents=True)
    index = theirs / 'doc' / 'source' / 'index.rst'
    index.write_bytes((corpus / 'doc' / 'source' / 'index.rst').read_bytes())
    subprocess.run(['bash', str(script), '2027.2'], cwd=theirs, check=True,
                   capture_output=True)
    run(monkeypatch, capsys, repo, 'next-cycle', '2027.2')
    assert (repo / 'doc' / 'source' / 'index.rst').read_text('utf-8') == index.read_text(
        'utf-8')


SHARED = Path(__file__).parent.parent.parent / 'shared' / 'corpus'
#: per repository: new's arguments, the page it writes, how that page is read
#: (cycle, status, project), what next-cycle 2027.1 does and what new does after the page
OTHERS = {
    'cinder-specs': (('--cycle', '2027.1'), 'specs/2027.1/faster-backups.rst',
                     ('2027.1', None, None),
                     ['create specs/2027.1/remove-me.rst', 'create doc/source/cycles/2027.1.rst',
                      'list specs/2027.1/* in doc/source/index.rst'],
                     ['remove specs/2027.1/remove-me.rst']),
    'ironic-specs': ((), 'specs/approved/faster-backups.rst', (None, 'approved', None),
                     ['create priorities/2027-1-workitems.rst',
                      'create doc/source/cycles/2027.1.rst',
                      'list priorities/2027-1-workitems in doc/source/index.rst'],
                     ['link specs/not-implemented/faster-backups.rst -> '
                      '../approved/faster-backups.rst']),
}


@pytest.fixture(params=sorted(OTHERS))
def other(request, tmp_path):
    """A writable copy of cinder-specs or ironic-specs with the README's lines."""
    name = request.param
    if not (SHARED / name / 'specs').is_dir():
        pytest.skip(f'{name} not found in {SHARED}')
    where = stage_repository(SHARED / name, tmp_path / name,
                             f"glancecycle_projects = [{name.split('-')[0]!r}]\n"
                             "glancecycle_today = '2026-12-01'\n")
    _writable(where)
    (where / '.git').mkdir()
    return name, where


def _checked(repo):
    """The repository's policy, the pages check reads and its result."""
    site = load(repo)
    tree = checking.discover(site)
    result = checking.check(site, tree.paths, tree)
    return site.policy, {site.source_of(path) for path in tree.paths}, result


def _listed(repo, doc):
    lines = (repo / 'doc' / 'source' / 'index.rst').read_text('utf-8').splitlines()
    return any(tree.covers('', doc.removesuffix('.rst')) for tree in toctrees(lines))


def test_next_cycle_and_new_follow_the_layout_of_other_repositories(other, monkeypatch, capsys):
    name, repo = other
    argv, page, located, opened, placed = OTHERS[name]
    assert run(monkeypatch, capsys, repo, 'next-cycle', '2027.1') == (0, opened, [])
    # the cycle's first page, cinder's placeholder or ironic's work items, read and listed
    first = opened[0].split(' ')[1]
    policy, read, _ = _checked(repo)
    assert first in read and _listed(repo, first)
    assert locate(first, policy.catalogue, policy.profile, policy.shipped).cycle == '2027.1'
    assert policy.is_priorities_page(first) == (name == 'ironic-specs')

    assert run(monkeypatch, capsys, repo, 'new', 'spec', *argv, 'Faster backups') == (
        0, [page, *placed], [])
    policy, read, result = _checked(repo)
    assert page in read
    where = locate(page, policy.catalogue, policy.profile, policy.shipped)
    assert (where.cycle, where.status, where.project) == located
    # check judged the new spec: its template text is still to replace
    assert {f.code for f in result.findings if f.source == page} >= {'GC505'}
    # reachable as the repository lists specs: cinder's cycle glob; ironic's visible
    # not-implemented/* through the link, and its hidden approved/*
    links = [line.split(' ')[1] for line in placed if line.startswith('link ')]
    assert all(_listed(repo, doc) for doc in (page, *links))
