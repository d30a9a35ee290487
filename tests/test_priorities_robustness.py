"""Malformed priorities and schedule tables give findings, never tracebacks."""

from __future__ import annotations

import time

import docutils
import pytest
from docutils.core import publish_doctree
from sphinx.util.docutils import docutils_namespace

from sphinxext_glancecycle.analysis import analyse
from sphinxext_glancecycle.directives import register_with_docutils
from sphinxext_glancecycle.policy import Policy

from helpers.sphinxbuild import ESCAPES, build

POLICY = Policy.from_config({'glancecycle_today': '2024-01-20'})
TITLE = '=====\nTitle\n=====\n\n'
#: docutils 0.22 reports a malformed grid table at the row that breaks it
#: (the one missing its right border); older releases at the table's start.
BROKEN_GRID_LINE = 8 if docutils.__version_info__ >= (0, 22) else 5
RAGGED = TITLE + """\
.. list-table::
   :header-rows: 1

   * - Priority Item
     - Owner(s)
     - Spec(s)
   * - Short row
     - `Ada`_

.. _Ada: https://launchpad.net/~ada
"""
BROKEN_GRID = TITLE + """\
+----------+----------+----------+
| Priority | Owner(s) | Specs    |
+==========+==========+==========+
| Item     | Someone  | None
+----------+----------+----------+
"""
HOSTILE = TITLE + """\
.. list-table::
   :header-rows: 1

   * - Priority Item
     - Owner(s)
     - Spec(s)
   * - <script>alert(1)</script>
     - `<script>x</script> <javascript:alert(1)>`_
     - `spec <data:text/html,boom>`_
"""


def big_table(rows: int) -> str:
    lines = ['.. list-table::', '   :header-rows: 1', '', '   * - Priority Item',
             '     - Owner(s)', '     - Spec(s)']
    for index in range(rows):
        lines += [f'   * - Item {index}', '     - unassigned', '     - None']
    return TITLE + '\n'.join(lines) + '\n'


def big_schedule(rows: int) -> str:
    lines = ['Important dates', '---------------', '', '.. list-table::',
             '   :header-rows: 1', '', '   * - Milestone', '     - Week of', '     - What']
    for index in range(rows):
        lines += [f'   * - R-{index % 20}', '     - Feb 30', '     - something']
    return TITLE + '\n'.join(lines) + '\n'


def check(text: str, source: str = 'priorities/2024.1-priorities.rst'):
    with docutils_namespace():   # keep the global directive registry clean
        register_with_docutils()
        document = publish_doctree(text, source_path=source, settings_overrides={
            'report_level': 5, 'halt_level': 5})
    return analyse(document, source, POLICY)


def codes(report) -> list[tuple[int | None, str]]:
    return [(f.line, f.code) for f in report.findings]


def test_list_table_with_a_missing_cell():
    report = check(RAGGED)
    assert (5, 'GC214') in codes(report)
    assert report.priorities.priorities == []


def test_grid_table_docutils_rejects():
    report = check(BROKEN_GRID)
    [(line, code)] = [c for c in codes(report) if c[1] == 'GC214']
    assert line == BROKEN_GRID_LINE
    assert 'Malformed table' in report.findings[0].message


def test_two_thousand_rows_are_read_quickly():
    start = time.perf_counter()
    report = check(big_table(2000))
    elapsed = time.perf_counter() - start
    assert len(report.priorities.priorities) == 2000
    last_owner_cell = 11 + 3 * 1999 + 1
    assert [c for c in codes(report) if c[1] == 'GC204'][-1] == (last_owner_cell, 'GC204')
    assert elapsed < 20


def test_two_thousand_impossible_dates():
    report = check(big_schedule(2000))
    [schedule] = report.schedules
    assert len(schedule.rows) == 2000
    assert sum(1 for f in report.findings if f.code == 'GC305') == 2000


def test_hostile_values_are_findings():
    report = check(HOSTILE)
    [priority] = report.priorities.priorities
    assert priority.item == '<script>alert(1)</script>'
    found = {(f.code, f.line) for f in report.findings}
    assert ('GC207', 13) in found


@pytest.mark.parametrize('text', ['', '\x00\x01binary', 'TODO', '.. list-table::\n',
                                  '+--+\n|  |\n+--+\n', '.. cycle-schedule:: nowhere\n',
                                  '.. cycle-priorities:: 2024.1\n\n   text\n'])
def test_odd_pages_do_not_raise(text):
    report = check(text)
    assert report.source == 'priorities/2024.1-priorities.rst'


def test_sphinx_build_reports_malformed_tables(tmp_path):
    source = tmp_path / 'src'
    (source / 'priorities').mkdir(parents=True)
    (source / 'conf.py').write_text("extensions = ['sphinxext_glancecycle']\n"
                                    "glancecycle_today = '2024-01-20'\n"
                                    "glancecycle_enforce_from = 'zed'\n")
    (source / 'index.rst').write_text('Index\n=====\n\n.. toctree::\n   :glob:\n\n'
                                      '   priorities/*\n')
    pages = {'2024.1': RAGGED, '2023.2': BROKEN_GRID, '2023.1': big_table(2000),
             '2024.2': HOSTILE, 'zed': big_schedule(50)}
    for cycle, text in pages.items():
        (source / 'priorities' / f'{cycle}-priorities.rst').write_text(text, 'utf-8')
    app = build(source)
    warnings = ESCAPES.sub('', app.warning.getvalue())
    assert 'Traceback' not in warnings
    assert '2024.1-priorities.rst:5: WARNING: GC214 ' in warnings
    assert 'already registered' not in warnings
    assert f'2023.2-priorities.rst:{BROKEN_GRID_LINE}: WARNING: GC214 ' in warnings
    assert '2024.2-priorities.rst:13: WARNING: GC207 ' in warnings
    assert 'zed-priorities.rst:14: WARNING: GC305 ' in warnings
    html = (app.outdir / 'priorities' / '2024.2-priorities.html').read_text('utf-8')
    assert '<script>alert' not in html and 'href="javascript:' not in html
    assert 'href="data:' not in html
