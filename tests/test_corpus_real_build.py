"""glance-specs built the way the real repository builds it (issue 9, section 4).

Its own ``doc/source/conf.py`` with only the README's lines added,
openstackdocstheme, ``sphinx-build -W`` and, as its ``tox -e docs`` does,
``whereto`` over the ``.htaccess`` and its redirect tests. The build is one
per session (``corpus_real_site`` in conftest.py); other dates are checked
with ``glancecycle check``, whose findings equal the build's. Skips without
the corpus, the real conf.py or openstackdocstheme.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys

import pytest

from sphinxext_glancecycle.catalogue import Catalogue
from sphinxext_glancecycle.cli import main
from sphinxext_glancecycle.settings import build_date

from helpers.corpus_staging import stage_real_build
from helpers.sphinxbuild import ESCAPES, build

#: from the corpus's commit (2026-03-11) on, every date is green; later ones only greener
DATES = ('2025-06-01', '2026-03-11', '2026-10-01', '2028-01-01')
#: the links from priorities pages to the published site that no page or redirect
#: reaches, each checked by hand against the tree and the .htaccess
STALE_SITE_LINKS = [
    ('priorities/ocata-priorities.rst', 45),    # newton/approved -> ocata/implemented
    ('priorities/ocata-priorities.rst', 47),    # ocata/approved -> ocata/implemented
    ('priorities/ocata-priorities.rst', 48),    # ocata/approved -> ocata/implemented
    ('priorities/pike-priorities.rst', 38),     # the anchor's section moved to its own file
    ('priorities/queens-priorities.rst', 74),   # no such page was ever in the tree
]
MALFORMED = """\
:orphan:

=================================
Spec Lite: Cache the image schema
=================================

:project: glance

:solution: Keep the schema in memory.

:impacts: None
"""


def _findings(outdir) -> list[dict]:
    return json.loads((outdir / 'glancecycle.json').read_text('utf-8'))['findings']


def _key(finding: dict) -> tuple:
    return finding['source'], finding['line'], finding['code'], finding['severity']


def _check(repo, today: str, monkeypatch, capsys) -> tuple[int, list[dict]]:
    monkeypatch.setenv('SOURCE_DATE_EPOCH', str(int(datetime.datetime.fromisoformat(
        today).replace(tzinfo=datetime.timezone.utc).timestamp())))
    monkeypatch.chdir(repo)
    status = main(['check', '--format', 'json'])
    out, _ = capsys.readouterr()
    return status, json.loads(out)['findings']


def _current_cycle() -> str:
    today = build_date()
    current = [cycle.release_id for cycle in Catalogue.default().cycles
               if cycle.release_date and cycle.release_date >= today]
    if not current:
        pytest.skip(f'the catalogue knows no cycle released after {today}')
    return current[0]


def test_real_build_is_green_under_w_today(corpus_real_site):
    app = corpus_real_site
    assert ESCAPES.sub('', app.warning.getvalue()) == ''
    assert app.statuscode == 0
    # the theme and the extension both ran: the findings are there, at info level
    assert 'openstackdocs' in (app.outdir / 'index.html').read_text('utf-8')
    findings = _findings(app.outdir)
    assert findings and {f['severity'] for f in findings} == {'info'}


def test_site_links_are_checked_with_the_themes_address(corpus_real_site):
    found = sorted((f['source'], f['line']) for f in _findings(corpus_real_site.outdir)
                   if f['code'] == 'GC209')
    assert found == STALE_SITE_LINKS


@pytest.mark.parametrize('today', DATES)
def test_check_is_green_at_fixed_dates(corpus_real_site, today, monkeypatch, capsys):
    status, findings = _check(corpus_real_site.repo, today, monkeypatch, capsys)
    assert [f for f in findings if f['severity'] == 'warning'] == []
    assert status == 0


def test_check_equals_the_build_today(corpus_real_site, monkeypatch, capsys):
    monkeypatch.delenv('SOURCE_DATE_EPOCH', raising=False)
    monkeypatch.chdir(corpus_real_site.repo)
    assert main(['check', '--format', 'json']) == 0
    checked = json.loads(capsys.readouterr()[0])['findings']
    assert {_key(f) for f in checked} == {_key(f) for f in _findings(corpus_real_site.outdir)}


def test_redirects_pass_whereto_as_tox_docs_runs_it(corpus_real_site):
    pytest.importorskip('whereto')
    run = subprocess.run(
        [sys.executable, '-c', 'from whereto.app import main; raise SystemExit(main())',
         'doc/source/_extra/.htaccess', 'doc/test/redirect-tests.txt'],
        cwd=corpus_real_site.repo, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_one_malformed_spec_lite_in_the_current_cycle_fails(corpus, corpus_real_site,
                                                            tmp_path, monkeypatch, capsys):
    path = f'specs/{_current_cycle()}/approved/glance/spec-lite-cache-schema.rst'
    repo = stage_real_build(corpus, corpus_real_site.real_conf,
                            tmp_path / 'glance-specs', files={path: MALFORMED})
    monkeypatch.chdir(repo)
    app = build(repo / 'doc' / 'source', builddir=tmp_path / 'build', warningiserror=True)
    assert app.statuscode == 1
    warned = [(f['source'], f['line'], f['code']) for f in _findings(app.outdir)
              if f['severity'] == 'warning']
    assert warned == [(path, 4, 'GC101')]
    logged = ESCAPES.sub('', app.warning.getvalue()).splitlines()
    assert [line.split(' WARNING: ', 1)[1] for line in logged] == [
        "GC101 spec-lite 'Cache the image schema' has no ':problem:' field "
        "(add ':problem: ...' to its field list) [glancecycle.missing-field]"]
    # and the command line fails the same tree with the same finding
    status, checked = _check(repo, build_date().isoformat(), monkeypatch, capsys)
    assert status == 1
    assert [(f['source'], f['line'], f['code']) for f in checked
            if f['severity'] == 'warning'] == warned
