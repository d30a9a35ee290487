"""Specs judged by the rules of their time: the template's git history, templates per cycle.

The shared corpora hold no ``.git``, so the history is tested on small
repositories made here, with commits dated in known cycles: 2023.2 (Bobcat)
was open from 2023-03-22 to 2023-10-04, 2024.1 (Caracal) from then to
2024-04-03. The build and ``glancecycle check`` are run on each and must agree.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sphinxext_glancecycle import history
from sphinxext_glancecycle.catalogue import Catalogue
from sphinxext_glancecycle.cli import main
from sphinxext_glancecycle.readers.templates import SpecTemplates

from helpers.repo import CONF, make_repo
from helpers.sphinxbuild import build

pytestmark = pytest.mark.skipif(shutil.which('git') is None, reason='git is not installed')

TEMPLATE = """\
=================
Title of the Spec
=================

Problem description
===================

Describe the problem.

Proposed change
===============

Describe the change.
"""
#: the template as a later commit left it: a section added
UPGRADE = TEMPLATE + """
Upgrade impact
==============

Say how operators upgrade.
"""
SPEC = """\
==========
Big change
==========

https://blueprints.launchpad.net/glance/+spec/big-change

Problem description
===================

Slow.

Proposed change
===============

Fast.
"""
OLD = 'specs/2023.2/approved/glance/old.rst'
NEW = 'specs/2024.1/approved/glance/new.rst'
MISSING = ("section 'Upgrade impact' of the spec template is missing (add it, with 'None' "
           'when there is nothing to say)')


def git(root: Path, *arguments: str, when: str | None = None) -> None:
    env = {**os.environ, 'GIT_CONFIG_GLOBAL': os.devnull, 'GIT_CONFIG_NOSYSTEM': '1'}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(['git', '-C', str(root), '-c', 'user.name=Test',
                    '-c', 'user.email=test@example.com', *arguments],
                   check=True, capture_output=True, env=env)


def commit(root: Path, text: str, when: str, path: str = 'specs/template.rst') -> None:
    (root / path).write_text(text, 'utf-8')
    git(root, 'add', path)
    git(root, 'commit', '-q', '-m', f'template on {when}', when=when)


def history_repo(root: Path, conf: str = CONF, first: str = '2023-05-02T10:00:00+00:00',
                 second: str = '2023-11-15T10:00:00+00:00') -> Path:
    """Specs of 2023.2 and 2024.1 that lack 'Upgrade impact'; the template's first commit
    (lacking it) lands at ``first``, the one adding it at ``second``."""
    make_repo(root, {OLD: SPEC, NEW: SPEC}, conf)
    (root / '.git').rmdir()
    git(root, 'init', '-q')
    commit(root, TEMPLATE, first)
    commit(root, UPGRADE, second)
    return root


def missing_sections(root: Path, monkeypatch, capsys) -> tuple[list, str, str]:
    """``(source, message)`` of each GC501 finding of the build, after checking that
    ``glancecycle check`` reports the same findings; check's stderr, the build's log."""
    app = build(root / 'doc' / 'source')
    built = json.loads((app.outdir / 'glancecycle.json').read_text('utf-8'))['findings']
    monkeypatch.chdir(root)
    main(['check', '--format', 'json'])
    out, err = capsys.readouterr()
    assert json.loads(out)['findings'] == built
    main(['check', '--format', 'json'])
    assert capsys.readouterr() == (out, err), 'a warm check says the same'
    return (sorted((f['source'], f['message']) for f in built if f['code'] == 'GC501'), err,
            app.status.getvalue())


def test_a_section_is_asked_only_of_the_cycles_since_it_was_added(tmp_path, monkeypatch,
                                                                  capsys):
    root = history_repo(tmp_path)
    found, err, log = missing_sections(root, monkeypatch, capsys)
    assert found == [(NEW, MISSING)]
    assert err == '' and 'spec template' not in log


def test_a_section_added_on_release_day_is_asked_of_the_next_cycle(tmp_path, monkeypatch,
                                                                   capsys):
    # 2023.2 released on 2023-10-04: that day, 2024.1 is open
    root = history_repo(tmp_path, second='2023-10-04T08:00:00+00:00')
    assert missing_sections(root, monkeypatch, capsys)[0] == [(NEW, MISSING)]
    root = history_repo(tmp_path / 'before', second='2023-10-03T23:00:00+00:00')
    assert missing_sections(root, monkeypatch, capsys)[0] == [(OLD, MISSING), (NEW, MISSING)]


def test_the_profile_since_wins_over_the_history(tmp_path, monkeypatch, capsys):
    conf = CONF + "glancecycle_profile = {'templates': {'since': {'Upgrade impact': '2023.2'}}}\n"
    root = history_repo(tmp_path, conf)
    assert missing_sections(root, monkeypatch, capsys)[0] == [(OLD, MISSING), (NEW, MISSING)]


def test_without_git_the_profile_alone_says_what_is_required(tmp_path, monkeypatch, capsys):
    root = history_repo(tmp_path)
    shutil.rmtree(root / '.git')
    (root / '.git').mkdir()  # what a copied tree may keep: no repository git can read
    assert missing_sections(root, monkeypatch, capsys)[0] == [(OLD, MISSING), (NEW, MISSING)]


def test_the_first_templates_sections_are_asked_of_every_spec(tmp_path, monkeypatch, capsys):
    """The first version's sections have no first cycle: a spec of a cycle before the
    template's first commit, or of no cycle, must keep them all the same."""
    make_repo(tmp_path, {'specs/2023.1/approved/glance/early.rst': SPEC,
                         'specs/untargeted/glance/idea.rst': SPEC}, CONF)
    (tmp_path / '.git').rmdir()
    git(tmp_path, 'init', '-q')
    commit(tmp_path, UPGRADE, '2023-11-15T10:00:00+00:00')
    assert missing_sections(tmp_path, monkeypatch, capsys)[0] == [
        ('specs/2023.1/approved/glance/early.rst', MISSING),
        ('specs/untargeted/glance/idea.rst', MISSING)]


def test_the_history_follows_a_renamed_template(tmp_path):
    history_repo(tmp_path, first='2023-05-02T10:00:00+00:00')
    git(tmp_path, 'mv', 'specs/template.rst', 'specs/spec-template.rst')
    git(tmp_path, 'commit', '-q', '-m', 'rename', when='2024-06-01T10:00:00+00:00')
    templates = SpecTemplates(str(tmp_path), 'specs/spec-template.rst', Catalogue.default())
    assert [v.committed.date() for v in templates.versions] == [
        datetime.date(2023, 5, 2), datetime.date(2023, 11, 15), datetime.date(2024, 6, 1)]
    assert templates.since() == {'Upgrade impact': '2024.1'}


def test_a_deleted_template_has_no_version_until_it_is_back(tmp_path):
    history_repo(tmp_path, second='2023-06-01T10:00:00+00:00')
    git(tmp_path, 'rm', '-q', 'specs/template.rst')
    git(tmp_path, 'commit', '-q', '-m', 'gone', when='2023-07-01T10:00:00+00:00')
    commit(tmp_path, UPGRADE + '\nDependencies\n============\n\nNone.\n',
           '2023-12-01T10:00:00+00:00')
    templates = SpecTemplates(str(tmp_path), 'specs/template.rst', Catalogue.default())
    assert [v.committed.date() for v in templates.versions] == [
        datetime.date(2023, 5, 2), datetime.date(2023, 6, 1), datetime.date(2023, 12, 1)]
    assert templates.since() == {'Upgrade impact': '2023.2', 'Dependencies': '2024.1'}


def test_a_template_with_history_is_read_in_two_git_calls(tmp_path, monkeypatch):
    history_repo(tmp_path)
    for day in range(1, 8):  # prose edits: the headings of the second version
        commit(tmp_path, UPGRADE + f'\nEdit {day}.\n', f'2024-05-0{day}T10:00:00+00:00')
    calls = []
    run = subprocess.run
    monkeypatch.setattr(subprocess, 'run', lambda command, **kw: calls.append(command[5]) or
                        run(command, **kw))
    templates = SpecTemplates(str(tmp_path), 'specs/template.rst', Catalogue.default())
    assert templates.since() == {'Upgrade impact': '2024.1'}
    assert templates.since() == {'Upgrade impact': '2024.1'}
    assert calls == ['log', 'cat-file']
    assert len(templates.versions) == 9


def test_git_trouble_leaves_no_history(tmp_path):
    history_repo(tmp_path)
    versions, why = history.file_versions(str(tmp_path), 'specs/template.rst', timeout=1e-6)
    assert (versions, why) == ([], 'git log took more than 1e-06 s')
    assert history.file_versions(str(tmp_path / 'specs'), 'template.rst') == (
        [], f"{tmp_path / 'specs'} is not a git checkout")
    templates = SpecTemplates(str(tmp_path / 'specs'), 'template.rst', Catalogue.default())
    assert templates.since() == {} and templates.no_history


def test_the_cycle_open_on_a_day():
    catalogue = Catalogue.default()
    assert catalogue.open_on(datetime.date(2023, 10, 3)).key == '2023.2'
    assert catalogue.open_on(datetime.date(2023, 10, 4)).key == '2024.1'
    assert catalogue.open_on(datetime.date(2100, 1, 1)) is None


PER_CYCLE_CONF = CONF + (
    "glancecycle_profile = {'templates': {'path': 'specs/{cycle}-template.rst'}}\n")
PER_CYCLE = Path(__file__).parent / 'roots' / 'test-templates-per-cycle' / 'specs'


def test_specs_are_compared_with_their_cycles_templates(tmp_path, monkeypatch, capsys):
    """nova's layout: a 2024.1 spec is written from 2023.2's template, a 2024.2 one from
    its own, a 2023.1 one from none (said once, by the build and the check alike)."""
    files = {f'specs/{path.name}': path.read_text('utf-8') for path in PER_CYCLE.iterdir()}
    for cycle in ('2023.1', '2024.1', '2024.2'):
        files[f'specs/{cycle}/approved/glance/big.rst'] = SPEC
    make_repo(tmp_path, files, PER_CYCLE_CONF)
    found, err, log = missing_sections(tmp_path, monkeypatch, capsys)
    assert found == [('specs/2024.2/approved/glance/big.rst', MISSING)]
    note = ('no readable spec template at specs/{cycle}-template.rst for 2023.1 nor any '
            'cycle before: the sections of 1 full spec are not checked (GC501, GC502, GC504, '
            'GC505)')
    assert err == f'glancecycle: {note}\n'
    assert log.count(note) == 1


def test_a_missing_template_is_said_once(tmp_path, monkeypatch, capsys):
    make_repo(tmp_path, {OLD: SPEC, NEW: SPEC}, CONF)
    found, err, log = missing_sections(tmp_path, monkeypatch, capsys)
    note = ('no readable spec template at specs/template.rst: the sections of 2 full specs '
            'are not checked (GC501, GC502, GC504, GC505)')
    assert (found, err) == ([], f'glancecycle: {note}\n')
    assert log.count(note) == 1
