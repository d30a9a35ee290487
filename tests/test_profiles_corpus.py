"""cinder-specs and ironic-specs read with the README's lines: every warning judged true.

Each repository is staged once per session as it builds (its own conf.py with
the README's lines, a git checkout) and built once (``built``); ``check`` reads
the same tree, and the two agree.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest

from helpers.corpus_staging import stage_real_build
from helpers.sphinxbuild import build
from sphinxext_glancecycle.cli import check as checking
from sphinxext_glancecycle.cli.confpy import load
from sphinxext_glancecycle.model import Severity

SHARED = Path(__file__).parent.parent.parent / 'shared' / 'corpus'
GOLDEN = Path(__file__).parent / 'golden' / 'profiles_corpus.json'
ADORNMENT = re.compile(r'^([=\-~^+*#])\1{2,}\s*$', re.MULTILINE)
PROJECTS = {'cinder-specs': ['cinder'], 'ironic-specs': ['ironic']}
HAND_COUNTED_SPECS = {'cinder-specs': 208, 'ironic-specs': 194}


@pytest.fixture(scope='session', params=sorted(PROJECTS))
def staged(request, tmp_path_factory):
    name = request.param
    if not (SHARED / name / 'specs').is_dir():
        pytest.skip(f'{name} not found in {SHARED}')
    where = stage_real_build(SHARED / name, SHARED / name / 'doc' / 'source' / 'conf.py',
                             tmp_path_factory.mktemp('profiles') / name,
                             f'glancecycle_projects = {PROJECTS[name]!r}\n'
                             # judge every cycle, not only those not yet released
                             "glancecycle_enforce_from = 'austin'\n")
    return name, where


@pytest.fixture(scope='session')
def built(staged):
    """The staged repository's HTML build, run from its root as ``tox -e docs`` runs it."""
    pytest.importorskip('openstackdocstheme')
    name, where = staged
    here = os.getcwd()
    os.chdir(where)
    try:
        app = build(where / 'doc' / 'source', builddir=where.parent / f'{name}-build')
    finally:
        os.chdir(here)
    return name, where, app


def _check(where: Path):
    site = load(where)
    tree = checking.discover(site)
    return site, checking.check(site, tree.paths, tree, use_baseline=False)


def test_every_warning_is_judged_true(staged):
    name, where = staged
    _, result = _check(where)
    found = list(dict.fromkeys((f.source, f.line, f.code) for f in result.findings
                               if f.severity >= Severity.WARNING))
    golden = json.loads(GOLDEN.read_text('utf-8'))[name]
    # one golden line per (page, line, rule), whatever the sections it names; pages of
    # no cycle are history (info) under the default policy, so the golden may hold more
    judged = list(dict.fromkeys(tuple(entry[:3]) for entry in golden))
    assert found and [item for item in found if item not in judged] == []
    assert all(entry[3] for entry in golden)  # each with its reason


def _readings(site):
    readings, _ = checking._read_all(site, checking.discover(site).paths,
                                     checking.Result(), {}, None)
    return readings


def _tree_specs(root: Path) -> set[str]:
    """Full specs counted from the tree: .rst pages under specs/ that are real files."""
    found = set()
    for path in (root / 'specs').rglob('*.rst'):
        # placeholders keeping an empty cycle folder in git are no specs (read by hand)
        if path.is_symlink() or path.name in ('index.rst', 'template.rst', 'placeholder.rst',
                                              'remove-me.rst'):
            continue
        text = path.read_text('utf-8', 'replace')
        # a page with no heading but its title (ironic's "moved to" stubs) is no spec
        if len(ADORNMENT.findall(text)) < 3:
            continue
        found.add(path.relative_to(root).as_posix())
    return found


def test_every_spec_and_priorities_page_is_recognised(staged):
    name, where = staged
    site = load(where)
    readings = _readings(site)
    specs = {s.source: s for r in readings for s in r.specs}
    expected = _tree_specs(where)
    # counted by hand with find and grep: cinder 212 pages under specs/ less 4 index,
    # template and placeholder pages; ironic 396 less 136 links (release folders and
    # not-implemented/), 1 template and 65 "moved" stubs of only a title and a line
    assert len(expected) == HAND_COUNTED_SPECS[name]
    if name == 'cinder-specs':
        # the stub that says it is no full spec is still read, and judged (golden)
        assert set(specs) == expected
        assert all(s.cycle for s in specs.values() if '/untargeted/' not in s.source)
    else:
        assert set(specs) == expected
        pages = {r.source for r in readings if r.priorities} | {
            r.source for r in readings if r.source.startswith('priorities/')}
        names = {p.relative_to(where).as_posix() for p in (where / 'priorities').glob('*.rst')
                 if not p.name.startswith('TEMPLATE')}
        assert names <= pages and len(names) == 22  # by hand: ls priorities/, less TEMPLATE
        # implemented folders and release folders give their specs a cycle
        implemented = [s for s in specs.values() if '-implemented/' in s.source]
        assert implemented and all(s.cycle and s.status == 'implemented' for s in implemented)
        shipped = site.policy.shipped
        linked = [s for s in specs.values() if s.source in shipped]
        assert linked and all(s.cycle and s.release == shipped[s.source] for s in linked)


def test_dangling_link_is_reported(staged):
    name, where = staged
    if name != 'ironic-specs':
        pytest.skip('only ironic-specs holds a dangling link')
    _, result = _check(where)
    assert any('node-maintenance-extension.rst' in p for p in result.problems)
    assert os.path.islink(where / 'specs' / 'not-implemented' / 'node-maintenance-extension.rst')


def _where(record) -> tuple:
    """Where a record is and what its path says (a priority has no status or project)."""
    return (record.source, record.line, record.cycle, getattr(record, 'status', None),
            getattr(record, 'project', None))


def test_build_and_check_agree(built):
    name, where, app = built
    exported = json.loads((app.outdir / 'glancecycle.json').read_text('utf-8'))
    site, result = _check(where)
    assert app.statuscode == 0
    assert {(f['code'], f['source'], f['line'], f['message'], f['severity'])
            for f in exported['findings']} == {
        (f.code, f.source, f.line, f.message, str(f.severity)) for f in result.findings}
    assert len(exported['findings']) == len(result.findings) > 0


def test_each_document_is_recorded_once(built):
    name, where, app = built
    domain = app.env.get_domain('glancecycle')
    readings = _readings(load(where))
    for kind in ('specs', 'spec_lites', 'priorities'):
        recorded = Counter(_where(record) for record in domain.records(kind))
        # the same records as check's one reading per file, each once, whatever
        # the links to the file (ironic's release folders and not-implemented/)
        assert recorded == Counter(_where(record) for reading in readings
                                   for record in getattr(reading, kind)), kind
    specs = [record.source for record in domain.records('specs')]
    assert len(specs) == len(set(specs)) == len(_tree_specs(where))
    exported = json.loads((app.outdir / 'glancecycle.json').read_text('utf-8'))
    assert sorted(spec['source'] for spec in exported['specs']) == sorted(specs)
