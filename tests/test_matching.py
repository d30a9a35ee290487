"""Priority spec cells matched to specs, with the words the dashboard shows."""

from __future__ import annotations

import dataclasses

import pytest

from sphinxext_glancecycle.matching import WorkIndex, blueprint_key, review_key
from sphinxext_glancecycle.model import Link

SITE = 'https://specs.openstack.org/openstack/glance-specs/'
BP = 'https://blueprints.launchpad.net/glance/+spec/'


@dataclasses.dataclass
class Work:
    docname: str
    title: str
    cycle: str | None
    urls: list[str] = dataclasses.field(default_factory=list)
    anchor: str | None = None


WORKS = [
    Work('specs/2024.1/approved/glance/new-location-api', 'New Location APIs', '2024.1',
         [BP + 'new-location-info']),
    Work('specs/2023.2/approved/glance/image-import', 'Image import plugins', '2023.2'),
    # re-approved: the same file symlinked into the later cycle's folder
    Work('specs/2023.2/approved/glance/cache-api', 'Cache API', '2023.2'),
    Work('specs/2024.1/approved/glance/cache-api', 'Cache API', '2024.1'),
    # two different specs that a vague cell could mean
    Work('specs/2024.1/approved/glance/quota-a', 'Quotas', '2024.1'),
    Work('specs/2024.1/approved/glance/quota-b', 'Quotas', '2024.1'),
    Work('specs/2024.1/approved/glance/lite', 'Faster checksums', '2024.1',
         ['https://review.opendev.org/c/openstack/glance/+/900001']),
]
DOCNAMES = [w.docname for w in WORKS] + ['index']


def find(text, target=None, cycle='2024.1'):
    match = WorkIndex(WORKS, DOCNAMES).find(Link(text, target), cycle)
    return (match.work.docname if match.work else None), match.verdict


@pytest.mark.parametrize('text, target, expected', [
    ('spec', SITE + 'specs/2024.1/approved/glance/new-location-api.html',
     ('specs/2024.1/approved/glance/new-location-api', 'linked')),
    ('x', 'specs/2024.1/approved/glance/new-location-api',
     ('specs/2024.1/approved/glance/new-location-api', 'linked')),
    ('bp', BP + 'new-location-info',
     ('specs/2024.1/approved/glance/new-location-api', 'by blueprint')),
    ('change', 'https://review.openstack.org/#/c/900001/',
     ('specs/2024.1/approved/glance/lite', 'by review')),
    ('New location APIs!', 'https://review.opendev.org/c/openstack/glance-specs/+/555555',
     ('specs/2024.1/approved/glance/new-location-api', 'by title, likely')),
    ('Image import plugins', None,
     ('specs/2023.2/approved/glance/image-import',
      'by title, likely, approved in 2023.2')),
    ('cache', SITE + 'specs/2023.2/approved/glance/cache-api.html',
     ('specs/2023.2/approved/glance/cache-api', 'linked, approved in 2023.2')),
    ('Cache API', None, ('specs/2024.1/approved/glance/cache-api', 'by title, likely')),
    ('Quotas', None, (None, 'ambiguous')),
    ('quotas', 'https://review.opendev.org/c/openstack/glance-specs/+/777777',
     (None, 'ambiguous')),
    ('something', 'https://review.opendev.org/c/openstack/glance-specs/+/777777',
     (None, 'under review')),
    ('gone', SITE + 'specs/2024.1/approved/glance/vanished.html',
     (None, 'link no longer resolves')),
    ('elsewhere', 'https://example.org/doc', (None, 'not in this repository')),
])
def test_find(text, target, expected):
    assert find(text, target) == expected


def test_slug_of_the_linked_file_finds_a_retitled_spec():
    # the cell links a page under an old path; the file slug still names the spec
    assert find('Locations', SITE + 'specs/2023.1/approved/glance/new-location-api.html') == (
        'specs/2024.1/approved/glance/new-location-api', 'by title, likely')


def test_a_later_cycle_is_preferred_for_a_spec_re_approved_there():
    assert find('Cache API', None, cycle='2025.1') == (
        'specs/2024.1/approved/glance/cache-api', 'by title, likely, approved in 2024.1')


def test_keys():
    assert review_key('https://review.opendev.org/c/openstack/glance-specs/+/905124/3') == (
        'review:905124')
    assert blueprint_key('https://launchpad.net/glance/+spec/Foo-Bar') == (
        'blueprint:glance/foo-bar')
    assert blueprint_key('https://launchpad.net/~someone') is None
