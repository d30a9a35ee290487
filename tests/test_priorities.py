"""Priorities pages read in every real layout and judged by the GC2xx rules."""

from __future__ import annotations

import json

import pytest

from helpers import sphinxbuild
from helpers.sphinxbuild import ESCAPES


def findings_of(app, prefix: str = 'GC2') -> set[tuple[str, int, str]]:
    """The GC2xx warnings of ``app`` (or those of another ``prefix``)."""
    return sphinxbuild.findings_of(app, prefix)


def records(app, kind: str, source: str) -> list:
    return [r for r in app.env.domains['glancecycle'].records(kind) if r.source == source]


@pytest.mark.sphinx('html', testroot='priorities-layouts', freshenv=True)
def test_list_table_with_milestones(app):
    app.build()
    rows = records(app, 'priorities', 'priorities/2024.1-priorities.rst')
    assert [(p.item, p.line, p.milestone) for p in rows] == [
        ('Faster image uploads', 16, 'M1'), ('Quota rework', 20, 'M2'),
        ('Client clean-up', 26, 'M3')]
    quota = rows[1]
    assert [(o.name, o.url) for o in quota.owners] == [
        ('Ada Byron', 'https://launchpad.net/~ada'),
        ('Alan Turing', 'https://launchpad.net/~alan')]
    assert [s.text for s in quota.specs] == ['quota spec', 'quota follow-up']
    assert quota.cells == {'owners': 21, 'specs': 23, 'milestone': 25}
    # 'No Spec yet' is one of the spellings of nothing
    assert (rows[2].spec_text, rows[2].specs) == ('None', [])
    assert all(p.cycle == '2024.1' for p in rows)


@pytest.mark.sphinx('html', testroot='priorities-layouts', freshenv=True)
def test_grid_tables_with_other_headers_and_a_second_table(app):
    app.build()
    rows = records(app, 'priorities', 'priorities/newton-priorities.rst')
    assert [(p.item, p.group, p.line) for p in rows] == [
        ('Image sharing', None, 8), ('API reference in tree', None, 11),
        ('Better help text', 'Side Priorities', 20)]
    assert [o.name for o in rows[0].owners] == ['Ada Byron', 'Alan Turing']
    assert rows[2].specs[0].target == 'https://bugs.example.org/glance/+bug/2002'


@pytest.mark.sphinx('html', testroot='priorities-layouts', freshenv=True)
def test_unplanned_list_and_prose_sections(app):
    app.build()
    rows = records(app, 'priorities', 'priorities/mitaka-priorities.rst')
    assert [(p.item, p.group, p.line) for p in rows] == [
        ('Interop updates', None, 10), ('Import rework', None, 12),
        ('Review the functional tests', 'Priorities without a clear plan', 24),
        ('Signed images', 'Priorities without a clear plan', 27)]
    # wishes without a plan have no owner column, so no owner rule applies
    assert rows[2].owner_text is None
    pike = records(app, 'priorities', 'priorities/pike-priorities.rst')
    assert [(p.item, p.line) for p in pike] == [('Image import', 5), ('Python 3', 10)]


@pytest.mark.sphinx('html', testroot='priorities-layouts', freshenv=True)
def test_bullet_list_instead_of_a_table(app):
    app.build()
    rows = records(app, 'priorities', 'priorities/train-priorities.rst')
    assert [(p.item, p.line) for p in rows] == [
        ('Release the store library 1.0', 7), ('Cluster awareness', 8),
        ('Drop deprecated options', 13)]


@pytest.mark.sphinx('html', testroot='priorities-layouts', freshenv=True)
def test_placeholder_page_and_clean_pages(app):
    app.build()
    [page] = records(app, 'priorities_pages', 'priorities/2023.1-priorities.rst')
    assert (page.placeholder, page.priorities) == (5, [])
    # a past cycle's placeholder is only info; the tidy pages give no warning
    assert findings_of(app) == set()
    assert findings_of(app, 'GC3') == set()
    assert 'GC212 ' in ESCAPES.sub('', app.status.getvalue())


@pytest.mark.sphinx('html', testroot='priorities-layouts', freshenv=True)
def test_export_lists_priorities_in_order(app):
    app.build()
    data = json.loads((app.outdir / 'glancecycle.json').read_text('utf-8'))
    places = [(p['source'], p['line']) for p in data['priorities']]
    assert places == sorted(places)
    first = data['priorities'][0]
    assert first == {
        'source': 'priorities/2024.1-priorities.rst', 'line': 16, 'cycle': '2024.1',
        'group': None, 'item': 'Faster image uploads', 'milestone': 'M1',
        'owners': [{'name': 'Ada Byron', 'url': 'https://launchpad.net/~ada'}],
        'specs': [{'text': 'faster uploads',
                   'target': 'https://review.example.org/c/specs/+/1001'}]}


BAD = 'priorities/2023.2-priorities.rst'


@pytest.mark.sphinx('html', testroot='priorities-rules', freshenv=True)
def test_every_priorities_rule_fires_at_its_line(app):
    app.build()
    found = findings_of(app)
    bad = '2023.2-priorities.rst'
    assert found == {
        (bad, 5, 'GC213'),     # prose names Antelope on the Bobcat page
        (bad, 19, 'GC202'),    # row without item
        (bad, 22, 'GC203'),    # 'Tidy row' again
        (bad, 27, 'GC204'),    # unassigned
        (bad, 30, 'GC204'),    # empty owner cell
        (bad, 35, 'GC205'),    # owner without link
        (bad, 40, 'GC207'),    # prose in the spec cell
        (bad, 44, 'GC207'),    # javascript: link
        (bad, 46, 'GC207'),    # empty spec cell
        (bad, 52, 'GC208'),    # :doc: to a missing document
        (bad, 77, 'GC210'),    # M4
        (bad, 80, 'GC206'),    # Ghost Person never used
        (bad, 83, 'GC209'),    # published page gone, no redirect
        (bad, 85, 'GC209'),    # published page lacks the anchor
        (bad, 94, 'GC201'),    # 'Topic | Who' table
        (bad, 102, 'GC214'),   # list-table with a missing cell
        ('2024.1-priorities.rst', 5, 'GC211'),   # current cycle, after M1 (raised in conf)
    }
    # no cycle in the name: outside glancecycle_enforce_from, so recorded at info
    info = ESCAPES.sub('', app.status.getvalue())
    assert 'someday-priorities.rst:2: GC215 ' in info


@pytest.mark.sphinx('html', testroot='priorities-rules', freshenv=True)
def test_rules_stay_quiet_on_good_rows(app):
    app.build()
    lines = {line for _, line, _ in findings_of(app)}
    # tidy row, good :doc:, redirected link, right anchor (http:// of the same site)
    assert not lines & {14, 56, 60, 64, 68}
    assert ('2024.2-priorities.rst', 5, 'GC211') not in findings_of(app)   # future cycle
    info = ESCAPES.sub('', app.status.getvalue())
    assert '2023.1-priorities.rst:5: GC212 ' in info


@pytest.mark.sphinx('html', testroot='priorities-rules', freshenv=True)
def test_messages_say_how_to_fix(app):
    app.build()
    text = ESCAPES.sub('', app.warning.getvalue())
    assert "GC206 link target 'Ghost Person' is defined but never used" in text
    assert ("GC201 priorities table has no 'Owner(s)', 'Spec(s)' columns" in text)
    assert "GC210 target milestone 'M4' is not one of M1, M2, M3" in text
    assert "(point it at the spec's current page, or add a Redirect" in text
    assert '[glancecycle.priority-site-link-stale]' in text
    html = (app.outdir / BAD.replace('.rst', '.html')).read_text('utf-8')
    assert 'href="javascript:' not in html


@pytest.mark.sphinx('html', testroot='priorities-rules', freshenv=True,
                    confoverrides={'glancecycle_milestones': ['M1', 'M2', 'M3', 'M4'],
                                   'glancecycle_rules': {'GC213': 'off'},
                                   'suppress_warnings': ['glancecycle.priority-no-owner']})
def test_milestones_and_rules_are_configurable(app):
    app.build()
    codes = {code for _, _, code in findings_of(app)}
    assert not codes & {'GC210', 'GC213', 'GC204'}
    assert 'GC205' in codes


@pytest.mark.sphinx('html', testroot='priorities-rules', freshenv=True,
                    confoverrides={'glancecycle_site_url': None})
def test_site_links_need_a_base_url(app):
    app.build()
    codes = {code for _, _, code in findings_of(app)}
    assert 'GC209' not in codes
    assert 'GC208' in codes


@pytest.mark.sphinx('html', testroot='priorities-rules', freshenv=True)
def test_linked_pages_and_htaccess_are_dependencies(app):
    app.build()
    depends = {str(path) for path in app.env.dependencies['priorities/2023.2-priorities']}
    assert any(path.endswith('_extra/.htaccess') for path in depends)
    assert any(path.endswith('approved/glance/landing.rst') for path in depends)


@pytest.mark.parametrize('root', ['priorities-rules', 'schedules'])
def test_command_line_path_finds_the_same(make_app, rootdir, tmp_path, root):
    """The CLI's parse of each file gives the build's GC2xx/GC3xx findings."""
    import shutil

    from sphinxext_glancecycle.analysis import analyse
    from sphinxext_glancecycle.readers.profile import namespace, parse
    from sphinxext_glancecycle.ext.state import state
    from sphinxext_glancecycle.readers.site import FileSite as Site

    source = tmp_path / root
    shutil.copytree(rootdir / f'test-{root}', source)
    app = make_app('html', srcdir=source, freshenv=True)
    app.build()
    built = {(f.source, f.line, f.code) for f in app.env.domains['glancecycle'].records('findings')
             if f.code[:3] in ('GC2', 'GC3')}
    policy = state(app.env).policy
    site = Site(root=str(source), base_url=policy.site_url,
                redirects=str(source / policy.redirects) if policy.redirects else None,
                schedules={c: str(source / p) for c, p in policy.schedules.items()},
                catalogue=policy.catalogue)
    found = set()
    with namespace():
        for path in sorted(source.rglob('*.rst')):
            name = path.relative_to(source).as_posix()
            if name.startswith('_build'):
                continue
            report = analyse(parse(path.read_text('utf-8'), str(path)), name, policy, site=site)
            found |= {(f.source, f.line, f.code) for f in report.findings
                      if f.code[:3] in ('GC2', 'GC3')}
    assert found == built
    assert len(built) > 9


def _analyse(text: str, source: str, settings: dict, site=None):
    from docutils.core import publish_doctree

    from sphinxext_glancecycle.analysis import analyse
    from sphinxext_glancecycle.policy import Policy

    document = publish_doctree(text, source_path=source,
                               settings_overrides={'report_level': 5, 'halt_level': 5})
    return analyse(document, source, Policy.from_config(settings), site=site)


PLACEHOLDER = '======\nBobcat\n======\n\nTODO(ptl): after the PTG\n'


@pytest.mark.parametrize('today, yaml, fires', [
    ('2023-04-25', True, False),    # before the first milestone either way
    ('2023-05-08', True, True),     # the YAML's b-1 week (May 1) has passed
    ('2023-05-08', False, False),   # without YAML, M1 is taken as R-20 (May 15)
    ('2023-05-16', False, True),
])
def test_placeholder_after_first_milestone(rootdir, today, yaml, fires):
    from sphinxext_glancecycle.readers.site import FileSite as Site

    schedule = rootdir / 'test-schedules' / 'releases' / 'bobcat.yaml'
    site = Site(root=str(rootdir), schedules={'2023.2': str(schedule)} if yaml else {})
    report = _analyse(PLACEHOLDER, 'priorities/2023.2-priorities.rst',
                      {'glancecycle_today': today}, site)
    assert [(f.line, f.code) for f in report.findings] == ([(5, 'GC211')] if fires else [])
    assert report.dependencies == ([str(schedule)] if yaml else [])


def test_other_cycles_in_prose():
    text = ('=====\nTitle\n=====\n\nAs agreed at the Austin Summit, Caracal work goes on.\n\n'
            'Carried over from Bobcat and 2023.2.\n')
    report = _analyse(text, 'priorities/2024.1-priorities.rst', {})
    # the Summit's city is not a cycle; Bobcat and 2023.2 are one cycle, named once
    assert [(f.line, f.code, f.message.split(' (')[0]) for f in report.findings] == [
        (7, 'GC213', 'the Caracal page names Bobcat')]


def test_redirects_are_followed_like_whereto(tmp_path):
    from sphinxext_glancecycle.readers.site import FileSite as Site

    (tmp_path / 'specs' / 'b').mkdir(parents=True)
    (tmp_path / 'specs' / 'b' / 'final.rst').write_text('Final\n=====\n\nPart\n----\n')
    (tmp_path / '.htaccess').write_text(
        '# comment\n'
        'Redirect 301 /p/specs/a/first.html /p/specs/a/second.html\n'
        'Redirect 301 /p/specs/a/second.html https://site.example/p/specs/b/final.html\n'
        'RedirectMatch 301 ^/p/specs/old/(.*)$ /p/specs/b/$1\n'
        'Redirect 410 /p/specs/gone.html\n')
    site = Site(root=str(tmp_path), base_url='https://site.example/p',
                redirects=str(tmp_path / '.htaccess'))
    chained = site.resolve_url('https://site.example/p/specs/a/first.html#part')
    assert (chained.path, chained.redirected, chained.missing_anchor) == (
        'specs/b/final', True, False)
    assert site.resolve_url('http://site.example/p/specs/old/final.html').path == 'specs/b/final'
    assert site.resolve_url('https://site.example/p/specs/gone.html').path is None
    assert site.resolve_url('https://site.example/p/specs/b/final.html#nope').missing_anchor
    assert site.resolve_url('https://elsewhere.example/p/specs/x.html') is None
    asking = site.asking()
    asking.resolve_url('https://site.example/p/specs/b/final.html#part')
    assert asking.consulted == [str(tmp_path / 'specs' / 'b' / 'final.rst')]


def test_unused_targets_are_profiles_only():
    text = ('=====\nTitle\n=====\n\n.. list-table::\n   :header-rows: 1\n\n'
            '   * - Priority Item\n     - Owners\n     - Specs\n'
            '   * - Work\n     - `Ada`_\n     - None\n\n'
            '.. _Ada: https://people.example.org/ada\n'
            '.. _Bob: https://people.example.org/bob\n'
            '.. _Tracker: https://people.example.org/project/bugs\n'
            '.. _Cy: https://launchpad.net/~cy\n')
    report = _analyse(text, 'priorities/2024.1-priorities.rst', {})
    assert [(f.line, f.code, f.message.split(' is ')[0]) for f in report.findings] == [
        (16, 'GC206', "link target 'Bob'"), (18, 'GC206', "link target 'Cy'")]
