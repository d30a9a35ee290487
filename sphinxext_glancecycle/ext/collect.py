"""Read each document once, at ``doctree-read``, into the domain."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from sphinxext_glancecycle.analysis import analyse
from sphinxext_glancecycle.ext import config, report
from sphinxext_glancecycle.sanitize import neutralize_links


def read_document(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    template = config.spec_template(app)
    result = analyse(doctree, config.source_of(app, docname), config.policy(app), template)
    neutralize_links(doctree)
    domain = env.get_domain('glancecycle')
    domain.store(docname, 'spec_lites', [entry.record for entry, _ in result.spec_lites])
    domain.store(docname, 'specs', [result.spec] if result.spec else [])
    if result.spec is not None and template is not None:
        env.note_dependency(config.spec_template_path(app))
    domain.store(docname, 'findings', result.findings)
    for finding in result.findings:
        report.log(finding, docname)
    if app.config.glancecycle_show_findings:
        for entry, findings in result.spec_lites:
            if findings:
                entry.node.insert(1, report.findings_admonition(findings))


def setup_collect(app: Sphinx) -> None:
    app.connect('doctree-read', read_document)
