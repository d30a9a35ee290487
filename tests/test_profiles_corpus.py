"""cinder-specs and ironic-specs read with the README's lines: every warning judged true."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from helpers.corpus_staging import stage_repository
from sphinxext_glancecycle.cli import check as checking
from sphinxext_glancecycle.cli.confpy import load
from sphinxext_glancecycle.model import Severity

SHARED = Path(__file__).parent.parent.parent / 'shared' / 'corpus'
GOLDEN = Path(__file__).parent / 'golden' / 'profiles_corpus.json'
ADORNMENT = re.compile(r'^([=\-~^+*#])\1{2,}\s*$', re.MULTILINE)
PROJECTS = {'cinder-specs': ['cinder'], 'ironic-specs': ['ironic']}


@pytest.fixture(scope='session', params=sorted(PROJECTS))
def staged(request, tmp_path_factory):
    name = request.param
    if not (SHARED / name / 'specs').is_dir():
        pytest.skip(f'{name} not found in {SHARED}')
    where = stage_repository(SHARED / name, tmp_path_factory.mktemp('profiles') / name,
                             f'glancecycle_projects = {PROJECTS[name]!r}\n'
                             # judge every cycle, not only those not yet released
                             "glancecycle_enforce_from = 'austin'\n")
    return name, where


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
    readings, _ = checking._read_all(site, checking.discover(site).paths,
                                     checking.Result(), {}, None)
    specs = {s.source: s for r in readings for s in r.specs}
    expected = _tree_specs(where)
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
        assert names <= pages
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
