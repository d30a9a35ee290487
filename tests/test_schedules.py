""""Important dates" schedules read with their years and judged by the GC3xx rules."""

from __future__ import annotations

import datetime
import json

import pytest

from sphinxext_glancecycle.catalogue import Catalogue
from sphinxext_glancecycle.readers import schedules

from helpers import sphinxbuild
from helpers.sphinxbuild import ESCAPES


def findings_of(app, prefix: str = 'GC3') -> set[tuple[str, int, str]]:
    """The GC3xx warnings of ``app`` (or those of another ``prefix``)."""
    return sphinxbuild.findings_of(app, prefix)


def rows(app, source: str) -> list:
    return [r for r in app.env.domains['glancecycle'].records('schedules') if r.source == source]


@pytest.mark.parametrize('text, expected', [
    ('R-20', (20, 20)), ('R-0', (0, 0)), ('R+0', (0, 0)), ('R+1', (-1, -1)),
    ('R-9 through R-7', (9, 7)), ('r-5', (5, 5)), ('Week 5', None), ('R-', None)])
def test_countdowns(text, expected):
    assert schedules.parse_countdown(text) == expected


@pytest.mark.parametrize('text, expected', [
    ('Nov 17', (None, 11, 17)), ('Sept 25', (None, 9, 25)), ('Jun 04', (None, 6, 4)),
    ('April 03', (None, 4, 3)), ('November 7', (None, 11, 7)), ('17 Nov', (None, 11, 17)),
    ('Friday, April 20', (None, 4, 20)), ('Aug 6th', (None, 8, 6)),
    ('2024-03-01', (2024, 3, 1)), ('Feb 30', (None, 2, 30)), ('Ju 4', None),
    ('soon', None)])
def test_month_day_spellings(text, expected):
    assert schedules.parse_month_day(text) == expected


def test_year_comes_from_the_cycle():
    catalogue = Catalogue.default()
    monday = schedules.release_monday(catalogue, '2024.1')
    assert monday == datetime.date(2024, 4, 1)
    near = monday - datetime.timedelta(weeks=20)
    assert schedules.place((None, 11, 17), near) == datetime.date(2023, 11, 17)
    assert schedules.place((None, 2, 30), near) is None
    assert schedules.place((None, 2, 29), monday) == datetime.date(2024, 2, 29)
    assert not schedules.is_real((None, 2, 30))


@pytest.mark.sphinx('html', testroot='schedules', freshenv=True)
def test_rows_read_with_years_and_ranges(app):
    app.build()
    ocata = rows(app, 'priorities/ocata-priorities.rst')
    assert [(r.countdown, r.line, r.date, r.end_date) for r in ocata] == [
        ('R-14', 9, datetime.date(2016, 11, 14), None),
        ('R-9 through R-7', 11, datetime.date(2016, 12, 19), datetime.date(2017, 1, 6)),
        ('R-4', 13, datetime.date(2017, 1, 23), None),
        ('R-0', 15, datetime.date(2017, 2, 20), None)]
    caracal = rows(app, 'priorities/2024.1-priorities.rst')
    assert [(r.countdown, r.weeks, r.date.isoformat()) for r in caracal] == [
        ('R-20', 20, '2023-11-17'), ('R-12', 12, '2024-01-12'), ('R-5', 5, '2024-03-01'),
        ('R+0', 0, '2024-04-05')]
    assert caracal[1].what == 'Caracal-2 milestone; spec freeze'


@pytest.mark.sphinx('html', testroot='schedules', freshenv=True)
def test_every_schedule_rule_fires_at_its_line(app):
    app.build()
    bobcat = '2023.2-priorities.rst'
    assert findings_of(app) == {
        (bobcat, 11, 'GC301'),    # the declared header row is R-22
        (bobcat, 14, 'GC303'),    # R-13 disagrees with the YAML
        (bobcat, 18, 'GC304'),    # Antelope-3 on the Bobcat page
        (bobcat, 21, 'GC302'),    # R-5 two weeks after R-6
        (bobcat, 21, 'GC303'),
        (bobcat, 21, 'GC304'),    # Z-3 milestone
        (bobcat, 24, 'GC305'),    # Feb 30
        (bobcat, 27, 'GC306'),    # 'Week 2'
        ('2024.2-priorities.rst', 11, 'GC307'),   # all rows a week late
        # each of them outside its week of the official Dalmatian schedule
        ('2024.2-priorities.rst', 14, 'GC303'),
        ('2024.2-priorities.rst', 17, 'GC303'),
        ('2024.2-priorities.rst', 20, 'GC303'),
        ('new-content.rst', 18, 'GC302'),         # inside cycle-schedule
        ('new-content.rst', 18, 'GC303'),         # R-5 of Caracal is Feb 26 to Mar 01
    }


@pytest.mark.sphinx('html', testroot='schedules', freshenv=True)
def test_header_row_that_is_data_is_read_as_a_row(app):
    app.build()
    bobcat = rows(app, 'priorities/2023.2-priorities.rst')
    assert (bobcat[0].countdown, bobcat[0].line, bobcat[0].date) == (
        'R-22', 11, datetime.date(2023, 5, 5))
    assert len(bobcat) == 8


@pytest.mark.sphinx('html', testroot='schedules', freshenv=True)
def test_messages_name_the_row_that_breaks_the_run(app):
    app.build()
    text = ESCAPES.sub('', app.warning.getvalue())
    assert ("2023.2-priorities.rst:21: WARNING: GC302 R-5 is dated 'Sept 07' "
            "(Thu 2023-09-07), 13 days after R-6 (Aug 25) where 7 were expected "
            "(write Sep 01, or correct the countdown)") in text
    assert "GC303 R-13 'Jul 07' is outside that week of the release schedule" in text


@pytest.mark.sphinx('html', testroot='schedules', freshenv=True)
def test_directives_render_and_are_judged(app):
    app.build()
    generated = rows(app, 'new-content.rst')
    assert [(r.countdown, r.date.isoformat(), r.what) for r in generated[:3]] == [
        ('R-20', '2023-11-13', 'c-1'), ('R-12', '2024-01-08', 'c-2, spec-freeze'),
        ('R-0', '2024-04-01', 'c-final')]
    found = app.env.domains['glancecycle'].records('priorities')
    assert [(p.item, p.cycle, p.source) for p in found] == [
        ('Cache rework', '2024.1', 'new-content.rst'),
        ('Far away', 'someday', 'new-content.rst')]
    warnings = ESCAPES.sub('', app.warning.getvalue())
    assert 'new-content.rst:32: WARNING: GC205 ' in warnings
    assert "new-content.rst:48: WARNING: GC215 unknown cycle 'someday'" in warnings
    assert 'new-content.rst:36: ERROR: cycle-priorities holds no table' in warnings
    html = (app.outdir / 'new-content.html').read_text('utf-8')
    assert 'glancecycle-schedule' in html and 'c-2, spec-freeze' in html
    depends = {str(p) for p in app.env.dependencies['new-content']}
    assert any(p.endswith('releases/caracal.yaml') for p in depends)
    assert any(str(p).endswith('releases/bobcat.yaml')
               for p in app.env.dependencies['priorities/2023.2-priorities'])


@pytest.mark.sphinx('html', testroot='schedules', freshenv=True,
                    confoverrides={'glancecycle_schedules': {'caracal': 'releases/none.yaml'}})
def test_unreadable_schedule_yaml_is_a_finding(app):
    app.build()
    assert ('2024.1-priorities.rst', 11, 'GC303') in findings_of(app)
    assert 'cannot read none.yaml' in ESCAPES.sub('', app.warning.getvalue())


@pytest.mark.sphinx('html', testroot='schedules', freshenv=True)
def test_export_lists_schedule_rows(app):
    app.build()
    data = json.loads((app.outdir / 'glancecycle.json').read_text('utf-8'))
    ocata = [r for r in data['schedules'] if r['source'] == 'priorities/ocata-priorities.rst']
    assert ocata[1] == {
        'source': 'priorities/ocata-priorities.rst', 'line': 11, 'cycle': 'ocata',
        'countdown': 'R-9 through R-7', 'weeks': 9, 'date': '2016-12-19',
        'end_date': '2017-01-06', 'what': 'holidays'}
    places = [(r['source'], r['line']) for r in data['schedules']]
    assert places == sorted(places)
