"""Each rule called directly as a generator: exact ordered ``(line, message)`` lists.

The cases are in :mod:`helpers.rule_cases`, one table keyed by code; every
registered rule must have a case that yields findings and one that yields none.
"""

from __future__ import annotations

import pytest

from sphinxext_glancecycle.rules import RULES

from helpers.rule_cases import CASES
from helpers.rules import findings

PARAMS = [pytest.param(code, case, id=f'{code}-{case.id}',
                       marks=[pytest.mark.xfail(strict=True, reason=case.xfail)]
                       if case.xfail else [])
          for code, cases in sorted(CASES.items()) for case in cases]


@pytest.mark.parametrize('code, case', PARAMS)
def test_rule_yields_exactly(code, case):
    assert findings(code, case) == list(case.expected)


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
