"""The part of a full spec that its rules read: headings and the blueprint link.

The GC5xx rules look at a spec's title, its section headings and whether it
links to its blueprint; nothing else in the page changes what they find.
``glancecycle check`` therefore gives docutils a copy of the page in which
every other line is blank: line numbers stay where they were, and the
doctree has the same sections, titles and blueprint reference (the paragraph
holding it is kept), at a small fraction of the parsing time.

Section titles can only stand at the top level of a page, unindented
(reStructuredText allows no sections inside lists, directives or block
quotes), so they can be picked out line by line with docutils' own line
patterns. Whenever a page holds something this reading cannot be sure
about, :func:`outline` returns ``None`` and the page is parsed whole.
"""

from __future__ import annotations

import re

from docutils.parsers.rst import states
from docutils.statemachine import string2lines
from docutils.utils import column_width

from sphinxext_glancecycle.readers.profile import directive_markup
from sphinxext_glancecycle.directives import DIRECTIVES
from sphinxext_glancecycle.readers.specs import BLUEPRINT

#: docutils' patterns for the lines that start a body element other than a
#: paragraph or an adornment, in the order its parser tries them.
ELEMENT_STARTS = tuple(re.compile(states.Body.patterns[name])
                       for name in states.Body.initial_transitions
                       if name not in ('line', 'text'))
#: A line of one repeated punctuation character: a title adornment or a transition.
ADORNMENT = re.compile(states.Body.patterns['line'])
#: The top border of a simple table, which may hold blank lines.
SIMPLE_TABLE = re.compile(states.Body.patterns['simple_table_top'])
#: What docutils leaves out of a link target: line breaks, spaces, escapes.
NOT_IN_TARGETS = re.compile(r'[\s\\]')
#: Title markup whose text comes from elsewhere: substitutions, footnotes, citations.
BORROWED_TEXT = re.compile(r'\|\S|\]_')
#: Directives that bring in text, make sections or change titles (docutils' and
#: ours), and the options that read files.
PAGE_CHANGERS = re.compile(
    directive_markup(('class', 'default-role', 'include', 'role', 'section-numbering', 'sectnum',
                      *DIRECTIVES)).pattern + r'|:(file|url):', re.IGNORECASE)


class _Unsure(Exception):
    """The page holds something an outline might not reproduce."""


class _Lines:
    def __init__(self, text: str) -> None:
        self.lines = string2lines(text, tab_width=8, convert_whitespace=True)

    def blank(self, index: int) -> bool:
        return not (0 <= index < len(self.lines)) or not self.lines[index].strip()

    def adornment(self, index: int) -> bool:
        return 0 <= index < len(self.lines) and bool(ADORNMENT.match(self.lines[index]))

    def starts_element(self, index: int) -> bool:
        return any(pattern.match(self.lines[index]) for pattern in ELEMENT_STARTS)

    def starts_block(self, index: int) -> bool:
        """Whether a paragraph may start at ``index``: after a blank line, not a ``::``."""
        if index == 0:
            return True
        if not self.blank(index - 1):
            return False
        previous = index - 2
        while previous >= 0 and self.blank(previous):
            previous -= 1
        return previous < 0 or not self.lines[previous].endswith('::')


def _titles(lines: _Lines) -> list[range]:
    """The line ranges of every section title."""
    titles: list[range] = []
    after_title = -1  # the line right after the last title, where another may start
    index = 0
    while index < len(lines.lines):
        line = lines.lines[index]
        if lines.blank(index) or line[0] == ' ':
            index += 1
            continue
        if SIMPLE_TABLE.match(line):
            raise _Unsure  # its rows may be apart, so a title-like row may be a row
        starts_block = lines.starts_block(index) or index == after_title
        if lines.adornment(index) and not lines.starts_element(index):
            text, under = index + 1, index + 2
            if (not lines.blank(text) and not lines.adornment(text) and lines.adornment(under)
                    and lines.lines[under].rstrip() == line.rstrip()):
                title = range(index, under + 1)  # overline, text, underline
                width = len(line.rstrip())
            elif lines.blank(index - 1) and lines.blank(index + 1):
                index += 1  # a transition
                continue
            else:
                raise _Unsure
        elif lines.adornment(index + 1):
            if lines.starts_element(index):
                raise _Unsure
            title = range(index, index + 2)
            width = len(lines.lines[index + 1].rstrip())
        else:
            index += 1
            continue
        text = lines.lines[title[-2]].strip()
        if not starts_block or column_width(text) > width or BORROWED_TEXT.search(text):
            raise _Unsure
        titles.append(title)
        after_title = index = title[-1] + 1
    return titles


def _blueprint_paragraph(lines: _Lines, titles: list[range]) -> range:
    """The plain paragraph holding the blueprint link alone on a line (empty without one)."""
    title_lines = {index for title in titles for index in title}
    written = sum(line.count('+spec/') for line in lines.lines)
    if NOT_IN_TARGETS.sub('', '\n'.join(lines.lines)).count('+spec/') != written:
        raise _Unsure  # a link broken over lines or escaped, which docutils would join
    for index, line in enumerate(lines.lines):
        if '+spec/' not in line:
            continue
        if not BLUEPRINT.match(line):
            raise _Unsure
        start = index
        while not lines.blank(start - 1) and start - 1 not in title_lines:
            start -= 1
        end = index + 1
        while not lines.blank(end):
            end += 1
        paragraph = range(start, end)
        if ((lines.starts_block(start) or start - 1 in title_lines)
                and not lines.starts_element(start)
                and all(lines.lines[i][0] != ' ' and not lines.adornment(i) for i in paragraph)):
            return paragraph
        raise _Unsure
    return range(0)


def outline(text: str) -> str | None:
    """``text`` with every line blanked but its titles and blueprint paragraph.

    Returns ``None`` when the page holds something that could make the
    outline's doctree differ from the whole page's in its sections, titles or
    blueprint: then the page must be parsed whole.
    """
    lines = _Lines(text)
    if PAGE_CHANGERS.search('\n'.join(lines.lines)):
        return None
    try:
        titles = _titles(lines)
        blueprint = _blueprint_paragraph(lines, titles)
    except _Unsure:
        return None
    kept = [''] * len(lines.lines)
    for index in [i for block in [*titles, blueprint] for i in block]:
        kept[index] = lines.lines[index]
    return '\n'.join(kept) + '\n'
