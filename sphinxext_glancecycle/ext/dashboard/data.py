"""What a dashboard shows, gathered from the domain: no docutils nodes here.

Records do not know the document they came from; the domain does, so every
item below carries its docname for linking.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
from typing import Any, Callable, Iterable, Iterator, Mapping

from sphinxext_glancecycle.catalogue import Catalogue
from sphinxext_glancecycle.matching import AMBIGUOUS, Match, WorkIndex, title_key
from sphinxext_glancecycle.model import (Cycle, DocumentRecords, Finding, Link, Priority,
                                         ReleasePhase, ScheduleRow, Spec, SpecLite)
from sphinxext_glancecycle.releases import Week, event_titles, milestone_of, shipped_weeks
from sphinxext_glancecycle.rules.people import Directory, build_directory

WORDS = re.compile(r'[a-z0-9]+')


def slug(text: str) -> str:
    """An id-safe form of ``text`` that keeps digits (``2024.1`` -> ``2024-1``)."""
    return '-'.join(WORDS.findall(text.lower())) or 'item'


def located(documents: Mapping[str, DocumentRecords], kind: str) -> Iterator[tuple[str, Any]]:
    """(docname, record) for every record of ``kind`` (a field of
    :class:`DocumentRecords`), in docname order."""
    for docname in sorted(documents):
        for record in getattr(documents[docname], kind):
            yield docname, record


@dataclasses.dataclass
class Work:
    """A spec or spec-lite of the repository, where it lives and what it says."""

    kind: str  # 'spec' or 'spec-lite'
    docname: str
    anchor: str | None
    record: Spec | SpecLite

    @property
    def title(self) -> str:
        return self.record.title

    @property
    def cycle(self) -> str | None:
        return self.record.cycle

    @property
    def assignees(self) -> list[str]:
        if isinstance(self.record, Spec):
            return self.record.assignees
        value = self.record.value('assignee')
        return [value] if value else []

    @property
    def urls(self) -> list[str]:
        if isinstance(self.record, Spec):
            return [self.record.blueprint] if self.record.blueprint else []
        return [url for field in self.record.fields for url in field.urls]

    def value(self, name: str) -> str | None:
        return None if isinstance(self.record, Spec) else self.record.value(name)


@dataclasses.dataclass
class PriorityView:
    docname: str
    record: Priority
    matches: list[Match]


@dataclasses.dataclass
class PhaseView:
    docname: str
    record: ReleasePhase
    begins: datetime.date | None
    until: datetime.date | None
    current: bool


@dataclasses.dataclass
class CycleData:
    """Everything one cycle's dashboard shows."""

    cycle: Cycle
    today: datetime.date
    #: the release team's schedule: its weeks that have events
    official: list[ScheduleRow]
    #: the "Important dates" of the cycle's pages
    schedule: list[tuple[str, ScheduleRow]]
    current_row: ScheduleRow | None
    next_row: ScheduleRow | None
    milestones: dict[str, datetime.date]
    priorities: list[PriorityView]
    works: list[Work]
    unprioritised: list[Work]
    phases: list[PhaseView]
    ptg: list[str]
    #: (docname, anchor of the section holding the line, finding)
    findings: list[tuple[str, str | None, Finding]]
    priorities_pages: list[str]
    #: priorities pages that are only a placeholder (``TODO``)
    placeholders: list[str] = dataclasses.field(default_factory=list)


#: days after a week's last working day that still belong to it
WEEKEND = 2

MILESTONE_TEXT = {
    'rc1': re.compile(r'\bRC[- ]?1\b', re.IGNORECASE),
}


def official_rows(cycle: Cycle, weeks: list[Week] | str | None,
                  previous: Cycle | None = None) -> list[ScheduleRow]:
    """The weeks of the release schedule that have events, as rows for the dashboard.

    A schedule starts with the ``previous`` cycle's release week, whose events
    take their titles from that cycle's schedule.
    """
    if not isinstance(weeks, list):
        return []
    titles = {**(event_titles(previous) if previous else {}), **event_titles(cycle)}
    return [ScheduleRow(countdown=week.name or '', date=week.start, end_date=week.end,
                        what=', '.join(titles.get(event, event) for event in week.events),
                        source='', line=None, cycle=cycle.key, weeks=week.weeks)
            for week in weeks if week.events]


def milestones(rows: list[ScheduleRow], cycle: Cycle, catalogue: Catalogue,
               weeks: list[Week] | str | None = None) -> dict[str, datetime.date]:
    """Dates of ``start``, ``m1``..``m3``, ``rc1`` and ``final`` as far as known:
    from the release schedule's ``weeks``, then from the pages' ``rows``."""
    found: dict[str, datetime.date] = {}
    previous = catalogue.previous(cycle) if cycle in catalogue.cycles else None
    if previous is not None and previous.release_date:
        found['start'] = previous.release_date
    for week in weeks if isinstance(weeks, list) else ():
        for event in week.events:
            name = milestone_of(event, cycle)
            if name == 'final' and cycle.release_date and (
                    week.start <= cycle.release_date <= week.end):
                found.setdefault(name, cycle.release_date)
            elif name:
                # the week of the milestone: its first day
                found.setdefault(name, week.start)
    numbered = re.compile(rf'\b(?:{re.escape(cycle.name)}|milestone)[- ]?(?P<n>[123])\b'
                          rf'|\bM-?(?P<m>[123])\b', re.IGNORECASE)
    for row in rows:
        if row.date is None:
            continue
        match = numbered.search(row.what)
        if match:
            found.setdefault(f'm{match["n"] or match["m"]}', row.date)
        if MILESTONE_TEXT['rc1'].search(row.what):
            found.setdefault('rc1', row.date)
        if row.countdown.replace(' ', '').upper() in ('R-0', 'R+0', 'R0'):
            found.setdefault('final', row.date)
    if 'final' not in found and cycle.release_date:
        found['final'] = cycle.release_date
    return found


def _phase_views(phases: list[tuple[str, ReleasePhase]], dates: dict[str, datetime.date],
                 today: datetime.date) -> list[PhaseView]:
    views = []
    for docname, phase in phases:
        begins = dates.get(phase.starts) if phase.starts else None
        until = dates.get(phase.ends) if phase.ends else None
        current = (begins is not None and begins <= today
                   and (until is None or today < until))
        views.append(PhaseView(docname, phase, begins, until, current))
    # When phases overlap only the last that has begun is current.
    current = [view for view in views if view.current]
    for view in current[:-1]:
        view.current = False
    return views


class Snapshot:
    """The domain's documents sorted out once per build, for every cycle's view."""

    def __init__(self, documents: Mapping[str, DocumentRecords], catalogue: Catalogue,
                 today: datetime.date, people: Mapping[str, Iterable[str]] | None = None,
                 redirect: Callable[[str], str | None] | None = None,
                 release_schedule: Callable[[str], list[Week] | str | None] | None = None
                 ) -> None:
        self.documents = documents
        #: cycle key -> its release schedule's weeks (the site's; by default the shipped one)
        self.release_schedule = release_schedule or (
            lambda key: shipped_weeks(catalogue.get(key)))
        self.aliases = people
        self.catalogue = catalogue
        self.today = today
        self.schedules = list(located(documents, 'schedules'))
        self.priorities = list(located(documents, 'priorities'))
        self.phases = list(located(documents, 'release_phases'))
        self.ptg = list(located(documents, 'ptg'))
        self.works = [Work('spec', d, None, s) for d, s in located(documents, 'specs')]
        self.works += [Work('spec-lite', d, lite.anchor if lite.layout != SpecLite.LAYOUT_SINGLE
                            else None, lite)
                       for d, lite in located(documents, 'spec_lites')]
        self.index = WorkIndex(self.works, sorted(documents), redirect, catalogue.position)
        #: cycle -> (docname, anchor of the section holding the line, finding)
        self.findings: dict[str, list[tuple[str, str | None, Finding]]] = {}
        self.priorities_pages: dict[str, set[str]] = {}
        self.placeholders: dict[str, set[str]] = {}
        for docname in sorted(documents):
            records = documents[docname]
            for page in records.priorities_pages:
                self.priorities_pages.setdefault(page.cycle, set()).add(docname)
                if page.placeholder is not None:
                    self.placeholders.setdefault(page.cycle, set()).add(docname)
            for priority in records.priorities:
                self.priorities_pages.setdefault(priority.cycle, set()).add(docname)
            anchors = list(records.finding_anchors)
            anchors += [None] * (len(records.findings) - len(anchors))
            self._place(docname, zip(anchors, records.findings))
        self._views: dict[str, CycleData] = {}

    @functools.cached_property
    def by_source(self) -> dict[str, str]:
        """repository path -> the docname of the page read from it."""
        return {records.source: docname for docname, records in self.documents.items()}

    def _place(self, docname: str, findings: Iterable[tuple[str | None, Finding]]) -> None:
        findings = list(findings)
        if findings:
            for cycle in self.documents[docname].cycles():
                self.findings.setdefault(cycle, []).extend(
                    (docname, anchor, finding) for anchor, finding in findings)

    def add_repository_findings(self, findings: Iterable[Finding]) -> None:
        """Show findings that look across documents (GC4xx) where they are located.

        Call before the first :meth:`cycle`.
        """
        for finding in findings:
            docname = self.by_source.get(finding.source)
            if docname is not None:
                self._place(docname, [(None, finding)])

    @functools.cached_property
    def people(self) -> Directory:
        """Everyone the documents name, once per build (index, GC4xx, export)."""
        return build_directory(priorities=self.priorities,
                               specs=list(located(self.documents, 'specs')),
                               spec_lites=list(located(self.documents, 'spec_lites')),
                               aliases=self.aliases)

    def cycle(self, cycle: Cycle) -> CycleData:
        """Everything ``cycle``'s dashboard shows (computed once)."""
        if cycle.key not in self._views:
            self._views[cycle.key] = self._gather(cycle)
        return self._views[cycle.key]

    def _gather(self, cycle: Cycle) -> CycleData:
        key, today = cycle.key, self.today
        schedule = sorted(((d, r) for d, r in self.schedules if r.cycle == key),
                          key=lambda item: (item[1].date or datetime.date.max,
                                            item[1].line or 0))
        rows = [row for _, row in schedule]
        weeks = self.release_schedule(key)
        previous = self.catalogue.previous(cycle) if cycle in self.catalogue.cycles else None
        official = official_rows(cycle, weeks, previous)
        dated = official or [row for row in rows if row.date is not None]
        current_row = next((row for row in reversed(dated) if row.date <= today), None)
        next_row = next((row for row in dated if row.date > today), None)
        if current_row is not None and next_row is None and (
                today - (current_row.end_date or current_row.date)).days > WEEKEND:
            current_row = None  # the cycle is over: no week of it is current
        dates = milestones(rows, cycle, self.catalogue, weeks)

        works = sorted((w for w in self.works if w.record.cycle == key),
                       key=lambda w: (w.record.project or '', w.record.status or '',
                                      title_key(w.title), w.docname))
        priorities = []
        for docname, priority in self.priorities:
            if priority.cycle != key:
                continue
            links = list(priority.specs) or [Link(priority.item)]
            # The item names the spec only when the row links one (or none).
            item = priority.item if len(links) == 1 else None
            matches = [self.index.find(link, key, item) for link in links]
            if not priority.specs:
                matches = [m for m in matches if m.work is not None or m.how == AMBIGUOUS]
            priorities.append(PriorityView(docname, priority, matches))
        mentioned = {id(m.work.record) for view in priorities for m in view.matches if m.work}
        findings = sorted(self.findings.get(key, ()),
                          key=lambda item: (item[2].code, item[2].sort_key()))
        return CycleData(
            cycle=cycle, today=today, official=official, schedule=schedule,
            current_row=current_row,
            next_row=next_row, milestones=dates, priorities=priorities, works=works,
            unprioritised=[w for w in works if id(w.record) not in mentioned],
            phases=_phase_views(self.phases, dates, today),
            ptg=[d for d, c in self.ptg if c == key],
            findings=findings,
            priorities_pages=sorted(self.priorities_pages.get(key, ())),
            placeholders=sorted(self.placeholders.get(key, ())),
        )


def gather(documents: Mapping[str, DocumentRecords], cycle: Cycle, catalogue: Catalogue,
           today: datetime.date) -> CycleData:
    """Collect ``cycle``'s data from the domain's ``documents``."""
    return Snapshot(documents, catalogue, today).cycle(cycle)


def cycles_with_content(documents: Mapping[str, DocumentRecords],
                        catalogue: Catalogue) -> list[Cycle]:
    """Every cycle some record or PTG summary belongs to, newest first."""
    keys = {key for records in documents.values() for key in records.cycles(by_path=False)}
    cycles = {catalogue.get(key) for key in keys} - {None}
    return sorted(cycles, key=lambda c: catalogue.position(c.key), reverse=True)


class Changes:
    """What the documents of one build touched: which cycles, and whether any
    data moved (so the aggregate pages showing it are rewritten)."""

    def __init__(self) -> None:
        self.read: list[str] = []
        self.docs: set[str] = set()
        self.cycles: set[str] = set()
        self.data = False
        #: something the overview or the people index shows moved
        self.totals = False
        self.phases = False

    def note(self, docname: str, records: DocumentRecords | None) -> None:
        """Note a document's records (before it is read again or removed, and after)."""
        if records is None or not records.has_data:
            return
        self.data = True
        self.docs.add(docname)
        self.phases = self.phases or bool(records.release_phases)
        self.totals = self.totals or any(
            getattr(records, name) for name in records.DATA if name != 'release_phases')
        self.cycles |= records.cycles()

    def note_findings(self, before: Iterable[Finding], after: Iterable[Finding],
                      cycles_of: Callable[[str], set[str]]) -> None:
        """Note the findings across documents that came or went, by their page's cycles."""
        moved = set(before) ^ set(after)
        if moved:
            self.data = self.totals = True
            for finding in moved:
                self.cycles |= cycles_of(finding.source)
