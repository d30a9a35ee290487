"""One person, one entry: owner cells read into people, and people joined across pages."""

from __future__ import annotations

import pytest

from sphinxext_glancecycle.catalogue import Catalogue
from sphinxext_glancecycle.readers.profile import namespace, parse
from sphinxext_glancecycle.model import Person, Priority, Spec, SpecLite, Field
from sphinxext_glancecycle.policy import Policy
from sphinxext_glancecycle.settings import SettingError
from sphinxext_glancecycle.readers.priorities import read_priorities, split_names
from sphinxext_glancecycle.rules import registry
from sphinxext_glancecycle.rules.people import build_directory

PAGE = 'priorities/2024.1-priorities.rst'
TABLE = '''\
==========
Priorities
==========

.. list-table::
   :header-rows: 1

   * - Priority
     - Owner
     - Spec
   * - Linked
     - `Ada Byron`_
     - None
{rows}

.. _Ada Byron: https://launchpad.net/~ada
.. _Alan: https://launchpad.net/~alan
'''


def owners(cell: str) -> list[tuple[str, str | None, str | None]]:
    rows = f'   * - Row\n     - {cell}\n     - None'
    with namespace():
        document = parse(TABLE.format(rows=rows), PAGE)
    page = read_priorities(document, PAGE, '2024.1', Catalogue.default())
    priority = page.priorities[1]
    return [(o.name, o.url, o.nick) for o in priority.owners], priority


@pytest.mark.parametrize('cell, expected', [
    ('`Ada Byron`_', [('Ada Byron', 'https://launchpad.net/~ada', None)]),
    ('`Ada Byron`_ or `Alan`_', [('Ada Byron', 'https://launchpad.net/~ada', None),
                                 ('Alan', 'https://launchpad.net/~alan', None)]),
    ('Grace Hopper, Alan Kay and Barbara Liskov', [
        ('Grace Hopper', None, None), ('Alan Kay', None, None), ('Barbara Liskov', None, None)]),
    ('Grace Hopper <ghopper>', [('Grace Hopper', None, 'ghopper')]),
    ('`Ada Byron`_ (adab)', [('Ada Byron', 'https://launchpad.net/~ada', 'adab')]),
    ('Grace Hopper (ghopper) / `Alan`_', [('Grace Hopper', None, 'ghopper'),
                                          ('Alan', 'https://launchpad.net/~alan', None)]),
])
def test_owner_cells_name_one_or_several_people(cell, expected):
    assert owners(cell)[0] == expected


@pytest.mark.parametrize('cell', [
    'Open', 'unassigned', 'anyone', 'TBD', 'was `Alan`_, seeking new owner',
    'Looking for a volunteer'])
def test_owner_cells_that_name_nobody_give_no_owner_and_gc204(cell):
    found, priority = owners(cell)
    assert found == [] and priority.owner_text == 'None'
    found = registry.check('priority', priority, Policy(), source=PAGE, cycle='2024.1')
    lines = [(f.line, f.code) for f in found if f.code in ('GC204', 'GC205')]
    assert lines == [(15, 'GC204')]  # the owner cell's line


def test_an_unlinked_owner_is_still_gc205_but_is_a_person():
    found, priority = owners('Grace Hopper')
    assert found == [('Grace Hopper', None, None)]
    codes = [f.code for f in registry.check('priority', priority, Policy(), source=PAGE,
                                            cycle='2024.1') if f.code in ('GC204', 'GC205')]
    assert codes == ['GC205']


def test_split_names():
    assert split_names('Ann <ann1> and Bob, None') == [('Ann', 'ann1'), ('Bob', None)]
    assert split_names('Name (on leave)') == [('Name', None)]
    assert split_names('rosmaita (or anyone who would like this low-hanging fruit)') == [
        ('rosmaita', None)]
    assert split_names('anyone who likes, Bob') == [('Bob', None)]


def priority(item, *people, cycle='2024.1'):
    return ('priorities/2024.1-priorities', Priority(item, PAGE, 10, owners=list(people),
                                                     cycle=cycle))


def spec(title, *assignees):
    return ('specs/2024.1/approved/glance/x', Spec(title, 'specs/x.rst', 1, cycle='2024.1',
                                                   assignees=list(assignees)))


def lite(title, assignee):
    return ('specs/2024.1/approved/glance/lites', SpecLite(
        title=title, source='specs/lites.rst', line=1, layout='many', cycle='2024.1',
        fields=[Field('assignee', assignee, 5)], anchor=title.lower()))


def entries(directory):
    return [(p.name, p.ids, sorted(p.aliases), [r[:2] for r in p.roles])
            for p in directory.entries()]


def test_names_are_joined_with_launchpad_ids_and_nicks():
    people = build_directory(
        [priority('Cache', Person('Ada Byron', 'https://launchpad.net/~ada')),
         priority('Quotas', Person('Grace Hopper', None, 'ghopper')),
         # another page links the same profile under the id as a name
         priority('Docs', Person('ada', 'https://launchpad.net/~ada'))],
        [spec('Cache spec', 'ada'), spec('Quota spec', 'ghopper')],
        [lite('Lite one', 'Grace Hopper (ghopper) and Ada Byron'), lite('Lite two', 'TBD')])
    assert entries(people) == [
        ('Ada Byron', ['ada'], ['ada'], [
            ('owner', 'Cache'), ('owner', 'Docs'), ('spec', 'Cache spec'),
            ('spec-lite', 'Lite one')]),
        ('Grace Hopper', [], ['ghopper'], [
            ('owner', 'Quotas'), ('spec', 'Quota spec'), ('spec-lite', 'Lite one')]),
    ]


def test_ids_differing_in_punctuation_are_not_joined_without_evidence():
    ada = Person('Ada Byron', 'https://launchpad.net/~ada-b')
    people = build_directory([priority('Cache', ada)],
                             [spec('Cache spec', 'adab'), spec('Other', 'ADA-B')], [])
    assert [(p.name, [r[1] for r in p.roles]) for p in people.entries()] == [
        ('Ada Byron', ['Cache', 'Other']), ('adab', ['Cache spec'])]


def test_aliases_setting_joins_what_the_tree_cannot_tell():
    policy = Policy.from_config({'glancecycle_people': {'Ada Byron': ['adab', 'Ada L.']}})
    ada = Person('Ada Byron', 'https://launchpad.net/~ada')
    people = build_directory([priority('Cache', ada)], [spec('Cache spec', 'adab')],
                             [lite('Lite', 'Ada L.')], aliases=policy.people)
    assert [(p.name, [r[1] for r in p.roles]) for p in people.entries()] == [
        ('Ada Byron', ['Cache', 'Cache spec', 'Lite'])]
    with pytest.raises(SettingError, match='glancecycle_people'):
        Policy.from_config({'glancecycle_people': {'Ada': [3]}})


def test_same_titled_work_of_two_projects_is_told_apart():
    store = SpecLite(title='Lite one', source='specs/store-lites.rst', line=1, layout='many',
                     cycle='pike', project='glance_store',
                     fields=[Field('assignee', 'ada', 5)], anchor='lite-one')
    glance = SpecLite(title='Lite one', source='specs/lites.rst', line=1, layout='many',
                      cycle='pike', project='glance', fields=[Field('assignee', 'ada', 5)])
    unfiled = SpecLite(title='Lite one', source='specs/lites.rst', line=9, layout='many',
                       fields=[Field('assignee', 'ada', 13)])
    people = build_directory([], [], [('a', store), ('b', glance), ('c', unfiled)])
    [ada] = people.entries()
    assert [role.label for role in ada.roles] == [
        'spec-lite: Lite one (no cycle)', 'spec-lite: Lite one (glance_store, pike)',
        'spec-lite: Lite one (glance, pike)']


def test_anchors_are_unique_for_any_names():
    names = ['Ada Byron', 'ada-byron', 'Ada  Byron!', '李雷', '韩梅梅', 'Élodie']
    people = build_directory([priority(f'P{i}', Person(name)) for i, name in enumerate(names)],
                             [], [])
    anchors = [p.anchor for p in people.entries()]
    assert len(set(anchors)) == len(anchors) == 6
    assert all(a.startswith('person-') and a.isascii() for a in anchors)
    assert people.anchor('李雷') != people.anchor('韩梅梅')
    assert people.anchor('ada byron') == people.anchor('Ada Byron') == 'person-ada-byron'
