"""Plain records for what a specs repository holds.

Nothing here imports Sphinx: readers build these objects, rules judge them,
and both the Sphinx layer and the command line consume them.
"""

from __future__ import annotations

import dataclasses
import datetime

# the records a run needs before it reads a page live in core: they are the model's too
from sphinxext_glancecycle.core import Cycle, Finding, Severity  # noqa: F401


@dataclasses.dataclass(frozen=True)
class Milestone:
    """A dated event of a cycle (``M1``, ``R-5``, a freeze...)."""

    name: str
    date: datetime.date | None
    countdown: str | None = None


@dataclasses.dataclass
class Field:
    """One ``:name: value`` of a spec-lite, with the lines it came from."""

    name: str
    value: str
    line: int | None
    urls: list[str] = dataclasses.field(default_factory=list)
    broken: bool = False
    #: (first line, text as written) of each paragraph of the value
    paragraphs: list[tuple[int, str]] = dataclasses.field(default_factory=list)

    def line_of(self, text: str) -> int | None:
        """The line of the value where ``text`` is written (else the field's line)."""
        for start, written in self.paragraphs:
            for offset, row in enumerate(written.splitlines()):
                if text in row:
                    return start + offset
        return self.line


@dataclasses.dataclass
class EndMarker:
    """The ``End of `Title``` heading that closes a multi-entry spec-lite."""

    text: str
    line: int | None
    #: ``False`` for a closing heading that repeats the title without ``End of``
    prefixed: bool = True


@dataclasses.dataclass
class SpecLite:
    """A short proposal: a title and its fields."""

    title: str
    source: str
    line: int | None
    layout: str
    fields: list[Field] = dataclasses.field(default_factory=list)
    cycle: str | None = None
    status: str | None = None
    project: str | None = None
    title_prefix: str | None = None
    end_marker: EndMarker | None = None
    anchor: str | None = None

    LAYOUT_SINGLE = 'single'
    LAYOUT_MULTI = 'multi'
    LAYOUT_DIRECTIVE = 'directive'

    def field(self, name: str) -> Field | None:
        """Return the first well-formed field called ``name``."""
        for item in self.fields:
            if item.name == name and not item.broken:
                return item
        return None

    def value(self, name: str) -> str | None:
        item = self.field(name)
        return item.value if item else None


@dataclasses.dataclass(frozen=True)
class Person:
    """Someone named in a page, with the profile URL the name links to."""

    name: str
    url: str | None = None
    #: the nick a page gives next to the name (``Name <nick>``, ``Name (nick)``)
    nick: str | None = None


@dataclasses.dataclass(frozen=True)
class Link:
    """A named link from a page: its text and target (URL or in-repo reference)."""

    text: str
    target: str | None = None


@dataclasses.dataclass
class Priority:
    """One row (or bullet) of a cycle's priorities page."""

    item: str
    source: str
    line: int | None
    owners: list[Person] = dataclasses.field(default_factory=list)
    specs: list[Link] = dataclasses.field(default_factory=list)
    milestone: str | None = None
    cycle: str | None = None
    group: str | None = None
    #: the owner and spec cells as written (``None``: the layout has no such column)
    owner_text: str | None = None
    spec_text: str | None = None
    #: column (``owners``, ``specs``, ``milestone``) -> line of its cell
    cells: dict[str, int | None] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class ScheduleRow:
    """One row of an "Important dates" table: ``R-n``, a date, what happens."""

    countdown: str
    date: datetime.date | None
    what: str
    source: str
    line: int | None
    cycle: str | None = None
    #: weeks before the release (``R-5`` -> 5, ``R+1`` -> -1); ranges also end
    weeks: int | None = None
    end_weeks: int | None = None
    end_date: datetime.date | None = None
    date_text: str = ''


@dataclasses.dataclass(frozen=True)
class Problem:
    """Something a reader could not make sense of, kept for a rule to report."""

    kind: str
    line: int | None
    detail: str = ''


@dataclasses.dataclass(frozen=True)
class Target:
    """A named hyperlink target defined in a page, and whether anything uses it."""

    name: str
    url: str
    line: int | None
    used: bool


@dataclasses.dataclass
class PrioritiesPage:
    """A cycle's priorities page as a whole (also when it is only a placeholder)."""

    source: str
    line: int | None
    title: str
    cycle: str | None = None
    #: line of the ``TODO`` text when the page holds no priorities yet
    placeholder: int | None = None
    priorities: list[Priority] = dataclasses.field(default_factory=list)
    targets: list[Target] = dataclasses.field(default_factory=list)
    #: every external link of the page with the line that defines it
    links: list[tuple[Link, int | None]] = dataclasses.field(default_factory=list)
    #: code names or ids of series named in the page's prose, with their lines
    mentions: list[tuple[str, int | None]] = dataclasses.field(default_factory=list)
    problems: list[Problem] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Schedule:
    """One "Important dates" table of a cycle."""

    source: str
    line: int | None
    cycle: str | None = None
    rows: list[ScheduleRow] = dataclasses.field(default_factory=list)
    #: line of a header row that really holds a date
    header_as_data: int | None = None
    problems: list[Problem] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Spec:
    """A full design spec: one document written from the repository's template."""

    title: str
    source: str
    line: int | None
    cycle: str | None = None
    status: str | None = None
    project: str | None = None
    blueprint: str | None = None
    assignees: list[str] = dataclasses.field(default_factory=list)
    sections: list[tuple[str, int | None]] = dataclasses.field(default_factory=list)
    #: the first link to a tracker kind the profile accepts (blueprint, bug, story)
    tracker: str | None = None
    #: the spec says it needs no tracker link (the profile's opt-out comment)
    tracker_optional: bool = False
    #: the release whose folder links to the spec, in layouts that keep such folders
    release: str | None = None
    #: top-level headings that break the template's hierarchy: (headings, line, the
    #: template section they belong under, the template headings they take in)
    misplaced: list[tuple[tuple[str, ...], int | None, str, tuple[str, ...]]] = (
        dataclasses.field(default_factory=list))
    #: paragraphs left as the template wrote them, by section: (section, line of the
    #: first, count, text of the first)
    template_text: list[tuple[str, int | None, int, str]] = dataclasses.field(
        default_factory=list)


@dataclasses.dataclass
class ReleasePhase:
    """A stretch of the release cycle and the team's tasks in it."""

    title: str
    source: str
    line: int | None
    starts: str | None = None
    ends: str | None = None
    tasks: list[str] = dataclasses.field(default_factory=list)
    anchor: str | None = None


@dataclasses.dataclass
class DocumentRecords:
    """What a build keeps of one document: its records, findings and placeholders.

    The ``glancecycle`` domain holds one per document; the dashboards, the
    export and the calendars read only these.
    """

    #: repository path of the document
    source: str = ''
    #: the cycle its path gives, if any
    cycle: str | None = None
    spec_lites: list[SpecLite] = dataclasses.field(default_factory=list)
    specs: list[Spec] = dataclasses.field(default_factory=list)
    priorities_pages: list[PrioritiesPage] = dataclasses.field(default_factory=list)
    priorities: list[Priority] = dataclasses.field(default_factory=list)
    schedules: list[ScheduleRow] = dataclasses.field(default_factory=list)
    release_phases: list[ReleasePhase] = dataclasses.field(default_factory=list)
    #: the cycles this document is the PTG summary of
    ptg: list[str] = dataclasses.field(default_factory=list)
    findings: list[Finding] = dataclasses.field(default_factory=list)
    #: for each finding, the id of the section holding its line
    finding_anchors: list[str | None] = dataclasses.field(default_factory=list)
    #: the baseline entries its findings used
    baselined: list = dataclasses.field(default_factory=list)
    #: placeholders the page holds: dashboards by cycle key, and whether it
    #: holds the overview or the people index
    dashboards: list[str] = dataclasses.field(default_factory=list)
    overview: bool = False
    people_index: bool = False
    #: its priorities pages' links wait for pages still to be read: they are
    #: judged when reading is over
    waiting: bool = False

    #: the fields holding cycle data (the rest is page furniture)
    DATA = ('spec_lites', 'specs', 'priorities_pages', 'priorities', 'schedules',
            'release_phases', 'ptg', 'findings')

    @property
    def has_data(self) -> bool:
        return any(getattr(self, name) for name in self.DATA)

    @property
    def has_aggregates(self) -> bool:
        """Whether the page holds a dashboard, the overview or the people index."""
        return bool(self.dashboards) or self.overview or self.people_index

    def cycles(self, by_path: bool = True) -> set[str]:
        """The cycles its records belong to; its path's cycle when none say
        (and ``by_path``)."""
        found = {record.cycle for records in (self.spec_lites, self.specs,
                                              self.priorities_pages, self.priorities,
                                              self.schedules)
                 for record in records if record.cycle}
        found.update(self.ptg)
        if not found and by_path and self.cycle:
            found.add(self.cycle)
        return found
