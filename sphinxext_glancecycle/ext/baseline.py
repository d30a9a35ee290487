"""The baseline in a Sphinx build: known findings at info level, stale entries reported.

``glancecycle_baseline`` (relative to the repository root; empty to turn
it off) names the file ``glancecycle baseline`` writes. A change to it
re-reads the documents that have findings, so incremental builds agree
with a fresh one.
"""

from __future__ import annotations

import hashlib
import os
from typing import Iterable

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from sphinxext_glancecycle.baseline import Baseline, BaselineError, describe_stale
from sphinxext_glancecycle.ext import config
from sphinxext_glancecycle.model import Finding

logger = logging.getLogger(__name__)
KIND = 'baselined'


def path(app: Sphinx) -> str | None:
    name = app.config.glancecycle_baseline
    return os.path.join(config.repo_root(app), name) if name else None


def _read(app: Sphinx) -> tuple[str, Baseline | None]:
    """The baseline file's digest and contents; both empty when there is none."""
    if not hasattr(app, 'glancecycle_baseline_file'):
        found: tuple[str, Baseline | None] = ('', None)
        where = path(app)
        try:
            with open(where, 'rb') as source:
                data = source.read()
        except (OSError, TypeError):
            data = None
        if data is not None:
            try:
                found = (hashlib.sha256(data).hexdigest(), Baseline.loads(data.decode('utf-8')))
            except (BaselineError, UnicodeDecodeError) as exc:
                logger.warning('%s: %s', app.config.glancecycle_baseline, exc,
                               type='glancecycle', subtype='baseline')
                found = (hashlib.sha256(data).hexdigest(), None)
        app.glancecycle_baseline_file = found
    return app.glancecycle_baseline_file


def apply(app: Sphinx, docname: str, findings: list[Finding]) -> list[Finding]:
    """``findings`` of ``docname``, baselined ones lowered to info level."""
    domain = app.env.get_domain('glancecycle')
    baseline = _read(app)[1]
    if baseline is None or not findings:
        domain.store(docname, KIND, [])
        return findings
    try:
        with open(app.env.doc2path(docname), encoding='utf-8-sig', errors='replace') as source:
            lines = source.read().splitlines()
    except OSError:
        lines = []
    result, used = baseline.apply(findings, {f.source: lines for f in findings})
    domain.store(docname, KIND, used)
    return result


def lower_repository(app: Sphinx, findings: list[Finding]) -> list[Finding]:
    """Findings that look across documents (GC4xx), baselined ones lowered."""
    domain = app.env.get_domain('glancecycle')
    baseline = _read(app)[1]
    if baseline is None or not findings:
        domain.data[KIND] = []
        return findings
    lines = {}
    for source in {f.source for f in findings}:
        try:
            with open(os.path.join(config.repo_root(app), source), encoding='utf-8-sig',
                      errors='replace') as text:
                lines[source] = text.read().splitlines()
        except OSError:
            lines[source] = []
    result, domain.data[KIND] = baseline.apply(findings, lines)
    return result


def outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
             removed: set[str]) -> Iterable[str]:
    """Re-read the documents with findings when the baseline file changed."""
    domain = env.get_domain('glancecycle')
    digest = _read(app)[0]
    if domain.data.get('baseline_digest', '') == digest:
        return []
    domain.data['baseline_digest'] = digest
    return [docname for docname, kinds in domain.documents.items()
            if kinds.get('findings') and docname not in removed]


def report_stale(app: Sphinx, env: BuildEnvironment) -> None:
    """Say which baseline entries no longer match a finding."""
    baseline = _read(app)[1]
    if baseline is None:
        return
    if baseline.note:
        logger.info(baseline.note)
    domain = env.get_domain('glancecycle')
    used = [*domain.records(KIND), *domain.data.get(KIND, ())]
    for item in baseline.stale(used):
        logger.info(describe_stale(item))


def setup_baseline(app: Sphinx) -> None:
    app.connect('env-get-outdated', outdated)
    # after the findings that look across documents (GC4xx) are made
    app.connect('env-check-consistency', report_stale, priority=900)
