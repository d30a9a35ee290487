"""``glancecycle check`` and a Sphinx build agree on the real glance-specs tree.

Skipped when the corpus is absent. The corpus's symbolic links arrived as
text files, so the test stages a buildable tree whose ``conf.py`` points
``glancecycle_repo_root`` at the corpus.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sphinxext_glancecycle.cli import main

from corpus_staging import stage
from sphinxbuild import build


@pytest.fixture(scope='module')
def staged(corpus, tmp_path_factory) -> Path:
    """The staged repository's root."""
    return stage(corpus, tmp_path_factory.mktemp('parity')).parents[1]


@pytest.fixture(scope='module')
def build_findings(staged) -> list[dict]:
    app = build(staged / 'doc' / 'source')
    return json.loads((app.outdir / 'glancecycle.json').read_text('utf-8'))['findings']


def test_check_reports_what_the_build_reports(staged, build_findings, monkeypatch, capsys):
    monkeypatch.chdir(staged)
    status = main(['check', '--format', 'json'])
    out, err = capsys.readouterr()
    findings = json.loads(out)['findings']
    assert build_findings, 'the corpus has findings; an empty build result means no check'
    assert {(f['source'], f['line'], f['code']) for f in findings} == {
        (f['source'], f['line'], f['code']) for f in build_findings}
    # not only the same places: the same severities and messages, in the same order
    assert findings == build_findings
    warned = any(f['severity'] == 'warning' for f in build_findings)
    assert status == (1 if warned else 0)
    assert err == ''
