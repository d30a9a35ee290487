"""Full specs, people and a dashboard per cycle on the real glance-specs tree.

Skipped when the corpus is absent.
"""

from __future__ import annotations

import json
import re

import pytest

from helpers.sphinxbuild import ESCAPES


@pytest.fixture(scope='module')
def built(corpus_site):
    """The corpus with a dashboard page for each cycle, the overview and people index."""
    return corpus_site


@pytest.fixture(scope='module')
def export(built) -> dict:
    return json.loads((built.outdir / 'glancecycle.json').read_text('utf-8'))


def test_build_stays_clean_under_warning_level(built):
    assert ESCAPES.sub('', built.warning.getvalue()) == ''


def test_full_specs_are_read_and_templates_are_not(export):
    specs = export['specs']
    assert len(specs) == 102
    assert not [s for s in specs if s['source'].endswith('template.rst')]
    # pages that hold only the spec-lite template block are not full specs
    assert not [s for s in specs if s['source'].endswith('lite-specs.rst')]
    assert not [s for s in specs if s['title'].lower().startswith(('spec lite', 'lite spec'))]
    # juno and kilo have no status folders; untargeted specs have no cycle
    assert all(s['cycle'] or s['status'] == 'untargeted' for s in specs)
    assert {s['status'] for s in specs if s['cycle'] == 'juno'} == {None}


def test_misspelt_sections_are_found(export):
    misspelt = [(f['source'], f['line'], f['message']) for f in export['findings']
                if f['code'] == 'GC502']
    assert ('specs/wallaby/approved/glance/expose_task_show_api.rst', 31,
            "heading 'Proposed chage' is not a section of the spec template "
            "(did you mean 'Proposed change'?)") in misspelt
    assert len(misspelt) == 3


def test_one_name_with_two_launchpad_ids(export):
    found = [(f['source'], f['line']) for f in export['findings'] if f['code'] == 'GC401']
    assert found == [('priorities/mitaka-priorities.rst', 15)]
    brian = next(p for p in export['people'] if p['name'] == 'Brian Rosmaita')
    assert brian['launchpad_ids'] == ['brian-rosmaita', 'rosmaita']


def test_every_cycle_has_a_dashboard(built, export):
    assert {c['key'] for c in export['cycles'] if c['dashboard']} >= {
        '2024.1', 'xena', 'mitaka', 'pike'}
    for key in built.glancecycle_keys:
        assert 'class="glancecycle-dashboard' in (
            built.outdir / 'cycles' / f'{key}.html').read_text('utf-8')
    caracal = (built.outdir / 'cycles' / '2024.1.html').read_text('utf-8')
    table = caracal[caracal.index('glancecycle-priorities'):]
    table = table[:table.index('</table>')]
    assert len(re.findall(r'<tr class="row-[a-z]+"><td>', table)) == 7
    assert 'href="../specs/2024.1/approved/glance/centralized-cache-db.html"' in caracal


def test_every_cycle_since_ocata_shows_its_official_schedule(built):
    from sphinxext_glancecycle.ext.state import state

    catalogue = state(built.env).policy.catalogue
    ocata = catalogue.position('ocata')
    shown = {}
    for key in built.glancecycle_keys:
        board = (built.outdir / 'cycles' / f'{key}.html').read_text('utf-8')
        shown[key] = 'glancecycle-official' in board
    since = {key for key in shown if catalogue.position(key) >= ocata}
    assert since and all(shown[key] for key in since), sorted(k for k in since if not shown[k])
    # and none before Ocata: the release team published no schedule data then
    assert not any(shown[key] for key in set(shown) - since)
    caracal = (built.outdir / 'cycles' / '2024.1.html').read_text('utf-8')
    official = caracal[caracal.index('glancecycle-official'):]
    official = official[:official.index('</table>')]
    assert 'Caracal-2 milestone' in official and 'R-12' in official
