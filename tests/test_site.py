"""The project's own specs site builds cleanly, even outside a git checkout."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).parents[1]
SITE = ('doc/source', 'specs', 'priorities')


@pytest.fixture
def site_without_git(tmp_path, monkeypatch) -> Path:
    """A copy of the site's sources where ``git`` finds no repository."""
    ext = pytest.importorskip('openstackdocstheme.ext')
    for part in SITE:
        shutil.copytree(REPO / part, tmp_path / part, symlinks=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv('GIT_DIR', str(tmp_path / 'no-such-repository'))
    # The theme keeps the commit id of the first build of the process.
    monkeypatch.setattr(ext, '_html_context_data', None)
    return tmp_path


def test_site_builds_without_warnings_outside_git(make_app, site_without_git):
    app = make_app('html', srcdir=site_without_git / 'doc' / 'source')
    app.build()
    assert app.warning.getvalue() == ''
    # The theme still says it found no commit id, at info level.
    assert 'cannot get gitsha from git repository' in app.status.getvalue()
    assert (app.outdir / 'specs/pike/approved/glance/lite-specs.html').is_file()
    assert not (app.outdir / 'specs/template.html').exists()
    assert not (app.outdir / 'specs/spec-lite-template.html').exists()
