"""The gate is a function of the tree: time passing only makes it greener.

``Policy.severity`` is tested directly; the real glance-specs tree, with
only the README's conf.py lines (no ``glancecycle_enforce_from``), is built
and checked at several dates (skipped when the corpus is absent).
"""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import pytest

from sphinxext_glancecycle.cli import main
from sphinxext_glancecycle.model import Severity
from sphinxext_glancecycle.policy import Policy

from helpers.corpus_staging import stage
from helpers.sphinxbuild import build

WARNING, INFO = Severity.WARNING, Severity.INFO


def policy(today: str, **values) -> Policy:
    return Policy.from_config({'glancecycle_today': today, **values})


@pytest.mark.parametrize('today, cycle, expected', [
    ('2024-01-20', '2023.2', INFO),       # released before the build date: history
    ('2024-01-20', '2024.1', WARNING),    # the current cycle is enforced
    ('2024-01-20', '2024.2', WARNING),    # and so are future ones
    ('2024-04-03', '2024.1', WARNING),    # on its release day it is still current
    ('2024-04-04', '2024.1', INFO),
    ('2024-01-20', None, INFO),           # documents of no cycle (untargeted) are not gated
    ('2024-01-20', 'nonsense', INFO),
])
def test_released_cycles_are_history_by_default(today, cycle, expected):
    assert policy(today).severity('GC101', WARNING, cycle) is expected


@pytest.mark.parametrize('cycle, expected', [
    ('2023.1', INFO), (None, INFO), ('2023.2', WARNING), ('2024.2', WARNING)])
def test_enforce_from_says_where_history_ends(cycle, expected):
    found = policy('2030-01-01', glancecycle_enforce_from='2023.2').severity(
        'GC101', WARNING, cycle)
    assert found is expected


def test_severity_never_rises_as_time_passes():
    days = [datetime.date(2022, 1, 1) + datetime.timedelta(days=30 * n) for n in range(80)]
    for cycle in ('2023.1', '2024.2', '2026.2', '2027.1'):
        levels = [policy(day.isoformat()).severity('GC101', WARNING, cycle) for day in days]
        assert levels == sorted(levels, reverse=True), cycle


def test_overrides_still_apply_and_history_is_only_lowered():
    raised = policy('2024-01-20', glancecycle_rules={'GC211': 'warning', 'GC101': 'off'})
    assert raised.severity('GC211', INFO, '2024.1') is WARNING
    assert raised.severity('GC211', INFO, '2023.2') is INFO
    assert raised.severity('GC101', WARNING, '2024.1') is Severity.OFF
    assert policy('2024-01-20').severity('GC212', INFO, '2023.2') is INFO


# -- the real tree -------------------------------------------------------------------------

README_CONF = """\
extensions = ['sphinxext_glancecycle']
project = 'glance-specs'
exclude_patterns = ['**/template.rst', '**/spec-lite-template.rst']
suppress_warnings = ['toc.no_title']
glancecycle_projects = ['glance', 'glance_store', 'python-glanceclient']
glancecycle_repo_root = {root!r}
"""
#: a few dates from the oldest cycle the corpus enforces to after the newest
DATES = ('2023-03-01', '2024-06-01', '2025-11-01', '2026-12-02', '2028-01-01')
MALFORMED = """\
:orphan:

===============================
Spec Lite: Not quite a proposal
===============================

:project: Glance

:solution: Make it fast.
"""


def _stage(corpus: Path, where: Path, extra: dict[str, str] = {}) -> Path:
    """A staged copy of the corpus with ``extra`` files; returns the repository root."""
    copy = where / 'corpus'
    shutil.copytree(corpus, copy, symlinks=True)
    for name, text in extra.items():
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        (copy / name).write_text(text, encoding='utf-8')
    source = stage(copy, where / 'repo')
    (source / 'conf.py').write_text(README_CONF.format(root=str(copy)), encoding='utf-8')
    return source.parents[1]


def _check(repo: Path, today: str, monkeypatch, capsys) -> tuple[int, list[dict]]:
    monkeypatch.setenv('SOURCE_DATE_EPOCH', str(int(datetime.datetime.fromisoformat(
        today).replace(tzinfo=datetime.timezone.utc).timestamp())))
    monkeypatch.chdir(repo)
    status = main(['check', '--format', 'json'])
    out, _ = capsys.readouterr()
    return status, json.loads(out)['findings']


def _warnings(findings: list[dict]) -> set[tuple]:
    return {(f['source'], f['line'], f['code']) for f in findings
            if f['severity'] == 'warning'}


@pytest.fixture(scope='module')
def readme_repo(corpus, tmp_path_factory) -> Path:
    return _stage(corpus, tmp_path_factory.mktemp('gate'))


def test_corpus_warnings_only_shrink_as_time_passes(readme_repo, monkeypatch, capsys):
    found = [_warnings(_check(readme_repo, day, monkeypatch, capsys)[1]) for day in DATES]
    assert found[0], 'early in the corpus its current cycle has findings: the test must see some'
    for earlier, later in zip(found, found[1:]):
        assert later <= earlier
    assert found[-1] == set()


@pytest.mark.parametrize('today', [DATES[0], DATES[-2]])
def test_corpus_build_agrees_with_check_at_each_date(readme_repo, today, monkeypatch, capsys,
                                                     tmp_path):
    status, findings = _check(readme_repo, today, monkeypatch, capsys)
    app = build(readme_repo / 'doc' / 'source', builddir=tmp_path)
    built = json.loads((app.outdir / 'glancecycle.json').read_text('utf-8'))['findings']
    assert _warnings(built) == _warnings(findings)
    assert ('WARNING: GC' in app.warning.getvalue()) == (status == 1)
    if today == DATES[-2]:    # today's date when this was written: green under -W
        assert status == 0 and 'WARNING' not in app.warning.getvalue()


def test_one_malformed_spec_lite_in_the_current_cycle_fails(corpus, tmp_path, monkeypatch,
                                                            capsys):
    path = 'specs/2027.1/approved/glance/spec-lite-not-quite.rst'
    repo = _stage(corpus, tmp_path, {path: MALFORMED})
    status, findings = _check(repo, DATES[-2], monkeypatch, capsys)
    assert status == 1
    assert {source for source, _, _ in _warnings(findings)} == {path}


def test_next_cycle_then_check_passes_on_any_date(corpus, tmp_path, monkeypatch, capsys):
    repo = _stage(corpus, tmp_path)
    monkeypatch.chdir(repo)
    assert main(['next-cycle', '2027.2']) == 0
    capsys.readouterr()
    # before the cycle opens, past its first milestone with the page still a
    # placeholder, after its release, and years later
    for today in ('2026-12-02', '2027-06-15', '2027-10-15', '2031-01-01'):
        status, findings = _check(repo, today, monkeypatch, capsys)
        assert (today, status, _warnings(findings)) == (today, 0, set())
        if today == '2027-06-15':
            reminders = {f['code'] for f in findings if f['source'].startswith(
                'priorities/2027.2')}
            assert 'GC211' in reminders, 'the placeholder is a reminder, at info level'
