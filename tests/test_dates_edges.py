"""Dates at the edges: what ``datetime`` cannot hold, odd cells, calendars.

Each class of the hardening issue is tried with a few members, in a Sphinx
build and with ``glancecycle check`` on the same tree, with exact (line,
message) expectations; a tidy tree with the same spellings stays quiet.
"""

from __future__ import annotations

import datetime
import re

import icalendar
import pytest

from sphinxext_glancecycle.analysis import analyse
from sphinxext_glancecycle.policy import Policy
from sphinxext_glancecycle.readers import schedules
from sphinxext_glancecycle.readers.profile import namespace, parse

from helpers.repo import CONF, make_repo, run
from helpers.sphinxbuild import ESCAPES, build

#: far cycles at both ends of the calendar, one without a release date
SERIES = [{'name': 'zenith', 'release_id': '9999.2', 'release_date': '9999-12-31'},
          {'name': 'aurora', 'release_id': '0001.1', 'release_date': '0001-01-05'},
          {'name': 'nodate', 'release_id': '2099.1'}]
EDGES = CONF + f"glancecycle_enforce_from = '0001.1'\nglancecycle_series = {SERIES!r}\n"
INDEX = 'Specs\n=====\n\n.. toctree::\n   :glob:\n\n   **\n'
#: dashboards, the overview and release phases of every cycle the edge tests use
PAGES = {f'doc/source/cycles/{key}.rst': f'{key}\n{"=" * len(key)}\n\n.. cycle-dashboard:: {key}\n'
         for key in ('2025.1', '9999.2', '0001.1', '2099.1')}
PAGES['doc/source/cycles/all.rst'] = 'All cycles\n==========\n\n.. cycle-overview::\n'
PAGES['doc/source/tasks.rst'] = '''Tasks
=====

.. release-tasks::

   .. release-phase:: The whole cycle
      :starts: start
      :ends: final

      #. Review specs.

   .. release-phase:: After the release
      :starts: final

      #. Retrospective.
'''
WARNING = re.compile(r'([\w.-]+\.rst):(\d+): WARNING: (GC3\d\d) (.*) \[glancecycle\.[\w-]+\]$')


def dates_page(cycle: str, rows: list[tuple[str, str, str]]) -> str:
    """A priorities page whose "Important dates" rows start at line 14, one per 3 lines."""
    title = f'{cycle} Project Priorities'
    body = ''.join(f'   * - {countdown}\n     - {date}\n     - {what}\n'
                   for countdown, date, what in rows)
    return (f"{'=' * len(title)}\n{title}\n{'=' * len(title)}\n\nImportant dates\n"
            '---------------\n\n.. list-table::\n   :header-rows: 1\n\n'
            '   * - Milestone\n     - Week of\n     - What\n' + body)


def both(tmp_path, monkeypatch, capsys, files, conf=EDGES):
    """The ``-W`` build and ``check`` of one tree: (app, build findings, check status, findings).

    The build runs to its end (dashboards, calendars) whether or not it fails.
    """
    repo = make_repo(tmp_path, {'doc/source/index.rst': INDEX, **files}, conf)
    app = build(repo / 'doc' / 'source', warningiserror=True)
    warnings = ESCAPES.sub('', app.warning.getvalue()).splitlines()
    built = [(m[1], int(m[2]), m[3], m[4]) for m in map(WARNING.search, warnings) if m]
    assert app.statuscode == (1 if warnings else 0)
    status, out, err = run(monkeypatch, capsys, repo, 'check')
    assert err == []
    checked = [(path.rsplit('/', 1)[-1], int(line), code, message)
               for path, line, code, message in
               (re.match(r'(.*?):(\d+): (GC\d+) (.*)$', text).groups() for text in out)]
    return app, sorted(built), status, sorted(checked)


def uids(app, key: str) -> list[str]:
    calendar = icalendar.Calendar.from_ical((app.outdir / f'{key}.ics').read_bytes())
    return [str(event['uid']) for event in calendar.walk('VEVENT')]


@pytest.mark.parametrize('text, expected', [
    ('Mar 27, 2026', (2026, 3, 27)), ('March 27 2026', (2026, 3, 27)),
    ('27 March 2026', (2026, 3, 27)), ('Friday, Mar 27th, 2026', (2026, 3, 27)),
    ('0001-01-01', (1, 1, 1)), ('9999-12-31', (9999, 12, 31)),
    ('03/27', None), ('27.03.', None), ('Mar 27, 26', None), ('10000-01-01', None)])
def test_dates_with_a_year_and_day_month_orders(text, expected):
    assert schedules.parse_month_day(text) == expected


def test_feb_29_is_placed_in_the_year_its_countdown_names():
    assert schedules.place((None, 2, 29), datetime.date(2025, 2, 24)) is None
    assert schedules.nearest_year(2, 29, datetime.date(2025, 2, 24)) == 2025
    assert schedules.place((None, 2, 29), datetime.date(2024, 2, 26)) == datetime.date(2024, 2, 29)
    # a leap year further away is not taken instead
    assert schedules.place((None, 2, 29), datetime.date(2023, 3, 1)) is None
    assert schedules.place((None, 12, 31), datetime.date(9999, 12, 1)) == datetime.date.max
    assert schedules.place((None, 1, 1), datetime.date(1, 1, 10)) == datetime.date.min


def test_shift_says_none_past_the_calendar():
    assert schedules.shift(datetime.date.max, days=1) is None
    assert schedules.shift(datetime.date.min, weeks=-1) is None
    assert schedules.shift(datetime.date(2024, 4, 1), weeks=-2, days=4) == datetime.date(
        2024, 3, 22)


CARACAL = [('R-20', 'Nov 17, 2023', 'c-1'), ('R-12', '12 Jan', 'c-2'),
           ('R-12', 'Jan 12', 'spec freeze'), ('R-5', 'Feb 29', 'c-3'),
           ('R-1', 'Friday, March 29, 2024', 'rc'), ('R+0', 'Apr 05', 'release'),
           ('R+1', 'April 12th', 'retro')]


def test_tidy_dates_are_read_and_stay_quiet(tmp_path, monkeypatch, capsys):
    app, built, status, checked = both(
        tmp_path, monkeypatch, capsys,
        {'priorities/2024.1-priorities.rst': dates_page('2024.1', CARACAL)}, CONF)
    assert (built, checked, status) == ([], [], 0)
    assert ESCAPES.sub('', app.warning.getvalue()) == ''
    rows = app.env.domains['glancecycle'].records('schedules')
    assert [(r.line, r.date.isoformat()) for r in rows] == [
        (14, '2023-11-17'), (17, '2024-01-12'), (20, '2024-01-12'), (23, '2024-02-29'),
        (26, '2024-03-29'), (29, '2024-04-05'), (32, '2024-04-12')]
    assert uids(app, '2024.1') == [
        '2024.1-m1@glancecycle', '2024.1-m2@glancecycle', '2024.1-m3@glancecycle',
        '2024.1-rc1@glancecycle', '2024.1-final@glancecycle',
        '2024.1-r-20-2023-11-17@glancecycle', '2024.1-r-12-2024-01-12@glancecycle',
        '2024.1-r-12-2024-01-12-2@glancecycle', '2024.1-r-5-2024-02-29@glancecycle',
        '2024.1-r-1-2024-03-29@glancecycle', '2024.1-r-plus-0-2024-04-05@glancecycle',
        '2024.1-r-plus-1-2024-04-12@glancecycle']


EPOXY = [('R-20', 'Nov 15', 'e-1'), ('R-12', 'Jan 10', 'e-2'), ('R-12', 'Jan 10', 'freeze'),
         ('R-5', 'Feb 29', 'e-3'), ('R-4', 'Mar 7, 2025', 'docs'), ('R-3', '14 March', 'rc'),
         ('R-2', '', 'rc2'), ('R-1', '03/28', 'final rc'), ('R-0', 'Apr 04', 'release'),
         ('R+1', '0001-01-01', 'retro'), ('R-9', '9999-12-31', 'far'),
         ('R+2', 'Apr 18', 'ptg'), ('R-99999', 'Apr 25', 'far countdown'),
         ('R-7', 'Feb 13, 2026', 'wrong year'), ('R-6', 'Thursday, Feb 21', 'wrong weekday'),
         ('R-8', 'TBD', 'not yet'), ('R-11 through R-10', '13.01. - 24.01.2025', 'numbers'),
         ('R-100', 'Apr 25', 'far countdown')]
ZENITH = [('R-1', 'Dec 24', 'z-rc'), ('R-0', 'Dec 31', 'z-final'), ('R+1', 'Jan 07', 'after'),
          ('R+2', '9999-12-31', 'last day')]
AURORA = [('R-1', 'Dec 29', 'a-rc'), ('R-0', 'Jan 05', 'a-final'), ('R+1', 'Jan 12', 'a-ptg')]
NODATE = [('R-1', 'Dec 29', 'n-rc'), ('R-0', 'Jan 02, 2099', 'n-final')]
OUT_OF_RANGE = 'beyond the years 1 to 9999 that dates can hold'
EXPECTED = [
    ('0001.1-priorities.rst', 14, 'GC309',
     f'R-1 counts {OUT_OF_RANGE} from the release week of 0001-01-01 (correct the countdown, '
     "or the cycle's release date in glancecycle_series)"),
    ('2025.1-priorities.rst', 23, 'GC305',
     "'Feb 29' would be Feb 29 of 2025, which is not a leap year (write Feb 28 or Mar 01, "
     'or the date with its year)'),
    ('2025.1-priorities.rst', 32, 'GC310',
     'R-2 has no date (write the date of its week, or remove the row)'),
    ('2025.1-priorities.rst', 35, 'GC305',
     "'03/28' gives the month as a number, so which number is the day is not known (write "
     "the month's name: 'Mar 27' or '27 Mar')"),
    ('2025.1-priorities.rst', 41, 'GC309',
     f"R+1 '0001-01-01' puts the release week {OUT_OF_RANGE} (write the date its countdown "
     'names, or correct the countdown)'),
    ('2025.1-priorities.rst', 44, 'GC309',
     f"R-9 '9999-12-31' puts the release week {OUT_OF_RANGE} (write the date its countdown "
     'names, or correct the countdown)'),
    ('2025.1-priorities.rst', 50, 'GC306',
     "countdown 'R-99999' counts more weeks than any release cycle has (write the weeks left "
     "to the release, e.g. 'R-5', 'R-0' or 'R+1')"),
    ('2025.1-priorities.rst', 53, 'GC302',
     "R-7 is dated 'Feb 13, 2026' (Fri 2026-02-13), 399 days after R-12 (Jan 10) where 35 "
     'were expected (write Feb 14, or correct the countdown)'),
    ('2025.1-priorities.rst', 53, 'GC303',
     "R-7 'Feb 13, 2026' is outside that week of the release schedule (Feb 10 to Feb 14) "
     '(copy the date from the release schedule)'),
    ('2025.1-priorities.rst', 56, 'GC305',
     "'Thursday, Feb 21' says Thursday, but Feb 21, 2025 is a Friday (correct the weekday "
     'or the date)'),
    ('2025.1-priorities.rst', 59, 'GC305',
     "'TBD' is not a real date (write a month and day such as 'Nov 17', or 'Nov 17 through "
     "Nov 21')"),
    ('2025.1-priorities.rst', 62, 'GC305',
     "'13.01. - 24.01.2025' gives the month as a number, so which number is the day is not "
     "known (write the month's name: 'Mar 27' or '27 Mar')"),
    ('2025.1-priorities.rst', 65, 'GC306',
     "countdown 'R-100' counts more weeks than any release cycle has (write the weeks left "
     "to the release, e.g. 'R-5', 'R-0' or 'R+1')"),
    ('2099.1-priorities.rst', 11, 'GC311',
     'the Nodate cycle has no release date, so the dates of this schedule are not placed in '
     "a year (add its 'release_date' to glancecycle_series, or write each date with its "
     "year, such as 'Nov 17, 2025')"),
    ('9999.2-priorities.rst', 20, 'GC309',
     f'R+1 counts {OUT_OF_RANGE} from the release week of 9999-12-27 (correct the countdown, '
     "or the cycle's release date in glancecycle_series)"),
    ('9999.2-priorities.rst', 23, 'GC302',
     "R+2 is dated '9999-12-31' (Fri 9999-12-31), 0 days after R-0 (Dec 31) where 14 were "
     'expected (correct the date or the countdown)'),
]


def test_edge_dates_are_located_findings_in_build_and_check(tmp_path, monkeypatch, capsys):
    app, built, status, checked = both(tmp_path, monkeypatch, capsys, {
        **PAGES, 'priorities/2025.1-priorities.rst': dates_page('2025.1', EPOXY),
        'priorities/9999.2-priorities.rst': dates_page('9999.2', ZENITH),
        'priorities/0001.1-priorities.rst': dates_page('0001.1', AURORA),
        'priorities/2099.1-priorities.rst': dates_page('2099.1', NODATE)})
    assert built == EXPECTED
    assert checked == EXPECTED
    assert status == 1
    warnings = ESCAPES.sub('', app.warning.getvalue())
    assert 'Traceback' not in warnings and 'Extension error' not in warnings
    for key in ('2025.1', '9999.2', '0001.1', '2099.1'):
        assert 'glancecycle-' in (app.outdir / 'cycles' / f'{key}.html').read_text('utf-8')
    # rows that cannot be placed are left out of the calendar; the rest have unique UIDs
    assert uids(app, '2025.1') == [
        '2025.1-m1@glancecycle', '2025.1-m2@glancecycle', '2025.1-m3@glancecycle',
        '2025.1-rc1@glancecycle', '2025.1-final@glancecycle',
        '2025.1-r-20-2024-11-15@glancecycle', '2025.1-r-12-2025-01-10@glancecycle',
        '2025.1-r-12-2025-01-10-2@glancecycle', '2025.1-r-4-2025-03-07@glancecycle',
        '2025.1-r-3-2025-03-14@glancecycle', '2025.1-r-0-2025-04-04@glancecycle',
        '2025.1-r-plus-2-2025-04-18@glancecycle', '2025.1-r-99999-2025-04-25@glancecycle',
        '2025.1-r-100-2025-04-25@glancecycle', '2025.1-r-7-2026-02-13@glancecycle']


def test_the_last_day_is_an_event_without_an_end(tmp_path, monkeypatch, capsys):
    app, *_ = both(tmp_path, monkeypatch, capsys,
                   {'priorities/9999.2-priorities.rst': dates_page('9999.2', ZENITH)})
    calendar = icalendar.Calendar.from_ical((app.outdir / '9999.2.ics').read_bytes())
    events = {str(e['summary']): e for e in calendar.walk('VEVENT')}
    assert sorted(events) == ['R+2: last day', 'R-0: z-final', 'R-1: z-rc',
                              'Zenith: Final release']
    assert events['R-0: z-final']['dtstart'].dt == datetime.date.max
    assert 'dtend' not in events['R-0: z-final']
    assert events['R-1: z-rc']['dtend'].dt == datetime.date(9999, 12, 25)


def test_a_cycle_without_a_release_date_is_warned_about_once(tmp_path, monkeypatch, capsys):
    app, built, _, _ = both(tmp_path, monkeypatch, capsys, {
        'priorities/2099.1-priorities.rst': dates_page('2099.1', NODATE),
        'priorities/9999.2-priorities.rst': dates_page('9999.2', ZENITH[:2])})
    warnings = ESCAPES.sub('', app.warning.getvalue()).splitlines()
    calendar = [line for line in warnings if 'glancecycle.calendar' in line]
    assert calendar == [
        'WARNING: cycle 2099.1 Nodate has pages but no release date, so its calendar '
        "2099.1.ics holds only the dates written with their year (add its 'release_date' to "
        'glancecycle_series) [glancecycle.calendar]']
    assert [f[:3] for f in built] == [('2099.1-priorities.rst', 11, 'GC311')]
    # only the date written with its year is placed
    assert uids(app, '2099.1') == ['2099.1-final@glancecycle',
                                   '2099.1-r-0-2099-01-02@glancecycle']


COUNTDOWNS = ('R-0', 'R+0', 'R-1', 'R+1', 'R-99', 'R+99', 'R-9 through R-7', '', 'R-99999')
DATES = ('9999-12-31', '0001-01-01', 'Dec 31', 'Jan 01', 'Feb 29', '', 'Dec 31 through Jan 01',
         'Mar 27, 2026', 'Sunday, Jan 1', '9999-12-25 through 9999-12-31', 'Monday, 0001-01-01')


@pytest.mark.parametrize('cycle', ['9999.2', '0001.1', '2099.1', '2024.1'])
def test_every_edge_combination_is_read_judged_and_written(cycle):
    """Each countdown with each date, in cycles at both ends of the calendar: no overflow."""
    from sphinxext_glancecycle.ext.calendar import cycle_calendar
    from sphinxext_glancecycle.ext.dashboard import data
    from sphinxext_glancecycle.model import DocumentRecords

    policy = Policy.from_config({'glancecycle_series': SERIES, 'glancecycle_today': '2024-01-20',
                                 'glancecycle_enforce_from': '0001.1'})
    rows = [(c, d, f'event {c} {d}') for c in COUNTDOWNS for d in DATES]
    source = f'priorities/{cycle}-priorities.rst'
    with namespace():
        report = analyse(parse(dates_page(cycle, rows), source), source, policy)
    read = [row for schedule in report.schedules for row in schedule.rows]
    assert len(read) == len(rows)
    assert all(f.line is not None and f.line >= 14 for f in report.findings
               if f.code not in ('GC307', 'GC311'))
    for row in read:
        for weeks, date in ((row.weeks, row.date), (row.end_weeks, row.end_date)):
            if weeks is not None and date is not None:
                assert schedules.shift(date, days=-date.weekday(), weeks=weeks), row
    info = data.gather({'page': DocumentRecords(source=source, schedules=read)},
                       policy.catalogue.get(cycle), policy.catalogue, datetime.date(2024, 1, 20))
    written = icalendar.Calendar.from_ical(cycle_calendar(info).to_ical())
    found = [str(event['uid']) for event in written.walk('VEVENT')]
    assert len(found) == len(set(found)) > 0
