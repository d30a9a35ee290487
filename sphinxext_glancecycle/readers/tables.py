"""Tables as rows of text cells with lines, whatever markup made them.

List-tables, grid tables and simple tables all become ``table > tgroup >
thead? > tbody > row > entry`` in a doctree; this module reads that shape
once for the priorities and schedule readers.  Row and column spans are
unfolded (and short rows padded) so every row has one cell per column.

A table docutils rejects (a ragged list-table, a broken grid) leaves only an
error message in the doctree; :func:`table_errors` finds those.  Sphinx
emits ``doctree-read`` before it filters such messages out, so the readers
see them in a build as in plain docutils.
"""

from __future__ import annotations

import dataclasses
import re

from docutils import nodes

TABLE_ERROR = re.compile(r'\btable\b|uniform two-level bullet list', re.IGNORECASE)


@dataclasses.dataclass
class Cell:
    """One cell: its entry node (``None`` for a padded one), text and line."""

    node: nodes.Element | None
    text: str
    line: int | None


@dataclasses.dataclass
class Table:
    """A table read into header and body rows of equal width."""

    node: nodes.table
    width: int
    header: list[Cell] | None = None
    rows: list[list[Cell]] = dataclasses.field(default_factory=list)

    @property
    def header_line(self) -> int | None:
        return row_line(self.header) if self.header else None


def first_line(node: nodes.Node) -> int | None:
    """The line of the first descendant of ``node`` that knows its line."""
    for child in node.findall(include_self=True):
        if getattr(child, 'line', None):
            return child.line
    return None


def cell_text(node: nodes.Element) -> str:
    """A cell's text on one line; list items are joined with ``; ``."""
    items = [item for item in node.findall(nodes.list_item)
             if not any(isinstance(p, nodes.list_item) for p in _ancestors(item, node))]
    if items:
        return '; '.join(' '.join(item.astext().split()) for item in items)
    return ' '.join(node.astext().split())


def _ancestors(node: nodes.Node, stop: nodes.Node):
    parent = node.parent
    while parent is not None and parent is not stop:
        yield parent
        parent = parent.parent


def row_line(cells: list[Cell]) -> int | None:
    lines = [cell.line for cell in cells if cell.line]
    return min(lines) if lines else None


def _read_rows(rows: list[nodes.row], width: int) -> list[list[Cell]]:
    """Rows of exactly ``width`` cells, with spans unfolded."""
    result: list[list[Cell]] = []
    pending: dict[int, tuple[int, Cell]] = {}   # column -> (rows left, cell)
    for row in rows:
        cells: list[Cell] = []
        entries = [e for e in row.children if isinstance(e, nodes.entry)]
        column = 0
        for entry in entries:
            while column in pending:
                cells.append(_span(pending, column))
                column += 1
            cell = Cell(entry, cell_text(entry), first_line(entry))
            for offset in range(entry.get('morecols', 0) + 1):
                spanned = cell if offset == 0 else Cell(None, '', cell.line)
                cells.append(spanned)
                if entry.get('morerows'):
                    pending[column] = (entry['morerows'], Cell(None, '', cell.line))
                column += 1
        while column in pending:
            cells.append(_span(pending, column))
            column += 1
        if len(cells) < width:
            cells += [Cell(None, '', row_line(cells))] * (width - len(cells))
        result.append(cells[:width])
    return result


def _span(pending: dict[int, tuple[int, Cell]], column: int) -> Cell:
    left, cell = pending[column]
    if left <= 1:
        del pending[column]
    else:
        pending[column] = (left - 1, cell)
    return cell


def read_table(table: nodes.table) -> Table | None:
    """Read ``table``; ``None`` when it has no ``tgroup``."""
    tgroup = next((c for c in table.children if isinstance(c, nodes.tgroup)), None)
    if tgroup is None:
        return None
    width = sum(1 for c in tgroup.children if isinstance(c, nodes.colspec))
    thead = next((c for c in tgroup.children if isinstance(c, nodes.thead)), None)
    tbody = next((c for c in tgroup.children if isinstance(c, nodes.tbody)), None)
    result = Table(node=table, width=width)
    if thead is not None:
        header_rows = _read_rows([r for r in thead.children if isinstance(r, nodes.row)], width)
        if header_rows:
            result.header = header_rows[-1]
    if tbody is not None:
        result.rows = _read_rows([r for r in tbody.children if isinstance(r, nodes.row)], width)
    return result


def table_errors(document: nodes.document) -> list[tuple[int | None, str]]:
    """``(line, message)`` of every table docutils rejected in ``document``."""
    found = [error for error in map(_table_error, document.findall(nodes.system_message))
             if error]
    return sorted(found, key=lambda item: item[0] or 0)


def _table_error(message: nodes.system_message) -> tuple[int | None, str] | None:
    if message.get('level', 0) < 3 or not message.children:
        return None
    text = ' '.join(message[0].astext().split())
    if not TABLE_ERROR.search(text):
        return None
    return message.get('line'), text
