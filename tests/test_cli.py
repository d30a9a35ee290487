"""``glancecycle check`` and ``glancecycle baseline`` on small repositories."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import sphinxbuild
from helpers.repo import BAD, CONF, GLANCE, GOOD, make_repo, run


@pytest.fixture
def repo(tmp_path):
    return make_repo(tmp_path, {f'{GLANCE}/good.rst': GOOD, f'{GLANCE}/bad.rst': BAD})


def test_findings_are_printed_flake8_style_and_fail(repo, monkeypatch, capsys):
    status, out, err = run(monkeypatch, capsys, repo, 'check')
    assert status == 1
    assert out == [f'{GLANCE}/bad.rst:5: GC106 ' + out[0].split(' GC106 ', 1)[1]]
    assert "'Glance'" in out[0] and "did you mean 'glance'" in out[0]
    assert err == []


def test_clean_repository_exits_zero(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path, {f'{GLANCE}/good.rst': GOOD})
    assert run(monkeypatch, capsys, repo, 'check') == (0, [], [])


def test_check_from_a_subfolder_finds_the_repository(repo, monkeypatch, capsys):
    for where in (repo / GLANCE, repo / 'doc' / 'source', repo / 'doc/source/specs/2024.1'):
        status, out, _ = run(monkeypatch, capsys, where, 'check')
        assert status == 1
        assert out[0].startswith(f'{GLANCE}/bad.rst:5: GC106 ')


def test_json_has_the_export_fields(repo, monkeypatch, capsys):
    status, out, _ = run(monkeypatch, capsys, repo, 'check', '--format', 'json')
    assert status == 1
    data = json.loads('\n'.join(out))
    assert list(data) == ['findings']
    [finding] = data['findings']
    assert set(finding) == {'source', 'line', 'code', 'rule', 'severity', 'message'}
    assert (finding['source'], finding['line'], finding['code'], finding['severity']) == (
        f'{GLANCE}/bad.rst', 5, 'GC106', 'warning')


def test_rule_settings_of_conf_py_apply(tmp_path, monkeypatch, capsys):
    conf = CONF + "glancecycle_rules = {'GC106': 'info'}\n"
    repo = make_repo(tmp_path, {f'{GLANCE}/bad.rst': BAD}, conf)
    status, out, _ = run(monkeypatch, capsys, repo, 'check')
    assert (status, out) == (0, [])
    status, out, _ = run(monkeypatch, capsys, repo, 'check', '--show-info')
    assert status == 0
    assert out[0].startswith(f'{GLANCE}/bad.rst:5: GC106 [info] ')


def test_named_paths_only(repo, monkeypatch, capsys):
    status, out, _ = run(monkeypatch, capsys, repo, 'check', f'{GLANCE}/good.rst')
    assert (status, out) == (0, [])
    status, out, _ = run(monkeypatch, capsys, repo, 'check', 'specs')
    assert status == 1
    assert out[0].startswith(f'{GLANCE}/bad.rst:5: GC106 ')


def test_a_folder_stands_for_the_pages_the_build_reads(repo, monkeypatch, capsys):
    # not a page of the site: outside doc/source and its links
    (repo / 'build' / 'specs').mkdir(parents=True)
    (repo / 'build' / 'specs' / 'copy.rst').write_text(BAD, encoding='utf-8')
    assert run(monkeypatch, capsys, repo, 'check', '.') == run(monkeypatch, capsys, repo,
                                                               'check')
    assert run(monkeypatch, capsys, repo, 'check', 'build') == (0, [], [])
    status, out, _ = run(monkeypatch, capsys, repo, 'check', '--format', 'json',
                         'build/specs/copy.rst')
    # a page of no cycle is checked, and its findings are history (info)
    found = [(f['code'], f['severity']) for f in json.loads('\n'.join(out))['findings']]
    assert (status, found) == (0, [('GC106', 'info')])


def test_pages_outside_specs_are_not_parsed(tmp_path, monkeypatch, capsys):
    # a page that mentions none of the markers is skipped, even if broken
    repo = make_repo(tmp_path, {'doc/source/guide.rst': 'Guide\n=====\n\n.. broken::\n'})
    assert run(monkeypatch, capsys, repo, 'check') == (0, [], [])


def test_exclude_patterns_are_honoured(tmp_path, monkeypatch, capsys):
    conf = CONF + "exclude_patterns = ['specs/2024.1/approved/glance/bad.rst']\n"
    repo = make_repo(tmp_path, {f'{GLANCE}/bad.rst': BAD}, conf)
    assert run(monkeypatch, capsys, repo, 'check') == (0, [], [])


# -- errors: one line, the right status, never a traceback ------------------------------


def error_of(monkeypatch, capsys, where, *argv) -> str:
    status, out, err = run(monkeypatch, capsys, where, *argv)
    assert status == 2
    assert out == []
    assert len(err) == 1 and err[0].startswith('glancecycle: error: ')
    return err[0]


def test_not_a_specs_repository(tmp_path, monkeypatch, capsys):
    assert 'is not in a specs repository' in error_of(monkeypatch, capsys, tmp_path, 'check')


def test_missing_conf_py(repo, monkeypatch, capsys):
    (repo / 'doc' / 'source' / 'conf.py').unlink()
    message = error_of(monkeypatch, capsys, repo, 'check')
    assert 'has specs/ but no doc/source/conf.py' in message


@pytest.mark.parametrize('conf, expected', [
    ('raise RuntimeError("no theme\\nhere")\n', 'raised RuntimeError: no theme here'),
    ('import sys\nsys.exit(3)\n', 'raised SystemExit: 3'),
    ('extensions = [\n', 'conf.py:1: syntax error'),
    ("glancecycle_rules = {'GC999': 'off'}\n", "unknown rule 'GC999'"),
    ("glancecycle_projects = 'glance'\n", 'glancecycle_projects is a str; give a list of strings'),
    ("glancecycle_enforce_from = 'nope'\n", "unknown series 'nope'"),
])
def test_bad_conf_py(tmp_path, monkeypatch, capsys, conf, expected):
    repo = make_repo(tmp_path, {}, conf)
    assert expected in error_of(monkeypatch, capsys, repo, 'check')


def test_conf_py_leaves_no_trace(tmp_path, monkeypatch, capsys):
    conf = CONF + 'import os, sys\nsys.path.insert(0, os.path.abspath("."))\n'
    repo = make_repo(tmp_path, {}, conf)
    before = list(sys.path)
    assert run(monkeypatch, capsys, repo, 'check')[0] == 0
    assert sys.path == before and Path.cwd() == repo


def test_conf_py_output_does_not_spoil_json(repo, monkeypatch, capsys):
    conf = repo / 'doc' / 'source' / 'conf.py'
    conf.write_text(CONF + 'print("hello from conf.py")\n', encoding='utf-8')
    status, out, err = run(monkeypatch, capsys, repo, 'check', '--format', 'json')
    assert status == 1
    assert json.loads('\n'.join(out))['findings'][0]['code'] == 'GC106'
    assert err == ['hello from conf.py']


def test_pre_commit_hook_runs_the_check():
    import yaml

    hooks = yaml.safe_load((Path(__file__).parents[1] / '.pre-commit-hooks.yaml').read_text())
    [hook] = hooks
    assert hook['id'] == 'glancecycle-check'
    assert hook['entry'] == 'glancecycle check'
    assert hook['language'] == 'python'
    assert hook['pass_filenames'] is True


def test_usage_errors(repo, monkeypatch, capsys):
    assert 'required' in error_of(monkeypatch, capsys, repo)
    assert 'invalid choice' in error_of(monkeypatch, capsys, repo, 'check', '--format', 'xml')
    assert 'no such file' in error_of(monkeypatch, capsys, repo, 'check', 'missing.rst')


def test_invalid_utf8_is_left_out_as_the_build_does(repo, monkeypatch, capsys):
    # a finding the replaced text would cause (GC106) must not appear: the build drops the page
    (repo / GLANCE / 'good.rst').write_bytes(BAD.encode() + b'\n:how: caf\xe9\n')
    status, out, err = run(monkeypatch, capsys, repo, 'check')
    assert status == 1
    assert err == [f'glancecycle: {GLANCE}/good.rst:13: byte 0xe9 is not valid utf-8; the '
                   'page is left out of the check (save the file as utf-8)']
    assert [line.split(':')[0] for line in out] == [f'{GLANCE}/bad.rst']


def test_unreadable_file_is_reported_and_the_rest_checked(repo, monkeypatch, capsys):
    (repo / GLANCE / 'gone.rst').symlink_to(repo / 'nowhere.rst')
    status, out, err = run(monkeypatch, capsys, repo, 'check')
    assert status == 1
    assert err == [f'glancecycle: doc/source/{GLANCE}/gone.rst: symbolic link to '
                   f'{repo / "nowhere.rst"}, which does not exist']
    assert out[0].startswith(f'{GLANCE}/bad.rst:5: GC106 ')


def test_hostile_and_huge_input_gives_no_traceback(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path, {
        f'{GLANCE}/junk.rst': bytes(range(256)) * 64,
        f'{GLANCE}/big.rst': GOOD + ('\n* item\n' * 50_000),
        f'{GLANCE}/deep.rst': GOOD + '\n' + ''.join(
            ' ' * (2 * depth) + '* level\n\n' for depth in range(200)),
    })
    status, out, err = run(monkeypatch, capsys, repo, 'check')
    assert status == 1
    assert err == [f'glancecycle: {GLANCE}/deep.rst: nested too deeply to parse; not checked',
                   f'glancecycle: {GLANCE}/junk.rst:2: byte 0x80 is not valid utf-8; the '
                   'page is left out of the check (save the file as utf-8)']


def _cold_and_warm(repo: Path, cache: Path, shown: str):
    """Two checks of ``repo`` in fresh interpreters, each printing its exit status and
    the loaded modules the expression ``shown`` keeps (``m`` is a module's name)."""
    code = ('import sys; from sphinxext_glancecycle.cli import main; status = main(["check"]); '
            f'print(status, sorted(m for m in sys.modules if {shown}))')
    env = {**os.environ, 'GLANCECYCLE_CACHE_DIR': str(cache)}
    return tuple(subprocess.run([sys.executable, '-c', code], cwd=repo, capture_output=True,
                                text=True, check=False, env=env) for _ in range(2))


def test_command_line_never_starts_sphinx(repo, tmp_path):
    cold, warm = _cold_and_warm(repo, tmp_path / 'cache', 'm.startswith(("sphinx.application", '
                                '"sphinx.environment", "sphinxext_glancecycle.ext"))')
    assert cold.stdout.splitlines()[-1] == warm.stdout.splitlines()[-1] == '1 []'
    assert warm.stdout == cold.stdout
    assert 'Traceback' not in cold.stderr + warm.stderr


def test_warm_check_imports_findings_but_not_the_model(repo, tmp_path):
    cold, warm = _cold_and_warm(repo, tmp_path / 'cache', 'm in ('
                                '"sphinxext_glancecycle.model", "sphinxext_glancecycle.core")')
    assert cold.stdout.splitlines()[-1] == (
        "1 ['sphinxext_glancecycle.core', 'sphinxext_glancecycle.model']")
    assert warm.stdout.splitlines()[-1] == "1 ['sphinxext_glancecycle.core']"
    assert warm.stdout.splitlines()[0].startswith(f'{GLANCE}/bad.rst:5: GC106 ')
    assert warm.stdout.splitlines()[:-1] == cold.stdout.splitlines()[:-1]
    assert 'Traceback' not in cold.stderr + warm.stderr


def test_model_reexports_the_core_records():
    from sphinxext_glancecycle import core, model

    assert (model.Severity, model.Finding, model.Cycle) == (core.Severity, core.Finding,
                                                            core.Cycle)


def test_console_script(repo):
    script = Path(sys.executable).with_name('glancecycle')
    if not script.exists():
        pytest.skip('glancecycle script not installed next to the interpreter')
    done = subprocess.run([str(script), 'check'], cwd=repo, capture_output=True, text=True,
                          check=False, env={**os.environ, 'PYTHONWARNINGS': 'error'})
    assert done.returncode == 1
    assert done.stdout.startswith(f'{GLANCE}/bad.rst:5: GC106 ')


# -- baseline ------------------------------------------------------------------------------


def test_baseline_turns_known_findings_into_info(repo, monkeypatch, capsys):
    status, out, _ = run(monkeypatch, capsys, repo, 'baseline')
    assert status == 0
    assert out == ['.glancecycle-baseline.json: 1 finding recorded']
    data = json.loads((repo / '.glancecycle-baseline.json').read_text('utf-8'))
    assert [(e['source'], e['code']) for e in data['findings']] == [
        (f'{GLANCE}/bad.rst', 'GC106')]
    assert 'line' not in data['findings'][0]
    status, out, err = run(monkeypatch, capsys, repo, 'check', '--show-info')
    assert (status, err) == (0, [])
    assert out[0].startswith(f'{GLANCE}/bad.rst:5: GC106 [info] ')


def test_baseline_survives_line_shifts_but_not_new_findings(repo, monkeypatch, capsys):
    run(monkeypatch, capsys, repo, 'baseline')
    bad = repo / GLANCE / 'bad.rst'
    bad.write_text('..\n comment pushing every line down\n\n' + BAD, encoding='utf-8')
    status, out, _ = run(monkeypatch, capsys, repo, 'check', '--show-info')
    assert status == 0
    assert out[0].startswith(f'{GLANCE}/bad.rst:8: GC106 [info] ')
    # a second problem of the same rule elsewhere is new
    (repo / GLANCE / 'more.rst').write_text(BAD, encoding='utf-8')
    status, out, _ = run(monkeypatch, capsys, repo, 'check')
    assert status == 1
    assert out[0].startswith(f'{GLANCE}/more.rst:5: GC106 ')


def test_stale_baseline_entries_are_reported(repo, monkeypatch, capsys):
    run(monkeypatch, capsys, repo, 'baseline')
    (repo / GLANCE / 'bad.rst').write_text(BAD.replace('Glance', 'glance'), encoding='utf-8')
    status, out, err = run(monkeypatch, capsys, repo, 'check')
    assert (status, out) == (0, [])
    assert len(err) == 1
    assert err[0].startswith(f'glancecycle: {GLANCE}/bad.rst: baseline entry GC106 no longer '
                             'matches a finding')
    # checking other files only says nothing about this one
    assert run(monkeypatch, capsys, repo, 'check', f'{GLANCE}/good.rst') == (0, [], [])


def test_broken_baseline_is_a_configuration_error(repo, monkeypatch, capsys):
    (repo / '.glancecycle-baseline.json').write_text('{"version": 1, "findings": 3}')
    assert "'findings' must be a list" in error_of(monkeypatch, capsys, repo, 'check')


# -- the same baseline in a Sphinx build ---------------------------------------------------


def build(repo: Path, builddir: Path):
    app = sphinxbuild.build(repo / 'doc' / 'source', builddir=builddir)
    data = json.loads((app.outdir / 'glancecycle.json').read_text('utf-8'))
    return app.warning.getvalue(), app.status.getvalue(), data['findings']


def test_build_reads_the_baseline_incrementally(repo, tmp_path_factory, monkeypatch, capsys):
    builddir = tmp_path_factory.mktemp('build')
    warnings, _, findings = build(repo, builddir)
    assert 'GC106' in warnings
    assert [f['severity'] for f in findings] == ['warning']

    run(monkeypatch, capsys, repo, 'baseline')
    warnings, status, findings = build(repo, builddir)   # only the baseline changed
    assert 'GC106' not in warnings
    assert 'bad.rst:5: GC106 ' in status
    assert [(f['code'], f['line'], f['severity']) for f in findings] == [('GC106', 5, 'info')]

    (repo / GLANCE / 'bad.rst').write_text(BAD.replace('Glance', 'glance'), encoding='utf-8')
    warnings, status, findings = build(repo, builddir)
    assert findings == []
    assert f'{GLANCE}/bad.rst: baseline entry GC106 no longer matches a finding' in status
    assert 'GC' not in warnings


def test_build_warns_about_a_broken_baseline(repo, tmp_path_factory):
    (repo / '.glancecycle-baseline.json').write_text('not json', encoding='utf-8')
    warnings, _, findings = build(repo, tmp_path_factory.mktemp('build'))
    assert '.glancecycle-baseline.json: not valid JSON' in warnings
    assert '[glancecycle.baseline]' in warnings
    assert [f['severity'] for f in findings] == ['warning']


# -- the cache between whole-repository checks -----------------------------------------------


@pytest.fixture
def parsed(monkeypatch):
    """The sources the next checks parse (not take from the cache)."""
    from sphinxext_glancecycle.readers import profile as parse

    seen = []
    real = parse.parse

    def counting(text, path, *rest):
        seen.append(Path(path).name)
        return real(text, path, *rest)

    monkeypatch.setattr(parse, 'parse', counting)
    return seen


def test_unchanged_files_are_not_parsed_again(repo, monkeypatch, capsys, parsed):
    first = run(monkeypatch, capsys, repo, 'check')
    assert sorted(parsed) == ['bad.rst', 'good.rst']
    parsed.clear()
    assert run(monkeypatch, capsys, repo, 'check') == first
    assert parsed == []
    (repo / GLANCE / 'bad.rst').write_text(BAD.replace('Glance', 'glance'), encoding='utf-8')
    assert run(monkeypatch, capsys, repo, 'check') == (0, [], [])
    assert parsed == ['bad.rst']


def test_settings_and_new_files_empty_the_cache(repo, monkeypatch, capsys, parsed):
    run(monkeypatch, capsys, repo, 'check')
    conf = repo / 'doc' / 'source' / 'conf.py'
    conf.write_text(CONF + "glancecycle_rules = {'GC106': 'off'}\n", encoding='utf-8')
    parsed.clear()
    assert run(monkeypatch, capsys, repo, 'check') == (0, [], [])
    assert sorted(parsed) == ['bad.rst', 'good.rst']
    parsed.clear()
    (repo / GLANCE / 'new.rst').write_text(GOOD, encoding='utf-8')
    assert run(monkeypatch, capsys, repo, 'check') == (0, [], [])
    assert sorted(parsed) == ['bad.rst', 'good.rst', 'new.rst']


def test_another_docutils_or_sphinx_empties_the_cache(repo, monkeypatch, capsys, parsed):
    """Parsing follows both (Sphinx's smart quotes rule): an upgrade parses again."""
    import docutils
    import sphinx

    run(monkeypatch, capsys, repo, 'check')
    for package in (docutils, sphinx):
        parsed.clear()
        monkeypatch.setattr(package, '__version__', package.__version__ + '.post1')
        run(monkeypatch, capsys, repo, 'check')
        assert sorted(parsed) == ['bad.rst', 'good.rst']


def test_named_files_use_the_same_cache(repo, monkeypatch, capsys, parsed):
    """As pre-commit calls it: ``check`` with file names is warm after a whole check."""
    run(monkeypatch, capsys, repo, 'check')
    [stored] = Path(os.environ['GLANCECYCLE_CACHE_DIR']).iterdir()
    whole = stored.read_bytes()
    parsed.clear()
    assert run(monkeypatch, capsys, repo, 'check', f'{GLANCE}/good.rst') == (0, [], [])
    # nothing new to keep: its findings across pages are worked out, not written
    assert stored.read_bytes() == whole
    assert run(monkeypatch, capsys, repo, 'check', '.')[0] == 1
    assert parsed == []
    (repo / GLANCE / 'good.rst').write_text(GOOD + '\n', encoding='utf-8')
    assert run(monkeypatch, capsys, repo, 'check', f'{GLANCE}/good.rst') == (0, [], [])
    assert parsed == ['good.rst']
    parsed.clear()
    assert run(monkeypatch, capsys, repo, 'check')[0] == 1
    assert parsed == []


PRIORITIES = """\
=========================
{cycle} Project Priorities
=========================

.. list-table::
   :header-rows: 1

   * - Priority Item
     - Owner(s)
     - Spec(s)
   * - An idea of {cycle}
     - `Jane Doe`_
     - None

"""


def test_findings_across_pages_follow_cached_and_included_pages(
        tmp_path, monkeypatch, capsys, parsed):
    """GC401 needs the records of every page: of those taken from the cache too, and
    it is worked out again when only a file a page includes changes."""
    from sphinxext_glancecycle.cli import check

    repo = make_repo(tmp_path, {
        'priorities/2024.1-priorities.rst': (PRIORITIES.format(cycle='2024.1')
                                             + '.. include:: people.inc\n'),
        'priorities/people.inc': '.. _Jane Doe: https://launchpad.net/~jdoe\n',
        'priorities/2023.2-priorities.rst': (PRIORITIES.format(cycle='2023.2')
                                             + '.. _Jane Doe: https://launchpad.net/~jane-doe-2'
                                             '\n'),
    })

    def gc401():
        return [line for line in run(monkeypatch, capsys, repo, 'check')[1] if ' GC401 ' in line]

    first = gc401()
    assert first == [
        "priorities/2023.2-priorities.rst:11: GC401 'Jane Doe' links to 2 different Launchpad "
        'profiles: ~jane-doe-2 at priorities/2023.2-priorities.rst:11, ~jdoe at '
        'priorities/2024.1-priorities.rst:11 (link the name to one profile everywhere)']
    assert sorted(parsed) == ['2023.2-priorities.rst', '2024.1-priorities.rst']
    parsed.clear()
    decoded = []
    real = check.Reading.from_data.__func__

    def from_data(cls, source, data, records):
        decoded.append(records is not None)
        return real(cls, source, data, records)

    monkeypatch.setattr(check.Reading, 'from_data', classmethod(from_data))
    assert gc401() == first
    # nothing changed: the findings across pages come from the cache, no records are read
    assert (parsed, decoded) == ([], [False, False])
    decoded.clear()
    with (repo / 'priorities' / '2023.2-priorities.rst').open('a', encoding='utf-8') as page:
        page.write('\n.. a comment\n')
    assert gc401() == first
    # the other page's records came from the cache
    assert (parsed, decoded) == (['2023.2-priorities.rst'], [True])
    parsed.clear()
    (repo / 'priorities' / 'people.inc').write_text(
        '.. _Jane Doe: https://launchpad.net/~jane-doe-2\n', encoding='utf-8')
    assert gc401() == []
    assert parsed == ['2024.1-priorities.rst']


def test_a_damaged_cache_is_ignored(repo, monkeypatch, capsys):
    first = run(monkeypatch, capsys, repo, 'check')
    for stored in Path(os.environ['GLANCECYCLE_CACHE_DIR']).iterdir():
        stored.write_bytes(b'\x80garbage')
    assert run(monkeypatch, capsys, repo, 'check') == first


def test_baseline_that_cannot_be_written(repo, monkeypatch, capsys):
    (repo / '.glancecycle-baseline.json').mkdir()
    status, out, err = run(monkeypatch, capsys, repo, 'baseline')
    assert (status, out) == (2, [])
    assert err == ['glancecycle: error: .glancecycle-baseline.json: cannot write '
                   '(Is a directory)']


# -- parsing without Sphinx ------------------------------------------------------------------


def test_stand_ins_for_sphinx_markup(capsys):
    from docutils import nodes
    from docutils.parsers.rst import directives

    from sphinxext_glancecycle.readers.profile import namespace, parse

    text = ('Title\n=====\n\nSee :ref:`the guide <guide>` and :doc:`intro`.\n\n'
            '.. toctree::\n   :glob:\n\n   specs/*\n\n'
            '.. code-block:: python\n   :caption: x\n\n   print(1)\n\n'
            '.. versionadded:: 1.0\n\n   Since then.\n')
    with namespace():
        document = parse(text, 'x.rst')
    assert [p.astext() for p in document.findall(nodes.paragraph)] == [
        'See the guide and intro.', 'Since then.']
    [block] = document.findall(nodes.literal_block)
    assert (block.astext(), block.line) == ('print(1)', 11)
    assert not list(document.findall(nodes.system_message))
    assert capsys.readouterr() == ('', '')
    # the registry is as it was, so a Sphinx application later in the process is unaffected
    assert 'toctree' not in directives._directives


def test_parallel_parsing_gives_the_same_result(repo, monkeypatch, capsys):
    from sphinxext_glancecycle.cli import check

    for index in range(6):
        (repo / GLANCE / f'more{index}.rst').write_text(BAD, encoding='utf-8')
    (repo / GLANCE / 'deep.rst').write_text(GOOD + '\n' + ''.join(
        ' ' * (2 * depth) + '* level\n\n' for depth in range(200)), encoding='utf-8')
    alone = run(monkeypatch, capsys, repo, 'check', 'specs')
    monkeypatch.setattr(check, 'PARALLEL_FROM', 2)
    monkeypatch.setattr(os, 'sched_getaffinity', lambda pid: {0, 1}, raising=False)
    assert run(monkeypatch, capsys, repo, 'check', 'specs') == alone
    assert alone[0] == 1 and len(alone[1]) == 7
    assert alone[2] == [f'glancecycle: {GLANCE}/deep.rst: nested too deeply to parse; '
                        'not checked']


def test_baseline_covers_findings_across_pages(tmp_path, monkeypatch, capsys):
    """GC401 (one name, two profiles) needs every page: baselined in both tools too."""
    source = tmp_path / 'doc' / 'source'
    (tmp_path / '.git').mkdir()
    shutil.copytree(Path(__file__).parent / 'roots' / 'test-dashboard', source)
    conf = source / 'conf.py'
    conf.write_text(conf.read_text('utf-8') + "glancecycle_repo_root = '.'\n", 'utf-8')
    status, out, _ = run(monkeypatch, capsys, tmp_path, 'check')
    assert status == 1
    assert any(' GC401 ' in line for line in out)
    # from a folder inside the site's own specs/
    assert run(monkeypatch, capsys, source / 'specs', 'baseline')[0] == 0
    assert run(monkeypatch, capsys, tmp_path, 'check') == (0, [], [])
    warnings, _, findings = build(source.parent.parent, tmp_path / 'build')
    assert 'GC401' not in warnings
    assert [f['severity'] for f in findings if f['code'] == 'GC401'] == ['info']


# -- a hostile cache, file system and page text (issue 10) ----------------------------------


def cache_dir() -> Path:
    return Path(os.environ['GLANCECYCLE_CACHE_DIR'])


class Payload:
    def __reduce__(self):
        return (Path.touch, (Path(os.environ['GLANCECYCLE_CACHE_DIR']).parent / 'pwned',))


def test_cache_is_json_and_a_planted_pickle_never_runs(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path / 'r', {f'{GLANCE}/bad.rst': BAD})
    first = run(monkeypatch, capsys, repo, 'check')
    [stored] = cache_dir().iterdir()
    # JSON lines: the entries, then their records
    entries, records = map(json.loads, stored.read_text('utf-8').splitlines())
    assert entries['entries'] and records
    for name in (stored.name, stored.with_suffix('.pickle').name):
        (cache_dir() / name).write_bytes(pickle.dumps({'context': 'x', 'entries': Payload()}))
    assert run(monkeypatch, capsys, repo, 'check') == first
    assert not (cache_dir().parent / 'pwned').exists()


def test_a_cache_folder_others_may_write_is_not_used(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path / 'r', {f'{GLANCE}/bad.rst': BAD})
    cache_dir().mkdir(parents=True, exist_ok=True)
    cache_dir().chmod(0o777)
    status, out, err = run(monkeypatch, capsys, repo, 'check')
    assert status == 1 and len(out) == 1
    assert err == [f'glancecycle: cache folder {cache_dir()} is writable by others; '
                   'not using it']
    assert list(cache_dir().iterdir()) == []


def test_a_change_to_an_included_file_is_seen(tmp_path, monkeypatch, capsys):
    fields = ':project: glance\n\n:problem: x\n\n:solution: y\n\n:impacts: None\n'
    repo = make_repo(tmp_path, {
        f'{GLANCE}/lite.rst': 'Spec Lite: Included\n===================\n\n.. include:: f.inc\n',
        f'{GLANCE}/f.inc': fields})
    assert run(monkeypatch, capsys, repo, 'check') == (0, [], [])
    (repo / GLANCE / 'f.inc').write_text(fields.replace('glance', 'Glance'), 'utf-8')
    status, out, _ = run(monkeypatch, capsys, repo, 'check')
    assert status == 1 and ' GC106 ' in out[0]


def test_the_conf_py_search_stops_at_the_repository(tmp_path, monkeypatch, capsys):
    outer = make_repo(tmp_path, {})
    inner = outer / 'vendor' / 'other'
    (inner / '.git').mkdir(parents=True)
    status, out, err = run(monkeypatch, capsys, inner, 'next-cycle', '2027.1')
    assert (status, out) == (2, [])
    assert 'is not in a specs repository' in err[0] and str(inner) in err[0]
    assert not (outer / 'specs' / '2027.1').exists()


def test_verbose_says_which_conf_py(repo, monkeypatch, capsys):
    status, _, err = run(monkeypatch, capsys, repo / 'specs', '-v', 'check')
    assert err[0] == (f'glancecycle: settings from {repo / "doc" / "source" / "conf.py"}; '
                      f'repository {repo}')


def test_a_symlink_loop_is_reported_once_and_never_hangs(repo, monkeypatch, capsys):
    (repo / GLANCE / 'loop').symlink_to('..')
    (repo / GLANCE / 'dangling.rst').symlink_to('nowhere.rst')
    status, out, err = run(monkeypatch, capsys, repo, 'check')
    assert status == 1
    assert [line.split(':')[0] for line in out] == [f'{GLANCE}/bad.rst']
    assert err == [
        f'glancecycle: doc/source/{GLANCE}/dangling.rst: symbolic link to nowhere.rst, '
        'which does not exist',
        f'glancecycle: doc/source/{GLANCE}/loop: symbolic link loop (back to '
        'specs/2024.1/approved); not followed']


def test_control_characters_never_reach_the_terminal(tmp_path, monkeypatch, capsys):
    evil = BAD.replace(':project: Glance', ':project: Gl\x1b[2Jance\x07')
    repo = make_repo(tmp_path, {f'{GLANCE}/bad.rst': evil})
    status, out, err = run(monkeypatch, capsys, repo, 'check')
    assert status == 1 and "Gl\\x1b[2Jance\\x07" in out[0]
    assert not any(ord(c) < 32 for line in out + err for c in line)
    status, out, _ = run(monkeypatch, capsys, repo, 'check', '--format', 'json')
    assert '\x1b' not in '\n'.join(out) and '\\u001b' in '\n'.join(out)
