"""Find the full spec a document holds, and the sections its template asks for.

A spec is a document under ``specs/<cycle>/...`` that has a title and
sections, is not an index page, and is neither a template nor a spec-lite.
Its headings are compared with those of the repository's own template
(``specs/template.rst`` by default), read with the parse profile
(:mod:`~sphinxext_glancecycle.readers.profile`): which sections it asks
for, where each sits in its hierarchy, and which paragraphs of
instructions a spec should not keep.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import PurePosixPath
from typing import Iterable, Mapping, Sequence

from docutils import nodes

from sphinxext_glancecycle.model import Spec
from sphinxext_glancecycle.profile import TRACKER_LINKS, Trackers, fold
from sphinxext_glancecycle.readers.nodeindex import NodeIndex
from sphinxext_glancecycle.readers.paths import PathInfo
from sphinxext_glancecycle.readers.speclites import TITLE_PREFIX, is_template, title_line

BLUEPRINT = TRACKER_LINKS['blueprint']
ASSIGNEE_TERM = re.compile(r'^\s*primary\s+assignee', re.IGNORECASE)
NOT_ASSIGNED = frozenset({'', 'none', 'n/a', 'tbd', 'unassigned'})


#: A heading as compared with the template: case, spacing and quote styles folded.
normalize_heading = fold
#: ``Primary assignee: <names>`` written as a paragraph.
ASSIGNEE_LEAD = re.compile(r'^\s*primary\s+assignee\(?s?\)?\s*:(?P<rest>.*)$',
                           re.IGNORECASE | re.DOTALL)
#: The first word of such a paragraph.
ASSIGNEE_FIRST_WORD = re.compile(r'primary\Z', re.IGNORECASE)
#: An entry in the template's angle brackets, and what may follow it (``<id> (nick)``).
BRACKETED = re.compile(r'^<([^<>]+)>(?:\s.*)?$')
#: The template's placeholders (``<launchpad-id or None>``, ``<IRC handle, email address>``).
PLACEHOLDER_WORDS = re.compile(r'\bnone\b|launchpad[- ]id|irc handle|email address|\blp[- ]id',
                               re.IGNORECASE)
#: An account named after a person's name (``IRC: ann``, ``LP: ann1``).
ACCOUNT = re.compile(r'^\s*(irc|lp|launchpad|email|e-mail)\s*:', re.IGNORECASE)
LIST_MARKER = re.compile(r'^(?:[*+-]|\d+[.)])\s+')


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
    return _section_titles(document.findall(nodes.section), _doc_title(document))


def _section_titles(sections: Iterable[nodes.section], top: nodes.title | None
                    ) -> list[tuple[str, int | None]]:
    titles = []
    for section in sections:
        if not section.children or not isinstance(section[0], nodes.title):
            continue
        title = section[0]
        if title is top:
            continue
        titles.append((' '.join(title.astext().split()), title_line(title)))
    return titles


#: A paragraph shorter than this (in words) is no telling sign of template text ("None"),
#: unless it is a placeholder in angle brackets (``<launchpad-id or None>``).
TEMPLATE_TEXT_WORDS = 4
PLACEHOLDER = re.compile(r'^<[^<>]+>$')
WORD = re.compile(r'[^\W_]+')
#: What makes a page's text show words its source does not, or shows them apart:
#: escaped spaces and line ends (``a\ b``), substitutions (defined, or Sphinx's own),
#: includes, auto-numbered footnotes, abbreviations, tables (whose cells share lines).
WORDS_FROM_ELSEWHERE = re.compile(
    r'\\(\s|$)|\.\.\s+\||\|(version|release|today)\||include::|\[#[^\]]*\]_|:abbr:'
    r'|^\s*\+[-=+]+\+\s*$|^\s*=+(\s+=+)+\s*$', re.MULTILINE)
#: Markup whose words the page's text does not show: embedded targets, role names.
HIDDEN_MARKUP = re.compile(r'<[^<>`]*>(?=`)|:[\w.+-]+:(?=`)|(?<=`):[\w.+-]+:')


@dataclasses.dataclass(frozen=True)
class Template:
    """What a spec template asks for: its title and section headings (in order), where
    each heading sits, and the paragraphs of instructions a spec replaces."""

    title: str
    sections: tuple[str, ...]
    #: folded heading -> the heading it sits under (None: at the top level)
    parents: Mapping[str, str | None] = dataclasses.field(default_factory=dict)
    #: folded text of the template's paragraphs
    paragraphs: frozenset[str] = dataclasses.field(default_factory=frozenset, compare=False)

    def could_be_in(self, text: str) -> bool:
        """Whether the source ``text`` of a page could hold one of the template's paragraphs.

        A quick test that never says no wrongly: the words of such a paragraph
        stand in the source in a row, once the markup that hides words is
        left out. Where the page's text can show words its source does not
        (escaped spaces, substitutions, includes, tables), it says yes.
        """
        if not self.paragraphs:
            return False
        if WORDS_FROM_ELSEWHERE.search(text):
            return True
        page = f" {' '.join(WORD.findall(fold(HIDDEN_MARKUP.sub(' ', text))))} "
        return any(words in page for words in self._paragraph_words)

    def may_begin(self, word: str) -> bool:
        """Whether a paragraph whose text begins with ``word`` may fold to one of the
        template's paragraphs: a quick test that never says no wrongly, so that most
        of a spec's paragraphs are neither made into text nor folded whole."""
        # a first word that folds to nothing (only backquotes or colons) tells nothing
        opening = fold(word)
        return not opening or opening in self._openings

    @functools.cached_property
    def _openings(self) -> frozenset[str]:
        """The first word of each paragraph, folded as :func:`fold` folds a lone word."""
        return frozenset(paragraph.split(' ', 1)[0].rstrip(':') for paragraph in self.paragraphs)

    @functools.cached_property
    def _paragraph_words(self) -> tuple[str, ...]:
        """The words of each paragraph, spaced as :meth:`could_be_in` looks for them: split
        once per template, not once per page."""
        return tuple(f" {' '.join(WORD.findall(paragraph))} " for paragraph in self.paragraphs)


def _top_sections(document: nodes.document, top: nodes.title | None) -> list[nodes.section]:
    """The sections at the level of the template's own sections (below the title)."""
    if top is None or not isinstance(top.parent, nodes.section):
        return [child for child in document.children if isinstance(child, nodes.section)]
    title_section = top.parent
    siblings = title_section.parent.children[title_section.parent.index(title_section) + 1:]
    return [child for child in (*title_section.children, *siblings)
            if isinstance(child, nodes.section)]


def _heading(section: nodes.section) -> str:
    return ' '.join(section[0].astext().split()) if section.children else ''


def _subsections(section: nodes.section) -> list[nodes.section]:
    return [child for child in section.children if isinstance(child, nodes.section)]


def _paragraph_text(paragraph: nodes.paragraph) -> str | None:
    """A paragraph as compared with the template's, when it is long enough to tell."""
    return _telling(paragraph.astext())


def _first_word(paragraph: nodes.paragraph) -> str:
    """The first word of ``paragraph.astext()``, mostly without making the whole text: a
    paragraph's text begins with that of its leftmost text node, which holds the first
    word when a space follows it there."""
    node: nodes.Node = paragraph
    while (isinstance(node, nodes.Element) and node.children
           and type(node).astext is nodes.Element.astext):
        node = node[0]
    if isinstance(node, nodes.Text):
        text = node.astext()
        words = text.split(None, 1)
        if len(words) == 2 or words and text[-1].isspace():
            return words[0]
    words = paragraph.astext().split(None, 1)
    return words[0] if words else ''


def _telling(text: str) -> str | None:
    """A paragraph's ``text`` as compared with the template's, when long enough to tell."""
    text = text.strip()
    telling = len(text.split()) >= TEMPLATE_TEXT_WORDS or PLACEHOLDER.match(text)
    return fold(text) if telling else None


def read_template(text: str, source: str = 'template.rst') -> Template:
    """Return the template's title, the section headings it asks for and its paragraphs."""
    # the parser is imported only when a page is parsed: a cached check needs none
    from sphinxext_glancecycle.readers import profile

    with profile.namespace():
        document = profile.parse(text, source)
    top = _doc_title(document)
    title = ' '.join(top.astext().split()) if top is not None else ''
    parents: dict[str, str | None] = {}
    pending = [(section, None) for section in _top_sections(document, top)]
    while pending:
        section, parent = pending.pop(0)
        heading = _heading(section)
        parents.setdefault(fold(heading), parent)
        pending.extend((child, heading) for child in _subsections(section))
    paragraphs = frozenset(filter(None, map(_paragraph_text, document.findall(nodes.paragraph))))
    return Template(title, tuple(text for text, _ in section_titles(document)), parents,
                    paragraphs)


def _misplaced(document: nodes.document, top: nodes.title | None, template: Template
               ) -> list[tuple[tuple[str, ...], int | None, str, tuple[str, ...]]]:
    """Top-level headings that break the template's section hierarchy.

    (headings, line of the first, the template section they belong under,
    template headings they take in): a run of headings the template has
    below one section (taking in nothing), or one heading the template does
    not have that takes in subsections of a section the spec has above it
    (a heading that takes the place of a missing section is a misspelling,
    not this).
    """
    parents = template.parents
    found: list[tuple[tuple[str, ...], int | None, str, tuple[str, ...]]] = []
    seen: set[str] = set()
    run = False
    for section in _top_sections(document, top):
        heading = _heading(section)
        key = fold(heading)
        owner = parents.get(key)
        if key in parents and owner is not None:
            if run and found[-1][2] == owner:
                headings, line, _, _ = found[-1]
                found[-1] = ((*headings, heading), line, owner, ())
            else:
                found.append(((heading,), title_line(section[0]), owner, ()))
            run = True
            continue
        run = False
        seen.add(key)
        taken = tuple(text for text in map(_heading, _subsections(section))
                      if parents.get(fold(text)) is not None)
        if key not in parents and taken and fold(parents[fold(taken[0])]) in seen:
            found.append(((heading,), title_line(section[0]), parents[fold(taken[0])], taken))
    return found


def _is_template_text(node: nodes.Node, template: Template) -> bool:
    first = node if isinstance(node, nodes.paragraph) else next(
        iter(node.findall(nodes.paragraph)), None) if isinstance(node, nodes.Element) else None
    return first is not None and _paragraph_text(first) in template.paragraphs


def _introduces_answer(paragraph: nodes.paragraph, template: Template) -> bool:
    """Whether a template paragraph is kept to introduce the spec's own text after it: a
    question or lead-in (``Does the API microversion need to increment?`` over ``Yes``),
    or an item holding the spec's answer below it (``* Expected error http response
    code(s)`` over the spec's own codes)."""
    parent = paragraph.parent
    following = parent.children[parent.index(paragraph) + 1:]
    if not following and paragraph.astext().rstrip().endswith('?'):
        # the last question of a list, answered below the list
        node = parent
        while (isinstance(node, (nodes.list_item, nodes.bullet_list, nodes.enumerated_list))
               and node.parent is not None and node is node.parent.children[-1]):
            node = node.parent
        if isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
            following = node.parent.children[node.parent.index(node) + 1:]
    if not following or _is_template_text(following[0], template):
        return False
    return (isinstance(parent, (nodes.list_item, nodes.definition))
            or paragraph.astext().rstrip().endswith((':', '?')))


def _template_text(paragraphs: Sequence[tuple[nodes.paragraph, str]], top: nodes.title | None,
                   template: Template) -> list[tuple[str, int | None, int, str]]:
    """(section, line, count, first) of the template's paragraphs a spec keeps, by section,
    among a page's ``paragraphs`` (each with its first word)."""
    found: dict[int, list] = {}
    for paragraph, word in paragraphs:
        if not template.may_begin(word):
            continue
        text = _paragraph_text(paragraph)
        if (text is None or text not in template.paragraphs
                or _introduces_answer(paragraph, template)):
            continue
        section = paragraph.parent
        while section is not None and not isinstance(section, nodes.section):
            section = section.parent
        title = section[0] if section is not None and section.children else None
        heading = '' if title is None or title is top else _heading(section)
        entry = found.setdefault(id(section), [heading, paragraph.line, 0,
                                               ' '.join(paragraph.astext().split())])
        entry[2] += 1
    return [tuple(entry) for entry in found.values()]


def _assignee_texts(items: Iterable[nodes.definition_list_item],
                    paragraphs: Iterable[tuple[nodes.paragraph, str]]) -> list[str]:
    """The text naming the primary assignee(s) among a page's definition list ``items``
    and ``paragraphs`` (each with its first word): a definition list item's definition,
    the rest of a ``Primary assignee: ...`` paragraph, or the list that follows one."""
    texts = []
    for item in items:
        if ASSIGNEE_TERM.match(item[0].astext()):
            texts.append(item[-1].astext())
    for paragraph, word in paragraphs:
        if not ASSIGNEE_FIRST_WORD.match(word):
            continue
        match = ASSIGNEE_LEAD.match(paragraph.astext())
        if match is None or isinstance(paragraph.parent, nodes.definition):
            continue
        if match['rest'].strip():
            texts.append(match['rest'])
            continue
        following = paragraph.next_node(descend=False, siblings=True)
        if isinstance(following, (nodes.bullet_list, nodes.enumerated_list,
                                  nodes.block_quote)):
            texts.append(following.astext())
    return texts


def _assignee(entry: str) -> str | None:
    """The person one entry names; None for a placeholder or nobody."""
    entry = LIST_MARKER.sub('', entry.strip()).strip()
    bracketed = BRACKETED.match(entry)
    if bracketed:
        # the template's own form filled in: <nick>, <name@example.com>, <nick, address>
        inner = bracketed[1].strip()
        if PLACEHOLDER_WORDS.search(inner):
            return None
        entry = re.split(r',|\s+or\s+', inner)[0].strip()
    return None if entry.lower() in NOT_ASSIGNED else entry


def _assignees(texts: Iterable[str]) -> list[str]:
    names: list[str] = []
    for text in texts:
        for line in text.splitlines():
            # commas inside <...> or (...) belong to one person's entry
            for index, entry in enumerate(re.split(r',(?![^<(]*[>)])', line)):
                # 'Ann Lee, IRC: ann, LP: ann1' is one person
                if index and ACCOUNT.match(entry):
                    continue
                name = _assignee(ACCOUNT.sub('', entry))
                if name and name not in names:
                    names.append(name)
    return names


def _link(refs: Iterable[nodes.reference], kinds: tuple[str, ...]) -> str | None:
    """The first link among ``refs`` of one of the tracker ``kinds``."""
    patterns = [TRACKER_LINKS[kind] for kind in kinds if kind in TRACKER_LINKS]
    for ref in refs:
        uri = ref.get('refuri', '')
        if any(pattern.match(uri) for pattern in patterns):
            return uri
    return None


def _opted_out(comments: Iterable[nodes.comment], trackers: Trackers) -> bool:
    if not trackers.opt_out:
        return False
    marker = trackers.opt_out.removeprefix('..').strip()
    return any(comment.astext().strip() == marker for comment in comments)


def read_spec(document: nodes.document, source: str, where: PathInfo,
              template: Template | None = None, trackers: Trackers = Trackers(), *,
              index: NodeIndex | None = None) -> Spec | None:
    """Return the full spec ``document`` (read from ``source``) holds, if any.

    With the ``template``, the spec's headings are placed in its hierarchy and
    its paragraphs compared with the template's. ``index`` is the document's
    :class:`~sphinxext_glancecycle.readers.nodeindex.NodeIndex`, when the caller
    has one.
    """
    template_title = template.title if template is not None else None
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
    index = index or NodeIndex(document)
    sections = _section_titles(index.of(nodes.section), top)
    if not sections:
        return None
    # each paragraph's first word once, for both the assignees and the template's text:
    # few paragraphs need their whole text
    paragraphs = [(paragraph, _first_word(paragraph)) for paragraph in index.of(nodes.paragraph)]
    refs = index.of(nodes.reference)
    return Spec(
        title=title,
        source=source,
        line=title_line(top),
        cycle=where.cycle,
        status=where.status,
        project=where.project,
        blueprint=_link(refs, ('blueprint',)),
        tracker=_link(refs, trackers.kinds),
        tracker_optional=_opted_out(index.of(nodes.comment), trackers),
        release=where.release,
        assignees=_assignees(_assignee_texts(index.of(nodes.definition_list_item), paragraphs)),
        sections=sections,
        misplaced=_misplaced(document, top, template) if template else [],
        template_text=_template_text(paragraphs, top, template) if template else [],
    )
