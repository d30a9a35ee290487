"""The parse profile: a doctree as a Sphinx build gives it, made with docutils alone.

The doctree a reader sees must not depend on who parsed the file. The
command line, the spec template reader, the file-based :class:`Site` and
the reader tests all parse through :func:`parse`: settings and transforms
follow Sphinx's reader (no document title promotion, smart quotes, the
``rst_prolog``/``rst_epilog`` of conf.py around the text), and the
Sphinx-only roles and directives a specs page commonly uses get small
stand-ins that build the same shape of tree, without the noise an unknown
name causes (Sphinx's own roles where they need no build). No Sphinx
application is ever started.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from docutils import frontend, nodes, statemachine, utils
from docutils.parsers.rst import Directive, Parser, directives, roles, states
from docutils.parsers.rst.directives.misc import Class, Include
from docutils.readers.standalone import Reader
from docutils.transforms import Transform, universal

from sphinxext_glancecycle.directives import register_with_docutils

#: Sphinx's roles that read nothing of the build: the parse profile uses them as they are.
SPHINX_ROLES = ('abbr', 'file', 'guilabel', 'kbd', 'menuselection', 'samp')
#: Sphinx's other roles with a text of their own; their stand-in renders title or target.
TEXT_ROLES = ('any', 'download', 'eq', 'index', 'manpage')
#: The cross-reference roles of Sphinx's ``std`` and ``py`` domains: (domain, inner node
#: class, title gets ``()``). Without a domain a name is the default domain's (``py``),
#: then ``std``'s, as in Sphinx.
XREF_ROLES = {
    'option': ('std', 'literal', False), 'confval': ('std', 'literal', False),
    'envvar': ('std', 'literal', False), 'token': ('std', 'literal', False),
    'term': ('std', 'inline', False), 'ref': ('std', 'inline', False),
    'numref': ('std', 'literal', False), 'keyword': ('std', 'literal', False),
    'doc': ('std', 'inline', False),
    'data': ('py', 'literal', False), 'exc': ('py', 'literal', False),
    'func': ('py', 'literal', True), 'class': ('py', 'literal', False),
    'const': ('py', 'literal', False), 'attr': ('py', 'literal', False),
    'type': ('py', 'literal', False), 'meth': ('py', 'literal', True),
    'mod': ('py', 'literal', False), 'obj': ('py', 'literal', False),
}
#: Sphinx directives whose content is not part of the page's text.
DROPPED_DIRECTIVES = (
    'autosummary', 'codeauthor', 'highlight', 'index', 'literalinclude', 'moduleauthor',
    'productionlist', 'sectionauthor', 'tabularcolumns', 'toctree',
)
#: Sphinx directives that show source code.
CODE_DIRECTIVES = ('code-block', 'sourcecode')
#: Sphinx directives whose content is ordinary body text.
BODY_DIRECTIVES = (
    'acks', 'centered', 'deprecated', 'glossary', 'hlist', 'only', 'seealso', 'version-added',
    'version-changed', 'version-deprecated', 'version-removed', 'versionadded',
    'versionchanged', 'versionremoved',
)
#: Sphinx's names for docutils' ``class`` directive.
CLASS_DIRECTIVES = ('cssclass', 'rst-class')
EXPLICIT_TITLE = re.compile(r'^(?P<title>.+?)\s*(?<!\x00)<(?P<target>[^<]*?)>$', re.DOTALL)
#: How Sphinx's reference roles split ``title <target>`` (``ReferenceRole``).
REFERENCE_TITLE = re.compile(r'^(?P<title>.+?)\s*(?<!\x00)<(?P<target>.*?)>$', re.DOTALL)
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


class SphinxInclude(Include):
    """Stands in for Sphinx's ``include``: a path is found as Sphinx finds it.

    A path starting with ``/`` is in the source folder, any other is next to
    the document (even in an included file); ``<name>`` is docutils' own.
    """

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        if not (name.startswith('<') and name.endswith('>')):
            srcdir = self.state.document.settings.glancecycle_srcdir
            parts = Path(name).parts
            if parts[:1] in {('/',), ('\\',)}:  # as BuildEnvironment.relfn2path
                if srcdir is not None:
                    self.arguments[0] = str(Path(srcdir).joinpath(*parts[1:]).resolve())
            else:
                folder = os.path.dirname(self.state.document['source'])
                self.arguments[0] = str(Path(folder, name).resolve())
        return super().run()


def text_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """Stands in for a role of Sphinx's with a text of its own: its title, or else its
    target."""
    match = EXPLICIT_TITLE.match(text)  # on the text with its escapes, as Sphinx does
    return [nodes.inline(rawtext, utils.unescape(match['title'] if match else text))], []


def xref_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """Stands in for a cross-reference role (``XRefRole``): the ``pending_xref`` it
    leaves until references are resolved, title and target made as Sphinx makes them
    (``:doc:`` targets are what the readers follow)."""
    from sphinx import addnodes

    kind = name.rpartition(':')[2].lower()
    domain, inner, fix_parens = XREF_ROLES[kind]
    inner_class = getattr(nodes, inner)
    classes = ['xref', domain, f'{domain}-{kind}']
    parens = inliner.document.settings.glancecycle_conf.get('add_function_parentheses', True)

    def parenthesized(title: str) -> str:
        return (title if title.endswith('()') else title + '()') if parens else (
            title.removesuffix('()'))

    if text.startswith('!'):  # not a reference, only its text
        title = utils.unescape(text)[1:]
        return [inner_class(rawtext, parenthesized(title) if fix_parens else title,
                            classes=classes)], []
    match = REFERENCE_TITLE.match(text)
    title, target = ((utils.unescape(match['title']), utils.unescape(match['target'])) if match
                     else (utils.unescape(text), utils.unescape(text)))
    if kind in ('ref', 'numref'):
        target = target.lower()
    if fix_parens:
        title = title if match else parenthesized(title)
        target = target.removesuffix('()')
    if domain == 'py':  # PyXRefRole.process_link
        if not match:
            title, target = title.lstrip('.'), target.lstrip('~')
            if title[:1] == '~':
                title = title[1:].rpartition('.')[2]
        target = target[1:] if target[:1] == '.' else target
    else:
        target = re.sub(r'\s+', ' ', target)
    node = addnodes.pending_xref(rawtext, refdomain=domain, reftype=kind,
                                 refexplicit=bool(match), reftarget=target)
    node.source, node.line = inliner.reporter.get_source_and_line(lineno)
    node += inner_class(rawtext, title, classes=classes)
    return [node], []


def _default_substitution(name: str, conf: Mapping[str, object]) -> str:
    """The text of Sphinx's substitution ``name`` (``DefaultSubstitutions``)."""
    if name == 'translation progress':  # a page read without translations
        return 'could not calculate translation progress!'
    if name == 'today':
        if conf.get('today'):
            return str(conf['today'])
        from sphinx.util.i18n import format_date

        return format_date(str(conf.get('today_fmt') or '%b %d, %Y'),
                           language=str(conf.get('language') or 'en'))
    return str(conf.get(name, ''))


class DefaultSubstitutions(Transform):
    """``|version|``, ``|release|`` and ``|today|`` from conf.py, where a page does not
    define them, as Sphinx's transform of that name does."""

    default_priority = 210  # before docutils' Substitutions

    def apply(self) -> None:
        names = ({'version', 'release', 'today', 'translation progress'}
                 - set(self.document.substitution_defs))
        conf = self.document.settings.glancecycle_conf
        for ref in list(self.document.findall(nodes.substitution_reference)):
            if ref['refname'] in names:
                ref.replace_self(nodes.Text(_default_substitution(ref['refname'], conf)))


@contextlib.contextmanager
def namespace() -> Iterator[None]:
    """Our directives and the stand-ins, registered only while parsing.

    docutils keeps one registry per process; restoring it afterwards keeps a
    later Sphinx application in the same process (tests, tools) unaffected.
    """
    from sphinx.roles import generic_docroles, specific_docroles

    saved = dict(directives._directives), dict(roles._roles)
    try:
        register_with_docutils()
        for name in TEXT_ROLES:
            roles.register_local_role(name, text_role)
        for name, node_class in generic_docroles.items():  # as sphinx.roles registers them
            roles.register_local_role(name, roles.CustomRole(
                name, roles.GenericRole(name, node_class), {'classes': [name]}))
        for name in SPHINX_ROLES:
            if name in specific_docroles:  # Sphinx 8.1 has kbd among the generic roles
                roles.register_local_role(name, specific_docroles[name])
        for name, (domain, _, _) in XREF_ROLES.items():
            roles.register_local_role(name, xref_role)
            roles.register_local_role(f'{domain}:{name}', xref_role)
        directives.register_directive('include', SphinxInclude)
        for group, stand_in in ((DROPPED_DIRECTIVES, DroppedDirective),
                                (CODE_DIRECTIVES, CodeDirective),
                                (BODY_DIRECTIVES, BodyDirective),
                                (CLASS_DIRECTIVES, Class)):
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
                for transform in super().get_transforms()] + [DefaultSubstitutions]


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
          schedules: Mapping[str, str] | None = None, srcdir: str | None = None,
          conf: Mapping[str, object] | None = None) -> nodes.document:
    """The doctree of ``text``, read from the file at ``path`` (inside :func:`namespace`).

    ``prolog`` and ``epilog`` are conf.py's ``rst_prolog`` and ``rst_epilog``;
    ``schedules`` the YAML of each cycle for ``cycle-schedule``
    (:meth:`~sphinxext_glancecycle.readers.site.Site.schedule_paths`);
    ``srcdir`` the source folder, where ``.. include:: /name`` looks; ``conf``
    conf.py's values (``|release|``, ``add_function_parentheses``).
    The files the page brings in (``.. include::``) are in the document's
    ``settings.record_dependencies``.
    """
    settings = _settings().copy()
    settings.record_dependencies = utils.DependencyList()
    settings.glancecycle_schedules = dict(schedules or {})
    settings.glancecycle_srcdir = srcdir
    settings.glancecycle_conf = conf or {}
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


def parse_file(path: str, prolog: str = '', epilog: str = '', srcdir: str | None = None,
               conf: Mapping[str, object] | None = None) -> nodes.document:
    """:func:`parse` of the file at ``path``, in its own :func:`namespace`.

    Undecodable bytes raise :exc:`UnicodeDecodeError`, as in a build.
    """
    with open(path, encoding='utf-8-sig') as stream:
        text = stream.read()
    with namespace():
        return parse(text, path, prolog, epilog, srcdir=srcdir, conf=conf)
