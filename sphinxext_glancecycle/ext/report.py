"""Findings out through Sphinx's logger, and into the page when asked."""

from __future__ import annotations

from docutils import nodes
from sphinx.util import logging

from sphinxext_glancecycle.model import Finding, Severity

logger = logging.getLogger('sphinxext_glancecycle')


def log(finding: Finding, docname: str) -> None:
    """Report ``finding`` at its line; warnings carry type and subtype."""
    text = f'{finding.code} {finding.message}'
    location = (docname, finding.line)
    if finding.severity >= Severity.WARNING:
        logger.warning(text, location=location, type='glancecycle', subtype=finding.rule)
    elif finding.severity is Severity.INFO:
        logger.info(text, location=location)


def findings_admonition(findings: list[Finding]) -> nodes.admonition:
    """An admonition listing ``findings``, for review previews."""
    box = nodes.admonition(classes=['glancecycle-findings', 'warning'])
    box += nodes.title('', 'Review findings')
    items = nodes.bullet_list()
    for finding in findings:
        para = nodes.paragraph()
        para += nodes.literal('', finding.code)
        where = f' (line {finding.line})' if finding.line else ''
        para += nodes.Text(f'{where} {finding.message}')
        items += nodes.list_item('', para)
    box += items
    return box
