"""Records for the rule tests, read from small pages as a build reads them.

Pages go through the parse profile and :func:`sphinxext_glancecycle.analysis.analyse`,
so a record has the cycle, status and project its path gives; each rule's
generator is then called on it directly (:func:`findings`).
"""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from sphinxext_glancecycle import analysis
from sphinxext_glancecycle.policy import Policy
from sphinxext_glancecycle.readers import profile
from sphinxext_glancecycle.readers.site import Site
from sphinxext_glancecycle.readers.specs import Template
from sphinxext_glancecycle.readers.templates import SpecTemplates
from sphinxext_glancecycle.rules import RULES
from sphinxext_glancecycle.rules.people import build_directory

ROOTS = Path(__file__).parent.parent / 'roots'
#: in the 2024.1 cycle, with glance-specs' projects
POLICY = Policy(projects=('glance', 'glance_store', 'python-glanceclient'),
                today=datetime.date(2024, 1, 20))
LITE = 'specs/2024.1/approved/glance/lite.rst'


def records_from_rst(text: str, source: str, policy: Policy = POLICY,
                     template: SpecTemplates | Template | None = None) -> dict[str, list]:
    """The records of each kind one page at repository path ``source`` holds
    (a full spec read against ``template``, or its cycle's of the templates, when given)."""
    with profile.namespace():
        document = profile.parse(text, source)
    report = analysis.analyse(document, source, policy, template)
    page = report.priorities
    return {
        'spec-lite': [entry.record for entry, _ in report.spec_lites],
        'spec': [report.spec] if report.spec is not None else [],
        'priorities-page': [page] if page is not None else [],
        'priority': list(page.priorities) if page is not None else [],
        'schedule': list(report.schedules),
    }


def people_from_rst(pages: Mapping[str, str], policy: Policy = POLICY) -> list:
    """The people index entries that profile links name in ``pages`` (source -> text)."""
    priorities, specs, lites = [], [], []
    for source, text in pages.items():
        records = records_from_rst(text, source, policy)
        priorities += [(source, p) for p in records['priority']]
        specs += [(source, s) for s in records['spec']]
        lites += [(source, s) for s in records['spec-lite']]
    directory = build_directory(priorities, specs, lites, policy.people)
    return [person for person in directory.entries() if person.uses]


@dataclasses.dataclass(frozen=True)
class Case:
    """One input of one rule and every ``(line, message)`` it must yield, in order."""

    id: str
    #: source -> page text (or a callable making the record directly)
    pages: Mapping[str, str] | Callable[[], Any]
    expected: Sequence[tuple[int | None, str]]
    #: which record of the rule's kind the pages hold, in document order
    index: int = 0
    policy: Policy = POLICY
    #: the template (a :class:`Template`, its sections, or the :class:`SpecTemplates` of a
    #: tree) for specs, a :class:`Site` for pages and schedules
    context: Any = None
    #: why the rule is known to be wrong on this case
    xfail: str | None = None


def record_of(code: str, case: Case):
    """The record ``case`` gives rule ``code``."""
    if callable(case.pages):
        return case.pages()
    kind = RULES[code].kind
    if kind == 'person':
        return people_from_rst(case.pages, case.policy)[case.index]
    template = case.context if isinstance(case.context, (Template, SpecTemplates)) else None
    records = []
    for source, text in case.pages.items():
        records += records_from_rst(text, source, case.policy, template)[kind]
    return records[case.index]


def context_of(kind: str, case: Case, record):
    """The third argument the registry gives rules of ``kind`` (``None``: there is none)."""
    policy = case.policy
    if kind == 'spec':
        # the sections the spec must keep, as analyse works them out from the profile
        template, learned = case.context, None
        if isinstance(template, SpecTemplates):
            template, learned = template.for_cycle(record.cycle), template.since()
        sections = template.sections if isinstance(template, Template) else tuple(
            template or ())
        return policy.profile.required_sections(
            sections, policy.catalogue.position(record.cycle), record.status,
            policy.catalogue.position, learned)
    if kind in ('priorities-page', 'schedule'):
        return case.context or Site()
    return None


def findings(code: str, case: Case) -> list[tuple[int | None, str]]:
    """What rule ``code``'s generator yields for ``case``, called as the registry calls it:
    each ``(line, message)``, without the part of the record it names (which only
    keys the baseline)."""
    rule = RULES[code]
    record = record_of(code, case)
    context = context_of(rule.kind, case, record)
    args = (record, case.policy) if context is None else (record, case.policy, context)
    return [(line, message) for line, message, *_ in rule.check(*args)]
