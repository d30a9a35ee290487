"""The baseline in a Sphinx build: known findings at info level, stale entries reported.

``glancecycle_baseline`` (relative to the repository root; None turns it
off) names the file ``glancecycle baseline`` writes. A change to it
re-reads the documents that have findings, so incremental builds agree
with a fresh one.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Iterable

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from sphinxext_glancecycle.baseline import Baseline, BaselineError, describe_stale
from sphinxext_glancecycle.ext.state import state
from sphinxext_glancecycle.model import Finding

if TYPE_CHECKING:
    from sphinxext_glancecycle.ext.state import BuildState

logger = logging.getLogger(__name__)


def _read(built: BuildState) -> tuple[str, Baseline | None]:
    """The baseline file's digest and contents; both empty when there is none."""
    if built.baseline is not None:
        return built.baseline
    found: tuple[str, Baseline | None] = ('', None)
    try:
        with open(built.baseline_path, 'rb') as source:
            data = source.read()
    except (FileNotFoundError, TypeError):  # no file, or no baseline at all
        data = None
    except OSError as exc:  # a folder, say: as the command line, say so
        logger.warning('%s: cannot read (%s)', built.policy.baseline, exc,
                       type='glancecycle', subtype='baseline')
        data = None
    if data is not None:
        digest = hashlib.sha256(data).hexdigest()
        try:
            found = (digest, Baseline.loads(data.decode('utf-8')))
        except (BaselineError, UnicodeDecodeError, RecursionError) as exc:
            logger.warning('%s: %s', built.policy.baseline, exc,
                           type='glancecycle', subtype='baseline')
            found = (digest, None)
    built.baseline = found
    return found


def _lines(built: BuildState, sources: Iterable[str]) -> dict[str, list[str]]:
    lines = {}
    for source in sources:
        try:
            with open(built.path(source), encoding='utf-8-sig', errors='replace') as text:
                lines[source] = text.read().splitlines()
        except OSError:
            lines[source] = []
    return lines


def apply(built: BuildState, findings: list[Finding]) -> tuple[list[Finding], list]:
    """``findings``, baselined ones lowered to info level, and the entries they used."""
    baseline = _read(built)[1]
    if baseline is None or not findings:
        return findings, []
    return baseline.apply(findings, _lines(built, {f.source for f in findings}))


def outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
             removed: set[str]) -> Iterable[str]:
    """Re-read the documents with findings when the baseline file changed."""
    domain = env.get_domain('glancecycle')
    digest = _read(state(env))[0]
    if domain.data['baseline_digest'] == digest:
        return []
    domain.data['baseline_digest'] = digest
    return [docname for docname, records in domain.documents.items()
            if records.findings and docname not in removed]


def report_stale(app: Sphinx, env: BuildEnvironment) -> None:
    """Say which baseline entries no longer match a finding."""
    baseline = _read(state(env))[1]
    if baseline is None:
        return
    if baseline.note:
        logger.info(baseline.note)
    domain = env.get_domain('glancecycle')
    used = [*domain.records('baselined'), *domain.data['repository_baselined']]
    for item in baseline.stale(used):
        logger.info(describe_stale(item))


def setup_baseline(app: Sphinx) -> None:
    app.connect('env-get-outdated', outdated)
    app.connect('env-check-consistency', report_stale)
