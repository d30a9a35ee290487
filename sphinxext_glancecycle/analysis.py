"""One document in, records and findings out: the path shared by Sphinx and the CLI."""

from __future__ import annotations

import dataclasses

from docutils import nodes

from sphinxext_glancecycle.model import Finding, PrioritiesPage, Schedule, Spec
from sphinxext_glancecycle.policy import Policy
from sphinxext_glancecycle.readers.nodeindex import NodeIndex
from sphinxext_glancecycle.readers.paths import locate
from sphinxext_glancecycle.readers.priorities import read_priorities
from sphinxext_glancecycle.readers.schedules import read_schedules
from sphinxext_glancecycle.readers.site import Site
from sphinxext_glancecycle.readers.speclites import (
    Entry, holds_spec_lite_fields, read_spec_lites)
from sphinxext_glancecycle.readers.specs import Template, read_spec
from sphinxext_glancecycle.readers.templates import SpecTemplates
from sphinxext_glancecycle.rules import registry


@dataclasses.dataclass
class DocumentReport:
    """What one document holds and what is wrong with it."""

    source: str
    spec_lites: list[tuple[Entry, list[Finding]]] = dataclasses.field(default_factory=list)
    spec: Spec | None = None
    findings: list[Finding] = dataclasses.field(default_factory=list)
    priorities: PrioritiesPage | None = None
    schedules: list[Schedule] = dataclasses.field(default_factory=list)
    #: files other than the document that the findings depend on
    dependencies: list[str] = dataclasses.field(default_factory=list)
    #: whether a link could not be judged yet: a page it leads to is still to be read
    unanswered: bool = False


def analyse(document: nodes.document, source: str, policy: Policy,
            template: SpecTemplates | Template | None = None,
            site: Site | None = None, index: NodeIndex | None = None) -> DocumentReport:
    """Read ``document`` (found at repository path ``source``) and judge it.

    ``template`` is the repository's spec templates (a full spec is compared
    with its cycle's, judged by the rules of its time), or one template as
    :func:`~sphinxext_glancecycle.readers.specs.read_template` reads it, for
    every spec; without one, full specs are still read but their sections
    are not checked.
    ``site`` answers questions about other files (links, redirects, release
    schedules); without it those checks are skipped.  Priorities and
    schedules are read from pages matching ``policy.priorities``, and from
    ``cycle-priorities``/``cycle-schedule`` directives anywhere.
    ``index`` is the document's :class:`~sphinxext_glancecycle.readers.nodeindex.NodeIndex`,
    when the caller has one (the readers share it).
    """
    where = locate(source, policy.catalogue, policy.profile, policy.shipped)
    report = DocumentReport(source=source)
    index = index or NodeIndex(document)
    for entry in read_spec_lites(document, source, policy.known_fields, index=index):
        lite = entry.record
        lite.cycle, lite.status, lite.project = where.cycle, where.status, where.project
        findings = sorted(registry.check('spec-lite', lite, policy,
                                         source=source, cycle=where.cycle),
                          key=Finding.sort_key)
        report.spec_lites.append((entry, findings))
        report.findings.extend(findings)
    if not report.spec_lites and not holds_spec_lite_fields(document, source, index=index):
        templates = template if isinstance(template, SpecTemplates) else None
        if templates is not None:
            template = templates.for_cycle(where.cycle)
        report.spec = read_spec(document, source, where, template, policy.profile.trackers,
                                index=index)
        if report.spec is not None:
            required = policy.profile.required_sections(
                template.sections if template else (), policy.catalogue.position(where.cycle),
                where.status, policy.catalogue.position,
                templates.since() if templates is not None and template else None)
            report.findings.extend(registry.check('spec', report.spec, policy, source=source,
                                                  cycle=where.cycle, context=required))
    asking = (site or Site()).asking()
    _priorities_and_schedules(document, source, policy, asking, where.cycle, report,
                              has_tables=bool(index.of(nodes.table)))
    report.dependencies = asking.consulted
    report.unanswered = asking.unanswered
    report.findings.sort(key=Finding.sort_key)
    return report


def _priorities_and_schedules(document: nodes.document, source: str, policy: Policy,
                              site: Site, cycle: str | None, report: DocumentReport,
                              has_tables: bool) -> None:
    whole = policy.is_priorities_page(source)
    if not whole and not has_tables:
        return  # only tables in our directives count outside priorities pages
    page = read_priorities(document, source, cycle, policy.catalogue, whole_page=whole,
                           vocabulary=policy.profile.priorities)
    if page is not None:
        report.priorities = page
        report.findings.extend(registry.check('priorities-page', page, policy, source=source,
                                              cycle=page.cycle, context=site))
        for priority in page.priorities:
            report.findings.extend(registry.check('priority', priority, policy,
                                                  source=source, cycle=priority.cycle))
    own = page.cycle if page is not None else cycle
    report.schedules = read_schedules(document, source, own, policy.catalogue,
                                      directives_only=not whole)
    for schedule in report.schedules:
        report.findings.extend(registry.check('schedule', schedule, policy, source=source,
                                              cycle=schedule.cycle, context=site))
