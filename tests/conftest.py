"""Shared fixtures: Sphinx's own testing fixtures, our test roots, the corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest_plugins = ('sphinx.testing.fixtures',)

TESTS = Path(__file__).parent
ROOTS = TESTS / 'roots'
REPO = TESTS.parent
CORPUS = Path(os.environ.get(
    'GLANCECYCLE_CORPUS', REPO.parent / 'shared' / 'corpus' / 'glance-specs'))


@pytest.fixture(scope='session')
def rootdir() -> Path:
    return ROOTS


@pytest.fixture(scope='session')
def corpus() -> Path:
    """The real upstream glance-specs tree (tests only); skip when absent."""
    if not (CORPUS / 'specs').is_dir():
        pytest.skip(f'corpus not found at {CORPUS}')
    return CORPUS


@pytest.fixture(autouse=True)
def _glancecycle_cache(tmp_path_factory, monkeypatch):
    """Keep the command line's cache of each test away from the user's."""
    monkeypatch.setenv('GLANCECYCLE_CACHE_DIR', str(tmp_path_factory.mktemp('cache')))


@pytest.fixture(scope='session')
def corpus_site(corpus, tmp_path_factory):
    """One build per test session of the corpus with a dashboard page per cycle,
    the overview and the people index, shared by the corpus tests."""
    from helpers.corpus_staging import stage
    from helpers.sphinxbuild import build

    source = stage(corpus, tmp_path_factory.mktemp('corpus-site'))
    cycles = source / 'cycles'
    cycles.mkdir()
    keys = sorted({path.name for path in (corpus / 'specs').iterdir() if path.is_dir()}
                  - {'api', 'untargeted'})
    for key in keys:
        (cycles / f'{key}.rst').write_text(
            f':orphan:\n\n{key}\n{"=" * len(key)}\n\n.. cycle-dashboard:: {key}\n', 'utf-8')
    (cycles / 'index.rst').write_text(
        ':orphan:\n\nCycles\n======\n\n.. cycle-overview::\n\n.. people-index::\n', 'utf-8')
    app = build(source)
    app.glancecycle_keys = keys
    return app


BUILD_FILES = CORPUS.parent / 'glance-specs-build'


@pytest.fixture(scope='session')
def corpus_real_site(corpus, tmp_path_factory):
    """One build per test session of the corpus as the real repository builds it: its
    own conf.py with the README's lines, openstackdocstheme, ``-W``, run from the
    repository root (the theme asks git there); with a dashboard page per cycle, the
    overview and the people index. ``.repo`` is the staged repository, ``.real_conf``
    the conf.py it started from."""
    pytest.importorskip('openstackdocstheme')
    conf = BUILD_FILES / 'doc' / 'source' / 'conf.py'
    if not conf.is_file():
        pytest.skip(f'the real conf.py is not at {conf}')
    from helpers.corpus_staging import dashboard_pages, stage_real_build
    from helpers.sphinxbuild import build

    where = stage_real_build(corpus, conf, tmp_path_factory.mktemp('real') / 'glance-specs',
                             files=dashboard_pages(corpus))
    here = os.getcwd()
    os.chdir(where)
    try:
        app = build(where / 'doc' / 'source', builddir=where.parent / 'build',
                    warningiserror=True)
    finally:
        os.chdir(here)
    app.repo, app.real_conf = where, conf
    return app
