"""Docutils nodes for the dashboard, the overview and the people index.

Every value from a page goes in as text (docutils escapes it) and every
outside URL through :func:`external`, so hostile values stay inert.
"""

from __future__ import annotations

import datetime
from typing import Callable, Iterable, Sequence

from docutils import nodes

from sphinxext_glancecycle.ext.dashboard.data import CycleData, Work
from sphinxext_glancecycle.sanitize import is_unsafe

#: (target docname, anchor, content) -> reference node
Linker = Callable[[str, 'str | None', nodes.Node], nodes.Node]

CURRENT = 'glancecycle-current'
NOTHING = '\u2014'


def day(date: datetime.date | None) -> str:
    return date.isoformat() if date else NOTHING


def external(url: str | None, text: str | None = None) -> nodes.Node:
    """A link to ``url``, or plain text when the URL could run code."""
    label = text or url or ''
    if not url or is_unsafe(url):
        return nodes.inline(label, label)
    return nodes.reference(label, label, refuri=url)


def _cell(content) -> nodes.entry:
    entry = nodes.entry()
    if content is None or content == '':
        content = NOTHING
    if isinstance(content, str):
        entry += nodes.paragraph(content, content)
    elif isinstance(content, nodes.Node):
        inline = isinstance(content, (nodes.Inline, nodes.Text))
        entry += nodes.paragraph('', '', content) if inline else content
    else:
        para = nodes.paragraph()
        for index, node in enumerate(content):
            if index:
                para += nodes.Text(', ')
            para += node
        if not content:
            para += nodes.Text(NOTHING)
        entry += para
    return entry


def table(headers: Sequence[str], rows: Iterable[tuple[list, list[str]]],
          classes: Sequence[str] = ()) -> nodes.table:
    """A table with a header row; each row is (cells, row classes)."""
    node = nodes.table(classes=['glancecycle-table', *classes])
    group = nodes.tgroup(cols=len(headers))
    node += group
    for _ in headers:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    row = nodes.row()
    for header in headers:
        row += _cell(header)
    head += row
    group += head
    body = nodes.tbody()
    for cells, row_classes in rows:
        row = nodes.row(classes=list(row_classes))
        for content in cells:
            row += _cell(content)
        body += row
    group += body
    return node


def section(title: str, ident: str, *children: nodes.Node) -> nodes.section:
    """A titled part of the dashboard with a stable id."""
    node = nodes.section(ids=[ident], classes=['glancecycle-part'])
    node += nodes.title(title, title)
    for child in children:
        node += child
    return node


def para(*parts) -> nodes.paragraph:
    node = nodes.paragraph()
    for part in parts:
        node += nodes.Text(part) if isinstance(part, str) else part
    return node


def work_link(work: Work, link: Linker) -> nodes.Node:
    return link(work.docname, work.anchor, nodes.inline(work.title, work.title))


def _status(work: Work) -> str:
    return work.record.status or 'unknown'


def overview_head(data: CycleData) -> nodes.Node:
    cycle = data.cycle
    facts = nodes.field_list(classes=['glancecycle-facts'])

    def fact(name: str, value) -> None:
        field = nodes.field()
        field += nodes.field_name(name, name)
        body = nodes.field_body()
        body += value if isinstance(value, nodes.Node) else para(value)
        field += body
        facts.append(field)

    fact('Cycle', f'{cycle.release_id or NOTHING} ({cycle.name.capitalize()})')
    fact('Release date', day(cycle.release_date))
    fact('Today', day(data.today))
    if data.current_row is not None:
        row = data.current_row
        fact('Current phase', f'{row.countdown} (from {day(row.date)}): {row.what}')
    if data.next_row is not None:
        row = data.next_row
        fact('Next on the schedule', f'{row.countdown} on {day(row.date)}: {row.what}')
    elif data.official or data.schedule:
        fact('Next on the schedule', 'nothing left: the cycle is over')
    return facts


def schedule_tables(data: CycleData) -> list[nodes.Node]:
    """The release team's schedule, then the dates the cycle's pages give."""
    if not data.official and not data.schedule:
        return [para('No schedule for this cycle is known: the release team has not '
                     'published one yet and no page gives important dates.')]
    out: list[nodes.Node] = []
    if data.official:
        out.append(para('The release team\'s schedule (its weeks with events):'))
        out.append(table(['Countdown', 'Week of', 'What'], [
            ([row.countdown, day(row.date), row.what],
             [CURRENT] if row is data.current_row else []) for row in data.official],
            ['glancecycle-schedule', 'glancecycle-official']))
    if data.schedule:
        out.append(para('Important dates on the cycle\'s pages:'))
        out.append(table(['Countdown', 'Date', 'What'], [
            ([row.countdown, day(row.date), row.what],
             [CURRENT] if row is data.current_row else []) for _, row in data.schedule],
            ['glancecycle-schedule']))
    return out


def priorities_table(data: CycleData, link: Linker,
                     person: Callable[[object], nodes.Node], ident: Callable[[str], str]
                     ) -> nodes.Node:
    if not data.priorities:
        return para('No priorities for this cycle have been read.')
    rows = []
    for view in data.priorities:
        priority = view.record
        item = nodes.inline(priority.item, priority.item, ids=[ident(priority.item)])
        owners = [person(owner) for owner in priority.owners]
        milestone = priority.milestone or ''
        if milestone and milestone.lower() in data.milestones:
            milestone = f'{milestone} ({day(data.milestones[milestone.lower()])})'
        specs, statuses = [], []
        for match in view.matches:
            if match.work is not None:
                specs.append(work_link(match.work, link))
                statuses.append(nodes.Text(f'{_status(match.work)} \N{EM DASH} {match.verdict}'))
            else:
                specs.append(external(match.link.target, match.link.text))
                statuses.append(nodes.Text(match.verdict))
        rows.append(([item, owners, milestone, specs, statuses], []))
    return table(['Priority', 'Owners', 'Target milestone', 'Specs', 'Status'], rows,
                 ['glancecycle-priorities'])


def works_tables(works: list[Work], link: Linker) -> list[nodes.Node]:
    """One table per project of specs and spec-lites."""
    if not works:
        return [para('None.')]
    out: list[nodes.Node] = []
    projects = sorted({w.record.project or '' for w in works})
    for project in projects:
        rows = []
        for work in (w for w in works if (w.record.project or '') == project):
            rows.append(([work_link(work, link), work.kind, _status(work),
                          ', '.join(work.assignees), work.value('impacts') or '',
                          work.value('timeline') or ''], []))
        name = project or 'no project'
        out.append(nodes.rubric(name, name))
        out.append(table(['Title', 'Kind', 'Status', 'Assignee', 'Impacts', 'Timeline'],
                         rows, ['glancecycle-works']))
    return out


def unprioritised_list(data: CycleData, link: Linker) -> nodes.Node:
    """The cycle's specs and spec-lites that no priority names."""
    if not data.priorities:
        return para('No priorities were read for this cycle.')
    if not data.unprioritised:
        return para('None: every spec and spec-lite of the cycle is named by a priority.')
    items = nodes.bullet_list(classes=['glancecycle-unprioritised'])
    for work in data.unprioritised:
        items += nodes.list_item('', para(work_link(work, link),
                                          f' ({work.kind}, {work.record.project or NOTHING}, '
                                          f'{_status(work)})'))
    return items


def phases_table(data: CycleData, link: Linker) -> nodes.Node:
    if not data.phases:
        return para('No release-cycle tasks have been written down.')
    rows = []
    for view in data.phases:
        phase = view.record
        span = f'{day(view.begins)} to {day(view.until)}'
        if view.until is None and view.begins is not None:
            span = f'from {day(view.begins)}'
        title = link(view.docname, phase.anchor, nodes.inline(phase.title, phase.title))
        rows.append(([title, span, str(len(phase.tasks))], [CURRENT] if view.current else []))
    return table(['Phase', 'Dates', 'Tasks'], rows, ['glancecycle-phases'])


def findings_list(data: CycleData, link: Linker) -> nodes.Node:
    if not data.findings:
        return para('No findings.')
    container = nodes.container(classes=['glancecycle-findings-list'])
    current = None
    items = None
    for docname, anchor, finding in data.findings:
        if finding.code != current:
            current = finding.code
            heading = f'{finding.code} {finding.rule}'
            container += nodes.rubric(heading, heading)
            items = nodes.bullet_list()
            container += items
        where = f'{finding.source}:{finding.line}' if finding.line else finding.source
        item = para(link(docname, anchor, nodes.literal(where, where)),
                    f' ({finding.severity}) {finding.message}')
        items += nodes.list_item('', item)
    return container
