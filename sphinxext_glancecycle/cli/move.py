"""``glancecycle move-implemented``: an approved spec moves to ``implemented/``.

As nova-specs' tool does: the page moves (``git mv`` when git tracks it), the
published site keeps the old address through a redirect in its ``.htaccess``
(``glancecycle_redirects``), and the redirect gets a test line in
``doc/test/redirect-tests.txt``, the file ``whereto`` checks the redirects
against. The cycle's index pages list the page in its new place.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path, PurePosixPath
from typing import Iterator

from sphinxext_glancecycle.cli import scaffold
from sphinxext_glancecycle.cli.confpy import ConfigError, Repository
from sphinxext_glancecycle.readers.paths import locate

REDIRECT_TESTS = 'doc/test/redirect-tests.txt'
REDIRECT = re.compile(r'^\s*Redirect(?:Match)?\s+\d{3}\s+(?P<old>(?:/\S*?)?)/specs/\S+\s+\S+')
REDIRECTS_HEADER = """\
# Redirects for specs that have moved. This file is used by httpd, so it
# maps the *built* pages: .html -> .html (not .rst -> .rst).
"""
TESTS_HEADER = """\
# Tests of the redirects for specs that have moved, run by whereto
# (https://docs.openstack.org/whereto/latest/).
"""


def _approved(repo: Repository, spec: str) -> tuple[str, str]:
    """The spec's repository path and the path it moves to; refuses anything but
    a page of an approved spec."""
    path = Path(spec) if Path(spec).is_absolute() else Path.cwd() / spec
    # the page's real place: named through doc/source/specs, it is still specs/...
    relative = repo.source_of(path) if not path.is_symlink() else repo.shown(path)
    where = locate(relative, repo.policy.catalogue, repo.policy.profile)
    parts = PurePosixPath(relative).parts
    page = repo.path(relative)
    if (where.status != 'approved' or where.cycle is None or not relative.endswith('.rst')
            or page.name == 'index.rst' or page.name.endswith('template.rst')
            or path.is_symlink() or not page.is_file() or 'approved' not in parts):
        raise ConfigError(f'{spec} is not an approved spec (give a page under '
                          'specs/<cycle>/approved/<project>/)')
    index = parts.index('approved')
    target = PurePosixPath(*parts[:index], 'implemented', *parts[index + 1:]).as_posix()
    if repo.path(target).exists() or repo.path(target).is_symlink():
        raise ConfigError(f'{target} exists; not moving {relative} over it')
    return relative, target


def _prefix(repo: Repository, redirects: str) -> str:
    """The site path the pages are published under (``/openstack/glance-specs``): as the
    redirects already written say, else from the repository's name in conf.py."""
    try:
        text = repo.path(redirects).read_text('utf-8')
    except (OSError, UnicodeDecodeError):
        text = ''
    for line in text.splitlines():
        match = REDIRECT.match(line)
        if match:
            return match['old']
    name = repo.values.get('openstackdocs_repo_name')
    return f'/{name.strip("/")}' if isinstance(name, str) and name.strip('/') else ''


def _html(repo: Repository, relative: str) -> str:
    """The published page of a source, relative to the site: the source folder's
    view of it (``doc/source/specs`` shows ``specs/``) with ``.html``."""
    shown = os.path.relpath(repo.root / relative, repo.srcdir).replace(os.sep, '/')
    if shown.startswith('../') and (repo.srcdir / PurePosixPath(relative).parts[0]).exists():
        shown = relative
    return str(PurePosixPath(shown).with_suffix('.html'))


def _append(repo: Repository, relative: str, header: str, line: str,
            dry_run: bool) -> tuple[str, str]:
    path = repo.path(relative)
    try:
        text = path.read_text('utf-8') if path.exists() else header
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f'cannot read {relative} ({exc})') from None
    if line in text.splitlines():
        return 'exists', f'{relative}: {line}'
    if not dry_run:
        scaffold._make(path.parent, relative)
        text = text if not text or text.endswith('\n') else text + '\n'
        scaffold._replace(path, relative, f'{text}{line}\n')
    return ('would add' if dry_run else 'add'), f'{relative}: {line}'


def _tracked(repo: Repository, relative: str) -> bool:
    """Whether git tracks the page (then ``git mv`` moves it)."""
    try:
        done = subprocess.run(['git', 'ls-files', '--error-unmatch', relative],
                              cwd=repo.root, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def _move(repo: Repository, relative: str, target: str) -> None:
    destination = repo.path(target)
    scaffold._make(destination.parent, target)
    if _tracked(repo, relative):
        done = subprocess.run(['git', 'mv', relative, target], cwd=repo.root,
                              capture_output=True, text=True, timeout=60)
        if done.returncode:
            message = ' '.join(done.stderr.split()) or f'exit status {done.returncode}'
            raise ConfigError(f'git mv {relative} {target}: {message}')
        return
    try:
        os.rename(repo.path(relative), destination)
    except OSError as exc:
        raise ConfigError(f'{relative}: cannot move ({exc.strerror or exc})') from None


def move_implemented(repo: Repository, spec: str, dry_run: bool = False,
                     ) -> Iterator[tuple[str, str]]:
    """Move the approved ``spec`` to ``implemented/``; yield ``(action, what)``.

    With ``dry_run`` nothing is written: the actions say what would be done.
    """
    relative, target = _approved(repo, spec)
    redirects = repo.policy.redirects
    lines = []
    if redirects:
        prefix = _prefix(repo, redirects)
        old, new = f'{prefix}/{_html(repo, relative)}', f'{prefix}/{_html(repo, target)}'
        lines = [(redirects, REDIRECTS_HEADER, f'Redirect 301 {old} {new}'),
                 (REDIRECT_TESTS, TESTS_HEADER, f'{old} 301 {new}')]
    if not dry_run:
        _move(repo, relative, target)
    yield ('would move' if dry_run else 'move'), f'{relative} -> {target}'
    for name, header, line in lines:
        yield _append(repo, name, header, line, dry_run)
    yield from scaffold.list_page(repo, target, dry_run)
    yield from scaffold.unlist_empty(repo, str(PurePosixPath(relative).parent), dry_run,
                                     gone=relative)
