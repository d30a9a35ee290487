"""``.. glancecycle-rules::``: the table of rule codes, rendered from the registry.

The documentation of the rules is their docstrings, so it cannot drift from
the code that reports them.
"""

from __future__ import annotations

import inspect

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from sphinxext_glancecycle.rules import RULES

COLUMNS = (('Code', 10), ('Name', 22), ('Default', 10), ('What it reports', 58))


class RulesDirective(SphinxDirective):
    """A table of every registered rule: code, name, default severity, docstring."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        tgroup = nodes.tgroup(cols=len(COLUMNS))
        for _, width in COLUMNS:
            tgroup += nodes.colspec(colwidth=width)
        tgroup += nodes.thead('', _row([nodes.paragraph('', title)] for title, _ in COLUMNS))
        body = nodes.tbody()
        for code, rule in sorted(RULES.items()):
            # Re-read this page when the module defining a rule changes.
            self.env.note_dependency(inspect.getsourcefile(rule.check))
            body += _row([
                [nodes.paragraph('', '', nodes.literal('', code))],
                [nodes.paragraph('', '', nodes.literal('', rule.name))],
                [nodes.paragraph('', str(rule.severity))],
                self._parse(rule.description, code),
            ])
        tgroup += body
        table = nodes.table('', tgroup, classes=['glancecycle-rules'])
        self.set_source_info(table)
        return [table]

    def _parse(self, text: str, code: str) -> list[nodes.Node]:
        """A rule's docstring, parsed as reStructuredText."""
        holder = nodes.Element()
        lines = StringList(text.splitlines(), source=f'<docstring of {code}>')
        self.state.nested_parse(lines, 0, holder)
        return holder.children


def _row(cells) -> nodes.row:
    return nodes.row('', *(nodes.entry('', *cell) for cell in cells))


def setup_ruledoc(app: Sphinx) -> None:
    app.add_directive('glancecycle-rules', RulesDirective)
