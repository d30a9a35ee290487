"""Find spec-lites in a doctree, in every layout real repositories use.

* one per file: the document title reads ``Spec Lite: <title>`` (or
  ``Lite Spec:``) and the fields follow it;
* many per file: every section whose fields include ``problem`` is an entry,
  closed by an ``End of <title>`` heading (or paragraph);
* the ``spec-lite`` directive, which marks its section explicitly.

The layout makes a spec-lite, not one field: a ``Spec Lite:`` title or a
``spec-lite-*.rst`` file name with fields is an entry even when it lost
``:problem:``, so the rules can say what is missing.

Fields come from field lists (as Sphinx parses a file) or from ``docinfo``
(as plain docutils parses the same file); a colon-less ``name: value``
paragraph among them is kept as a broken field so a rule can report it.
"""

from __future__ import annotations

import bisect
import dataclasses
import math
import re
from pathlib import PurePosixPath

from docutils import nodes

from sphinxext_glancecycle.model import EndMarker, Field, SpecLite
from sphinxext_glancecycle.readers.nodeindex import NodeIndex
from sphinxext_glancecycle.settings import SPEC_LITE_FIELDS

TITLE_PREFIX = re.compile(r'^\s*(?P<prefix>spec[ -]?lite|lite[ -]?spec)\s*:\s*', re.IGNORECASE)
#: ``<Title of your Spec Lite>``: capitalised words in angle brackets.
PLACEHOLDER_TITLE = re.compile(r'<[A-Z][^<>]*>')
END_MARKER = re.compile(r'^\s*end\s+of\b\s*', re.IGNORECASE)
BROKEN_FIELD = re.compile(r'^(?P<name>[a-z][a-z_ -]{1,30}):\s+(?P<value>\S.*)$', re.DOTALL)
DIRECTIVE_CLASS = 'glancecycle-spec-lite'
#: the fields of a many-per-file entry that lost ``problem``
ENTRY_FIELDS = frozenset(SPEC_LITE_FIELDS)
#: ``spec-lite-foo.rst``, ``lite-spec-foo.rst``: one spec-lite per file
FILE_NAME = re.compile(r'^(spec[-_]?lite|lite[-_]?spec)s?[-_]', re.IGNORECASE)
_STRUCTURE = (nodes.document, nodes.section)


@dataclasses.dataclass
class Entry:
    """A spec-lite found in a doctree, with the node that holds it."""

    record: SpecLite
    node: nodes.Element


def title_line(title: nodes.Node) -> int | None:
    """Line of a title's text (docutils reports its underline)."""
    return title.line - 1 if title.line else None


def field_name(field: nodes.field) -> str:
    return ' '.join(field[0].astext().split()).lower()


def _heading(owner: nodes.Element) -> nodes.Element | None:
    """The title node naming ``owner``."""
    if isinstance(owner, nodes.document):
        for child in owner.children:
            if isinstance(child, nodes.subtitle):
                return child
        for child in owner.children:
            if isinstance(child, nodes.title):
                return child
        return None
    if owner.children and isinstance(owner[0], nodes.title):
        return owner[0]
    return None


def _is_top_level(owner: nodes.Element) -> bool:
    if isinstance(owner, nodes.document):
        return not any(isinstance(child, nodes.subtitle) for child in owner.children)
    return isinstance(owner.parent, nodes.document)


def _urls(body: nodes.Element) -> list[str]:
    return [ref['refuri'] for ref in body.findall(nodes.reference) if ref.get('refuri')]


def _paragraphs(body: nodes.Element) -> list[tuple[int, str]]:
    return [(para.line, para.rawsource) for para in body.findall(nodes.paragraph)
            if para.line and para.rawsource]


def _fields_of(owner: nodes.Element, known: frozenset[str]) -> list[Field]:
    """The fields directly inside ``owner``, broken ones included, in order."""
    fields: list[Field] = []
    seen_list = False
    for child in owner.children:
        if isinstance(child, (nodes.field_list, nodes.docinfo)):
            seen_list = True
            for field in child.children:
                if not isinstance(field, nodes.field):
                    continue
                body = field[1]
                fields.append(Field(
                    name=field_name(field),
                    value=' '.join(body.astext().split()),
                    line=field.line,
                    urls=_urls(body),
                    paragraphs=_paragraphs(body),
                ))
        elif seen_list and isinstance(child, nodes.paragraph):
            match = BROKEN_FIELD.match(child.astext())
            if match and match['name'].strip() in known:
                fields.append(Field(
                    name=match['name'].strip(),
                    value=' '.join(match['value'].split()),
                    line=child.line,
                    urls=_urls(child),
                    broken=True,
                    paragraphs=_paragraphs(child),
                ))
    return fields


def _plain(text: str) -> str:
    return ' '.join(text.replace('`', '').split())


def is_template(source: str, title: str) -> bool:
    """Template blocks and files are examples, not entries."""
    return (PurePosixPath(source).name.endswith('template.rst')
            or any(' ' in match.group() for match in PLACEHOLDER_TITLE.finditer(title)))


def _closed_by_end_marker(owner: nodes.Element, names: set[str]) -> bool:
    """A section with two spec-lite fields whose title an ``End of`` heading repeats.

    That is the many-per-file layout even when the entry lost ``problem``;
    two fields alone are not (a template's optional block has them too).
    """
    heading = _heading(owner)
    if heading is None or len(names & ENTRY_FIELDS) < 2 or owner.parent is None:
        return False
    title = _plain(heading.astext()).lower()
    return any(isinstance(node, (nodes.title, nodes.paragraph, nodes.section))
               and END_MARKER.match(_plain(_first_line(node)))
               and END_MARKER.sub('', _plain(_first_line(node)), count=1).lower() == title
               for node in owner.parent.children[owner.parent.index(owner) + 1:][:2]
               + [child for child in owner.children if isinstance(child, nodes.paragraph)])


def _first_line(node: nodes.Element) -> str:
    if isinstance(node, nodes.section):
        node = node[0] if node.children else node
    return node.astext().splitlines()[0] if node.astext() else ''


def _own_field_names(owner: nodes.Element) -> set[str]:
    return {field_name(field) for child in owner.children
            if isinstance(child, (nodes.field_list, nodes.docinfo))
            for field in child.children if isinstance(field, nodes.field)}


def _has_problem(owner: nodes.Element) -> bool:
    return 'problem' in _own_field_names(owner)


def _is_entry(owner: nodes.Element, source: str) -> bool:
    """Whether ``owner`` is laid out as a spec-lite (with or without ``problem``)."""
    if DIRECTIVE_CLASS in owner['classes']:
        return True
    names = _own_field_names(owner)
    if not names:
        return False
    if 'problem' in names or _closed_by_end_marker(owner, names):
        return True
    heading = _heading(owner)
    if heading is not None and TITLE_PREFIX.match(heading.astext()):
        return True
    return (isinstance(owner, nodes.document)
            and bool(FILE_NAME.match(PurePosixPath(source).name)))


@dataclasses.dataclass
class _Scan:
    """A tree's spec-lite candidates and ``End of`` closers, with document-order positions."""

    owners: list[tuple[int, nodes.Element]]
    closers: list[tuple[int, nodes.Element]]


def _scan(index: NodeIndex, source: str) -> _Scan:
    """The candidates and closers of the tree ``index`` was made of.

    ``owners`` are the sections (or the document) laid out as spec-lites
    (:func:`_is_entry`), and ``spec-lite`` directive sections; ``closers`` are the
    headings and paragraphs directly inside a section (or the document),
    where ``End of`` markers are written.
    """
    owners = [(position, node) for position, node in _candidates(index)
              if _is_entry(node, source)]
    closers = [(position, node) for position, node in index.placed(nodes.title, nodes.paragraph)
               if isinstance(node.parent, _STRUCTURE)] if owners else []
    return _Scan(owners=owners, closers=closers)


def _candidates(index: NodeIndex) -> list[tuple[int, nodes.Element]]:
    """(position, node) of the sections (and the document) that may be spec-lites: those
    holding a field list or docinfo of their own, and ``spec-lite`` directive sections
    (what :func:`_is_entry` needs first; most pages hold no field list at all)."""
    with_fields = {id(node.parent) for node in index.of(nodes.field_list, nodes.docinfo)}
    return [(position, node) for position, node in index.placed(*_STRUCTURE)
            if id(node) in with_fields or DIRECTIVE_CLASS in node['classes']]


def _end_marker(entry: Entry, closers: list[tuple[int, nodes.Element]]) -> EndMarker | None:
    """The first ``End of`` line among ``closers``, or a heading repeating the title."""
    repeated = None
    for _, node in closers:
        text = _plain(node.astext())
        line = title_line(node) if isinstance(node, nodes.title) else node.line
        if END_MARKER.match(text):
            return EndMarker(text=END_MARKER.sub('', text, count=1), line=line)
        if (repeated is None and isinstance(node, nodes.title) and node.parent is not entry.node
                and text.lower() == _plain(entry.record.title).lower()):
            repeated = EndMarker(text=text, line=line, prefixed=False)
    return repeated


def holds_spec_lite_fields(document: nodes.document, source: str = '', *,
                           index: NodeIndex | None = None) -> bool:
    """Whether any section of ``document`` is laid out as a spec-lite, templates included.

    ``index`` is the document's :class:`NodeIndex`, when the caller has one.
    """
    return any(_is_entry(node, source) for _, node in _candidates(index or NodeIndex(document)))


def read_spec_lites(document: nodes.document, source: str, known_fields: frozenset[str], *,
                    index: NodeIndex | None = None) -> list[Entry]:
    """Return the spec-lites of ``document`` (read from ``source``).

    ``index`` is the document's :class:`NodeIndex`, when the caller has one.
    """
    scan = _scan(index or NodeIndex(document), source)
    # by identity: a membership test per entry in a list would make the page quadratic
    top_level = {id(owner) for _, owner in scan.owners if _is_top_level(owner)}
    entries: list[tuple[int, Entry]] = []
    for position, owner in scan.owners:
        heading = _heading(owner)
        raw_title = ' '.join(heading.astext().split()) if heading is not None else ''
        if DIRECTIVE_CLASS in owner['classes']:
            layout = SpecLite.LAYOUT_DIRECTIVE
        elif id(owner) in top_level and len(top_level) == 1:
            layout = SpecLite.LAYOUT_SINGLE
        else:
            layout = SpecLite.LAYOUT_MULTI
        title, prefix = raw_title, None
        if layout == SpecLite.LAYOUT_SINGLE:
            match = TITLE_PREFIX.match(raw_title)
            if match:
                prefix, title = match['prefix'], raw_title[match.end():]
        if is_template(source, raw_title):
            continue
        fields = _fields_of(owner, known_fields)
        line = title_line(heading) if heading is not None else None
        if line is None and fields:
            # docutils does not keep the line of a title promoted to subtitle
            line = fields[0].line
        record = SpecLite(
            title=title,
            source=source,
            line=line,
            layout=layout,
            fields=fields,
            title_prefix=prefix,
            anchor=(owner['ids'][0] if owner.get('ids') else None),
        )
        entries.append((position, Entry(record=record, node=owner)))

    # An entry's end marker lies between it and the next candidate (templates too).
    # Both lists are in document order, so each entry's closers are one slice.
    starts = [position for position, _ in scan.owners]
    following = dict(zip(starts, starts[1:] + [math.inf]))
    at = [position for position, _ in scan.closers]
    for start, entry in entries:
        if entry.record.layout == SpecLite.LAYOUT_MULTI:
            closers = scan.closers[bisect.bisect_right(at, start):
                                   bisect.bisect_left(at, following[start])]
            entry.record.end_marker = _end_marker(entry, closers)
    return [entry for _, entry in entries]
