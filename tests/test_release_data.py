"""The shipped release facts are what tools/make_release_data.py makes."""

from __future__ import annotations

import datetime
import importlib.util
import json

import pytest

from conftest import REPO
from sphinxext_glancecycle.catalogue import Catalogue

RELEASES = REPO.parent / 'shared' / 'releases'
PACKAGE = REPO / 'sphinxext_glancecycle'


@pytest.fixture(scope='module')
def script():
    spec = importlib.util.spec_from_file_location(
        'make_release_data', REPO / 'tools' / 'make_release_data.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_files_equal_what_the_script_makes(script):
    if not (RELEASES / 'data' / 'series_status.yaml').is_file():
        pytest.skip(f'no copy of openstack/releases at {RELEASES}')
    for name, text in script.render(RELEASES).items():
        assert (PACKAGE / name).read_text('utf-8') == text, f'{name}: rerun the script'


def test_indri_is_released_in_the_week_the_schedule_says():
    indri = Catalogue.default().get('2027.1')
    schedules = json.loads((PACKAGE / 'schedules.json').read_text('utf-8'))['schedules']
    release_week = schedules['indri']['release_week']
    assert indri.release_date.isoformat() == '2027-03-24'
    assert release_week == '2027-03-22'
    assert 0 <= (indri.release_date - datetime.date.fromisoformat(release_week)).days < 7


def test_event_titles_come_from_the_schedule_page(script, tmp_path):
    page = tmp_path / 'schedule.rst'
    page.write_text('.. _x-1:\n\nXyz-1 milestone\n---------------\n\ntext\n\n'
                    '.. _x-ff:\n\nnot a heading\n\n', encoding='utf-8')
    assert script.event_titles(page) == {'x-1': 'Xyz-1 milestone'}
