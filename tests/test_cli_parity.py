"""``glancecycle check`` and a Sphinx build agree: on a small tree made for it, and on the
real glance-specs tree.

The parity root (``tests/roots/test-parity``) holds one case of every kind where
the two once disagreed: ``site_url`` links and redirects, release schedules, an
undecodable page, ``rst_prolog``, includes, ``exclude_patterns`` with ``[...]``
classes, a broken title adornment, a malformed table with quotes, a Sphinx
directive on a linked page, page metadata (``:orphan:``) above a spec-lite's
title. The corpus is skipped when absent; the corpus's symbolic links arrived
as text files, so its test stages a buildable tree whose ``conf.py`` points
``glancecycle_repo_root`` at the corpus, built once per session.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sphinxext_glancecycle.cli import main

from helpers.corpus_staging import stage
from helpers.sphinxbuild import ESCAPES, build

ROOT = Path(__file__).parent / 'roots' / 'test-parity'


def both(repo: Path, source: Path, monkeypatch, capsys):
    """The build's warnings and findings, and check's status, findings and stderr."""
    app = build(source)
    built = json.loads((app.outdir / 'glancecycle.json').read_text('utf-8'))['findings']
    monkeypatch.chdir(repo)
    status = main(['check', '--format', 'json'])
    out, err = capsys.readouterr()
    return ESCAPES.sub('', app.warning.getvalue()), built, status, json.loads(out)['findings'], err


def test_parity_root(tmp_path, monkeypatch, capsys):
    source = tmp_path / 'doc' / 'source'
    shutil.copytree(ROOT, source)
    (tmp_path / '.git').mkdir()
    warnings, built, status, checked, err = both(tmp_path, source, monkeypatch, capsys)
    assert checked == built
    codes = {(f['source'].rsplit('/', 1)[-1], f['code']) for f in built}
    # each case is really there, and judged alike
    assert ('2024.1-priorities.rst', 'GC209') in codes       # a missing anchor
    assert ('2024.1-priorities.rst', 'GC214') in codes       # the malformed table
    assert ('2023.2-priorities.rst', 'GC209') in codes       # site links and redirects
    assert not any(name in ('draft-1.rst', 'spec-lite-prolog.rst', 'spec-lite-latin1.rst')
                   for name, _ in codes)
    assert ('spec-lite-include.rst', 'GC106') in codes
    # ':orphan:' above the title is page metadata to both, not a spec-lite of its own
    assert [(f['line'], f['code']) for f in built if 'orphan' in f['source']] == [(4, 'GC101')]
    anchors = [f['message'] for f in built if f['code'] == 'GC209' and 'landing-zone' in
               f['message']]
    assert len(anchors) == 1 and "'#nowhere'" in anchors[0]   # '#plan' is found
    assert 'spec-lite-latin1.rst:7: WARNING: byte 0xe9 is not valid utf-8' in warnings
    assert err.splitlines() == [
        # the root keeps full specs and no template: said once, not silently skipped
        'glancecycle: no readable spec template at specs/template.rst: the sections of 3 full '
        'specs are not checked (GC501, GC502, GC504, GC505)',
        'glancecycle: specs/2024.1/approved/glance/spec-lite-latin1.rst:7: byte 0xe9 is not '
        'valid utf-8; the page is left out of the check (save the file as utf-8)']
    assert status == 1


def test_a_parallel_build_reports_what_a_serial_build_reports(tmp_path):
    """Links that waited for a page read in another process are judged after reading."""
    found = []
    for parallel in (0, 2):
        source = tmp_path / str(parallel) / 'doc' / 'source'
        shutil.copytree(ROOT, source)
        (source.parents[1] / '.git').mkdir()
        app = build(source, parallel=parallel)
        found.append(json.loads((app.outdir / 'glancecycle.json').read_text('utf-8'))['findings'])
    assert found[1] == found[0]


@pytest.fixture(scope='session')
def staged(corpus, tmp_path_factory) -> Path:
    """The staged repository's root."""
    return stage(corpus, tmp_path_factory.mktemp('parity')).parents[1]


@pytest.fixture(scope='session')
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
