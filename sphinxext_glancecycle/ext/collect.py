"""The one collection step: each document, once read, into the domain.

At ``doctree-read`` the document is analysed (the readers and rules the
command line runs too), its findings are baselined and logged, and its
records go into the domain's :class:`~sphinxext_glancecycle.model.DocumentRecords`,
next to the placeholders its directives noted while it was parsed.
"""

from __future__ import annotations

import bisect
import os

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from sphinxext_glancecycle.analysis import analyse
from sphinxext_glancecycle.directives.tasks import read_release_phases
from sphinxext_glancecycle.ext import baseline, report
from sphinxext_glancecycle.ext.state import state
from sphinxext_glancecycle.model import Finding
from sphinxext_glancecycle.readers.nodeindex import NodeIndex
from sphinxext_glancecycle.readers.paths import locate
from sphinxext_glancecycle.readers.speclites import title_line
from sphinxext_glancecycle.rules import RULES
from sphinxext_glancecycle.rules.priorities import PAGE as PAGE_KIND
from sphinxext_glancecycle.sanitize import is_unsafe, printable

logger = logging.getLogger(__name__)


def finding_anchors(doctree: nodes.document, findings: list[Finding]) -> list[str | None]:
    """For each finding, the id of the last section starting at or before its line."""
    if not findings:
        return []  # most pages: no need to walk their sections
    starts = sorted((title_line(section[0]), section['ids'][0])
                    for section in doctree.findall(nodes.section)
                    if section['ids'] and section.children
                    and isinstance(section[0], nodes.title) and section[0].line)
    lines = [line for line, _ in starts]
    anchors = []
    for finding in findings:
        # one search per finding: a page of thousands of spec-lites stays linear
        index = bisect.bisect_right(lines, finding.line) if finding.line else 0
        anchors.append(starts[index - 1][1] if index else None)
    return anchors


def neutralize_links(tree: nodes.Element, index: NodeIndex | None = None) -> int:
    """Replace every unsafe reference in ``tree`` by its plain text; return how many.

    ``index`` is the tree's :class:`NodeIndex`, when the caller has one (the
    index no longer shows the references replaced).
    """
    count = 0
    for node in (index or NodeIndex(tree)).of(nodes.reference, nodes.target):
        if not is_unsafe(node.get('refuri', '')):
            continue
        if isinstance(node, nodes.reference):
            node.replace_self(nodes.literal(node.astext(), node.astext()))
            count += 1
        else:
            del node['refuri']
    return count


def read_document(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    built = state(env)
    policy = built.policy
    source = built.source_of(docname)
    cycle = locate(source, policy.catalogue, policy.profile, policy.shipped).cycle
    linked_at = built.linked_at(docname)
    where = (locate(linked_at, policy.catalogue, policy.profile, policy.shipped)
             if linked_at is not None else None)
    # one walk of the tree for all the readers below
    index = NodeIndex(doctree)
    if (where is not None and where.cycle in (None, cycle)
            and built.is_read_elsewhere(source)):
        # An alias giving the file no other cycle (a release folder of links,
        # ironic's not-implemented/): the file is recorded once, where it is
        # read, with the cycle its release folder gives it (policy.shipped).
        neutralize_links(doctree, index)
        return
    templates = built.spec_templates
    result = analyse(doctree, source, policy, templates, site=built.site, index=index)
    release_phases = read_release_phases(index.of(nodes.section), lambda: source)
    # last of the readers: the index shows no reference it replaces
    neutralize_links(doctree, index)

    records = env.get_domain('glancecycle').document(docname)
    records.source = source
    records.cycle = cycle
    template = templates.path_for(cycle) if result.spec is not None else None
    records.spec_lites = [entry.record for entry, _ in result.spec_lites]
    records.specs = [result.spec] if result.spec else []
    findings = result.findings
    if where is not None:
        # A spec linked into another cycle's folder belongs to that cycle too;
        # its findings are the linked file's, reported where that file is read.
        records.cycle = where.cycle
        for record in (*records.specs, *records.spec_lites):
            record.cycle, record.status, record.project = where.cycle, where.status, where.project
        if built.is_read_elsewhere(source):
            findings = []
    if result.unanswered:
        # a linked page is still to be read (in a parallel build, maybe in another
        # process): the page's rules run when reading is over (ext.site)
        records.waiting = True
        findings = [f for f in findings if RULES[f.code].kind != PAGE_KIND]
    if template is not None:
        env.note_dependency(os.path.join(built.root, template))
    page = result.priorities
    records.priorities_pages = [page] if page else []
    records.priorities = page.priorities if page else []
    records.schedules = [row for schedule in result.schedules for row in schedule.rows]
    records.release_phases = release_phases
    parts = docname.split('/')
    ptg = policy.catalogue.get(parts[-1])
    if len(parts) > 1 and parts[-2] == 'ptg' and ptg is not None:
        records.ptg = [ptg.key]
    for dependency in result.dependencies:
        env.note_dependency(dependency)

    records.findings, records.baselined = baseline.apply(built, findings)
    records.finding_anchors = finding_anchors(doctree, records.findings)
    for finding in records.findings:
        report.log(finding, docname)
    if built.show_findings:
        for entry, findings in result.spec_lites:
            if findings:
                entry.node.insert(1, report.findings_admonition(findings))
    if records.dashboards:
        # A dashboard repeats what other pages say: search finds it there.
        env.metadata[docname].setdefault('nosearch', '')


def note_missing_templates(app: Sphinx, env: BuildEnvironment) -> None:
    """Say once, as ``glancecycle check`` does, which specs no template judges."""
    built = state(env)
    policy = built.policy
    cycles = {records.source: locate(records.source, policy.catalogue, policy.profile,
                                     policy.shipped).cycle
              for records in env.get_domain('glancecycle').documents.values() if records.specs}
    note = built.spec_templates.note(cycles.values())
    if note:
        logger.info('glancecycle: %s', printable(note))


def setup_collect(app: Sphinx) -> None:
    app.connect('doctree-read', read_document)
    app.connect('env-updated', note_missing_templates)
