"""What a dashboard gathers from the domain, on records made by hand."""

from __future__ import annotations

import datetime

from sphinxext_glancecycle.catalogue import Catalogue
from sphinxext_glancecycle.ext.dashboard import data
from sphinxext_glancecycle.model import (DocumentRecords, Field, Link, Person, Priority,
                                         ScheduleRow, Spec, SpecLite)
from sphinxext_glancecycle.policy import Policy
from sphinxext_glancecycle.rules.people import build_directory, people_findings

CATALOGUE = Catalogue.default()
CARACAL = CATALOGUE.get('2024.1')
PAGE = 'priorities/2024.1-priorities.rst'


def lite(title: str, source: str, link: str) -> SpecLite:
    return SpecLite(title=title, source=source, line=1, layout='single', cycle='2024.1',
                    status='approved', project='glance',
                    fields=[Field('link', link, 9, urls=[link])])


def row(countdown: str, date: str, what: str, line: int) -> ScheduleRow:
    return ScheduleRow(countdown, datetime.date.fromisoformat(date), what, PAGE, line,
                       cycle='2024.1')


KINDS = {
    'priorities/2024.1-priorities': {
        'priorities': [
            Priority('Cache in SQL', PAGE, 20,
                     owners=[Person('Ann', 'https://launchpad.net/~ann')],
                     specs=[Link('spec', 'https://specs.openstack.org/openstack/glance-specs/'
                                         'specs/2024.1/approved/glance/cache-in-db.html')],
                     milestone='M2', cycle='2024.1'),
            Priority('Faster checksums', PAGE, 24,
                     owners=[Person('Ann', 'https://launchpad.net/~ann2')],
                     specs=[Link('faster', 'https://review.openstack.org/#/c/900001/')],
                     milestone='M3', cycle='2024.1'),
            Priority('Quotas', PAGE, 28, specs=[Link('Unified quotas', None)], cycle='2024.1'),
            Priority('Encryption', PAGE, 32,
                     specs=[Link('elsewhere', 'https://review.opendev.org/c/x/+/123456')],
                     cycle='2024.1'),
        ],
        'schedules': [
            row('R-20', '2023-11-17', 'Caracal-1 milestone', 50),
            row('R-12', '2024-01-12', 'Caracal-2 milestone', 53),
            row('R-5', '2024-03-01', 'Caracal-3 milestone', 56),
            row('R-3', '2024-03-15', 'RC-1 release', 59),
            row('R-0', '2024-04-05', 'Caracal release', 62),
        ],
    },
    'specs/2024.1/approved/glance/cache-in-db': {
        'specs': [Spec('Keep the cache in SQL', 'specs/2024.1/approved/glance/cache-in-db.rst',
                       8, cycle='2024.1', status='approved', project='glance')],
    },
    'specs/2024.1/approved/glance/faster': {
        'spec_lites': [lite('Faster checksums', 'specs/2024.1/approved/glance/faster.rst',
                            'https://review.opendev.org/c/openstack/glance/+/900001')],
    },
    'specs/2024.1/approved/glance/quotas': {
        'spec_lites': [lite('Unified Quotas!', 'specs/2024.1/approved/glance/quotas.rst',
                            'None')],
    },
    'specs/2024.1/approved/glance/unloved': {
        'spec_lites': [lite('Nobody asked', 'specs/2024.1/approved/glance/unloved.rst', 'None')],
    },
}


DOCUMENTS = {name: DocumentRecords(source=name + '.rst', **records)
             for name, records in KINDS.items()}


def gather(today: str = '2024-01-20') -> data.CycleData:
    return data.gather(DOCUMENTS, CARACAL, CATALOGUE, datetime.date.fromisoformat(today))


def test_priorities_match_by_reference_then_review_then_title():
    info = gather()
    matches = {view.record.item: [(m.work.title if m.work else None, m.how)
                                  for m in view.matches] for view in info.priorities}
    assert matches == {
        'Cache in SQL': [('Keep the cache in SQL', 'linked')],
        'Faster checksums': [('Faster checksums', 'by review')],
        'Quotas': [('Unified Quotas!', 'by title, likely')],
        'Encryption': [(None, 'under review')],
    }
    assert [w.title for w in info.unprioritised] == ['Nobody asked']


def test_schedule_gives_current_phase_next_milestone_and_milestones():
    info = gather()
    assert (info.current_row.countdown, info.next_row.countdown) == ('R-12', 'R-7')
    assert info.milestones == {
        # the weeks of the official schedule (the release on its day)
        'start': datetime.date(2023, 10, 4), 'm1': datetime.date(2023, 11, 13),
        'm2': datetime.date(2024, 1, 8), 'm3': datetime.date(2024, 2, 26),
        'rc1': datetime.date(2024, 3, 11), 'final': datetime.date(2024, 4, 3)}
    over = gather('2024-06-01')
    # the cycle is over: no week of it is current, and nothing is next
    assert over.current_row is None and over.next_row is None
    last = gather('2024-04-06')  # the Saturday after the release week
    assert last.current_row.countdown == 'R+0' and last.next_row is None


def test_one_name_with_two_launchpad_ids_is_a_finding():
    people = build_directory(data.located(DOCUMENTS, 'priorities'), [], [])
    ann = people.get('Ann')
    assert ann.ids == ['ann', 'ann2'] and ann.conflict
    findings = people_findings(people, Policy())
    assert [(f.source, f.line, f.code) for f in findings] == [(PAGE, 20, 'GC401')]
    assert f'~ann at {PAGE}:20, ~ann2 at {PAGE}:24' in findings[0].message


def test_one_name_with_one_id_is_fine():
    people = build_directory(data.located(DOCUMENTS, 'priorities'), [], [])
    people.get('Ann').uses.pop()
    assert people_findings(people, Policy()) == []
