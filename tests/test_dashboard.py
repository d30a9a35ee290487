"""The cycle dashboard, overview, people index and roles in a real build."""

from __future__ import annotations

import datetime
import json
import re
import zlib

import pytest

BOARD = 'cycles/2024.1.html'


def html(app, page: str) -> str:
    return (app.outdir / page).read_text('utf-8')


def dashboard(app, page: str = BOARD) -> str:
    text = html(app, page)
    start = text.index('<div class="glancecycle-dashboard')
    return text[start:text.index('<div class="clearer">', start)]


@pytest.mark.sphinx('html', testroot='dashboard')
def test_dashboard_lists_the_cycle(app):
    app.build()
    board = dashboard(app)
    assert 'id="glancecycle-dashboard-2024-1"' in board
    assert '2024.1 (Caracal)' in board
    assert '2024-04-03' in board  # release date from the catalogue
    # specs and spec-lites of 2024.1 only, grouped by project, linked to their pages
    assert '<p class="rubric">glance</p>' in board
    assert '<p class="rubric">glance_store</p>' in board
    assert 'href="../specs/2024.1/approved/glance/faster-checksums.html"' in board
    assert 'href="../specs/2024.1/approved/glance/cache-in-db.html"' in board
    assert 'An older idea' not in board
    assert 'PerformanceImpact' in board and 'Milestone 2' in board and 'jdoe' in board
    # the PTG summary of the cycle
    assert 'href="../ptg/caracal.html"' in board
    # findings grouped by rule, linked to the page
    assert board.index('GC111 unsafe-link') < board.index('GC502 spec-section-misspelt')
    # linked to the section holding the line
    assert re.search(r'href="../specs/2024.1/approved/glance/cache-in-db.html#proposed-chage">'
                     r'<code[^>]*><span class="pre">specs/2024.1/approved/glance/'
                     r'cache-in-db.rst:12', board)


@pytest.mark.sphinx('html', testroot='dashboard')
def test_release_phases_get_dates_and_the_current_one_is_marked(app):
    app.build()
    board = dashboard(app)
    rows = re.findall(r'<tr class="((?:glancecycle-current )?row-[a-z]+)">\s*<td><p>'
                      r'<a [^>]*href="../release-tasks.html#([a-z0-9-]+)"', board)
    assert rows == [('row-even', 'before-milestone-1'),
                    ('glancecycle-current row-odd', 'between-milestone-1-and-the-final-release')]
    # Bobcat (2023.2) released 2023-10-04: the start of Caracal; M1 (its week)
    # and the release come from the official schedule.
    assert '2023-10-04 to 2023-11-13' in board
    assert '2023-11-13 to 2024-04-03' in board


@pytest.mark.sphinx('html', testroot='dashboard')
def test_hostile_values_are_inert(app):
    app.build()
    for page in (BOARD, 'people.html', 'overview.html'):
        text = html(app, page)
        assert '<img src=x' not in text
        assert 'href="javascript' not in text.lower()
        assert 'javascript:alert' not in text
    board = dashboard(app)
    assert 'Sneaky &lt;img src=x onerror=alert(“x”) idea' in board
    assert '&lt;img src=x onerror=alert(2)&gt;' in board


@pytest.mark.sphinx('html', testroot='dashboard')
def test_overview_counts_each_cycle(app):
    app.build()
    text = dashboard(app, 'overview.html')
    rows = re.findall(r'<tr class="row-[a-z]+">(<td>.*?)</tr>', text, re.DOTALL)
    cells = [re.findall(r'<td><p>(.*?)</p></td>', row, re.DOTALL) for row in rows]
    assert [re.sub(r'<[^>]+>', '', c[1]) for c in cells] == ['Dalmatian', 'Caracal', 'Bobcat']
    # release, name, date, priorities, specs, spec-lites, findings, placeholder pages
    assert cells[0] == ['2024.2', 'Dalmatian', '2024-10-02', '0', '0', '0', '0', '1']
    assert cells[1][0] == '2024.1' and cells[1][3:] == ['3', '1', '2', '4', '0']
    # the GC401 about Jane Doe's two profiles is located on the bobcat page, so it counts there
    assert cells[2][3:] == ['1', '0', '1', '1', '0']
    assert 'href="cycles/2024.1.html"' in cells[1][1]


@pytest.mark.sphinx('html', testroot='dashboard')
def test_people_index_files_assignees(app):
    app.build()
    text = dashboard(app, 'people.html')
    assert 'id="person-jane-doe"' in text
    assert 'spec-lite: Faster checksums (glance, 2024.1)' in text
    assert 'spec: Keep the cache in SQL (glance, 2024.1)' in text


@pytest.mark.sphinx('html', testroot='dashboard')
def test_roles_resolve_and_objects_are_in_the_inventory(app):
    app.build()
    index = html(app, 'index.html')
    assert 'href="cycles/2024.1.html"' in index
    assert 'href="cycles/2023.2.html"' in index
    assert 'href="specs/2024.1/approved/glance/cache-in-db.html"' in index
    assert 'href="specs/2024.1/approved/glance/faster-checksums.html"' in index
    assert 'href="cycles/2024.1.html#priority-2024-1-checksums"' in index
    assert 'id="priority-2024-1-checksums"' in html(app, BOARD)
    assert 'WARNING: undefined label' not in app.warning.getvalue()
    data = (app.outdir / 'objects.inv').read_bytes()
    body = zlib.decompress(data.split(b'\n', 4)[4]).decode()
    assert '2024.1/cache-in-db glancecycle:spec 1 specs/2024.1/approved/glance/cache-in-db.html' \
        in body
    assert '2024.1 glancecycle:cycle 1 cycles/2024.1.html' in body
    assert ('2024.1/checksums glancecycle:priority 1 '
            'cycles/2024.1.html#priority-2024-1-checksums') in body


@pytest.mark.sphinx('html', testroot='dashboard')
def test_cycle_toctree_orders_newest_first(app):
    app.build()
    index = html(app, 'index.html')
    assert index.index('cycles/2024.1.html') < index.index('cycles/2023.2.html')


@pytest.mark.sphinx('html', testroot='dashboard', freshenv=True)
def test_full_spec_is_read_and_template_is_not(app):
    app.build()
    domain = app.env.get_domain('glancecycle')
    specs = domain.records('specs')
    assert [(s.title, s.cycle, s.status, s.project, s.assignees) for s in specs] == [
        ('Keep the cache in SQL', '2024.1', 'approved', 'glance', ['jdoe'])]
    assert specs[0].blueprint == 'https://blueprints.launchpad.net/glance/+spec/cache-in-db'
    warnings = app.warning.getvalue()
    assert ('cache-in-db.rst:12: WARNING: GC502 heading \'Proposed chage\' is not a section of '
            "the spec template (did you mean 'Proposed change'?)") in warnings
    assert "GC501 section 'Proposed change'" not in warnings
    assert 'cache-in-db.rst:2: WARNING: GC501 section \'Alternatives\'' in warnings


@pytest.mark.sphinx('html', testroot='dashboard')
def test_export_validates_against_the_shipped_schema(app):
    import jsonschema

    from sphinxext_glancecycle.ext.export import schema

    app.build()
    export = json.loads((app.outdir / 'glancecycle.json').read_text('utf-8'))
    jsonschema.validate(export, schema(), format_checker=jsonschema.FormatChecker())
    assert [c['key'] for c in export['cycles']] == ['2024.2', '2024.1', '2023.2']
    assert [c['dashboard'] for c in export['cycles']] == [None, 'cycles/2024.1',
                                                          'cycles/2023.2']
    assert [s['title'] for s in export['specs']] == ['Keep the cache in SQL']
    jane = next(person for person in export['people'] if person['name'] == 'Jane Doe')
    assert jane['launchpad_ids'] == ['jane-doe-2', 'jdoe']
    assert {'role': 'spec', 'what': 'Keep the cache in SQL', 'cycle': '2024.1'} in jane['roles']
    assert [(f['source'], f['line']) for f in export['findings'] if f['code'] == 'GC401'] == [
        ('priorities/2023.2-priorities.rst', 11)]
    broken = dict(export, specs=[{'title': 3}])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema())


@pytest.mark.sphinx('html', testroot='dashboard')
def test_calendar_per_cycle(app):
    import icalendar

    app.build()
    calendar = icalendar.Calendar.from_ical((app.outdir / '2024.1.ics').read_bytes())
    events = [(str(e['summary']), e.decoded('dtstart')) for e in calendar.walk('VEVENT')]
    # milestones from the official schedule (their week), rows as the page dates them
    assert events[0] == ('Caracal: Milestone 1', datetime.date(2023, 11, 13))
    assert ('R-20: Caracal-1 milestone', datetime.date(2023, 11, 17)) in events
    assert ('Caracal: Final release', datetime.date(2024, 4, 3)) in events
    assert len(events) == 10  # five milestones and five schedule rows
    assert (app.outdir / '2023.2.ics').is_file()


@pytest.mark.sphinx('html', testroot='dashboard')
def test_priorities_table_links_owners_specs_and_milestones(app):
    app.build()
    board = dashboard(app)
    table = board[board.index('glancecycle-priorities'):]
    table = table[:table.index('</table>')]
    rows = re.findall(r'<tr class="row-[a-z]+">(<td>.*?)</tr>', table, re.DOTALL)
    first = re.findall(r'<td><p>(.*?)</p></td>', rows[0], re.DOTALL)
    assert 'Keep the cache in SQL' in first[0]
    assert 'href="../people.html#person-jane-doe"' in first[1]
    assert first[2] == 'M2 (2024-01-08)'
    assert 'href="../specs/2024.1/approved/glance/cache-in-db.html"' in first[3]
    assert first[4] == 'approved — linked'
    second = re.findall(r'<td><p>(.*?)</p></td>', rows[1], re.DOTALL)
    assert 'faster-checksums.html' in second[3] and second[4] == 'approved — by review'
    hostile = re.findall(r'<td><p>(.*?)</p></td>', rows[2], re.DOTALL)
    assert 'Sneaky &lt;script&gt;alert(3)&lt;/script&gt; item' in hostile[0]
    assert '<a' not in hostile[3] and 'evil' in hostile[3]
    # the schedule: the current row is marked, the next milestone named
    assert re.search(r'<tr class="glancecycle-current row-[a-z]+"><td><p>R-12</p>', board)
    assert 'R-7 on 2024-02-12: Extra-AC freeze' in board
    # what no priority names
    rest = board[board.index('id="unprioritised-2024-1"'):board.index('id="tasks-2024-1"')]
    assert 'hostile.html' in rest
    assert 'faster-checksums' not in rest and 'cache-in-db' not in rest
    bobcat = dashboard(app, 'cycles/2023.2.html')
    assert 'None: every spec and spec-lite of the cycle is named by a priority.' in bobcat


@pytest.mark.sphinx('html', testroot='dashboard', freshenv=True)
def test_one_name_with_two_profiles_is_reported(app):
    app.build()
    warnings = app.warning.getvalue()
    assert ("2023.2-priorities.rst:11: WARNING: GC401 'Jane Doe' links to 2 different "
            'Launchpad profiles') in warnings
    people = dashboard(app, 'people.html')
    assert re.search(r'<tr class="glancecycle-conflict row-[a-z]+"><td><p><span '
                     r'id="person-jane-doe">Jane Doe</span>', people)


@pytest.mark.sphinx('html', testroot='dashboard')
def test_dashboards_stay_out_of_the_search_index(app):
    app.build()
    index = (app.outdir / 'searchindex.js').read_text('utf-8')
    terms = json.loads(index[index.index('(') + 1:index.rindex(')')])['terms']
    assert 'checksum' in terms
    # only the dashboards' schedule tables say "countdown"
    assert 'countdown' not in terms
