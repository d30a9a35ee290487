"""Every priorities page of the real glance-specs tree (skipped when absent).

Each page is read, every table row is accounted for (a priority, a date, or
a header), and the findings are pinned in ``golden/priorities_corpus.json``.
Each pinned finding carries a ``review`` note written after checking it
against the real file; a change to the list must be reviewed the same way.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docutils import nodes
from docutils.core import publish_doctree

from sphinxext_glancecycle.analysis import analyse
from sphinxext_glancecycle.policy import Policy
from sphinxext_glancecycle.readers.site import FileSite as Site

from helpers.sphinxbuild import build

GOLDEN = Path(__file__).parent / 'golden' / 'priorities_corpus.json'
SETTINGS = {
    'glancecycle_today': '2026-11-22',
    'glancecycle_enforce_from': '2026.2',
    'glancecycle_site_url': 'https://specs.openstack.org/openstack/glance-specs/',
}
CONF = """\
extensions = ['sphinxext_glancecycle']
project = 'glance-specs'
# the specs are not staged: links to them are checked on disk, not by Sphinx
suppress_warnings = ['ref.doc']
glancecycle_repo_root = {root!r}
""" + ''.join(f'{name} = {value!r}\n' for name, value in SETTINGS.items())


@pytest.fixture(scope='module')
def built(corpus, tmp_path_factory):
    """An HTML build of the corpus's priorities pages alone."""
    source = tmp_path_factory.mktemp('priorities') / 'source'
    source.mkdir()
    (source / 'priorities').symlink_to(corpus / 'priorities', target_is_directory=True)
    (source / 'conf.py').write_text(CONF.format(root=str(corpus)), encoding='utf-8')
    (source / 'index.rst').write_text(
        'Priorities\n==========\n\n.. toctree::\n   :glob:\n\n   priorities/*\n', 'utf-8')
    return build(source)


@pytest.fixture(scope='module')
def golden() -> dict:
    return json.loads(GOLDEN.read_text('utf-8'))


def test_every_page_is_read(built, corpus, golden):
    domain = built.env.domains['glancecycle']
    pages = {page.source: page for page in domain.records('priorities_pages')}
    on_disk = {f'priorities/{path.name}' for path in (corpus / 'priorities').glob('*.rst')}
    assert set(pages) == on_disk == set(golden['pages'])
    for source, page in pages.items():
        expected = golden['pages'][source]
        assert len(page.priorities) == expected['priorities'], source
        assert page.placeholder == expected['placeholder'], source


def test_every_table_row_is_accounted_for(built, golden):
    domain = built.env.domains['glancecycle']
    rows_by_page: dict[str, int] = {}
    for docname in domain.documents:
        if not docname.startswith('priorities/'):
            continue
        doctree = built.env.get_doctree(docname)
        rows_by_page[f'{docname}.rst'] = sum(1 for _ in doctree.findall(nodes.row))
    for source, expected in golden['pages'].items():
        page = next(p for p in domain.records('priorities_pages') if p.source == source)
        from_tables = [p for p in page.priorities if p.owner_text is not None]
        dates = [r for r in domain.records('schedules') if r.source == source]
        # a table row is a priority, a date, or a header row holding column names
        assert rows_by_page[source] == (len(from_tables) + len(dates)
                                        + expected['header_rows']), source
        assert len(dates) == expected['dates'], source


def test_findings_match_the_reviewed_list(built, golden):
    data = json.loads((built.outdir / 'glancecycle.json').read_text('utf-8'))
    found = [f for f in data['findings'] if f['code'][:3] in ('GC2', 'GC3')]
    pinned = [{k: v for k, v in f.items() if k != 'review'} for f in golden['findings']]
    assert found == pinned
    # older than glancecycle_enforce_from: recorded, but -W stays green
    assert {f['severity'] for f in found} == {'info'}
    assert all(f['review'] for f in golden['findings'])


def test_plain_docutils_finds_the_same(built, corpus, golden):
    """The command line's path: the same readers and rules on ``publish_doctree``."""
    policy = Policy.from_config(SETTINGS)
    site = Site(root=str(corpus), base_url=policy.site_url,
                redirects=str(corpus / policy.redirects), catalogue=policy.catalogue)
    found = []
    for path in sorted((corpus / 'priorities').glob('*.rst')):
        document = publish_doctree(path.read_text('utf-8'), source_path=str(path),
                                   settings_overrides={'report_level': 5, 'halt_level': 5})
        report = analyse(document, f'priorities/{path.name}', policy, site=site)
        found += [(f.source, f.line, f.code) for f in report.findings]
    assert sorted(found) == sorted((f['source'], f['line'], f['code'])
                                   for f in golden['findings'])
