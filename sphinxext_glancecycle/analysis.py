"""One document in, records and findings out: the path shared by Sphinx and the CLI."""

from __future__ import annotations

import dataclasses

from docutils import nodes

from sphinxext_glancecycle.model import Finding, Spec
from sphinxext_glancecycle.policy import Policy
from sphinxext_glancecycle.readers.paths import locate
from sphinxext_glancecycle.readers.speclites import Entry, read_spec_lites
from sphinxext_glancecycle.readers.specs import read_spec
from sphinxext_glancecycle.rules import registry


@dataclasses.dataclass
class DocumentReport:
    """What one document holds and what is wrong with it."""

    source: str
    spec_lites: list[tuple[Entry, list[Finding]]] = dataclasses.field(default_factory=list)
    spec: Spec | None = None
    findings: list[Finding] = dataclasses.field(default_factory=list)


def analyse(document: nodes.document, source: str, policy: Policy,
            template: tuple[str, tuple[str, ...]] | None = None) -> DocumentReport:
    """Read ``document`` (found at repository path ``source``) and judge it.

    ``template`` is the spec template's title and sections
    (:func:`~sphinxext_glancecycle.readers.specs.read_template`); without it
    full specs are still read but their sections are not checked.
    """
    where = locate(source, policy.catalogue)
    report = DocumentReport(source=source)
    for entry in read_spec_lites(document, source, policy.known_fields):
        lite = entry.record
        lite.cycle, lite.status, lite.project = where.cycle, where.status, where.project
        findings = sorted(registry.check('spec-lite', lite, policy,
                                         source=source, cycle=where.cycle),
                          key=Finding.sort_key)
        report.spec_lites.append((entry, findings))
        report.findings.extend(findings)
    if not report.spec_lites:
        title, sections = template or (None, None)
        report.spec = read_spec(document, source, where, title)
        if report.spec is not None:
            report.findings.extend(registry.check('spec', report.spec, policy, source=source,
                                                  cycle=where.cycle, context=sections or ()))
    report.findings.sort(key=Finding.sort_key)
    return report
