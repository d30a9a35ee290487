"""Find spec-lites in a doctree, in every layout real repositories use.

* one per file: the document title reads ``Spec Lite: <title>`` (or
  ``Lite Spec:``) and the fields follow it;
* many per file: every section whose fields include ``problem`` is an entry,
  closed by an ``End of <title>`` heading (or paragraph);
* the ``spec-lite`` directive, which marks its section explicitly.

Fields come from field lists (as Sphinx parses a file) or from ``docinfo``
(as plain docutils parses the same file); a colon-less ``name: value``
paragraph among them is kept as a broken field so a rule can report it.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import PurePosixPath

from docutils import nodes

from sphinxext_glancecycle.model import EndMarker, Field, SpecLite

TITLE_PREFIX = re.compile(r'^\s*(?P<prefix>spec[ -]?lite|lite[ -]?spec)\s*:\s*', re.IGNORECASE)
PLACEHOLDER_TITLE = re.compile(r'<[^<>]+>')
END_MARKER = re.compile(r'^\s*end\s+of\b\s*', re.IGNORECASE)
BROKEN_FIELD = re.compile(r'^(?P<name>[a-z][a-z_ -]{1,30}):\s+(?P<value>\S.*)$', re.DOTALL)
DIRECTIVE_CLASS = 'glancecycle-spec-lite'


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


def _owner(field_list: nodes.Element) -> nodes.Element:
    """The section (or document) a field list belongs to."""
    return field_list.parent


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
                ))
    return fields


def _candidates(document: nodes.document) -> list[nodes.Element]:
    """Sections (or the document) whose own fields include ``problem``."""
    owners: list[nodes.Element] = []
    for node in document.findall(lambda n: isinstance(n, (nodes.field_list, nodes.docinfo))):
        owner = _owner(node)
        if not isinstance(owner, (nodes.section, nodes.document)) or owner in owners:
            continue
        if any(isinstance(f, nodes.field) and field_name(f) == 'problem' for f in node.children):
            owners.append(owner)
    for section in document.findall(nodes.section):
        if DIRECTIVE_CLASS in section['classes'] and section not in owners:
            owners.append(section)
    return owners


def _markers(document: nodes.document) -> list[nodes.Element]:
    """Every ``End of ...`` heading or paragraph, in document order."""
    return [
        node for node in document.findall(
            lambda n: isinstance(n, (nodes.title, nodes.paragraph)))
        if END_MARKER.match(node.astext())
        and isinstance(node.parent, (nodes.section, nodes.document))
    ]


def _plain(text: str) -> str:
    return ' '.join(text.replace('`', '').split())


def is_template(source: str, title: str) -> bool:
    """Template blocks and files are examples, not entries."""
    return (PurePosixPath(source).name.endswith('template.rst')
            or bool(PLACEHOLDER_TITLE.search(title)))


def read_spec_lites(document: nodes.document, source: str,
                    known_fields: frozenset[str]) -> list[Entry]:
    """Return the spec-lites of ``document`` (read from ``source``)."""
    owners = _candidates(document)
    markers = _markers(document)
    order = {id(node): index for index, node in enumerate(document.findall())}
    entries: list[Entry] = []
    top_level = [owner for owner in owners if _is_top_level(owner)]
    for owner in owners:
        heading = _heading(owner)
        raw_title = ' '.join(heading.astext().split()) if heading is not None else ''
        if DIRECTIVE_CLASS in owner.get('classes', ()):
            layout = SpecLite.LAYOUT_DIRECTIVE
        elif owner in top_level and len(top_level) == 1:
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
        record = SpecLite(
            title=title,
            source=source,
            line=title_line(heading) if heading is not None else None,
            layout=layout,
            fields=fields,
            title_prefix=prefix,
            anchor=(owner['ids'][0] if owner.get('ids') else None),
        )
        entries.append(Entry(record=record, node=owner))

    multi = [e for e in entries if e.record.layout == SpecLite.LAYOUT_MULTI]
    for index, entry in enumerate(multi):
        start = order[id(entry.node)]
        stop = (order[id(multi[index + 1].node)] if index + 1 < len(multi)
                else len(order))
        for marker in markers:
            if start < order[id(marker)] < stop:
                line = (title_line(marker) if isinstance(marker, nodes.title)
                        else marker.line)
                text = END_MARKER.sub('', _plain(marker.astext()), count=1)
                entry.record.end_marker = EndMarker(text=text, line=line)
                break
    return entries
