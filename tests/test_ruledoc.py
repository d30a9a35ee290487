"""The ``glancecycle-rules`` directive renders the rule registry."""

from __future__ import annotations

import pytest
from docutils import nodes

from sphinxext_glancecycle.rules import RULES


def rows_of(app) -> list[list[nodes.entry]]:
    doctree = app.env.get_doctree('index')
    [table] = list(doctree.findall(nodes.table))
    [tbody] = list(table.findall(nodes.tbody))
    return [list(row.findall(nodes.entry)) for row in tbody.children]


@pytest.mark.sphinx('html', testroot='ruledoc')
def test_every_rule_has_a_row_in_code_order(app):
    app.build()
    rows = rows_of(app)
    assert [row[0].astext() for row in rows] == sorted(RULES)
    for row in rows:
        rule = RULES[row[0].astext()]
        assert row[1].astext() == rule.name
        assert row[2].astext() == str(rule.severity)
        # Sphinx's smart quotes turn ' into a typographic apostrophe.
        text = row[3].astext().replace('\u2019', "'")
        assert text.startswith(rule.summary.replace('``', ''))
    assert app.warning.getvalue() == ''


@pytest.mark.sphinx('html', testroot='ruledoc')
def test_docstrings_are_parsed_as_restructuredtext(app):
    app.build()
    [row] = [r for r in rows_of(app) if r[0].astext() == 'GC101']
    literals = [node.astext() for node in row[3].findall(nodes.literal)]
    assert literals[:3] == ['problem', 'solution', 'impacts']
    assert RULES['GC109'].severity.name == 'INFO'
    [row] = [r for r in rows_of(app) if r[0].astext() == 'GC109']
    assert row[2].astext() == 'info'


@pytest.mark.sphinx('html', testroot='ruledoc')
def test_page_depends_on_the_rule_modules(app):
    app.build()
    depends = {str(path) for path in app.env.dependencies['index']}
    assert any(path.endswith('rules/speclites.py') for path in depends)
    html = (app.outdir / 'index.html').read_text('utf-8')
    assert 'glancecycle-rules' in html
    assert '<code class="docutils literal notranslate"><span class="pre">GC101' in html
