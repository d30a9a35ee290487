"""The parse profile: a doctree as a Sphinx build gives it, made with docutils alone.

The doctree a reader sees must not depend on who parsed the file. The
command line, the spec template reader, the file-based :class:`Site` and
the reader tests all parse through :func:`parse`: settings and transforms
follow Sphinx's reader (no document title promotion, smart quotes, the
``rst_prolog``/``rst_epilog`` of conf.py around the text), and the
Sphinx-only roles and directives a specs page commonly uses get small
stand-ins that build the same shape of tree, without the noise an unknown
name causes. No Sphinx application is ever started.
"""

from __future__ import annotations

import contextlib
import functools
import re
from typing import Iterable, Iterator, Mapping

from docutils import frontend, nodes, statemachine, utils
from docutils.parsers.rst import Directive, Parser, directives, roles, states
from docutils.readers.standalone import Reader
from docutils.transforms import universal

from sphinxext_glancecycle.directives import register_with_docutils

#: Roles Sphinx and its standard domains add; they render their text.
XREF_ROLES = (
    'abbr', 'any', 'attr', 'class', 'command', 'const', 'data', 'dfn', 'doc', 'download',
    'envvar', 'exc', 'file', 'func', 'guilabel', 'kbd', 'keyword', 'mailheader', 'makevar',
    'manpage', 'menuselection', 'meth', 'mimetype', 'mod', 'newsfeed', 'numref', 'obj',
    'option', 'program', 'ref', 'regexp', 'samp', 'term', 'token',
)
#: Sphinx directives whose content is not part of the page's text.
DROPPED_DIRECTIVES = (
    'autosummary', 'codeauthor', 'highlight', 'index', 'literalinclude', 'moduleauthor',
    'productionlist', 'sectionauthor', 'tabularcolumns', 'toctree',
)
#: Sphinx directives that show source code.
CODE_DIRECTIVES = ('code-block', 'sourcecode')
#: Sphinx directives whose content is ordinary body text.
BODY_DIRECTIVES = (
    'centered', 'deprecated', 'glossary', 'hlist', 'only', 'seealso', 'versionadded',
    'versionchanged', 'versionremoved',
)
EXPLICIT_TITLE = re.compile(r'^(?P<title>.+?)\s*(?<!\x00)<(?P<target>[^<]*?)>$', re.DOTALL)
#: A docinfo field at the top of a page, before which Sphinx never puts ``rst_prolog``.
DOCINFO_FIELD = re.compile(states.Body.patterns['field_marker'])


def directive_markup(names: Iterable[str]) -> re.Pattern:
    """Where a text uses one of the directives ``names``, spelt any way docutils reads it."""
    return re.compile(r'\.\.[ \t]+({})[ \t]?::'.format('|'.join(map(re.escape, sorted(names)))),
                      re.IGNORECASE)


class AnyOptions(dict):
    """An option spec that accepts every option, as a stand-in cannot know them."""

    def __missing__(self, key):
        return directives.unchanged


class DroppedDirective(Directive):
    """Stands in for a directive whose output holds no page text."""

    optional_arguments = 10
    final_argument_whitespace = True
    has_content = True
    option_spec = AnyOptions()

    def run(self) -> list[nodes.Node]:
        return []


class CodeDirective(DroppedDirective):
    """Stands in for ``code-block``: the content as a literal block."""

    def run(self) -> list[nodes.Node]:
        text = '\n'.join(self.content)
        block = nodes.literal_block(text, text)
        self.add_name(block)
        block.source, block.line = self.state_machine.get_source_and_line(self.lineno)
        return [block]


class BodyDirective(DroppedDirective):
    """Stands in for a directive whose content is parsed as body text."""

    def run(self) -> list[nodes.Node]:
        box = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, box)
        return [box]


def xref_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """Stands in for a cross-reference role: its title, or else its target."""
    match = EXPLICIT_TITLE.match(text)  # on the text with its escapes, as Sphinx does
    return [nodes.inline(rawtext, utils.unescape(match['title'] if match else text))], []


@contextlib.contextmanager
def namespace() -> Iterator[None]:
    """Our directives and the stand-ins, registered only while parsing.

    docutils keeps one registry per process; restoring it afterwards keeps a
    later Sphinx application in the same process (tests, tools) unaffected.
    """
    saved = dict(directives._directives), dict(roles._roles)
    try:
        register_with_docutils()
        for name in XREF_ROLES:
            roles.register_local_role(name, xref_role)
        for group, stand_in in ((DROPPED_DIRECTIVES, DroppedDirective),
                                (CODE_DIRECTIVES, CodeDirective),
                                (BODY_DIRECTIVES, BodyDirective)):
            for name in group:
                directives.register_directive(name, stand_in)
        yield
    finally:
        directives._directives.clear()
        directives._directives.update(saved[0])
        roles._roles.clear()
        roles._roles.update(saved[1])


class SmartQuotes(universal.SmartQuotes):
    """docutils' smart quotes, choosing the text to educate as Sphinx's do.

    Sphinx educates the text of system messages too (a rejected table's
    message quotes the directive name), docutils does not.
    """

    def get_tokens(self, txtnodes):
        from sphinx.util.nodes import is_smartquotable

        for node in txtnodes:
            if is_smartquotable(node):
                yield 'plain', re.sub(r'(?<=\x00)([-\\\'".`])', r'\\\1', str(node))
            else:
                yield 'literal', node.astext()


class SphinxLikeParser(Parser):
    """The reStructuredText parser with :class:`SmartQuotes` in place of docutils' own."""

    def get_transforms(self):
        return [SmartQuotes if transform is universal.SmartQuotes else transform
                for transform in super().get_transforms()]


@functools.cache
def _settings() -> frontend.Values:
    """Reader settings as Sphinx sets them, once per process."""
    settings = frontend.get_default_settings(Parser, Reader)
    for name, value in {
        'doctitle_xform': False,
        'sectsubtitle_xform': False,
        'smart_quotes': True,
        'report_level': 5,
        'halt_level': 5,
        'warning_stream': False,
        'file_insertion_enabled': True,
        'input_encoding': 'utf-8-sig',
    }.items():
        setattr(settings, name, value)
    return settings


def _decorate(content: statemachine.StringList, prolog: str, epilog: str) -> None:
    """Put ``rst_prolog`` and ``rst_epilog`` around a page, where Sphinx's parser puts them.

    The prolog goes after any docinfo fields, the epilog after the last line;
    both keep their own source name, so findings keep the page's line numbers.
    """
    if prolog:
        position = 0
        for line in content:
            if not DOCINFO_FIELD.match(line):
                break
            position += 1
        if position:
            content.insert(position, '', '<generated>', 0)
            position += 1
        lines = prolog.splitlines()
        for offset, line in enumerate(lines):
            content.insert(position + offset, line, '<rst_prologue>', offset)
        content.insert(position + len(lines), '', '<generated>', 0)
    if epilog:
        source, line = content.items[-1] if content else ('<generated>', 0)
        content.append('', source, line + 1)
        for offset, line in enumerate(epilog.splitlines()):
            content.append(line, '<rst_epilogue>', offset)


def parse(text: str, path: str, prolog: str = '', epilog: str = '',
          schedules: Mapping[str, str] | None = None) -> nodes.document:
    """The doctree of ``text``, read from the file at ``path`` (inside :func:`namespace`).

    ``prolog`` and ``epilog`` are conf.py's ``rst_prolog`` and ``rst_epilog``;
    ``schedules`` the YAML of each cycle for ``cycle-schedule``
    (:meth:`~sphinxext_glancecycle.readers.site.Site.schedule_paths`).
    The files the page brings in (``.. include::``) are in the document's
    ``settings.record_dependencies``.
    """
    settings = _settings().copy()
    settings.record_dependencies = utils.DependencyList()
    settings.glancecycle_schedules = dict(schedules or {})
    parser, reader = SphinxLikeParser(), Reader()
    document = utils.new_document(path, settings)
    # what Sphinx's RSTParser.parse does: the lines, decorated, through docutils' machine
    parser.setup_parse(text, document)
    parser.statemachine = states.RSTStateMachine(
        state_classes=parser.state_classes, initial_state=parser.initial_state,
        debug=document.reporter.debug_flag)
    lines = statemachine.string2lines(text, tab_width=settings.tab_width,
                                      convert_whitespace=True)
    content = statemachine.StringList(lines, path)
    _decorate(content, prolog, epilog)
    parser.statemachine.run(content, document, inliner=parser.inliner)
    roles._roles.pop('', None)  # a page's default-role ends with the page
    parser.finish_parse()
    document.transformer.populate_from_components((reader, parser))
    document.transformer.apply_transforms()
    # what Sphinx's metadata collector does before the readers see the page: the
    # fields above the first title (``:orphan:``, ``:tocdepth:``) are its metadata
    index = document.first_child_not_matching_class(nodes.PreBibliographic)
    if index is not None and isinstance(document[index], nodes.docinfo):
        document.pop(index)
    return document


def parse_file(path: str, prolog: str = '', epilog: str = '') -> nodes.document:
    """:func:`parse` of the file at ``path``, in its own :func:`namespace`.

    Undecodable bytes raise :exc:`UnicodeDecodeError`, as in a build.
    """
    with open(path, encoding='utf-8-sig') as stream:
        text = stream.read()
    with namespace():
        return parse(text, path, prolog, epilog)
