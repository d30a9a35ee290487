"""Findings out through Sphinx's logger, and into the page when asked."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from sphinxext_glancecycle.model import Finding, Severity
from sphinxext_glancecycle.sanitize import printable

logger = logging.getLogger('sphinxext_glancecycle')


def log(finding: Finding, docname: str) -> None:
    """Report ``finding`` at its line; warnings carry type and subtype."""
    text = printable(f'{finding.code} {finding.message}')
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


def skip_undecodable(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Leave out, with a warning at the bad byte, sources that do not decode.

    Sphinx would otherwise stop the whole build at the first such file.
    """
    encoding = env.settings['input_encoding']
    for docname in list(docnames):
        data = env.doc2path(docname).read_bytes()
        try:
            data.decode(encoding)
        except UnicodeDecodeError as exc:
            line = data.count(b'\n', 0, exc.start) + 1
            logger.warning(f'byte 0x{data[exc.start]:02x} is not valid {exc.encoding}; the '
                           f'page is left out of the build (save the file as {exc.encoding})',
                           location=(docname, line), type='glancecycle', subtype='encoding')
            docnames.remove(docname)
            env.found_docs.discard(docname)


def setup_report(app: Sphinx) -> None:
    app.connect('env-before-read-docs', skip_undecodable)
