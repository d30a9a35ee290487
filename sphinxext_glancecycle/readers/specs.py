"""Find the full spec a document holds, and the sections its template asks for.

A spec is a document under ``specs/<cycle>/...`` that has a title and
sections, is not an index page, and is neither a template nor a spec-lite.
Its headings are compared with those of the repository's own template
(``specs/template.rst`` by default), read with the parse profile
(:mod:`~sphinxext_glancecycle.readers.profile`).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from docutils import nodes

from sphinxext_glancecycle.model import Spec
from sphinxext_glancecycle.profile import TRACKER_LINKS, Trackers, fold
from sphinxext_glancecycle.readers.paths import PathInfo
from sphinxext_glancecycle.readers.speclites import TITLE_PREFIX, is_template, title_line

BLUEPRINT = TRACKER_LINKS['blueprint']
ASSIGNEE_TERM = re.compile(r'^\s*primary\s+assignee', re.IGNORECASE)
#: ``Primary assignee: Name`` written on one line, a paragraph
ASSIGNEE_LINE = re.compile(r'^\s*primary\s+assignees?\s*:\s*(?P<names>\S.*)$', re.IGNORECASE)
NOT_ASSIGNED = frozenset({'', 'none', 'n/a', 'tbd', 'unassigned'})


#: A heading as compared with the template: case, spacing and quote styles folded.
normalize_heading = fold
#: An assignee written as an address in angle brackets.
ADDRESS = re.compile(r'^<([^<>@\s]+@[^<>\s]+)>$')


def _doc_title(document: nodes.document) -> nodes.title | None:
    for child in document.children:
        if isinstance(child, nodes.title):
            return child
        if isinstance(child, nodes.section) and child.children:
            # Sphinx keeps the document title as the first section's title.
            first = child[0]
            return first if isinstance(first, nodes.title) else None
    return None


def section_titles(document: nodes.document) -> list[tuple[str, int | None]]:
    """Every section heading below the document title, with its line."""
    top = _doc_title(document)
    titles = []
    for section in document.findall(nodes.section):
        if not section.children or not isinstance(section[0], nodes.title):
            continue
        title = section[0]
        if title is top:
            continue
        titles.append((' '.join(title.astext().split()), title_line(title)))
    return titles


def read_template(text: str, source: str = 'template.rst') -> tuple[str, tuple[str, ...]]:
    """Return the template's own title and the section headings it asks for."""
    # the parser is imported only when a page is parsed: a cached check needs none
    from sphinxext_glancecycle.readers import profile

    with profile.namespace():
        document = profile.parse(text, source)
    top = _doc_title(document)
    title = ' '.join(top.astext().split()) if top is not None else ''
    return title, tuple(text for text, _ in section_titles(document))


def _assignee_texts(document: nodes.document):
    """The text naming the primary assignees: a definition's, or the rest of a line."""
    for item in document.findall(nodes.definition_list_item):
        if ASSIGNEE_TERM.match(item[0].astext()):
            yield item[-1].astext()
    for paragraph in document.findall(nodes.paragraph):
        match = ASSIGNEE_LINE.match(paragraph.astext().partition('\n')[0])
        if match:
            yield match['names']


def _assignees(document: nodes.document) -> list[str]:
    names: list[str] = []
    for text in _assignee_texts(document):
        for line in text.replace(',', '\n').splitlines():
            name = line.strip()
            address = ADDRESS.match(name)
            if address:
                names.append(address[1])
            elif name.lower() not in NOT_ASSIGNED and not name.startswith('<'):
                names.append(name)
    return names


def _link(document: nodes.document, kinds: tuple[str, ...]) -> str | None:
    """The first link of one of the tracker ``kinds``."""
    patterns = [TRACKER_LINKS[kind] for kind in kinds if kind in TRACKER_LINKS]
    for ref in document.findall(nodes.reference):
        uri = ref.get('refuri', '')
        if any(pattern.match(uri) for pattern in patterns):
            return uri
    return None


def _opted_out(document: nodes.document, trackers: Trackers) -> bool:
    if not trackers.opt_out:
        return False
    marker = trackers.opt_out.removeprefix('..').strip()
    return any(comment.astext().strip() == marker for comment in document.findall(nodes.comment))


def read_spec(document: nodes.document, source: str, where: PathInfo,
              template_title: str | None = None, trackers: Trackers = Trackers()) -> Spec | None:
    """Return the full spec ``document`` (read from ``source``) holds, if any."""
    path = PurePosixPath(source)
    if where.cycle is None and where.status is None:
        return None
    if 'specs' not in path.parts or path.stem == 'index' or path.suffix != '.rst':
        return None
    top = _doc_title(document)
    if top is None:
        return None
    title = ' '.join(top.astext().split())
    if (is_template(source, title) or TITLE_PREFIX.match(title)
            or (template_title and normalize_heading(title) == normalize_heading(template_title))):
        return None
    sections = section_titles(document)
    if not sections:
        return None
    return Spec(
        title=title,
        source=source,
        line=title_line(top),
        cycle=where.cycle,
        status=where.status,
        project=where.project,
        blueprint=_link(document, ('blueprint',)),
        tracker=_link(document, trackers.kinds),
        tracker_optional=_opted_out(document, trackers),
        release=where.release,
        assignees=_assignees(document),
        sections=sections,
    )
