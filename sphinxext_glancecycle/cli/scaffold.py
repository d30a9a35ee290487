"""``glancecycle new`` and ``glancecycle next-cycle``: files from shipped templates.

Nothing is copied from a template folder, no page is edited in place, and
existing files are never overwritten: a new proposal refuses to replace
one, and opening a cycle again only adds what is missing.
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import Iterator

import jinja2
from docutils.utils import column_width

from sphinxext_glancecycle.cli.confpy import ConfigError, Repository
from sphinxext_glancecycle.model import Cycle
from sphinxext_glancecycle.rules.registry import did_you_mean

SAFE_NAME = re.compile(r'^[A-Za-z0-9][A-Za-z0-9._-]*$')
ADORNMENT = re.compile(r'^([=\-`:\'"~^_*+#<>])\1+\s*$')
MAX_SLUG = 60
#: the repository's own spec-lite template, beside its spec template
SPEC_LITE_TEMPLATE = 'spec-lite-template.rst'
PROJECT_FIELD = re.compile(r'^(:project:[ \t]*).*$', re.MULTILINE)
#: characters that start or end inline markup in a title; escaped so the title reads as typed
INLINE_MARKUP = re.compile(r'([\\*`|_\[\]])')


@functools.cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader('sphinxext_glancecycle.cli', 'templates'),
        keep_trailing_newline=True, undefined=jinja2.StrictUndefined, autoescape=False)
    # adornments as wide as docutils measures the title
    environment.filters['width'] = column_width
    return environment


def render(name: str, **context) -> str:
    """Fill the shipped template ``<name>.rst.j2``."""
    return _environment().get_template(f'{name}.rst.j2').render(**context)


def slug(title: str) -> str:
    """A file name stem for ``title``: ASCII, lower case, words joined by ``-``."""
    text = unicodedata.normalize('NFKD', title).encode('ascii', 'ignore').decode()
    words = re.sub(r'[^a-z0-9]+', '-', text.lower()).strip('-')
    if len(words) > MAX_SLUG:
        words = words[:MAX_SLUG].rsplit('-', 1)[0]
    if not words:
        raise ConfigError(f'cannot make a file name from the title {title!r} '
                          '(use some letters or digits)')
    return words


def _title(text: str) -> str:
    title = ' '.join(text.split())
    if not title:
        raise ConfigError('the title is empty')
    return title


def rst_title(title: str) -> str:
    """``title`` as section title text: inline markup characters escaped."""
    return INLINE_MARKUP.sub(r'\\\1', title)


def adornment(char: str, title: str) -> str:
    """An adornment line as wide as docutils measures ``title`` (wide characters count 2)."""
    return char * column_width(title)


def find_cycle(repo: Repository, key: str) -> Cycle:
    cycle = repo.policy.catalogue.get(key)
    if cycle is None:
        hint = did_you_mean(key, [c.key for c in repo.policy.catalogue.cycles])
        hint = f'{hint[0].upper()}{hint[1:]} ' if hint else ''
        raise ConfigError(f'unknown series {key!r} ({hint}A new series is added with '
                          'glancecycle_series in conf.py)')
    return cycle


def check_project(repo: Repository, project: str) -> str:
    projects = repo.policy.projects
    if projects and project not in projects:
        hint = did_you_mean(project, projects)
        raise ConfigError(f'unknown project {project!r} (glancecycle_projects lists '
                          f'{", ".join(projects)}{"; " + hint if hint else ""})')
    if not SAFE_NAME.match(project):
        raise ConfigError(f'project {project!r} is not a folder name')
    return project


def write_atomic(path: Path, text: str, replace: bool = False) -> None:
    """Write ``text`` to ``path`` all at once: a temporary file beside it, then a rename.

    An interrupted run leaves either no page or the whole page, never an
    empty or half one. Without ``replace``, an existing file is kept and
    :class:`FileExistsError` raised.
    """
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f'.{path.name}.',
                                         suffix='.tmp')
    try:
        with os.fdopen(handle, 'w', encoding='utf-8') as out:
            out.write(text)
        if replace:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # fails if path exists, unlike a rename
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)


def _write_new(repo: Repository, relative: str, text: str) -> Path:
    path = repo.path(relative)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text)
    except FileExistsError:
        raise ConfigError(f'{relative} exists; not overwriting it '
                          '(choose another title or edit that file)') from None
    except OSError as exc:
        raise ConfigError(f'{relative}: cannot write ({exc.strerror or exc})') from None
    return path


def _incomplete(path: Path) -> bool:
    """An empty page, as a run before atomic writes could leave when interrupted."""
    try:
        return path.is_file() and not path.is_symlink() and path.stat().st_size == 0
    except OSError:
        return False


def spec_from_template(template: str, title: str) -> str:
    """The repository's spec template with its document title replaced."""
    lines = template.splitlines(keepends=True)
    for index in range(1, len(lines) - 1):
        text = lines[index].strip()
        if not text or ADORNMENT.match(lines[index]) or not ADORNMENT.match(lines[index + 1]):
            continue
        char = lines[index + 1].strip()[0]
        title = rst_title(title)
        lines[index] = title + '\n'
        lines[index + 1] = adornment(char, title) + '\n'
        if ADORNMENT.match(lines[index - 1]):
            lines[index - 1] = adornment(char, title) + '\n'
        return ''.join(lines)
    raise ConfigError('the spec template has no title to replace')


def new(repo: Repository, kind: str, title: str, cycle_key: str, project: str) -> Path:
    """Write a new spec or spec-lite; return its path."""
    title = _title(title)
    cycle = find_cycle(repo, cycle_key)
    project = check_project(repo, project)
    folder = f'specs/{cycle.key}/approved/{project}'
    if kind == 'spec-lite':
        own = Path(repo.policy.spec_template).with_name(SPEC_LITE_TEMPLATE).as_posix()
        if repo.path(own).is_file():
            text = PROJECT_FIELD.sub(rf'\g<1>{project}',
                                     spec_from_template(_read(repo, own), f'Spec Lite: {title}'),
                                     count=1)
        else:
            text = render('spec-lite', heading=rst_title(f'Spec Lite: {title}'),
                          project=project)
        return _write_new(repo, f'{folder}/spec-lite-{slug(title)}.rst', text)
    template = _read(repo, repo.policy.spec_template)
    return _write_new(repo, f'{folder}/{slug(title)}.rst', spec_from_template(template, title))


def _read(repo: Repository, name: str) -> str:
    try:
        return repo.path(name).read_text('utf-8')
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f'cannot read the spec template {name} ({exc})') from None


def next_cycle(repo: Repository, cycle_key: str, dry_run: bool = False,
               ) -> Iterator[tuple[str, str]]:
    """Open a cycle; yield ``(action, path)`` for each folder and page.

    The action is ``create`` (``would create`` with ``dry_run``) or
    ``exists``; running it again changes nothing.
    """
    cycle = find_cycle(repo, cycle_key)
    projects = repo.policy.projects
    if not projects:
        raise ConfigError('glancecycle_projects is empty in conf.py '
                          '(next-cycle makes a folder per project)')
    priorities = f'priorities/{cycle.key}-priorities'
    dashboard = os.path.relpath(repo.srcdir / 'cycles' / cycle.key, repo.root)
    dashboard_doc = f'cycles/{cycle.key}'
    pages = {
        f'specs/{cycle.key}/index.rst': render(
            'cycle-index', heading=f'{cycle.key} Specifications', cycle=cycle,
            dashboard=dashboard_doc),
        f'{priorities}.rst': render(
            'priorities', heading=f'{cycle.key} Project Priorities', cycle=cycle,
            owner=f'{projects[0]}-ptl'),
        f'{dashboard}.rst'.replace(os.sep, '/'): render(
            'dashboard', heading=f'{cycle.key} ({cycle.name.capitalize()}) dashboard'
            if cycle.release_id else f'{cycle.name.capitalize()} dashboard', cycle=cycle,
            priorities=priorities),
    }
    folders = [f'specs/{cycle.key}/{status}/{project}'
               for status in ('approved', 'implemented') for project in projects]
    made = 'would create' if dry_run else 'create'
    for relative in folders:
        if repo.path(relative).is_dir():
            yield 'exists', relative + '/'
            continue
        if not dry_run:
            _make(repo.path(relative), relative)
        yield made, relative + '/'
    for relative, text in pages.items():
        path = repo.path(relative)
        repair = _incomplete(path)
        if path.exists() and not repair:
            yield 'exists', relative
            continue
        if not dry_run:
            _make(path.parent, relative)
            if repair:
                _replace(path, relative, text)
            else:
                _write_new(repo, relative, text)
        yield ('would repair' if dry_run else 'repair') if repair else made, relative


def _replace(path: Path, relative: str, text: str) -> None:
    try:
        write_atomic(path, text, replace=True)
    except OSError as exc:
        raise ConfigError(f'{relative}: cannot write ({exc.strerror or exc})') from None


def _make(folder: Path, relative: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f'{relative}: cannot create ({exc.strerror or exc})') from None
