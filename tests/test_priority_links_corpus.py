"""Every priority row of the real glance-specs tree links the spec it means, or none.

``golden/priority_links_corpus.json`` was written by reading each row and
the tree by hand: the spec each spec cell means (``expected``), or ``null``
when no spec of the tree is meant or the tree cannot tell, with the reason.
The dashboard may leave out a link the reader found (it says why instead);
it may never link another spec.
"""

from __future__ import annotations

import collections
import inspect
import json
from pathlib import Path

import pytest
from docutils import nodes

from sphinxext_glancecycle.ext.state import state

GOLDEN = Path(__file__).parent / 'golden' / 'priority_links_corpus.json'
#: cycle -> (rows, linked, by review, by blueprint, by title, under review, ambiguous,
#: link no longer resolves, none: no spec named or a link elsewhere)
TABLE = {
    '2023.2': (8, 0, 0, 0, 2, 1, 0, 0, 5),
    '2024.1': (7, 0, 0, 0, 5, 0, 0, 0, 2),
    '2024.2': (7, 0, 0, 0, 4, 0, 0, 0, 3),
    'mitaka': (6, 0, 0, 0, 1, 2, 0, 0, 3),
    'newton': (6, 0, 0, 0, 0, 4, 0, 0, 2),
    'ocata': (4, 2, 0, 0, 1, 0, 0, 0, 1),
    'pike': (3, 2, 0, 0, 1, 0, 0, 0, 0),
    'queens': (10, 8, 0, 0, 0, 1, 0, 1, 0),
    'train': (5, 0, 0, 0, 1, 0, 0, 0, 4),
    'ussuri': (15, 0, 0, 0, 5, 4, 0, 0, 6),
}
COLUMNS = ('linked', 'by review', 'by blueprint', 'by title, likely', 'under review',
           'ambiguous', 'link no longer resolves')


@pytest.fixture(scope='module')
def golden() -> dict:
    return {(row['page'], row['line'], row['cell']): row
            for row in json.loads(GOLDEN.read_text('utf-8'))['rows']}


@pytest.fixture(scope='module')
def views(corpus_site) -> dict:
    """(page, line) -> the dashboard's view of that priority row."""
    data = state(corpus_site.env).snapshot()
    catalogue = state(corpus_site.env).policy.catalogue
    found = {}
    for _, priority in data.priorities:
        cycle = data.cycle(catalogue.get(priority.cycle))
        view = next(v for v in cycle.priorities if v.record is priority)
        found[(priority.source, priority.line)] = view
    return found


def target(match) -> str | None:
    if match.work is None:
        return None
    return match.work.docname + (f'#{match.work.anchor}' if match.work.anchor else '')


def test_every_row_is_read_by_hand(views, golden):
    assert {(page, line) for page, line, _ in golden} == set(views)


def test_every_link_is_right_or_absent(views, golden):
    wrong = []
    for (page, line), view in views.items():
        for cell, match in enumerate(view.matches):
            row = golden[(page, line, cell)]
            if target(match) is not None and target(match) != row['expected']:
                wrong.append((page, line, row['item'], target(match), row['expected']))
    assert wrong == []


def test_rows_matched_per_cycle(views):
    counts = collections.defaultdict(collections.Counter)
    for view in views.values():
        cycle = view.record.cycle
        counts[cycle]['rows'] += 1
        # a row counts once, by its first cell
        how = view.matches[0].how if view.matches else None
        counts[cycle][how if how in COLUMNS else None] += 1
    table = {cycle: (c['rows'], *(c[name] for name in COLUMNS), c[None])
             for cycle, c in sorted(counts.items())}
    assert table == TABLE


def resolved(app, docname: str) -> nodes.document:
    """The doctree of ``docname`` as written, dashboards filled in."""
    builder = app.builder
    if 'tags' in inspect.signature(app.env.get_and_resolve_doctree).parameters:
        return app.env.get_and_resolve_doctree(docname, builder, tags=builder.tags)
    return app.env.get_and_resolve_doctree(docname, builder)


def test_the_2024_1_dashboard_links_what_it_matched(corpus_site):
    doctree = resolved(corpus_site, 'cycles/2024.1')
    table = next(t for t in doctree.findall(nodes.table)
                 if 'glancecycle-priorities' in t['classes'])
    rows = []
    for row in table.findall(nodes.row):
        cells = [entry for entry in row.findall(nodes.entry)]
        if len(cells) != 5 or not list(cells[0].findall(nodes.inline)):
            continue
        links = [ref.get('refuri') for ref in cells[3].findall(nodes.reference)]
        rows.append((cells[0].astext(), links, cells[4].astext()))
    assert rows == [
        ('New Location APIs', ['../specs/2023.2/approved/glance/new-location-info-apis.html'],
         'approved \N{EM DASH} by title, likely, approved in 2023.2'),
        ('Centralize DB for cache', ['../specs/2024.1/approved/glance/centralized-cache-db.html'],
         'approved \N{EM DASH} by title, likely'),
        ('Deprecate Location Strategy',
         ['../specs/2024.1/approved/glance/deprecate-location-strategy.html'],
         'approved \N{EM DASH} by title, likely'),
        ('Deprecate Cachemanage middleware',
         ['../specs/2024.1/approved/glance/deprecate-cachemanage-middleware.html'],
         'approved \N{EM DASH} by title, likely'),
        ('Remove/Migrate Single Store Tests', [], '\N{EM DASH}'),
        ('All image/metadef APIs OSC & SDK Support', [], '\N{EM DASH}'),
        ('Image Encryption', ['../specs/2024.1/approved/glance/image-encryption.html'],
         'approved \N{EM DASH} by title, likely'),
    ]
