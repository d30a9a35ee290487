"""``glancecycle new`` and ``glancecycle next-cycle``."""

from __future__ import annotations

import json

import pytest
from helpers.repo import CONF, GOOD, make_repo, run

from sphinxext_glancecycle.cli.scaffold import slug, spec_from_template

from helpers import sphinxbuild

TEMPLATE = """\
..
 This work is licensed under a Creative Commons Attribution 3.0 Unported
 License.

==============================
<Title of the proposed change>
==============================

<Link to the blueprint>

Problem description
===================

<What goes wrong.>

Proposed change
===============

<What changes.>
"""
#: before the first milestone of 2027.1, so an empty priorities page is on time
EARLY = CONF + "glancecycle_today = '2026-10-01'\n"


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path, {'specs/template.rst': TEMPLATE}, EARLY)


@pytest.mark.parametrize('title, expected', [
    ('Add a --verbose flag to image-import!', 'add-a-verbose-flag-to-image-import'),
    ('Déjà vu: caching', 'deja-vu-caching'),
    ('x' * 30 + ' ' + 'y' * 40, 'x' * 30),
])
def test_slug(title, expected):
    assert slug(title) == expected


def test_new_spec_lite(repo, monkeypatch, capsys):
    status, out, err = run(monkeypatch, capsys, repo, 'new', 'spec-lite', '--cycle', 'indri',
                           '--project', 'glance', 'Faster image  import')
    path = 'specs/2027.1/approved/glance/spec-lite-faster-image-import.rst'
    assert (status, out, err) == (0, [path], [])
    lines = (repo / path).read_text('utf-8').splitlines()
    title = lines.index('Spec Lite: Faster image import')
    assert lines[title - 1] == lines[title + 1] == '=' * len(lines[title])
    assert ':project: glance' in lines
    # the author still has to fill in the fields: check says so, at their lines
    status, out, _ = run(monkeypatch, capsys, repo, 'check')
    assert status == 1
    assert {line.split(' ')[1] for line in out} == {'GC105'}
    assert len(out) == 8  # every field but :project: holds template text
    assert all(line.startswith(path + ':') for line in out)


def test_new_refuses_to_overwrite(repo, monkeypatch, capsys):
    args = ('new', 'spec-lite', '--cycle', '2026.2', '--project', 'glance', 'Same')
    assert run(monkeypatch, capsys, repo, *args)[0] == 0
    status, out, err = run(monkeypatch, capsys, repo, *args)
    assert (status, out) == (2, [])
    assert err == ['glancecycle: error: specs/2026.2/approved/glance/spec-lite-same.rst exists; '
                   'not overwriting it (choose another title or edit that file)']


def test_new_spec_uses_the_repository_template(repo, monkeypatch, capsys):
    status, out, _ = run(monkeypatch, capsys, repo, 'new', 'spec', '--cycle', '2026.2',
                         '--project', 'glance_store', 'Multi-store quotas')
    assert (status, out) == (0, ['specs/2026.2/approved/glance_store/multi-store-quotas.rst'])
    text = (repo / out[0]).read_text('utf-8')
    assert text == TEMPLATE.replace('<Title of the proposed change>', 'Multi-store quotas') \
        .replace('=' * 30 + '\n', '=' * 18 + '\n', 2)


def test_template_without_title():
    with pytest.raises(Exception, match='no title'):
        spec_from_template('just text\n', 'X')


@pytest.mark.parametrize('argv, expected', [
    (('--cycle', '2099.1', '--project', 'glance', 'X'),
     "unknown series '2099.1' (Series not yet published are estimated up to 2030.1. "
     'A new series is added with glancecycle_series in conf.py)'),
    (('--cycle', 'indry', '--project', 'glance', 'X'),
     "unknown series 'indry' (Did you mean 'indri'? A new series is added with "
     'glancecycle_series in conf.py)'),
    (('--cycle', '2026.2', '--project', 'glanse', 'X'),
     "unknown project 'glanse' (glancecycle_projects lists glance, glance_store, "
     "python-glanceclient; did you mean 'glance'?)"),
    (('--cycle', '2026.2', '--project', 'glance', '!!!'),
     "cannot make a file name from the title '!!!' (use some letters or digits)"),
    (('--project', 'glance', 'X'), '--cycle is required (new specs go in '
     "specs/{cycle}/approved/{project}/, glancecycle_profile['layout']['proposals'])"),
    (('--cycle', '2026.2', 'X'), '--project is required (new specs go in '
     "specs/{cycle}/approved/{project}/, glancecycle_profile['layout']['proposals'])"),
])
def test_new_errors(repo, monkeypatch, capsys, argv, expected):
    status, out, err = run(monkeypatch, capsys, repo, 'new', 'spec-lite', *argv)
    assert (status, out) == (2, [])
    assert err[0].startswith(f'glancecycle: error: {expected}')


def test_new_spec_without_template(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path, {})
    status, _, err = run(monkeypatch, capsys, repo, 'new', 'spec', '--cycle', '2026.2',
                         '--project', 'glance', 'X')
    assert status == 2
    assert err[0].startswith('glancecycle: error: cannot read the spec template '
                             'specs/template.rst')


PAGES = ['specs/2027.1/index.rst', 'specs/2027.1/approved/index.rst',
         'specs/2027.1/implemented/index.rst', 'priorities/2027.1-priorities.rst',
         'doc/source/cycles/2027.1.rst']
LINKS = [f'specs/2027.1/approved/{project}/template.rst'
         for project in ('glance', 'glance_store', 'python-glanceclient')]
LISTED = 'specs/2027.1/index in doc/source/index.rst'


def test_next_cycle_dry_run_creates_nothing(repo, monkeypatch, capsys):
    status, out, _ = run(monkeypatch, capsys, repo, 'next-cycle', 'indri', '--dry-run')
    assert status == 0
    assert out == ([f'would create {path}' for path in PAGES]
                   + [f'would link {path} -> ../../../template.rst' for path in LINKS]
                   + [f'would list {LISTED}'])
    assert not (repo / 'specs' / '2027.1').exists()
    assert (repo / 'doc/source/index.rst').read_text('utf-8') == 'Specs\n=====\n'


def test_next_cycle_is_idempotent(repo, monkeypatch, capsys):
    status, out, _ = run(monkeypatch, capsys, repo, 'next-cycle', '2027.1')
    assert (status, out) == (0, [f'create {path}' for path in PAGES]
                             + [f'link {path} -> ../../../template.rst' for path in LINKS]
                             + [f'list {LISTED}'])
    # real relative links, as git keeps them, to the one template
    assert all((repo / path).is_symlink() and (repo / path).resolve()
               == (repo / 'specs/template.rst').resolve() for path in LINKS)
    (repo / 'specs/2027.1/index.rst').write_text('Edited\n======\n', encoding='utf-8')
    status, out, _ = run(monkeypatch, capsys, repo, 'next-cycle', '2027.1')
    assert (status, out) == (0, [f'exists {path}' for path in PAGES + LINKS]
                             + ['exists doc/source/index.rst (lists 2027.1)'])
    assert (repo / 'specs/2027.1/index.rst').read_text('utf-8') == 'Edited\n======\n'


def test_next_cycle_pages(repo, monkeypatch, capsys):
    run(monkeypatch, capsys, repo, 'next-cycle', '2027.1')
    dashboard = (repo / 'doc/source/cycles/2027.1.rst').read_text('utf-8').splitlines()
    assert '.. cycle-dashboard:: 2027.1' in dashboard
    assert '   /specs/2027.1/**' in dashboard
    priorities = (repo / 'priorities/2027.1-priorities.rst').read_text('utf-8').splitlines()
    assert priorities[-1] == 'TODO(glance-ptl): fill this in after the PTG'
    assert '.. _2027.1-priorities:' in priorities


def test_new_cycle_passes_check_and_the_rules_see_a_placeholder(repo, monkeypatch, capsys):
    run(monkeypatch, capsys, repo, 'next-cycle', '2027.1')
    run(monkeypatch, capsys, repo, 'new', 'spec-lite', '--cycle', '2027.1', '--project',
        'glance', 'Tidy')
    (repo / 'specs/2027.1/approved/glance/spec-lite-tidy.rst').write_text(GOOD, 'utf-8')
    status, out, err = run(monkeypatch, capsys, repo, 'check')
    assert (status, out, err) == (0, [], [])
    # after the first milestone, the same page is a late placeholder
    conf = repo / 'doc/source/conf.py'
    conf.write_text(CONF + "glancecycle_today = '2026-12-01'\n", encoding='utf-8')
    status, out, _ = run(monkeypatch, capsys, repo, 'check', '--format', 'json')
    found = [(f['source'], f['code'], f['severity'])
             for f in json.loads('\n'.join(out))['findings']]
    # a reminder driven by the date: shown, but it does not fail the gate ...
    assert (status, found) == (0, [('priorities/2027.1-priorities.rst', 'GC211', 'info')])
    # ... unless the repository raises it
    conf.write_text(CONF + "glancecycle_today = '2026-12-01'\n"
                    "glancecycle_rules = {'GC211': 'warning'}\n", encoding='utf-8')
    status, out, _ = run(monkeypatch, capsys, repo, 'check')
    assert (status, [line.split(' ')[1] for line in out]) == (1, ['GC211'])


def test_new_cycle_builds_under_w(repo, monkeypatch, capsys, tmp_path_factory):
    run(monkeypatch, capsys, repo, 'next-cycle', '2027.1')
    (repo / 'doc/source/conf.py').write_text(
        EARLY + "exclude_patterns = ['specs/template.rst']\n", encoding='utf-8')
    (repo / 'doc/source/index.rst').write_text(
        'Specs\n=====\n\n.. toctree::\n   :glob:\n\n   specs/*/index\n', encoding='utf-8')
    app = sphinxbuild.build(repo / 'doc' / 'source', builddir=tmp_path_factory.mktemp('build'))
    assert app.warning.getvalue() == ''
    html = (app.outdir / 'cycles' / '2027.1.html').read_text('utf-8')
    assert 'glancecycle-dashboard' in html


def test_next_cycle_that_cannot_write(repo, monkeypatch, capsys):
    (repo / 'priorities').rmdir()
    (repo / 'priorities').write_text('not a folder', encoding='utf-8')
    status, out, err = run(monkeypatch, capsys, repo, 'next-cycle', '2027.1')
    assert status == 2
    assert out[-1] == 'create specs/2027.1/implemented/index.rst'
    assert err[0].startswith('glancecycle: error: priorities/2027.1-priorities.rst: cannot ')


def _parsed_title(path):
    """The title docutils reads from ``path`` and any problems it reports."""
    from docutils.core import publish_doctree

    doctree = publish_doctree(path.read_text('utf-8'), settings_overrides={
        'report_level': 1, 'halt_level': 5, 'warning_stream': False})
    problems = [str(node) for node in doctree.findall(
        lambda n: n.tagname == 'system_message')]
    return doctree.next_node(lambda n: n.tagname == 'title').astext(), problems


@pytest.mark.parametrize('kind, title, expected', [
    ('spec-lite', 'Faster 画像インポート', 'Spec Lite: Faster 画像インポート'),
    ('spec-lite', 'Use *args, |image| and glance_store_ [1]_ `x` \\ here',
     'Spec Lite: Use *args, |image| and glance_store_ [1]_ `x` \\ here'),
    ('spec', 'Ünïcödé 画像 |sub| *star', 'Ünïcödé 画像 |sub| *star'),
])
def test_titles_rst_cannot_hold_as_typed(repo, monkeypatch, capsys, kind, title, expected):
    status, out, _ = run(monkeypatch, capsys, repo, 'new', kind, '--cycle', '2026.2',
                         '--project', 'glance', title)
    assert status == 0
    assert _parsed_title(repo / out[0]) == (expected, [])


def test_an_interrupted_next_cycle_leaves_no_half_page_and_a_rerun_completes(
        repo, monkeypatch, capsys, tmp_path_factory):
    import os as real_os

    link, calls = real_os.link, []

    def interrupted(source, target):
        calls.append(target)
        if len(calls) == 4:  # the fourth page: its text is written, the rename never comes
            raise KeyboardInterrupt
        link(source, target)

    monkeypatch.setattr('sphinxext_glancecycle.cli.scaffold.os.link', interrupted)
    status, out, _ = run(monkeypatch, capsys, repo, 'next-cycle', '2027.1')
    assert status == 130
    written = [path for path in PAGES if (repo / path).exists()]
    assert written == PAGES[:3]
    assert all((repo / path).stat().st_size > 0 for path in written)
    assert not list(repo.rglob('*.tmp'))
    monkeypatch.setattr('sphinxext_glancecycle.cli.scaffold.os.link', link)
    status, out, _ = run(monkeypatch, capsys, repo, 'next-cycle', '2027.1')
    assert (status, out[:5]) == (0, [f'exists {p}' for p in PAGES[:3]]
                                 + [f'create {p}' for p in PAGES[3:]])
    fresh = make_repo(tmp_path_factory.mktemp('fresh'), {'specs/template.rst': TEMPLATE}, EARLY)
    run(monkeypatch, capsys, fresh, 'next-cycle', '2027.1')
    assert [(repo / p).read_bytes() for p in PAGES] == [(fresh / p).read_bytes() for p in PAGES]


def test_next_cycle_repairs_an_empty_page_an_earlier_run_left(repo, monkeypatch, capsys):
    run(monkeypatch, capsys, repo, 'next-cycle', '2027.1')
    expected = (repo / PAGES[3]).read_bytes()
    (repo / PAGES[3]).write_bytes(b'')
    status, out, _ = run(monkeypatch, capsys, repo, 'next-cycle', '2027.1', '--dry-run')
    assert f'would repair {PAGES[3]}' in out and (repo / PAGES[3]).read_bytes() == b''
    status, out, _ = run(monkeypatch, capsys, repo, 'next-cycle', '2027.1')
    assert (status, out[2:5]) == (0, [f'exists {PAGES[2]}', f'repair {PAGES[3]}',
                                      f'exists {PAGES[4]}'])
    assert (repo / PAGES[3]).read_bytes() == expected


LITE_TEMPLATE = """\
..
 This work is licensed under a Creative Commons Attribution 3.0 Unported
 License.

============================
Spec Lite: <Your Title Here>
============================

:project: <One of: glance, glance_store, python-glanceclient>

:problem: <What is the driver to make the change.>
"""


def test_new_spec_lite_uses_the_repository_template(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path, {'specs/template.rst': TEMPLATE,
                                'specs/spec-lite-template.rst': LITE_TEMPLATE}, EARLY)
    status, out, _ = run(monkeypatch, capsys, repo, 'new', 'spec-lite', '--cycle', '2026.2',
                         '--project', 'glance_store', 'Quotas')
    assert (status, out) == (0, ['specs/2026.2/approved/glance_store/spec-lite-quotas.rst'])
    assert (repo / out[0]).read_text('utf-8') == LITE_TEMPLATE.replace(
        'Spec Lite: <Your Title Here>', 'Spec Lite: Quotas').replace(
        '=' * 28 + '\n', '=' * 17 + '\n', 2).replace(
        '<One of: glance, glance_store, python-glanceclient>', 'glance_store')


ESTIMATED_PRIORITIES = """\
.. _2027.2-priorities:

=========================
2027.2 Project Priorities
=========================

.. The release team has not published the 2027.2 schedule yet:
   its release is estimated for the week of 2027-09-20,
   six months after 2027.1 Indri.

TODO(glance-ptl): fill this in after the PTG
"""


def test_next_cycle_of_a_series_not_yet_published(repo, monkeypatch, capsys):
    status, out, err = run(monkeypatch, capsys, repo, 'next-cycle', '2027.2')
    assert (status, err) == (0, [])
    assert out[:5] == [f'create {path.replace("2027.1", "2027.2")}' for path in PAGES]
    assert (repo / 'priorities/2027.2-priorities.rst').read_text('utf-8') == ESTIMATED_PRIORITIES
    index = (repo / 'specs/2027.2/index.rst').read_text('utf-8').splitlines()
    assert index[:3] == ['=' * 21, '2027.2 Specifications', '=' * 21]
    assert 'Proposals for the 2027.2 cycle go in' in index
    dashboard = (repo / 'doc/source/cycles/2027.2.rst').read_text('utf-8').splitlines()
    assert '2027.2 dashboard' in dashboard and '.. cycle-dashboard:: 2027.2' in dashboard
    # a published series has no such comment
    run(monkeypatch, capsys, repo, 'next-cycle', '2027.1')
    text = (repo / 'priorities/2027.1-priorities.rst').read_text('utf-8')
    assert 'estimated' not in text and text.endswith('\n\nTODO(glance-ptl): fill this in '
                                                     'after the PTG\n')


def test_a_configured_series_is_preferred_to_the_estimate(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path, {}, EARLY + "glancecycle_series = [{'name': 'jasmine', "
                     "'release_id': '2027.2', 'release_date': '2027-09-29'}]\n")
    status, out, _ = run(monkeypatch, capsys, repo, 'next-cycle', 'jasmine')
    assert status == 0 and 'create specs/2027.2/index.rst' in out
    assert 'estimated' not in (repo / 'priorities/2027.2-priorities.rst').read_text('utf-8')
    # no template to link: no project folders, and no folder git would not keep
    folders = [path for path in (repo / 'specs/2027.2').rglob('*') if path.is_dir()]
    assert sorted(path.name for path in folders) == ['approved', 'implemented']
    assert all(any(path.iterdir()) for path in folders)
    assert '2027.2 (Jasmine) dashboard' in (repo / 'doc/source/cycles/2027.2.rst').read_text(
        'utf-8').splitlines()


@pytest.mark.parametrize('today', ['2026-10-01', '2027-06-01', '2027-08-30', '2027-12-01',
                                   '2031-01-01'])
def test_a_new_estimated_cycle_passes_check_and_w_on_any_date(
        repo, monkeypatch, capsys, tmp_path_factory, today):
    run(monkeypatch, capsys, repo, 'next-cycle', '2027.2')
    conf = CONF.replace("'2024-01-20'", repr(today)) + "exclude_patterns = ['**/template.rst']\n"
    (repo / 'doc/source/conf.py').write_text(conf, encoding='utf-8')
    status, out, err = run(monkeypatch, capsys, repo, 'check')
    assert (status, out, err) == (0, [], [])
    app = sphinxbuild.build(repo / 'doc' / 'source', builddir=tmp_path_factory.mktemp('build'))
    assert sphinxbuild.ESCAPES.sub('', app.warning.getvalue()) == ''


GLANCE_INDEX = """\
Plans
=====

Priorities
----------

.. toctree::
   :glob:
   :maxdepth: 1

   priorities/2026.2-priorities
   previous-priorities

Current
-------

.. toctree::
   :glob:
   :maxdepth: 1

   specs/2026.2/*
   specs/untargeted/*

Past
----

.. toctree::
   :glob:
   :maxdepth: 1

   specs/2026.1/*
   specs/pike/*
"""
ARCHIVE = 'Archive\n=======\n\n.. toctree::\n   :glob:\n\n   priorities/*\n'


@pytest.mark.parametrize('archive', [True, False])
def test_next_cycle_lists_the_cycle_as_current_and_the_last_one_as_past(
        tmp_path, monkeypatch, capsys, archive):
    files = {'doc/source/index.rst': GLANCE_INDEX}
    if archive:
        files['doc/source/previous-priorities.rst'] = ARCHIVE
    repo = make_repo(tmp_path, {}, EARLY)
    for name, text in files.items():
        (repo / name).write_text(text, encoding='utf-8')
    status, out, _ = run(monkeypatch, capsys, repo, 'next-cycle', '2027.2')
    listed = ('list priorities/2027.2-priorities (for priorities/2026.2-priorities) in '
              'doc/source/index.rst' if archive else
              'list priorities/2027.2-priorities in doc/source/index.rst')
    assert (status, out[-3:]) == (0, ['list specs/2027.2/* in doc/source/index.rst',
                                      'move specs/2026.2/* to the past in doc/source/index.rst',
                                      listed])
    priorities = ('   priorities/2027.2-priorities\n' if archive else
                  '   priorities/2027.2-priorities\n   priorities/2026.2-priorities\n')
    assert (repo / 'doc/source/index.rst').read_text('utf-8') == GLANCE_INDEX.replace(
        '   priorities/2026.2-priorities\n', priorities).replace(
        '   specs/2026.2/*\n', '   specs/2027.2/*\n').replace(
        '   specs/2026.1/*\n', '   specs/2026.2/*\n   specs/2026.1/*\n')
    status, out, _ = run(monkeypatch, capsys, repo, 'next-cycle', '2027.2')
    assert out[-1] == 'exists doc/source/index.rst (lists 2027.2)'


#: a cycle opened by the repository's own script: an empty toctree, then a TODO
OPENED = {
    'specs/2026.2/index.rst': '2026.2\n======\n\n.. toctree::\n   :glob:\n   :maxdepth: 1\n\n'
                              '   implemented/*\n   approved/*\n',
    'specs/2026.2/approved/index.rst': '2026.2 Approved\n===============\n\n.. toctree::\n'
                                       '   :glob:\n   :maxdepth: 1\n\nTODO: fill this in.\n',
    'specs/2026.2/implemented/index.rst': '2026.2 Implemented\n==================\n\nNone.\n',
    'doc/source/index.rst': 'Specs\n=====\n\n.. toctree::\n   :glob:\n\n   specs/*/index\n',
}


def test_new_lists_its_page_in_the_cycles_index_and_the_build_passes_w(
        tmp_path, monkeypatch, capsys, tmp_path_factory):
    repo = make_repo(tmp_path, {'specs/template.rst': TEMPLATE, **OPENED},
                     EARLY + "exclude_patterns = ['specs/template.rst']\n")
    status, out, _ = run(monkeypatch, capsys, repo, 'new', 'spec-lite', '--cycle', '2026.2',
                         '--project', 'glance', 'Tidy')
    page = 'specs/2026.2/approved/glance/spec-lite-tidy.rst'
    assert (status, out) == (0, [page, 'list glance/* in specs/2026.2/approved/index.rst'])
    assert (repo / 'specs/2026.2/approved/index.rst').read_text('utf-8') == (
        '2026.2 Approved\n===============\n\n.. toctree::\n   :glob:\n   :maxdepth: 1\n\n'
        '   glance/*\n\nTODO: fill this in.\n')
    # the glob lists the next one too; another project gets its own line
    assert run(monkeypatch, capsys, repo, 'new', 'spec', '--cycle', '2026.2', '--project',
               'glance', 'Quotas')[1] == ['specs/2026.2/approved/glance/quotas.rst']
    assert run(monkeypatch, capsys, repo, 'new', 'spec-lite', '--cycle', '2026.2',
               '--project', 'glance_store', 'S3')[1][1:] == [
        'list glance_store/* in specs/2026.2/approved/index.rst']
    (repo / page).write_text(GOOD, encoding='utf-8')
    app = sphinxbuild.build(repo / 'doc' / 'source', builddir=tmp_path_factory.mktemp('build'))
    # no page outside a toctree (2026.2 is released on that date: its findings are history)
    assert sphinxbuild.ESCAPES.sub('', app.warning.getvalue()) == ''


def test_new_adds_the_page_itself_to_a_toctree_without_glob(tmp_path, monkeypatch, capsys):
    opened = dict(OPENED)
    opened['specs/2026.2/approved/index.rst'] = ('Approved\n========\n\n.. toctree::\n\n'
                                                 '    glance_store/old\n')
    repo = make_repo(tmp_path, opened, EARLY)
    status, out, _ = run(monkeypatch, capsys, repo, 'new', 'spec-lite', '--cycle', '2026.2',
                         '--project', 'glance', 'Tidy')
    assert out[1:] == ['list glance/spec-lite-tidy in specs/2026.2/approved/index.rst']
    assert (repo / 'specs/2026.2/approved/index.rst').read_text('utf-8').endswith(
        '    glance_store/old\n    glance/spec-lite-tidy\n')


def _preset_repo(tmp_path, preset, files=None, conf=''):
    return make_repo(tmp_path, {'specs/template.rst': TEMPLATE, **(files or {})},
                     EARLY + f'glancecycle_profile = {preset!r}\n' + conf)


def _located(repo, path):
    """Cycle, status and project of ``path`` as check and the build read them."""
    from sphinxext_glancecycle.cli.confpy import load
    from sphinxext_glancecycle.readers.paths import locate

    policy = load(repo).policy
    where = locate(path, policy.catalogue, policy.profile, policy.shipped)
    return where.cycle, where.status, where.project


@pytest.mark.parametrize('preset, argv, path, located, placed', [
    ('cinder', ('--cycle', 'indri'), 'specs/2027.1/multi-store-quotas.rst',
     ('2027.1', None, None), ['list specs/2027.1/* in doc/source/index.rst']),
    ('ironic', (), 'specs/approved/multi-store-quotas.rst', (None, 'approved', None),
     ['link specs/not-implemented/multi-store-quotas.rst -> ../approved/multi-store-quotas.rst']),
    ('nova', ('--cycle', '2027.1'), 'specs/2027.1/approved/multi-store-quotas.rst',
     ('2027.1', 'approved', None), []),
    ('manila', ('--cycle', '2027.1'), 'specs/indri/multi-store-quotas.rst',
     ('2027.1', None, None), ['list specs/indri/* in doc/source/index.rst']),
])
def test_new_spec_goes_where_the_profile_lays_specs_out(tmp_path, monkeypatch, capsys,
                                                        preset, argv, path, located, placed):
    files = {'specs/2027.1-template.rst': TEMPLATE.replace('<Link', '<Nova link')}
    repo = _preset_repo(tmp_path, preset, files)
    status, out, err = run(monkeypatch, capsys, repo, 'new', 'spec', *argv, 'Multi-store quotas')
    assert (status, out, err) == (0, [path, *placed], [])
    # nova keeps a template per cycle; the others one for all
    template = files['specs/2027.1-template.rst'] if preset == 'nova' else TEMPLATE
    assert (repo / path).read_text('utf-8') == template.replace(
        '<Title of the proposed change>', 'Multi-store quotas').replace(
        '=' * 30 + '\n', '=' * 18 + '\n', 2)
    assert _located(repo, path) == located
    status, _, err = run(monkeypatch, capsys, repo, 'check')
    assert status in (0, 1) and not any('Traceback' in line for line in err)


CUSTOM_LAYOUT = "glancecycle_profile = {{'preset': {0!r}, 'layout': {{'proposals': {1!r}}}}}\n"


@pytest.mark.parametrize('conf, argv, expected', [
    ("glancecycle_profile = 'ironic'\n", ('spec', '--cycle', '2027.1'),
     "new specs go in specs/approved/, which has no cycle folder "
     "(glancecycle_profile['layout']['proposals']); leave out --cycle"),
    ("glancecycle_profile = 'cinder'\n", ('spec', '--cycle', '2027.1', '--project', 'glance'),
     "new specs go in specs/{cycle}/, which has no project folder "
     "(glancecycle_profile['layout']['proposals']); leave out --project"),
    ("glancecycle_profile = 'cinder'\n", ('spec-lite', '--cycle', '2027.1'),
     "the cinder profile has no spec-lites (glancecycle_profile['templates']['spec_lites']); "
     'use glancecycle new spec'),
    ("glancecycle_profile = 'manila'\n", ('spec', '--cycle', '2027.2'),
     '2027.2 has no code name yet, and cycle folders are named by code name '
     "(specs/{name}/, glancecycle_profile['layout']['proposals']); give it one with "
     'glancecycle_series in conf.py'),
    ("glancecycle_profile = 'nova'\n", ('spec', '--cycle', '2026.2'),
     'cannot read the spec template specs/2026.2-template.rst'),
    (CUSTOM_LAYOUT.format('glance', None), ('spec', '--cycle', '2027.1'),
     'the glance (customised) profile says nowhere where new specs go '
     "(set glancecycle_profile['layout']['proposals'])"),
    (CUSTOM_LAYOUT.format('cinder', 'drafts/{cycle}'), ('spec', '--cycle', '2027.1'),
     'specs/drafts/2027.1/ would not be read as cycle 2027.1 and project None (the layout '
     "reads cycle None and project None); make glancecycle_profile['layout']['proposals'] "
     'agree with the layout'),
    (CUSTOM_LAYOUT.format('cinder', '{cycle}/{owner}'), ('spec', '--cycle', '2027.1'),
     "glancecycle_profile['layout']['proposals'] names 'owner' (use {cycle}, {name} and "
     '{project})'),
])
def test_new_refuses_what_the_layout_cannot_place(tmp_path, monkeypatch, capsys, conf, argv,
                                                  expected):
    repo = make_repo(tmp_path, {'specs/template.rst': TEMPLATE}, EARLY + conf)
    status, out, err = run(monkeypatch, capsys, repo, 'new', *argv, 'X')
    assert (status, out) == (2, [])
    assert err[0].startswith(f'glancecycle: error: {expected}')
    assert sorted(p.name for p in (repo / 'specs').iterdir()) == ['template.rst']


IRONIC_INDEX = """\
Plans
=====

.. toctree::
   :maxdepth: 1

   priorities/2026-2-workitems
   priorities/zed-themes

.. toctree::
   :glob:

   specs/not-implemented/*

.. toctree::
   :glob:
   :hidden:

   specs/approved/*
"""
CINDER_INDEX = """\
Specs
=====

2026.2 approved specs
=====================

.. toctree::
   :glob:
   :maxdepth: 1

   specs/2026.2/*

Previously approved specs
=========================

2026.1
------

.. toctree::
   :glob:
   :maxdepth: 1

   specs/2026.1/*
"""
#: what next-cycle 2027.1 writes and lists, per preset
OPENED_BY = {
    'cinder': ({'doc/source/index.rst': CINDER_INDEX, 'specs/2026.2/a.rst': 'A\n=\n',
                'specs/2026.1/b.rst': 'B\n=\n'},
               ['create specs/2027.1/remove-me.rst', 'create doc/source/cycles/2027.1.rst',
                'list specs/2027.1/* in doc/source/index.rst']),
    'ironic': ({'doc/source/index.rst': IRONIC_INDEX,
                'priorities/2026-2-workitems.rst': '2026.2\n======\n',
                'priorities/zed-themes.rst': 'Zed\n===\n'},
               ['create priorities/2027-1-workitems.rst', 'create doc/source/cycles/2027.1.rst',
                'list priorities/2027-1-workitems in doc/source/index.rst']),
    'nova': ({'specs/2026.1-template.rst': 'old', 'specs/2026.2-template.rst': TEMPLATE},
             ['create specs/2027.1/index.rst', 'create specs/2027.1/approved/index.rst',
              'create specs/2027.1/implemented/index.rst', 'create specs/2027.1-template.rst',
              'create doc/source/cycles/2027.1.rst',
              'list specs/2027.1/index in doc/source/index.rst']),
    'manila': ({}, ['create specs/indri/remove-me.rst', 'create doc/source/cycles/2027.1.rst',
                    'list specs/indri/* in doc/source/index.rst']),
}


@pytest.mark.parametrize('preset', sorted(OPENED_BY))
def test_next_cycle_opens_what_the_profile_lays_out_and_builds_under_w(
        tmp_path, monkeypatch, capsys, tmp_path_factory, preset):
    files, expected = OPENED_BY[preset]
    repo = _preset_repo(tmp_path / 'repo', preset, {
        k: v for k, v in files.items() if k != 'doc/source/index.rst'},
        "exclude_patterns = ['specs/*template.rst']\n")
    if 'doc/source/index.rst' in files:
        (repo / 'doc/source/index.rst').write_text(files['doc/source/index.rst'], 'utf-8')
    status, out, err = run(monkeypatch, capsys, repo, 'next-cycle', '2027.1')
    assert (status, out, err) == (0, expected, [])
    assert run(monkeypatch, capsys, repo, 'next-cycle', '2027.1')[1][-1] == (
        'exists doc/source/index.rst (lists 2027.1)')
    argv = () if preset == 'ironic' else ('--cycle', '2027.1')
    status, out, _ = run(monkeypatch, capsys, repo, 'new', 'spec', *argv, 'Quotas')
    # the placeholder goes with the first spec; ironic's not-implemented/ links to it
    placed = {'cinder': ['remove specs/2027.1/remove-me.rst'], 'nova': [],
              'ironic': ['link specs/not-implemented/quotas.rst -> ../approved/quotas.rst'],
              'manila': ['remove specs/indri/remove-me.rst']}[preset]
    assert (status, out[1:]) == (0, placed)
    # and opening the cycle again does not bring the placeholder back
    assert not any(line.startswith('create ')
                   for line in run(monkeypatch, capsys, repo, 'next-cycle', '2027.1')[1])
    if preset == 'nova':  # from the template copied for the cycle, listed by its index
        assert (repo / 'specs/2027.1-template.rst').read_text('utf-8') == TEMPLATE
        assert out == ['specs/2027.1/approved/quotas.rst']
    app = sphinxbuild.build(repo / 'doc' / 'source', builddir=tmp_path_factory.mktemp('build'))
    # only the template text the author has still to replace (GC503's placeholder link)
    warnings = sphinxbuild.ESCAPES.sub('', app.warning.getvalue()).splitlines()
    assert all(f'/{out[0]}:' in line and '[glancecycle.' in line for line in warnings)
    assert (app.outdir / out[0].replace('.rst', '.html')).is_file()


@pytest.mark.parametrize('command', [('next-cycle', '2027.1'),
                                     ('new', 'spec', '--cycle', '2027.1', 'Quotas')])
def test_a_new_cycle_of_cinder_gets_a_section_of_its_own(tmp_path, monkeypatch, capsys,
                                                         command):
    files, _ = OPENED_BY['cinder']
    repo = _preset_repo(tmp_path, 'cinder', files)
    status, out, _ = run(monkeypatch, capsys, repo, *command)
    # new lists a cycle no toctree lists yet as next-cycle does
    assert (status, out[-1]) == (0, 'list specs/2027.1/* in doc/source/index.rst')
    assert (repo / 'doc/source/index.rst').read_text('utf-8') == CINDER_INDEX.replace(
        '2026.2 approved specs\n', '2027.1 approved specs\n=====================\n\n'
        '.. toctree::\n   :glob:\n   :maxdepth: 1\n\n   specs/2027.1/*\n\n'
        '2026.2 approved specs\n')
    assert _located(repo, out[0].split(' ')[-1]) == ('2027.1', None, None)
