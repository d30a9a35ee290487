"""GC3xx: rules for "Important dates" schedules."""

from __future__ import annotations

import collections
import datetime
import re

from sphinxext_glancecycle.model import Schedule, ScheduleRow
from sphinxext_glancecycle.readers.schedules import release_monday, shift
from sphinxext_glancecycle.readers.site import Site
from sphinxext_glancecycle.rules.registry import rule

KIND = 'schedule'
NAMED_MILESTONE = re.compile(r'\b(?P<name>[A-Z][a-z]+)(?:-\d\b|\s+(?:release|milestone)\b)',
                             re.IGNORECASE)
LETTER_MILESTONE = re.compile(r'\b(?P<letter>[A-Z])-\d\s+milestone\b', re.IGNORECASE)


def _monday(date: datetime.date) -> datetime.date:
    return date - datetime.timedelta(days=date.weekday())


def _points(schedule: Schedule) -> list[tuple[ScheduleRow, int, datetime.date]]:
    """Each dated countdown of the table: a row, or both ends of a range row."""
    points = []
    for row in schedule.rows:
        if row.weeks is not None and row.date is not None:
            points.append((row, row.weeks, row.date))
        if row.end_weeks is not None and row.end_date is not None:
            points.append((row, row.end_weeks, row.end_date))
    return points


def _anchor(weeks: int, date: datetime.date) -> datetime.date:
    """The Monday of the release week that a row's countdown and date imply.

    The reader dates no row whose release week would fall outside the years
    1 to 9999, so this never overflows.
    """
    return _monday(date) + datetime.timedelta(weeks=weeks)


def release_week(schedule: Schedule, policy) -> datetime.date | None:
    """The release week most rows agree on (ties go to the catalogue's)."""
    counts = collections.Counter(_anchor(w, d) for _, w, d in _points(schedule))
    if not counts:
        return None
    best, votes = counts.most_common(1)[0]
    known = release_monday(policy.catalogue, schedule.cycle)
    if known is not None and counts.get(known, 0) == votes:
        return known
    return best


def _day(date: datetime.date) -> str:
    return f"{date:%a} {date.isoformat()}"


@rule('GC301', 'schedule-header-is-data', KIND)
def header_is_data(schedule: Schedule, policy, site: Site):
    """The table's declared header row is really a row of dates."""
    if schedule.header_as_data is not None:
        yield schedule.header_as_data, ('the header row of this schedule holds a date, not '
                                        "column names (add a row 'Milestone | Week of | What' "
                                        'above it)')


@rule('GC302', 'schedule-countdown-mismatch', KIND)
def countdown_mismatch(schedule: Schedule, policy, site: Site):
    """A row's date disagrees with its ``R-n`` countdown.

    Rows must be 7 days apart per week of countdown; the run most rows
    agree on is taken as right, and each row off it is reported with the
    date it should have.  Mondays (older pages) and Fridays (newer ones)
    are both fine.
    """
    anchor = release_week(schedule, policy)
    if anchor is None:
        return
    points = _points(schedule)
    weekdays = collections.Counter(d.weekday() for _, w, d in points
                                   if _anchor(w, d) == anchor)
    offset = weekdays.most_common(1)[0][0] if weekdays else 0
    reported = set()
    for index, (row, weeks, date) in enumerate(points):
        if _anchor(weeks, date) == anchor or id(row) in reported:
            continue
        reported.add(id(row))
        expected = shift(anchor, weeks=-weeks, days=offset)
        hint = f'write {expected:%b %d}, or correct the countdown' if expected else (
            'correct the date or the countdown')
        good = [p for p in points[:index] if _anchor(p[1], p[2]) == anchor and p[1] > weeks]
        label = f'R-{weeks}' if weeks >= 0 else f'R+{-weeks}'
        if good:
            prev, prev_weeks, prev_date = good[-1]
            gap = (date - prev_date).days
            context = (f'{gap} days after {prev.countdown} ({prev_date:%b %d}) where '
                       f'{7 * (prev_weeks - weeks)} were expected')
        else:
            context = f'not in week {label} of a release in the week of {anchor:%b %d}'
        yield row.line, f"{label} is dated '{row.date_text}' ({_day(date)}), {context} ({hint})"


@rule('GC303', 'schedule-yaml-mismatch', KIND)
def yaml_mismatch(schedule: Schedule, policy, site: Site):
    """A date disagrees with the cycle's official release schedule.

    The schedule is the ``schedule.yaml`` named for the cycle in
    ``glancecycle_schedules``, else the release team's schedule shipped
    with the extension (every series from Ocata on).
    """
    weeks = site.release_schedule(schedule.cycle)
    if weeks is None:
        return
    if isinstance(weeks, str):
        yield schedule.line, f'release schedule not checked: {weeks} (fix the YAML file)'
        return
    by_count = {week.weeks: week for week in weeks if week.weeks is not None}
    for row, count, date in _points(schedule):
        week = by_count.get(count)
        if week is None:
            continue
        if not week.start <= date or (date - week.end).days > 2:
            yield row.line, (f"{row.countdown} '{row.date_text}' is outside that week of the "
                             f'release schedule ({week.start:%b %d} to {week.end:%b %d}) '
                             '(copy the date from the release schedule)')


@rule('GC304', 'schedule-other-cycle', KIND)
def other_cycle_milestone(schedule: Schedule, policy, site: Site):
    """An event names a milestone or release of another cycle's code name."""
    own = policy.catalogue.get(schedule.cycle)
    if own is None:
        return
    for row in schedule.rows:
        names = [m['name'] for m in NAMED_MILESTONE.finditer(row.what)]
        for name in dict.fromkeys(names):
            series = policy.catalogue.get(name)
            if series is not None and series != own:
                yield row.line, (f"'{row.what[:40]}' names {series.name.capitalize()}, "
                                 f'but this is the {own.name.capitalize()} schedule '
                                 f'(write {own.name.capitalize()})'), name
        for match in LETTER_MILESTONE.finditer(row.what):
            if match['letter'].lower() != own.name[0]:
                yield row.line, (f"'{match.group()}' is not a {own.name.capitalize()} "
                                 f"milestone (write {own.name[0].upper()}-"
                                 f"{match.group()[2]} milestone)"), match.group()


@rule('GC305', 'schedule-bad-date', KIND)
def bad_date(schedule: Schedule, policy, site: Site):
    """A date is not a real date, or not written as a month and a day.

    A date without its year is placed in the year its countdown falls in, so
    ``Feb 29`` is reported when that year is a common one; a weekday written
    with the date (``Friday, April 19``) must be the one it falls on.  A date
    in numbers only (``03/27``) is reported rather than guessed at, since
    pages do not agree on which number is the day.
    """
    for problem in schedule.problems:
        if problem.kind == 'wrong-date':
            yield problem.line, problem.detail
        if problem.kind == 'numeric-date':
            yield problem.line, (f"'{problem.detail}' gives the month as a number, so which "
                                 "number is the day is not known (write the month's name: "
                                 "'Mar 27' or '27 Mar')")
        if problem.kind == 'bad-date':
            yield problem.line, (f"'{problem.detail}' is not a real date (write a month and "
                                 "day such as 'Nov 17', or 'Nov 17 through Nov 21')"
                                 ), problem.detail


@rule('GC306', 'schedule-bad-countdown', KIND)
def bad_countdown(schedule: Schedule, policy, site: Site):
    """A countdown is not written ``R-<n>``, ``R+<n>`` or a range of them.

    ``<n>`` has at most two digits: no cycle is a hundred weeks long.
    """
    for problem in schedule.problems:
        if problem.kind == 'far-countdown':
            yield problem.line, (f"countdown '{problem.detail[:30]}' counts more weeks than "
                                 "any release cycle has (write the weeks left to the release, "
                                 "e.g. 'R-5', 'R-0' or 'R+1')")
        if problem.kind == 'bad-countdown':
            yield problem.line, (f"countdown '{problem.detail[:30]}' is not 'R-<weeks>' (write "
                                 "e.g. 'R-5', 'R-0' or 'R-9 through R-7')"), problem.detail


@rule('GC307', 'schedule-release-week', KIND)
def wrong_release_week(schedule: Schedule, policy, site: Site):
    """The countdown puts the release in another week than the catalogue's release date."""
    anchor = release_week(schedule, policy)
    series = policy.catalogue.get(schedule.cycle)
    if anchor is None or series is None or series.release_date is None:
        return
    if _monday(series.release_date) != anchor:
        yield schedule.line, (f'the dates put the {series.name.capitalize()} release in the '
                              f'week of {anchor.isoformat()}, but it is on '
                              f'{series.release_date.isoformat()} (correct the dates, or the '
                              'release date in glancecycle_series)')


@rule('GC308', 'schedule-unknown-cycle', KIND)
def unknown_cycle(schedule: Schedule, policy, site: Site):
    """A schedule belongs to no known cycle, so its dates cannot be placed in a year."""
    for problem in schedule.problems:
        if problem.kind == 'unknown-cycle':
            name = f"'{problem.detail}'" if problem.detail else 'no cycle'
            yield problem.line, (f'schedule of {name}: its dates are not checked (name a '
                                 'known cycle, or add it to glancecycle_series)')


@rule('GC309', 'schedule-date-out-of-range', KIND)
def date_out_of_range(schedule: Schedule, policy, site: Site):
    """A date, counted to its release week, falls outside the years 1 to 9999.

    Such a row (``9999-12-31`` at ``R-20``, ``0001-01-01`` at ``R+1``, or
    any countdown from a release date at the end of the calendar) cannot be
    placed, so it is left out of the checks, the dashboard and the calendar.
    """
    for problem in schedule.problems:
        if problem.kind == 'date-out-of-range':
            yield problem.line, problem.detail


@rule('GC310', 'schedule-missing-date', KIND)
def missing_date(schedule: Schedule, policy, site: Site):
    """A row of the schedule has no date."""
    for problem in schedule.problems:
        if problem.kind == 'missing-date':
            what = problem.detail or 'this row'
            yield problem.line, (f'{what} has no date (write the date of its week, or remove '
                                 'the row)')


@rule('GC311', 'schedule-undated-cycle', KIND)
def undated_cycle(schedule: Schedule, policy, site: Site):
    """A schedule's cycle has no release date, so dates without a year cannot be placed."""
    for problem in schedule.problems:
        if problem.kind == 'undated-cycle':
            yield problem.line, (f'the {problem.detail.capitalize()} cycle has no release date, '
                                 'so the dates of this schedule are not placed in a year (add '
                                 "its 'release_date' to glancecycle_series, or write each date "
                                 "with its year, such as 'Nov 17, 2025')")
