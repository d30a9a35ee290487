"""The one registry of rules.

A rule is a generator of ``(line, message)`` pairs for one kind of record,
or of ``(line, message, part)`` when one record can have several such
problems: ``part`` names the field (or link, section...) concerned, so each
finding has its own :attr:`~sphinxext_glancecycle.model.Finding.subject`.
Its code never changes meaning once released; its name is the warning
subtype (``suppress_warnings = ['glancecycle.<name>']``); its docstring's
first line is its summary in the documentation.
"""

from __future__ import annotations

import dataclasses
import difflib
import inspect
from typing import Callable, Iterable, Iterator

from sphinxext_glancecycle.model import Finding, Severity

Check = Callable[..., Iterable[tuple]]
#: The attribute that names a record of each kind, for a finding's subject.
NAMES = {'spec-lite': 'title', 'spec': 'title', 'priorities-page': 'title',
         'priority': 'item', 'schedule': 'cycle', 'person': 'name'}


@dataclasses.dataclass(frozen=True)
class Rule:
    code: str
    name: str
    kind: str
    severity: Severity
    check: Check

    @property
    def summary(self) -> str:
        return inspect.getdoc(self.check).splitlines()[0]

    @property
    def description(self) -> str:
        return inspect.getdoc(self.check)


RULES: dict[str, Rule] = {}


def rule(code: str, name: str, kind: str, severity: Severity = Severity.WARNING):
    """Register the decorated check as rule ``code`` for records of ``kind``."""
    def register(check: Check) -> Check:
        if code in RULES or any(r.name == name for r in RULES.values()):
            raise RuntimeError(f'rule {code} {name} registered twice')
        if not inspect.getdoc(check):
            raise RuntimeError(f'rule {code} needs a docstring')
        RULES[code] = Rule(code=code, name=name, kind=kind, severity=severity, check=check)
        return check
    return register


def rules_for(kind: str) -> list[Rule]:
    return [r for code, r in sorted(RULES.items()) if r.kind == kind]


def check(kind: str, record, policy, *, source: str, cycle: str | None,
          context=None) -> Iterator[Finding]:
    """Run every rule for ``kind`` on ``record``; yield findings not turned off."""
    for item in rules_for(kind):
        severity = policy.severity(item.code, item.severity, cycle)
        if severity is Severity.OFF:
            continue
        args = (record, policy) if context is None else (record, policy, context)
        for line, message, *part in item.check(*args):
            yield Finding(source=source, line=line, code=item.code, rule=item.name,
                          severity=severity, message=message,
                          subject=subject(kind, record, *part))


def subject(kind: str, record, part: str | None = None) -> str:
    """What a finding is about: the record's name, then the ``part`` concerned."""
    name = getattr(record, NAMES[kind], None) or ''
    return f'{name} / {part}' if part is not None else name


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or nothing."""
    choices = list(choices)
    folded = {c.lower(): c for c in choices}
    match = folded.get(word.lower())
    if match is None:
        close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
        close = close or difflib.get_close_matches(word.lower(), list(folded), n=1, cutoff=0.6)
        match = folded.get(close[0], close[0]) if close else None
    return f"did you mean '{match}'?" if match else ''
