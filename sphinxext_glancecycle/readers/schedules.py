"""Read "Important dates" tables: countdown weeks, dates without a year, events.

Real pages write ``R-20 | Nov 17 | Caracal-1 Milestone``: the first column
counts weeks down to the release (``R-9 through R-7`` for a range, ``R-0``
or ``R+0`` for the release week), the second gives a month and day in many
spellings (``Nov 17``, ``Sept 25``, ``Jun 04``, ``April 03``, ``17 Nov``,
``December 19 through January 6``), the third says what happens.  A date
written with its year (``Mar 27, 2026``, ``27 March 2026``, ``2026-03-27``)
is taken as written; otherwise the year comes from the cycle: the date is
placed in the year that puts it nearest the week its countdown names,
counted back from the cycle's release date in the catalogue.  Older pages
give the Monday of each week, newer ones the Friday; both are kept as
written.

A row the reader cannot date is kept undated with a problem for the GC3xx
rules: no date, a day its year does not have, a weekday the date does not
fall on, or a date whose countdown points outside the years 1 to 9999 that
dates can hold.  Every row that does get a date can be counted to its
release week without overflowing.
"""

from __future__ import annotations

import calendar
import datetime
import re

from docutils import nodes

from sphinxext_glancecycle.catalogue import Catalogue
from sphinxext_glancecycle.model import Problem, Schedule, ScheduleRow
from sphinxext_glancecycle.readers.tables import Cell, Table, read_table, row_line

#: class of the container the ``cycle-schedule`` directive makes
DIRECTIVE_CLASS = 'glancecycle-schedule'
COUNTDOWN = re.compile(r'^R\s*(?P<sign>[-+\u2212])\s*(?P<weeks>\d{1,2})$', re.IGNORECASE)
RANGE = re.compile(r'\s+(?:through|thru|to|until|till)\s+|\s*[-\u2013\u2014]\s+',
                   re.IGNORECASE)
MONTHS = tuple(name.lower() for name in calendar.month_name[1:])
WEEKDAYS = ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')
WEEKDAY = re.compile(rf'^(?:{"|".join(WEEKDAYS)})[a-z]*\.?,?\s+', re.IGNORECASE)
YEAR = r'(?:,?\s+(?P<year>\d{4}))?'
MONTH_DAY = re.compile(r'^(?P<month>[a-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?' + YEAR
                       + '$', re.IGNORECASE)
DAY_MONTH = re.compile(r'^(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>[a-z]{3,9})\.?' + YEAR
                       + '$', re.IGNORECASE)
ISO_DATE = re.compile(r'^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})$')
#: a date in numbers only (``03/27``, ``27.03.2026``): which number is the day is not known
NUMERIC_DATE = re.compile(r'^\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\.?$')
#: a countdown of more weeks than the two digits any cycle needs (``R-99999``)
FAR_COUNTDOWN = re.compile(r'^R\s*[-+\u2212]\s*\d{3,}$', re.IGNORECASE)

COUNTDOWN_HEADERS = ('countdown', 'milestone', 'week', 'release week', 'r-n')
DATE_HEADERS = ('week of', 'date', 'dates', 'when', 'week starting')
WHAT_HEADERS = ('what', 'event', 'events', 'description', 'milestones')
SECTION = re.compile(r'important dates|schedule|release dates|key dates', re.IGNORECASE)


def parse_countdown(text: str) -> tuple[int, int] | None:
    """``R-9 through R-7`` -> ``(9, 7)``; ``R-5`` -> ``(5, 5)``; ``R+1`` -> ``(-1, -1)``."""
    parts = RANGE.split(text.strip())
    if not 1 <= len(parts) <= 2:
        return None
    weeks = []
    for part in parts:
        match = COUNTDOWN.match(part.strip())
        if not match:
            return None
        count = int(match['weeks'])
        weeks.append(count if match['sign'] in '-\u2212' else -count)
    return weeks[0], weeks[-1]


def _month(word: str) -> int | None:
    word = word.lower()
    found = [index for index, name in enumerate(MONTHS, 1) if name.startswith(word)]
    return found[0] if len(found) == 1 else None


def parse_month_day(text: str) -> tuple[int | None, int, int] | None:
    """``Sept 25`` -> ``(None, 9, 25)``; ``2024-03-01`` and ``Mar 1, 2024`` -> ``(2024, 3, 1)``.

    Only the spelling is checked here: ``Feb 30`` parses, and is rejected
    when a year is given to it.
    """
    text = WEEKDAY.sub('', ' '.join(text.split()).strip().rstrip('.,;'))
    match = ISO_DATE.match(text)
    if match:
        return int(match['year']), int(match['month']), int(match['day'])
    match = MONTH_DAY.match(text) or DAY_MONTH.match(text)
    if not match:
        return None
    month = _month(match['month'])
    if month is None:
        return None
    return int(match['year']) if match['year'] else None, month, int(match['day'])


def written_weekday(text: str) -> int | None:
    """The weekday a date names (``Friday, April 20`` -> 4), if it names one."""
    match = WEEKDAY.match(' '.join(text.split()))
    if match is None:
        return None
    return WEEKDAYS.index(match[0][:3].lower())


def parse_dates(text: str) -> list[tuple[int | None, int, int]] | None:
    """One date, or the two ends of ``December 19 through January 6``."""
    parts = RANGE.split(text.strip())
    if not 1 <= len(parts) <= 2:
        return None
    parsed = [parse_month_day(part) for part in parts]
    return None if None in parsed else parsed


def shift(date: datetime.date, *, weeks: int = 0, days: int = 0) -> datetime.date | None:
    """``date`` moved by ``weeks`` and ``days``; ``None`` outside the years 1 to 9999."""
    try:
        return date + datetime.timedelta(weeks=weeks, days=days)
    except OverflowError:
        return None


def release_monday(catalogue: Catalogue, cycle: str | None) -> datetime.date | None:
    """The Monday of the release week (``R-0``) of ``cycle``."""
    series = catalogue.get(cycle)
    if series is None or series.release_date is None:
        return None
    return series.release_date - datetime.timedelta(days=series.release_date.weekday())


def nearest_year(month: int, day: int, near: datetime.date) -> int:
    """The year that puts ``month``/``day`` nearest ``near``.

    Feb 29 is placed as Feb 28 would be, so a common year nearest the
    countdown is chosen (and found lacking) rather than a leap year further
    away.
    """
    def distance(year: int) -> datetime.timedelta:
        return abs(datetime.date(year, month, min(day, 28) if month == 2 else day) - near)

    years = [y for y in (near.year - 1, near.year, near.year + 1)
             if datetime.MINYEAR <= y <= datetime.MAXYEAR]
    return min(years, key=distance)


def place(parsed: tuple[int | None, int, int],
          near: datetime.date | None) -> datetime.date | None:
    """The real date ``parsed`` names: in its own year, else the year nearest ``near``.

    ``None`` when no such date exists (``Feb 30``, or ``Feb 29`` of a
    common year), or when there is neither a year nor ``near``.
    """
    year, month, day = parsed
    if year is None:
        if near is None:
            return None
        year = nearest_year(month, day, near)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def is_real(parsed: tuple[int | None, int, int]) -> bool:
    """Whether the day exists in some year (``Feb 29``) or the given one."""
    year, month, day = parsed
    try:
        datetime.date(year or 2000, month, day)
    except ValueError:
        return False
    return True


def _norm(text: str) -> str:
    return ' '.join(text.replace('(s)', '').split()).strip(' :').lower()


def _score(rows: list[list[Cell]], column: int, test) -> float:
    values = [row[column].text for row in rows if row[column].text]
    return sum(1 for v in values if test(v)) / len(values) if values else 0.0


def columns(table: Table) -> dict[str, int] | None:
    """Which column holds the countdown, the date and the events.

    Columns are known by their content first (``R-n`` values, dates), then by
    their header; ``None`` when the table is not a schedule.
    """
    rows = table.rows + ([table.header] if table.header else [])
    headers = [_norm(cell.text) for cell in table.header] if table.header else []
    found: dict[str, int] = {}
    countdown = [_score(rows, c, parse_countdown) for c in range(table.width)]
    if countdown and max(countdown) > 0.5:
        found['countdown'] = countdown.index(max(countdown))
    dates = [_score(rows, c, parse_dates) if c not in found.values() else 0
             for c in range(table.width)]
    by_header = [c for c, h in enumerate(headers) if h in DATE_HEADERS]
    if by_header:
        found['date'] = by_header[0]
    elif dates and max(dates) > 0.5:
        found['date'] = dates.index(max(dates))
    if 'countdown' not in found:
        by_header = [c for c, h in enumerate(headers)
                     if h in COUNTDOWN_HEADERS and c not in found.values()]
        if not by_header or 'date' not in found:
            return None
        found['countdown'] = by_header[0]
    if 'date' not in found:
        return None
    rest = [c for c in range(table.width) if c not in found.values()]
    named = [c for c in rest if headers and headers[c] in WHAT_HEADERS]
    if named or rest:
        found['what'] = (named or rest)[0]
    return found


def is_schedule(table: Table) -> bool:
    return columns(table) is not None


def _date(item: tuple[int | None, int, int], weekday: int | None, count: int | None,
          monday: datetime.date | None, countdown: str, text: str,
          line: int | None) -> datetime.date | Problem | None:
    """The date ``item`` (said to be a ``weekday``) of the row at ``line`` counting down
    ``count`` weeks, or its problem."""
    if not is_real(item):
        return Problem('bad-date', line, text)
    near = None
    if item[0] is None and monday is not None:
        near = shift(monday, weeks=-(count if count is not None else 13))
        if near is None:
            return Problem('date-out-of-range', line, (
                f'{countdown} counts beyond the years 1 to 9999 that dates can hold from the '
                f'release week of {monday.isoformat()} (correct the countdown, or the '
                "cycle's release date in glancecycle_series)"))
    date = place(item, near)
    if date is None and near is not None:
        return Problem('wrong-date', line, (
            f"'{text}' would be Feb 29 of {nearest_year(item[1], item[2], near)}, which is not "
            'a leap year (write Feb 28 or Mar 01, or the date with its year)'))
    if date is not None and count is not None and shift(
            date, days=-date.weekday(), weeks=count) is None:
        return Problem('date-out-of-range', line, (
            f"{countdown} '{text}' puts the release week beyond the years 1 to 9999 that dates "
            'can hold (write the date its countdown names, or correct the countdown)'))
    if date is not None and weekday is not None and date.weekday() != weekday:
        return Problem('wrong-date', line, (
            f"'{text}' says {calendar.day_name[weekday]}, but {date:%b %d, %Y} is a "
            f'{date:%A} (correct the weekday or the date)'))
    return date


def _row(cells: list[Cell], cols: dict[str, int], source: str, cycle: str | None,
         monday: datetime.date | None, problems: list[Problem]) -> ScheduleRow:
    countdown = cells[cols['countdown']].text
    date_text = cells[cols['date']].text
    what = cells[cols['what']].text if 'what' in cols else ''
    line = row_line(cells)
    weeks = parse_countdown(countdown)
    if weeks is None and countdown:
        far = any(FAR_COUNTDOWN.match(part) for part in RANGE.split(countdown.strip()))
        problems.append(Problem('far-countdown' if far else 'bad-countdown', line, countdown))
    start_weeks, end_weeks = weeks or (None, None)
    parsed = parse_dates(date_text) if date_text else None
    dates: list[datetime.date | None] = [None, None]
    if not date_text:
        problems.append(Problem('missing-date', line, countdown))
    elif parsed is None:
        numeric = any(NUMERIC_DATE.match(part) for part in RANGE.split(date_text.strip()))
        problems.append(Problem('numeric-date' if numeric else 'bad-date', line, date_text))
    else:
        weekdays = [written_weekday(part) for part in RANGE.split(date_text.strip())]
        for index, (item, weekday, count) in enumerate(
                zip(parsed, weekdays, (start_weeks, end_weeks))):
            found = _date(item, weekday, count, monday, countdown, date_text, line)
            if isinstance(found, Problem):
                problems.append(found)
                break
            dates[index] = found
    return ScheduleRow(
        countdown=countdown, date=dates[0], what=what, source=source, line=line,
        cycle=cycle, weeks=start_weeks, end_weeks=end_weeks,
        end_date=dates[1] if parsed and len(parsed) == 2 else None, date_text=date_text)


def read_schedule(table: Table, source: str, cycle: str | None,
                  catalogue: Catalogue) -> Schedule | None:
    """Read ``table`` as a schedule of ``cycle``; ``None`` when it is not one."""
    cols = columns(table)
    if cols is None:
        return None
    schedule = Schedule(source=source, line=row_line(table.header or table.rows[0])
                        if (table.header or table.rows) else None, cycle=cycle)
    monday = release_monday(catalogue, cycle)
    body = list(table.rows)
    if table.header and parse_countdown(table.header[cols['countdown']].text):
        schedule.header_as_data = table.header_line
        body.insert(0, table.header)
    for cells in body:
        if not any(cell.text for cell in cells):
            continue
        schedule.rows.append(_row(cells, cols, source, cycle, monday, schedule.problems))
    return schedule


def _declared(table: nodes.table) -> tuple[bool, str | None]:
    """Whether ``table`` is inside a ``cycle-schedule``, and the cycle it names."""
    parent = table.parent
    while parent is not None:
        if DIRECTIVE_CLASS in parent.get('classes', ()):
            return True, parent.get('cycle')
        parent = parent.parent
    return False, None


def read_schedules(document: nodes.document, source: str, cycle: str | None,
                   catalogue: Catalogue, *, directives_only: bool = False) -> list[Schedule]:
    """Every schedule table of ``document``.

    With ``directives_only``, only tables inside ``cycle-schedule`` count
    (pages that are not priorities pages).
    """
    schedules = []
    for node in document.findall(nodes.table):
        inside, declared = _declared(node)
        if directives_only and not inside:
            continue
        table = read_table(node)
        if table is None:
            continue
        series = catalogue.get(declared or cycle)
        key = series.key if series else (declared or cycle)
        schedule = read_schedule(table, source, key, catalogue)
        if schedule is None:
            continue
        if series is None:
            schedule.problems.append(Problem('unknown-cycle', schedule.line, key or ''))
        elif series.release_date is None and any(
                year is None for row in schedule.rows
                for year, _, _ in parse_dates(row.date_text) or ()):
            schedule.problems.append(Problem('undated-cycle', schedule.line, series.name))
        schedules.append(schedule)
    return schedules
