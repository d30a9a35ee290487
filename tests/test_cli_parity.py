"""``glancecycle check`` and a Sphinx build agree on the real glance-specs tree.

Skipped when the corpus is absent. The corpus's symbolic links arrived as
text files, so the test stages a buildable tree whose ``conf.py`` points
``glancecycle_repo_root`` at the corpus.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinxext_glancecycle.cli import main

CONF = """\
extensions = ['sphinxext_glancecycle']
project = 'glance-specs'
exclude_patterns = ['**/template.rst', '**/spec-lite-template.rst']
suppress_warnings = ['toc.no_title']
glancecycle_projects = ['glance', 'glance_store', 'python-glanceclient']
glancecycle_enforce_from = '2026.2'
glancecycle_repo_root = {root!r}
"""
LINKED = ('specs', 'priorities')


def stage(corpus: Path, where: Path) -> Path:
    """``where/doc/source`` linking every corpus page, with our conf.py."""
    source = where / 'doc' / 'source'
    source.mkdir(parents=True)
    for name in LINKED:
        (where / name).symlink_to(corpus / name, target_is_directory=True)
    for item in (corpus / 'doc' / 'source').iterdir():
        target = Path('..', '..', item.name) if item.name in LINKED else item
        (source / item.name).symlink_to(target)
    (source / 'conf.py').write_text(CONF.format(root=str(corpus)), encoding='utf-8')
    return where


@pytest.fixture(scope='module')
def staged(corpus, tmp_path_factory) -> Path:
    return stage(corpus, tmp_path_factory.mktemp('parity'))


@pytest.fixture(scope='module')
def build_findings(staged) -> list[dict]:
    app = SphinxTestApp('html', srcdir=staged / 'doc' / 'source')
    try:
        app.build()
    finally:
        app.cleanup()
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
