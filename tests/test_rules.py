"""Each rule called directly as a generator: exact ordered ``(line, message)`` lists.

The cases are in :mod:`helpers.rule_cases`, one table keyed by code; every
registered rule must have a case that yields findings and one that yields none.
"""

from __future__ import annotations

import dataclasses

import pytest

from sphinxext_glancecycle.profile import from_setting
from sphinxext_glancecycle.rules import RULES, registry

from helpers.rule_cases import (CASES, HEADER, ON_DISK, PRIORITIES_2023, owned,
                                priorities)
from helpers.rules import POLICY, Case, context_of, findings, record_of

PARAMS = [pytest.param(code, case, id=f'{code}-{case.id}',
                       marks=[pytest.mark.xfail(strict=True, reason=case.xfail)]
                       if case.xfail else [])
          for code, cases in sorted(CASES.items()) for case in cases]


@pytest.mark.parametrize('code, case', PARAMS)
def test_rule_yields_exactly(code, case):
    assert findings(code, case) == list(case.expected)


@pytest.mark.parametrize('code, case', [p for p in PARAMS if p.values[1].expected
                                        and not p.values[1].xfail])
def test_registry_passes_what_the_rule_takes(code, case):
    """Called through the registry, as analysis calls it, the rule reports the same."""
    rule = RULES[code]
    record = record_of(code, case)
    found = registry.check(rule.kind, record, case.policy, source='page.rst',
                           cycle=getattr(record, 'cycle', None),
                           context=context_of(rule.kind, case, record))
    assert [(f.line, f.message) for f in found if f.code == code] == list(case.expected)


@pytest.mark.parametrize('code', sorted(RULES))
def test_every_rule_has_cases_with_and_without_findings(code):
    cases = [case for case in CASES.get(code, []) if not case.xfail]
    assert any(case.expected for case in cases), f'{code} has no case with findings'
    assert any(not case.expected for case in cases), f'{code} has no case without findings'


def test_cases_name_only_registered_rules():
    assert set(CASES) <= set(RULES)


@pytest.mark.parametrize('code', sorted(CASES))
def test_case_names_are_unique_per_rule(code):
    names = [case.id for case in CASES[code]]
    assert len(names) == len(set(names))


# Known defects whose right message is not settled: what any fix must change.

def test_gc401_shows_other_profiles_as_their_url():
    case = Case('other-site', {**owned('https://launchpad.net/~ada'),
                               **owned('https://people.example.org/ada', PRIORITIES_2023)}, [])
    assert findings('GC401', case) == [
        (14, "'Ada Byron' links to 2 different profiles: https://people.example.org/ada at "
             "priorities/2023.2-priorities.rst:14, ~ada at priorities/2024.1-priorities.rst:14 "
             '(link the name to one profile everywhere)')]


def test_gc208_judges_a_relative_url_from_the_page():
    """specs/... from priorities/ leads to priorities/specs/..., which is no page."""
    cell = '`landing <specs/2023.2/approved/glance/landing.html>`_'
    case = Case('relative', priorities(('Tidy row', '`Ada Byron`_', cell, 'M1'),
                                       source=PRIORITIES_2023), [], context=ON_DISK)
    assert [line for line, _ in findings('GC208', case)] == [16]


def test_gc201_reports_a_required_milestone_column():
    profile = from_setting({'priorities': {'required': ['item', 'owners', 'specs', 'milestone']}})
    case = Case('milestone-required', priorities(('Tidy row', '`Ada Byron`_', 'None'),
                                                 header=HEADER[:3]), [],
                policy=dataclasses.replace(POLICY, profile=profile))
    assert findings('GC201', case) == [
        (10, "priorities table has no 'Target Milestone' column (add it, or rename its header "
             'to one the reader knows)')]
