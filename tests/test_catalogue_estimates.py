"""Series the release team has not published: estimated from the six-month cadence."""

from __future__ import annotations

import datetime

import pytest

from sphinxext_glancecycle.catalogue import CADENCE, HORIZON, Catalogue
from sphinxext_glancecycle.model import Cycle


def test_the_series_after_the_shipped_ones_are_estimated():
    catalogue = Catalogue.default()
    indri = catalogue.get('indri')
    estimated = [(c.key, c.name, c.release_date.isoformat()) for c in catalogue.estimated]
    assert estimated == [('2027.2', '2027.2', '2027-09-22'), ('2028.1', '2028.1', '2028-03-22'),
                         ('2028.2', '2028.2', '2028-09-20'), ('2029.1', '2029.1', '2029-03-21'),
                         ('2029.2', '2029.2', '2029-09-19'), ('2030.1', '2030.1', '2030-03-20')]
    assert len(estimated) == HORIZON
    assert catalogue.cycles[-HORIZON - 1:] == [indri, *catalogue.estimated]
    assert catalogue.get('2027.2').release_date == indri.release_date + CADENCE
    assert catalogue.is_estimate(catalogue.get('2028.1'))
    assert not catalogue.is_estimate(indri)
    assert catalogue.previous(catalogue.get('2027.2')) == indri
    assert catalogue.position('2028.1') == catalogue.position('indri') + 2


@pytest.mark.parametrize('key', ['2030.2', '2099.1', '2027.3', '2026.9', '27.2', 'jasmine'])
def test_beyond_the_horizon_or_not_a_release_id_is_unknown(key):
    assert Catalogue.default().get(key) is None


def test_configured_series_win_and_the_estimates_start_after_them():
    catalogue = Catalogue.default([
        {'name': 'Jasmine', 'release_id': '2027.2', 'release_date': '2027-09-29'}])
    assert catalogue.get('2027.2') == Cycle('jasmine', '2027.2', datetime.date(2027, 9, 29))
    assert not catalogue.is_estimate(catalogue.get('jasmine'))
    assert catalogue.estimated[0] == Cycle('2028.1', '2028.1', datetime.date(2028, 3, 29))
    assert catalogue.estimated[-1].key == '2030.2'


def test_a_configured_series_without_a_date_is_counted_from_the_last_dated_one():
    catalogue = Catalogue.default([{'name': 'jasmine', 'release_id': '2027.2'}])
    assert catalogue.get('2027.2').release_date is None
    assert catalogue.get('2028.1').release_date == datetime.date(2028, 3, 22)
    assert catalogue.position('2028.1') == catalogue.position('jasmine') + 1


def test_a_catalogue_of_code_names_only_estimates_nothing():
    catalogue = Catalogue([Cycle('pike', None, datetime.date(2017, 8, 30))])
    assert catalogue.estimated == ()
    assert catalogue.get('2027.2') is None
