"""The baseline tells apart findings by what they are about, not only by their line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import sphinxbuild
from helpers.repo import CONF, GLANCE, make_repo, run
from sphinxext_glancecycle.baseline import Baseline, BaselineError, entry
from sphinxext_glancecycle.model import Finding, Severity, SpecLite
from sphinxext_glancecycle.policy import Policy
from sphinxext_glancecycle.rules import RULES, registry

#: a spec-lite without ':solution:'; GC101 reports each missing field at the title
PAGE = """\
===========================
Spec Lite: A short proposal
===========================

:project: glance

:problem: Something is slow.

:impacts: None
"""
LATER = PAGE.replace(':problem: Something is slow.', ':solution: Make it fast.')
BOTH = PAGE.replace(':problem: Something is slow.\n', '')
BASELINE = '.glancecycle-baseline.json'
SOURCE = f'{GLANCE}/short.rst'
POLICY = Policy.from_config({})


@pytest.fixture
def repo(tmp_path, monkeypatch, capsys):
    """A repository whose baseline accepts the missing ':solution:'."""
    root = make_repo(tmp_path / 'repo', {SOURCE: PAGE}, CONF)
    assert run(monkeypatch, capsys, root, 'baseline') == (
        0, [f'{BASELINE}: 1 finding recorded'], [])
    return root


def warnings_of(root: Path, builddir: Path) -> list[str]:
    app = sphinxbuild.build(root / 'doc' / 'source', builddir=builddir)
    text = sphinxbuild.ESCAPES.sub('', app.warning.getvalue())
    return [re.sub(r'^.*?(short\.rst:)', r'\1', line) for line in text.splitlines()
            if 'GC1' in line]


def test_entries_record_the_record_and_field(repo):
    [item] = json.loads((repo / BASELINE).read_text('utf-8'))['findings']
    assert (item['code'], item['subject']) == ('GC101', 'A short proposal / solution')


def test_a_second_defect_at_the_same_line_is_new(repo, monkeypatch, capsys):
    (repo / SOURCE).write_text(BOTH, encoding='utf-8')
    status, out, err = run(monkeypatch, capsys, repo, 'check', '--show-info')
    assert status == 1
    assert [line.split(' (')[0] for line in out] == [
        f"{SOURCE}:2: GC101 spec-lite 'A short proposal' has no ':problem:' field",
        f"{SOURCE}:2: GC101 [info] spec-lite 'A short proposal' has no ':solution:' field"]
    assert err == []


def test_a_defect_swapped_for_another_is_new_and_the_entry_stale(repo, monkeypatch, capsys):
    (repo / SOURCE).write_text(LATER, encoding='utf-8')
    status, out, err = run(monkeypatch, capsys, repo, 'check')
    assert status == 1
    assert [line.split(' (')[0] for line in out] == [
        f"{SOURCE}:2: GC101 spec-lite 'A short proposal' has no ':problem:' field"]
    assert len(err) == 1 and err[0].startswith(
        f'glancecycle: {SOURCE}: baseline entry GC101 no longer matches a finding')


def test_the_build_warns_about_the_new_defect_only(repo, tmp_path):
    assert warnings_of(repo, tmp_path / 'before') == []
    (repo / SOURCE).write_text(BOTH, encoding='utf-8')
    [warning] = warnings_of(repo, tmp_path / 'after')
    assert warning.startswith("short.rst:2: WARNING: GC101 spec-lite 'A short proposal' has "
                              "no ':problem:' field")


def test_entries_without_subject_match_as_before_and_say_so(repo, monkeypatch, capsys,
                                                            tmp_path):
    data = json.loads((repo / BASELINE).read_text('utf-8'))
    for item in data['findings']:
        del item['subject']
    (repo / BASELINE).write_text(json.dumps(data), encoding='utf-8')
    (repo / SOURCE).write_text(LATER, encoding='utf-8')
    status, out, err = run(monkeypatch, capsys, repo, 'check')
    assert (status, out) == (0, [])
    assert err == ['glancecycle: 1 baseline entry has no subject (written by an older '
                   'version) and may hide a new finding of the same rule on the same line; '
                   "run 'glancecycle baseline' to record subjects"]
    app = sphinxbuild.build(repo / 'doc' / 'source', builddir=tmp_path / 'build')
    assert '1 baseline entry has no subject' in app.status.getvalue()
    assert 'GC101' not in app.warning.getvalue()


def finding(subject: str | None, line: int = 2) -> Finding:
    return Finding(source='a.rst', line=line, code='GC101', rule='missing-field',
                   severity=Severity.WARNING, message=f'about {subject}', subject=subject)


def test_exact_entries_are_used_before_entries_without_subject():
    lines = {'a.rst': ['', 'Title']}
    old = {k: v for k, v in entry(finding('T / b'), lines['a.rst']).items() if k != 'subject'}
    baseline = Baseline([entry(finding('T / a'), lines['a.rst']), old])
    # the finding without an exact entry takes the old one, whatever the order
    result, used = baseline.apply([finding('T / b'), finding('T / a')], lines)
    assert [f.severity for f in result] == [Severity.INFO, Severity.INFO]
    assert sorted(k.subject or '' for k in used) == ['', 'T / a']
    assert baseline.stale(used) == []
    result, used = baseline.apply([finding('T / c'), finding('T / d')], lines)
    assert [f.severity for f in result] == [Severity.INFO, Severity.WARNING]


@pytest.mark.parametrize('text, error', [
    ('[' * 100000, 'nested too deeply'),
    ('{"version": 1, "findings": [{"source": "a", "code": "GC1", "fingerprint": "f", '
     '"subject": 3}]}', 'a subject, if any, that is text'),
])
def test_malformed_baselines_are_errors(text, error):
    with pytest.raises(BaselineError, match=error):
        Baseline.loads(text)


def test_findings_name_their_record_and_part():
    lite = SpecLite(title='T', source='a.rst', line=2, layout=SpecLite.LAYOUT_MULTI)
    assert [part for _, _, part in RULES['GC101'].check(lite, None)] == [
        'problem', 'solution', 'impacts']
    assert [f.subject for f in registry.check('spec-lite', lite, POLICY, source='a.rst',
                                              cycle=None) if f.code == 'GC101'] == [
        'T / problem', 'T / solution', 'T / impacts']


def test_a_baseline_that_is_a_folder_is_an_error_in_both_tools(tmp_path, monkeypatch, capsys):
    root = make_repo(tmp_path / 'repo', {SOURCE: PAGE}, CONF)
    (root / BASELINE).mkdir()
    status, out, err = run(monkeypatch, capsys, root, 'check')
    assert (status, out) == (2, [])
    assert err == [f'glancecycle: error: {BASELINE}: cannot read ([Errno 21] Is a directory: '
                   f"'{root / BASELINE}')"]
    app = sphinxbuild.build(root / 'doc' / 'source', builddir=tmp_path / 'build')
    warnings = sphinxbuild.ESCAPES.sub('', app.warning.getvalue())
    assert f'WARNING: {BASELINE}: cannot read ([Errno 21] Is a directory:' in warnings
    assert '[glancecycle.baseline]' in warnings
