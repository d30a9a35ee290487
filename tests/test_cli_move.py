"""``glancecycle move-implemented``: an approved spec moves, its old address redirects."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys

import pytest
from helpers.repo import CONF, GOOD, make_repo, run

from helpers import sphinxbuild

#: before the 2027.2 release, so the cycle's findings are enforced
CONFIG = CONF.replace("'2024-01-20'", "'2027-05-01'") + (
    "exclude_patterns = ['**/template.rst']\n")
REDIRECTS = 'doc/source/_extra/.htaccess'
TESTS = 'doc/test/redirect-tests.txt'
SITE = '/openstack/glance-specs/specs'
#: a redirect written earlier: it tells the path the site is published under
PIKE = f'{SITE}/pike/approved/glance/a.html', f'{SITE}/pike/implemented/glance/a.html'
EARLIER = 'Redirect 301 {} {}\n'.format(*PIKE)
EARLIER_TEST = '{} 301 {}\n'.format(*PIKE)
SPEC = 'specs/2027.2/approved/glance/spec-lite-tidy.rst'
MOVED = 'specs/2027.2/implemented/glance/spec-lite-tidy.rst'
OLD, NEW = (f'{SITE}/2027.2/approved/glance/spec-lite-tidy.html',
            f'{SITE}/2027.2/implemented/glance/spec-lite-tidy.html')


@pytest.fixture
def repo(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path, {'specs/template.rst': 'Title\n=====\n', REDIRECTS: EARLIER,
                                TESTS: EARLIER_TEST}, CONFIG)
    run(monkeypatch, capsys, repo, 'next-cycle', '2027.2')
    run(monkeypatch, capsys, repo, 'new', 'spec-lite', '--cycle', '2027.2', '--project',
        'glance', 'Tidy')
    (repo / SPEC).write_text(GOOD, encoding='utf-8')
    return repo


def _tree(root):
    """Every file and link under ``root``, with its contents or target."""
    found = {}
    for path in sorted(root.rglob('*')):
        if path.is_symlink():
            found[path] = os.readlink(path)
        elif path.is_file():
            found[path] = path.read_bytes()
    return found


EXPECTED = [
    f'move {SPEC} -> {MOVED}',
    f'add {REDIRECTS}: Redirect 301 {OLD} {NEW}',
    f'add {TESTS}: {OLD} 301 {NEW}',
    'list glance/* in specs/2027.2/implemented/index.rst',
    'unlist glance/* in specs/2027.2/approved/index.rst',
]


def test_dry_run_shows_it_and_writes_nothing(repo, monkeypatch, capsys):
    before = _tree(repo)
    status, out, err = run(monkeypatch, capsys, repo, 'move-implemented', SPEC, '--dry-run')
    assert (status, out, err) == (0, [f'would {line}' for line in EXPECTED], [])
    assert _tree(repo) == before


def test_move_leaves_a_tree_that_passes_check_w_and_whereto(repo, monkeypatch, capsys,
                                                            tmp_path_factory):
    status, out, err = run(monkeypatch, capsys, repo, 'move-implemented', SPEC)
    assert (status, out, err) == (0, EXPECTED, [])
    assert not (repo / SPEC).exists() and (repo / MOVED).read_text('utf-8') == GOOD
    assert (repo / REDIRECTS).read_text('utf-8') == EARLIER + f'Redirect 301 {OLD} {NEW}\n'
    assert (repo / TESTS).read_text('utf-8') == EARLIER_TEST + f'{OLD} 301 {NEW}\n'
    assert (repo / 'specs/2027.2/implemented/index.rst').read_text('utf-8').endswith(
        ':glob:\n   :maxdepth: 1\n\n   glance/*\n')
    assert 'glance/*' not in (repo / 'specs/2027.2/approved/index.rst').read_text('utf-8')
    assert run(monkeypatch, capsys, repo, 'check') == (0, [], [])
    app = sphinxbuild.build(repo / 'doc' / 'source', builddir=tmp_path_factory.mktemp('build'))
    assert sphinxbuild.ESCAPES.sub('', app.warning.getvalue()) == ''
    assert (app.outdir / 'specs/2027.2/implemented/glance/spec-lite-tidy.html').is_file()
    if importlib.util.find_spec('whereto') is None:
        pytest.skip('whereto is not installed')
    done = subprocess.run([sys.executable, '-c', 'import sys; from whereto.app import main; '
                           'sys.exit(main())', REDIRECTS, TESTS],
                          cwd=repo, capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, '')


def test_a_second_spec_of_the_project_keeps_the_approved_glob(repo, monkeypatch, capsys):
    other = 'specs/2027.2/approved/glance/other.rst'
    (repo / other).write_text('Other\n=====\n', encoding='utf-8')
    status, out, _ = run(monkeypatch, capsys, repo, 'move-implemented', SPEC)
    assert (status, out) == (0, EXPECTED[:4])
    assert '   glance/*' in (repo / 'specs/2027.2/approved/index.rst').read_text('utf-8')


@pytest.mark.skipif(shutil.which('git') is None, reason='git is not installed')
def test_in_a_git_repository_the_move_is_a_git_mv(repo, monkeypatch, capsys):
    (repo / '.git').rmdir()

    def git(*args):
        return subprocess.run(['git', '-c', 'user.name=t', '-c', 'user.email=t@example.org',
                               *args], cwd=repo, capture_output=True, text=True, check=True)

    git('init', '-q')
    git('add', '-A')
    git('commit', '-qm', 'start')
    assert run(monkeypatch, capsys, repo, 'move-implemented', SPEC)[0] == 0
    staged = git('status', '--porcelain').stdout.splitlines()
    assert f'R  {SPEC} -> {MOVED}' in staged


@pytest.mark.parametrize('spec', [
    'specs/2027.2/approved/index.rst',
    'specs/2027.2/approved/glance/template.rst',
    'specs/2027.2/approved/glance/missing.rst',
    'specs/2027.2/implemented/index.rst',
    'priorities/2027.2-priorities.rst',
    'doc/source/index.rst',
])
def test_refuses_what_is_not_an_approved_spec(repo, monkeypatch, capsys, spec):
    before = _tree(repo)
    status, out, err = run(monkeypatch, capsys, repo, 'move-implemented', spec)
    assert (status, out, err) == (2, [], [
        f'glancecycle: error: {spec} is not an approved spec '
        '(give a page under specs/<cycle>/approved/<project>/)'])
    assert _tree(repo) == before


def test_refuses_to_move_over_an_implemented_page(repo, monkeypatch, capsys):
    (repo / MOVED).parent.mkdir(parents=True)
    (repo / MOVED).write_text('Kept\n====\n', encoding='utf-8')
    status, _, err = run(monkeypatch, capsys, repo, 'move-implemented', SPEC)
    assert (status, err) == (2, [f'glancecycle: error: {MOVED} exists; not moving {SPEC} '
                                 'over it'])
    assert (repo / SPEC).is_file()


def test_a_spec_named_from_its_folder_and_no_redirects(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path, {}, CONFIG + 'glancecycle_redirects = None\n')
    run(monkeypatch, capsys, repo, 'next-cycle', '2027.2')
    (repo / SPEC).parent.mkdir(parents=True)
    (repo / SPEC).write_text(GOOD, encoding='utf-8')
    status, out, _ = run(monkeypatch, capsys, repo / 'specs/2027.2/approved',
                         'move-implemented', 'glance/spec-lite-tidy.rst')
    assert (status, out) == (0, [f'move {SPEC} -> {MOVED}',
                                 'list glance/* in specs/2027.2/implemented/index.rst'])
    assert not (repo / TESTS).exists() and not (repo / REDIRECTS).exists()


def test_the_first_redirect_makes_both_files(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path, {}, CONFIG + "openstackdocs_repo_name = 'openstack/x-specs'\n")
    (repo / SPEC).parent.mkdir(parents=True)
    (repo / SPEC).write_text(GOOD, encoding='utf-8')
    assert run(monkeypatch, capsys, repo, 'move-implemented', SPEC)[0] == 0
    old, new = OLD.replace('glance-specs', 'x-specs'), NEW.replace('glance-specs', 'x-specs')
    for name, line in ((REDIRECTS, f'Redirect 301 {old} {new}'), (TESTS, f'{old} 301 {new}')):
        lines = (repo / name).read_text('utf-8').splitlines()
        assert lines[-1] == line and all(text.startswith('# ') for text in lines[:-1])


def test_a_spec_named_through_the_source_folders_link(repo, monkeypatch, capsys):
    status, out, _ = run(monkeypatch, capsys, repo / 'doc/source/specs/2027.2',
                         'move-implemented', 'approved/glance/spec-lite-tidy.rst', '--dry-run')
    assert (status, out) == (0, [f'would {line}' for line in EXPECTED])
