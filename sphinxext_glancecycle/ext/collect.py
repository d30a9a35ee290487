"""Read each document once, at ``doctree-read``, into the domain."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from sphinxext_glancecycle.analysis import analyse
from sphinxext_glancecycle.ext import baseline, config, report
from sphinxext_glancecycle.sanitize import neutralize_links


def read_document(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    template = config.spec_template(app)
    result = analyse(doctree, config.source_of(app, docname), config.policy(app), template,
                     site=config.site(app))
    neutralize_links(doctree)
    domain = env.get_domain('glancecycle')
    domain.store(docname, 'spec_lites', [entry.record for entry, _ in result.spec_lites])
    domain.store(docname, 'specs', [result.spec] if result.spec else [])
    if result.spec is not None and template is not None:
        env.note_dependency(config.spec_template_path(app))
    page = result.priorities
    domain.store(docname, 'priorities_pages', [page] if page else [])
    domain.store(docname, 'priorities', page.priorities if page else [])
    domain.store(docname, 'schedules', [row for s in result.schedules for row in s.rows])
    for dependency in result.dependencies:
        env.note_dependency(dependency)
    findings = baseline.apply(app, docname, result.findings)
    domain.store(docname, 'findings', findings)
    for finding in findings:
        report.log(finding, docname)
    if app.config.glancecycle_show_findings:
        for entry, findings in result.spec_lites:
            if findings:
                entry.node.insert(1, report.findings_admonition(findings))


def setup_collect(app: Sphinx) -> None:
    baseline.setup_baseline(app)
    app.connect('doctree-read', read_document)
