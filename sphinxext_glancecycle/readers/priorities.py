"""Read a cycle's priorities page in the layouts real repositories use.

* tables (list-tables, grid tables, a second "Side Priorities" table) whose
  columns are found by header text: ``Priority Item``/``Priority``,
  ``Owner(s)``/``Owners``/``Primary Contacts``/``Champions``,
  ``Spec(s)``/``Specs``, and optionally ``Target release milestone``/
  ``Target``/``Milestone``;
* a bullet list of priorities instead of a table (nested bullets are
  details of their priority);
* one prose section per priority, when the page has neither;
* "Priorities without a clear plan": a bullet list of wishes without owners;
* a page that is only a ``TODO(...)`` placeholder.

Owner cells hold people (``Person``): named links to profiles, plain names,
``Name <nick>``, several joined by ``,``/``and``/``or``, or words that name
nobody (``Open``, ``TBD``, "was X, seeking new owner"), normalised to
``None``; spec cells hold links (``Link``) or one of many spellings of
"nothing", normalised to ``None``.
"""

from __future__ import annotations

import posixpath
import re
from typing import Mapping

from docutils import nodes

from sphinxext_glancecycle.catalogue import Catalogue
from sphinxext_glancecycle.model import Link, Person, PrioritiesPage, Priority, Problem, Target
from sphinxext_glancecycle.profile import PrioritiesPages
from sphinxext_glancecycle.readers import schedules
from sphinxext_glancecycle.readers.site import relative_to
from sphinxext_glancecycle.readers.speclites import title_line
from sphinxext_glancecycle.readers.tables import (Cell, Table, first_line, read_table,
                                                  row_line, table_errors)

#: class of the container the ``cycle-priorities`` directive makes
DIRECTIVE_CLASS = 'glancecycle-priorities'
#: what a cell holding "nothing" is normalised to
NOTHING = 'None'
NOTHING_SPELLINGS = frozenset({
    '', 'none', 'n/a', 'na', 'nil', '-', '\u2013', '\u2014', 'tbd', 'tba', 'nobody',
    'unassigned', 'not assigned', 'no owner', 'no spec', 'no specs', 'no spec yet',
    'no spec needed', 'not needed', 'not required', 'no spec required',
})
#: owner cells that name nobody, besides the spellings of "nothing"
NOBODY_SPELLINGS = frozenset({
    'open', 'anyone', 'anybody', 'someone', 'volunteer', 'volunteers', 'volunteer needed',
    'volunteers needed', 'volunteer wanted', 'help wanted', 'needs owner', 'needs an owner',
    'owner needed', 'up for grabs',
})
#: "was X, seeking new owner": someone used to own it
SEEKING = re.compile(r'\b(?:seeking|looking\s+for|needs?|wanted|wants)\b.*\b(?:owner|volunteer|'
                     r'someone|help)s?\b', re.IGNORECASE)
#: what separates the names of a cell naming several people
SEPARATOR = re.compile(r'\s*(?:[,;/&+]|\band\b|\bor\b)\s*', re.IGNORECASE)
#: a remark in brackets, ``(or anyone who likes)``: words, not a nick
REMARK = re.compile(r'\s*\([^()]*\s[^()]*\)')
#: first words of an owner cell that names nobody in particular
ANYONE = ('anyone', 'anybody', 'someone', 'somebody', 'volunteer', 'volunteers')
#: ``Name <nick>`` / ``Name (nick)``
NICKED = re.compile(r'^(?P<name>[^<(]*?)\s*[<(]\s*(?P<nick>[^\s<>()]+)\s*[>)]$')
HEADERS = {
    'item': ('priority item', 'priority', 'priorities', 'item', 'topic', 'goal'),
    'owners': ('owner', 'owners', 'primary contact', 'primary contacts', 'contact',
               'contacts', 'champion', 'champions', 'assignee', 'assignees', 'lead'),
    'specs': ('spec', 'specs', 'specification', 'specifications', 'blueprint',
              'blueprints'),
    'milestone': ('target release milestone', 'target milestone', 'target', 'milestone',
                  'release milestone'),
}
UNPLANNED = re.compile(r'without a (clear )?plan|unplanned|wish ?list', re.IGNORECASE)
PLACEHOLDER = re.compile(r'^\s*TODO\b', re.IGNORECASE)
TARGET_NAME = re.compile(r'^\.\.\s+_`?(?P<name>[^`:]+?)`?:\s')
DOC_ROLE = re.compile(r'^:doc:`(?:[^`<]*<)?(?P<target>[^`>]+)>?`$')


def normalize_header(text: str) -> str:
    return ' '.join(text.replace('(s)', '').replace('(S)', '').split()).strip(' :').lower()


def is_nothing(text: str) -> bool:
    """Whether a cell says there is nothing (``None``, ``No Spec yet``, ``unassigned``...)."""
    return ' '.join(text.split()).strip(' .').lower() in NOTHING_SPELLINGS


def columns(header: list[Cell],
            more: Mapping[str, tuple[str, ...]] | None = None) -> dict[str, int]:
    """Role (``item``, ``owners``, ``specs``, ``milestone``) -> column, by header text.

    ``more`` adds a profile's header texts to a role's (``Name``, ``Tracking``).
    """
    headers = HEADERS if not more else {
        role: names + tuple(normalize_header(n) for n in more.get(role, ()))
        for role, names in HEADERS.items()}
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        text = normalize_header(cell.text)
        for role, names in headers.items():
            if role not in found and text in names:
                found[role] = index
                break
    return found


def _section_title(node: nodes.Node) -> tuple[str | None, nodes.section | None]:
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    if parent is None or not parent.children or not isinstance(parent[0], nodes.title):
        return None, parent
    return ' '.join(parent[0].astext().split()), parent


def _is_top(section: nodes.section | None) -> bool:
    """Whether ``section`` is the page itself (Sphinx keeps the title's section)."""
    if section is None:
        return True
    parent = section.parent
    return (isinstance(parent, nodes.document)
            and not any(isinstance(child, nodes.title) for child in parent.children))


def _group(node: nodes.Node) -> str | None:
    title, section = _section_title(node)
    return None if _is_top(section) else title


def _in(node: nodes.Node, classes: str) -> nodes.Element | None:
    parent = node.parent
    while parent is not None:
        if classes in parent.get('classes', ()):
            return parent
        parent = parent.parent
    return None


def _in_schedule_section(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if (isinstance(parent, nodes.section) and parent.children
                and schedules.SECTION.search(parent[0].astext())):
            return True
        parent = parent.parent
    return False


def doc_reference(node: nodes.Node, source: str) -> str | None:
    """The repository path an in-repo reference (``:doc:``) points at, if ``node`` is one.

    Sphinx and the command line's stand-in role leave a ``pending_xref``;
    plain docutils keeps the role's text as the ``rawsource`` of a
    ``problematic`` node (unknown role), whose spacing is folded as Sphinx
    folds it.
    """
    target = None
    if node.tagname == 'pending_xref' and node.get('reftype') == 'doc':
        target = node.get('reftarget')
    elif isinstance(node, nodes.problematic):
        match = DOC_ROLE.match((node.rawsource or '').strip())
        target = ' '.join(match['target'].split()) if match else None
    if not target:
        return None
    if target.startswith('/'):
        return target.lstrip('/')
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def names_nobody(text: str) -> bool:
    """Whether an owner cell says nobody owns the priority (``Open``, ``seeking new owner``)."""
    words = ' '.join(text.split()).strip(' .!').lower()
    return (words in NOTHING_SPELLINGS or words in NOBODY_SPELLINGS
            or words.startswith(ANYONE) or bool(SEEKING.search(words)))


def split_names(text: str) -> list[tuple[str, str | None]]:
    """(name, nick) of each person a text names: ``Ann <ann1> and Bob`` -> two people."""
    found = []
    for part in SEPARATOR.split(REMARK.sub('', ' '.join(text.split()))):
        part = part.strip(' .')
        if not part or names_nobody(part):
            continue
        nicked = NICKED.match(part)
        if nicked and nicked['name']:
            found.append((nicked['name'], nicked['nick']))
        else:
            found.append((part, None))
    return found


def people(cell: Cell) -> list[Person]:
    """The people an owner cell names, linked or not; nobody for ``Open`` and the like."""
    if cell.node is None or names_nobody(cell.text):
        return []
    # Linked names are read from their references (a name may hold a separator).
    refs = [ref for ref in cell.node.findall(nodes.reference) if ref.get('refuri')]
    text = ' '.join(cell.text.split())
    linked = {}
    for index, ref in enumerate(refs):
        name = ' '.join(ref.astext().split())
        token = f'\x00{index}\x00'
        if name and name in text:
            text = text.replace(name, token, 1)
            linked[token] = Person(name, ref['refuri'])
    found = []
    for name, nick in split_names(text):
        person = linked.pop(name, None)
        if person is not None:
            found.append(Person(person.name, person.url, nick))
        elif '\x00' not in name:
            found.append(Person(name, None, nick))
    found += linked.values()
    return found


def link_of(node: nodes.Node, source: str) -> Link | None:
    """The external link or in-repo reference that ``node`` itself is, if any."""
    text = ' '.join(node.astext().split())
    if isinstance(node, nodes.reference) and node.get('refuri'):
        # a relative link is read against this page, as a browser reads it
        return Link(text, relative_to(node['refuri'], source))
    path = doc_reference(node, source)
    return Link(text, path) if path else None


def links(node: nodes.Node | None, source: str) -> list[Link]:
    """External links and in-repo references inside ``node``, in order."""
    if node is None:
        return []
    return [link for child in node.findall() if (link := link_of(child, source))]


def _cell(cells: list[Cell], cols: dict[str, int], role: str) -> Cell | None:
    return cells[cols[role]] if role in cols else None


def plain_people(text: str) -> list[Person]:
    """Owners written as plain nicks (``rloo, dtantsur``): people with no profile link."""
    if is_nothing(text):
        return []
    return [Person(name) for name in (n.strip() for n in re.split(r'[,;/\n]', text))
            if name and not is_nothing(name)]


def _priority(cells: list[Cell], cols: dict[str, int], source: str,
              group: str | None, plain_owners: bool = False) -> Priority:
    item = _cell(cells, cols, 'item')
    owners = _cell(cells, cols, 'owners')
    specs = _cell(cells, cols, 'specs')
    milestone = _cell(cells, cols, 'milestone')
    record = Priority(
        item=item.text if item else '',
        source=source,
        line=row_line(cells),
        group=group,
        owners=(people(owners) or (plain_people(owners.text) if plain_owners else [])
                if owners else []),
        specs=links(specs.node, source) if specs else [],
        milestone=milestone.text if milestone else None,
    )
    for role, cell in (('owners', owners), ('specs', specs), ('milestone', milestone)):
        if cell is not None:
            record.cells[role] = cell.line or record.line
    if owners is not None:
        record.owner_text = (NOTHING if names_nobody(owners.text) and owners.text
                             else owners.text)
    if specs is not None:
        record.spec_text = NOTHING if is_nothing(specs.text) and specs.text else specs.text
    return record


def _from_table(table: Table, source: str, page: PrioritiesPage,
                vocabulary: PrioritiesPages) -> list[Priority]:
    group = _group(table.node)
    if table.header is None:
        if not vocabulary.other_tables:
            line = row_line(table.rows[0]) if table.rows else None
            page.problems.append(Problem('missing-column', line or table.node.line or page.line,
                                         'no header row'))
        return []
    cols = columns(table.header, vocabulary.headers)
    if 'item' not in cols and vocabulary.other_tables:
        return []  # another table of the page (drivers, schedules...)
    missing = [role for role in vocabulary.required if role not in cols]
    if missing:
        page.problems.append(Problem('missing-column', table.header_line, ', '.join(missing)))
    if 'item' not in cols:
        return []
    return [_priority(cells, cols, source, group, vocabulary.plain_owners)
            for cells in table.rows]


def _bullets(bullet_list: nodes.bullet_list, source: str,
             group: str | None) -> list[Priority]:
    found = []
    for item in bullet_list.children:
        if not isinstance(item, nodes.list_item):
            continue
        # a line followed by an indented list parses as a definition list
        first = next(item.findall(lambda n: isinstance(n, (nodes.paragraph, nodes.term))),
                     item)
        text = ' '.join(first.astext().split()).rstrip(':')
        found.append(Priority(item=text, source=source, line=first_line(item), group=group,
                              specs=links(first, source)))
    return found


def _top_lists(document: nodes.document) -> list[nodes.bullet_list]:
    """Bullet lists that are a section's (or the document's) own content."""
    return [node for node in document.findall(nodes.bullet_list)
            if isinstance(node.parent, (nodes.section, nodes.document))
            and not _in_schedule_section(node)]


def _targets(document: nodes.document) -> list[Target]:
    used = {nodes.fully_normalize_name(ref['name'])
            for ref in document.findall(nodes.reference) if ref.get('name')}
    found = []
    for target in document.findall(nodes.target):
        if not target.get('refuri') or not target.get('names'):
            continue
        name = target['names'][0]
        written = TARGET_NAME.match(target.rawsource)
        found.append(Target(name=written['name'] if written else name, url=target['refuri'],
                            line=target.line, used=name in used))
    return found


def _paragraph_line(node: nodes.Node) -> int | None:
    parent = node
    while parent is not None:
        if getattr(parent, 'line', None):
            return parent.line
        parent = parent.parent
    return None


def _links_with_lines(document: nodes.document, source: str,
                      targets: list[Target]) -> list[tuple[Link, int | None]]:
    """Every link of the page, at the line of its named target, or of its text."""
    by_name = {nodes.fully_normalize_name(t.name): t.line for t in targets}
    found = []
    for node in document.findall():
        link = link_of(node, source)
        if link is None:
            continue
        name = nodes.fully_normalize_name(node.get('name', ''))
        line = by_name.get(name) or _paragraph_line(node)
        if (link, line) not in found:
            found.append((link, line))
    return found


def _mentions(document: nodes.document,
              catalogue: Catalogue) -> list[tuple[str, int | None]]:
    """Series named in the page's prose (tables and schedules excluded)."""
    names = {c.name for c in catalogue.cycles}
    names |= {c.release_id for c in catalogue.cycles if c.release_id}
    found = []
    for para in document.findall(nodes.paragraph):
        if _in_schedule_section(para) or _within(para, nodes.table):
            continue
        text = para.astext()
        for match in re.finditer(r'\b([A-Z][a-z]+|\d{4}\.\d)\b(?!\s+(?:Summit|Forum))', text):
            word = match.group(1)
            if word.lower() in names:
                series = catalogue.get(word)
                found.append((series.key, para.line))
    return found


def _within(node: nodes.Node, kind: type) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, kind):
            return True
        parent = parent.parent
    return False


def _title(document: nodes.document) -> nodes.title | None:
    for node in document.findall(nodes.title):
        return node
    return None


def read_priorities(document: nodes.document, source: str, cycle: str | None,
                    catalogue: Catalogue, *, whole_page: bool = True,
                    vocabulary: PrioritiesPages = PrioritiesPages()) -> PrioritiesPage | None:
    """Read the priorities of ``document``.

    ``whole_page`` reads a priorities page in every layout; otherwise only
    ``cycle-priorities`` directives count, and ``None`` is returned when
    there are none. ``vocabulary`` is the profile's: more header texts, the
    columns a table must have, whether other tables share the page.
    """
    title = _title(document)
    page = PrioritiesPage(
        source=source, line=title_line(title) if title is not None else 1,
        title=' '.join(title.astext().split()) if title is not None else '', cycle=cycle)
    tables = []
    for node in document.findall(nodes.table):
        directive = _in(node, DIRECTIVE_CLASS)
        if directive is None and not whole_page:
            continue
        declared = None
        if directive is not None and directive.get('cycle'):
            series = catalogue.get(directive['cycle'])
            declared = series.key if series else directive['cycle']
            if series is None:
                page.problems.append(Problem('unknown-cycle', directive.line, declared))
            page.cycle = page.cycle or declared
        table = read_table(node)
        if table is None or (directive is None and schedules.is_schedule(table)):
            continue
        tables.append(table)
        found = _from_table(table, source, page, vocabulary)
        for priority in found:
            priority.cycle = declared
        page.priorities.extend(found)
    if not whole_page:
        if not tables:
            return None
        return _finish(page)
    if page.cycle is None:
        page.problems.append(Problem('unknown-cycle', page.line))
    for line, message in table_errors(document):
        page.problems.append(Problem('rejected-table', line, message))
    for bullet_list in _top_lists(document):
        group = _group(bullet_list)
        if (group and UNPLANNED.search(group)) or not tables:
            page.priorities.extend(_bullets(bullet_list, source, group))
    if not page.priorities:
        for section in document.findall(nodes.section):
            if _is_top(section) or not section.children:
                continue
            name = ' '.join(section[0].astext().split())
            if schedules.SECTION.search(name) or UNPLANNED.search(name):
                continue
            page.priorities.append(Priority(item=name, source=source,
                                            line=title_line(section[0])))
    if not page.priorities:
        for para in document.findall(nodes.paragraph):
            if PLACEHOLDER.match(para.astext()):
                page.placeholder = para.line
                break
    page.targets = _targets(document)
    page.links = _links_with_lines(document, source, page.targets)
    page.mentions = _mentions(document, catalogue)
    return _finish(page)


def _finish(page: PrioritiesPage) -> PrioritiesPage:
    for priority in page.priorities:
        priority.cycle = priority.cycle or page.cycle
    return page
