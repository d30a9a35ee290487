"""Priority spec cells matched to specs, with the words the dashboard shows."""

from __future__ import annotations

import dataclasses

import pytest

from sphinxext_glancecycle.catalogue import Catalogue
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
    Work('specs/2024.1/approved/glance/lite-specs', 'Python 3.12', '2024.1',
         anchor='python-3-12'),
]
DOCNAMES = [w.docname for w in WORKS] + ['index']
#: an .htaccess chain: the 2022.2 page moved to 2023.1, then to 2024.1
REDIRECTS = {
    '/openstack/glance-specs/specs/2022.2/approved/glance/locations.html':
        '/openstack/glance-specs/specs/2023.1/approved/glance/locations.html',
    '/openstack/glance-specs/specs/2023.1/approved/glance/locations.html':
        '/openstack/glance-specs/specs/2024.1/approved/glance/new-location-api.html',
    '/openstack/glance-specs/specs/2022.2/approved/glance/gone.html': '',
    '/openstack/glance-specs/specs/loop/a.html': '/openstack/glance-specs/specs/loop/b.html',
    '/openstack/glance-specs/specs/loop/b.html': '/openstack/glance-specs/specs/loop/a.html',
}


def find(text, target=None, cycle='2024.1'):
    index = WorkIndex(WORKS, DOCNAMES, REDIRECTS.get, Catalogue.default().position)
    match = index.find(Link(text, target), cycle)
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
    ('moved twice', SITE + 'specs/2022.2/approved/glance/locations.html',
     ('specs/2024.1/approved/glance/new-location-api', 'linked')),
    ('gone', SITE + 'specs/2022.2/approved/glance/gone.html',
     (None, 'link no longer resolves')),
    ('loop', SITE + 'specs/loop/a.html', (None, 'link no longer resolves')),
    ('py3', SITE + 'specs/2024.1/approved/glance/lite-specs.html#python-3-12',
     ('specs/2024.1/approved/glance/lite-specs', 'linked')),
    # the section is gone: the page's one other spec-lite is not it
    ('WSGI', SITE + 'specs/2024.1/approved/glance/lite-specs.html#wsgi',
     (None, 'link no longer resolves')),
    # words of the item find the spec; a later cycle's spec is never taken by title
    ('Image import', None, ('specs/2023.2/approved/glance/image-import',
                            'by title, likely, approved in 2023.2')),
])
def test_find(text, target, expected):
    assert find(text, target) == expected


def test_slug_of_the_linked_file_finds_a_retitled_spec():
    # the cell links a page under an old path; the file slug still names the spec
    assert find('Locations', SITE + 'specs/2023.1/approved/glance/new-location-api.html') == (
        'specs/2024.1/approved/glance/new-location-api', 'by title, likely')


def test_the_nearest_earlier_cycle_is_preferred_for_a_spec_re_approved_there():
    assert find('Cache API', None, cycle='2025.1') == (
        'specs/2024.1/approved/glance/cache-api', 'by title, likely, approved in 2024.1')


def test_a_title_never_matches_a_spec_of_a_later_cycle():
    assert find('New location APIs', None, cycle='2023.1') == (None, 'not in this repository')


def test_the_link_text_and_the_item_must_agree():
    index = WorkIndex(WORKS, DOCNAMES, REDIRECTS.get, Catalogue.default().position)
    match = index.find(Link('Faster checksums', None), '2024.1', item='Image import plugins')
    assert (match.work, match.verdict) == (None, 'ambiguous')


def test_keys():
    assert review_key('https://review.opendev.org/c/openstack/glance-specs/+/905124/3') == (
        'review:905124')
    assert blueprint_key('https://launchpad.net/glance/+spec/Foo-Bar') == (
        'blueprint:glance/foo-bar')
    assert blueprint_key('https://launchpad.net/~someone') is None
