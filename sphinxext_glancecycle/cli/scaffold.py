"""``glancecycle new`` and ``glancecycle next-cycle``: files from shipped templates.

Nothing is copied from a template folder, no page is edited in place, and
existing files are never overwritten: a new proposal refuses to replace
one, and opening a cycle again only adds what is missing.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import os
import posixpath
import re
import tempfile
import unicodedata
from pathlib import Path, PurePosixPath
from typing import Iterator

import jinja2
from docutils.utils import column_width
from sphinx.util.matching import Matcher, patmatch

from sphinxext_glancecycle.catalogue import RELEASE_ID
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
    catalogue = repo.policy.catalogue
    cycle = catalogue.get(key)
    if cycle is None:
        if RELEASE_ID.match(key.strip()) and catalogue.estimated:
            hint = (f'Series not yet published are estimated up to '
                    f'{catalogue.estimated[-1].key}. ')
        else:
            hint = did_you_mean(key, [c.name for c in catalogue.cycles] +
                                [c.key for c in catalogue.cycles])
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
        # the mode the file has, or a new file's (mkstemp's is private to its owner)
        os.chmod(temporary, _mode(path))
        if replace:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # fails if path exists, unlike a rename
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)


def _mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


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


def list_page(repo: Repository, relative: str, dry_run: bool = False) -> list[tuple[str, str]]:
    """Make the page ``specs/<cycle>/<status>/...`` reachable from its cycle's index
    pages, as they list pages: a ``<project>/*`` glob (or the page itself) in the
    status folder's index, else in the cycle's index. Returns ``(action, what)``;
    nothing when a toctree already lists it or the cycle has no index page."""
    parts = PurePosixPath(relative).with_suffix('').parts
    if len(parts) < 4 or parts[0] != 'specs':
        return []
    cycle_folder, status = '/'.join(parts[:2]), parts[2]
    doc = '/'.join(parts)
    indexes = [(f'{cycle_folder}/{status}', parts[3:]), (cycle_folder, parts[2:])]
    found = []
    for folder, rest in indexes:
        page = f'{folder}/index.rst'
        if not repo.path(page).is_file():
            continue
        lines = _read(repo, page, 'the index page').splitlines()
        trees = list(toctrees(lines))
        if any(tree.covers(folder, doc) for tree in trees):
            return []
        found.append((page, lines, trees, rest))
    if not found:
        return []
    page, lines, trees, rest = found[0]
    if len(rest) > 2:  # the cycle's index: the toctree listing that status
        wanted = [tree for tree in trees
                  if any(e.startswith(f'{rest[0]}/') for _, e in tree.entries)]
    else:  # the status index: the toctree listing projects, else its first
        wanted = [tree for tree in trees if tree.glob and tree.entries][-1:]
    tree = (wanted or trees or [None])[0]
    if tree is None:
        entry = '/'.join((*rest[:-1], '*'))
        lines.extend(['', '.. toctree::', '   :glob:', '   :maxdepth: 1', '', f'   {entry}'])
    else:
        entry = '/'.join((*rest[:-1], '*')) if tree.glob else '/'.join(rest)
        tree.add(lines, entry)
    if not dry_run:
        _replace(repo.path(page), page, '\n'.join(lines) + '\n')
    return [('would list' if dry_run else 'list', f'{entry} in {page}')]


def unlist_empty(repo: Repository, folder: str, dry_run: bool = False,
                 gone: str | None = None) -> list[tuple[str, str]]:
    """Take out of its status index the ``<project>/*`` glob of a project ``folder``
    (``specs/<cycle>/<status>/<project>``) with no page left but ``gone``: Sphinx
    warns about a glob that matches nothing."""
    parts = PurePosixPath(folder).parts
    if len(parts) != 4:
        return []
    matcher = Matcher(repo.excludes)
    path = repo.path(folder)
    pages = [os.path.relpath(page, repo.root).replace(os.sep, '/')
             for page in (sorted(path.rglob('*.rst')) if path.is_dir() else ())]
    if any(page != gone and not matcher(page) for page in pages):
        return []
    page = '/'.join((*parts[:3], 'index.rst'))
    if not repo.path(page).is_file():
        return []
    lines = _read(repo, page, 'the index page').splitlines()
    entry = f'{parts[3]}/*'
    for tree in toctrees(lines):
        for line, written in tree.entries:
            if tree.glob and written == entry:
                del lines[line]
                if not dry_run:
                    _replace(repo.path(page), page, '\n'.join(lines) + '\n')
                return [('would unlist' if dry_run else 'unlist', f'{entry} in {page}')]
    return []


def _read(repo: Repository, name: str, what: str = 'the spec template') -> str:
    try:
        return repo.path(name).read_text('utf-8')
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f'cannot read {what} {name} ({exc})') from None


def cycle_title(cycle: Cycle) -> str:
    """``2026.2 Hibiscus``; only the release id while the code name is unknown."""
    return cycle.key if cycle.name == cycle.key else cycle.title


def next_cycle(repo: Repository, cycle_key: str, dry_run: bool = False,
               ) -> Iterator[tuple[str, str]]:
    """Open a cycle as the repository's own scaffolding does; yield ``(action, path)``
    for each page and template link, then for the site's index.

    The action is ``create`` (``would create`` with ``dry_run``), ``exists``,
    ``repair`` (an empty page an interrupted run left) or ``list`` (an entry
    added to the site's index); running it again changes nothing.
    """
    cycle = find_cycle(repo, cycle_key)
    projects = repo.policy.projects
    if not projects:
        raise ConfigError('glancecycle_projects is empty in conf.py '
                          '(next-cycle makes a folder per project)')
    catalogue = repo.policy.catalogue
    title = cycle_title(cycle)
    priorities = f'priorities/{cycle.key}-priorities'
    dashboard = os.path.relpath(repo.srcdir / 'cycles' / cycle.key, repo.root)
    dashboard_doc = f'cycles/{cycle.key}'
    estimated = None
    if catalogue.is_estimate(cycle):
        monday = cycle.release_date - datetime.timedelta(days=cycle.release_date.weekday())
        estimated = f'the week of {monday.isoformat()}'
    previous = catalogue.previous(cycle)
    folder = f'specs/{cycle.key}'
    pages = {
        f'{folder}/index.rst': render(
            'cycle-index', heading=f'{cycle.key} Specifications', cycle=cycle, title=title,
            dashboard=dashboard_doc),
        **{f'{folder}/{status}/index.rst': render(
            'status-index', heading=f'{cycle.key} {status.capitalize()} Specifications',
            cycle=cycle, status=status) for status in STATUS_FOLDERS},
        f'{priorities}.rst': render(
            'priorities', heading=f'{cycle.key} Project Priorities', cycle=cycle,
            owner=f'{projects[0]}-ptl', estimated=estimated,
            previous=cycle_title(previous) if previous else ''),
        f'{dashboard}.rst'.replace(os.sep, '/'): render(
            'dashboard', heading=f'{title} dashboard' if cycle.name == cycle.key
            else f'{cycle.key} ({cycle.name.capitalize()}) dashboard'
            if cycle.release_id else f'{cycle.name.capitalize()} dashboard', cycle=cycle,
            priorities=priorities),
    }
    made = 'would create' if dry_run else 'create'
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
    for relative, target in _template_links(repo, cycle, projects):
        path = repo.path(relative)
        if path.is_symlink() or path.exists():
            yield 'exists', relative
            continue
        if not dry_run:
            _make(path.parent, relative)
            try:
                path.symlink_to(target)
            except OSError as exc:
                raise ConfigError(f'{relative}: cannot link ({exc.strerror or exc})') from None
        yield f'{"would link" if dry_run else "link"}', f'{relative} -> {target}'
    yield from _list_in_site_index(repo, cycle, priorities, dry_run)


#: the status folders a cycle opens with, each with an index page
STATUS_FOLDERS = ('approved', 'implemented')


def _template_links(repo: Repository, cycle: Cycle, projects) -> Iterator[tuple[str, str]]:
    """``(link, target)`` for each template the repository keeps, in each project's
    approved folder, as relative symbolic links (none for a missing template)."""
    spec = Path(repo.policy.spec_template)
    for template in dict.fromkeys((spec, spec.with_name(SPEC_LITE_TEMPLATE))):
        if not repo.path(template.as_posix()).is_file():
            continue
        for project in projects:
            folder = Path('specs', cycle.key, 'approved', project)
            yield ((folder / template.name).as_posix(),
                   os.path.relpath(template, folder).replace(os.sep, '/'))


def _site_index(repo: Repository) -> tuple[Path, str]:
    name = repo.values.get('root_doc') or repo.values.get('master_doc') or 'index'
    path = repo.srcdir / f'{name}.rst'
    return path, repo.shown(path)


def _list_in_site_index(repo: Repository, cycle: Cycle, priorities: str,
                        dry_run: bool) -> Iterator[tuple[str, str]]:
    """List the cycle's index (and its priorities page) in the site's index, as the
    repository's scaffolding does: the new cycle is current, the one before it past."""
    path, shown = _site_index(repo)
    if not path.is_file():
        return
    lines = _read(repo, shown, 'the site index').splitlines()
    trees = list(toctrees(lines))
    doc = f'specs/{cycle.key}/index'
    changes = []
    if not any(tree.covers('', doc) for tree in trees):
        changes.extend(_list_cycle(repo, cycle, lines, trees))
    trees = list(toctrees(lines))
    if not any(tree.covers('', priorities) for tree in trees):
        changes.extend(_list_priorities(repo, cycle, priorities, lines, trees))
    if not changes:
        yield 'exists', f'{shown} (lists {cycle.key})'
        return
    if not dry_run:
        _replace(path, shown, '\n'.join(lines) + '\n')
    for action, what in changes:
        yield f'{"would " if dry_run else ""}{action}', f'{what} in {shown}'


CYCLE_ENTRY = re.compile(r'^/?specs/(?P<cycle>[^/]+)(?P<rest>/.*)$')
PRIORITIES_ENTRY = re.compile(r'^/?priorities/(?P<cycle>[^/]+)(?P<rest>-priorities)$')


def _cycle_entries(repo: Repository, trees, pattern: re.Pattern):
    """``(position, tree, line, cycle, rest)`` of each entry naming a known cycle."""
    for tree in trees:
        for line, entry in tree.entries:
            match = pattern.match(entry)
            position = repo.policy.catalogue.position(match['cycle']) if match else None
            if position is not None:
                yield position, tree, line, match['cycle'], match['rest']


def _list_cycle(repo: Repository, cycle: Cycle, lines: list[str], trees) -> list[str]:
    found = sorted(_cycle_entries(repo, trees, CYCLE_ENTRY), key=lambda item: item[0])
    position = repo.policy.catalogue.position(cycle.key)
    older = [item for item in found if item[0] < position]
    if not older:
        # no cycle listed yet: a toctree of its own at the end of the page
        lines.extend(['', '.. toctree::', '   :maxdepth: 1', '', f'   specs/{cycle.key}/index'])
        return [('list', f'specs/{cycle.key}/index')]
    _, tree, line, key, rest = older[-1]
    entry = lines[line].replace(key, cycle.key, 1)
    # past cycles kept in a later toctree: the current one moves there (newest first)
    past = [item for item in older if item[1] is not tree and item[1].start > tree.start]
    if past:
        _, later, target, _, _ = min(past, key=lambda item: item[2])
        lines.insert(target, later.indent + lines[line].strip())
        lines[line] = entry
        return [('list', f'specs/{cycle.key}{rest}'), ('move', f'specs/{key}{rest} to the past')]
    lines.insert(line, entry)
    return [('list', f'specs/{cycle.key}{rest}')]


def _list_priorities(repo: Repository, cycle: Cycle, priorities: str, lines: list[str],
                     trees) -> list[str]:
    found = sorted(_cycle_entries(repo, trees, PRIORITIES_ENTRY), key=lambda item: item[0])
    position = repo.policy.catalogue.position(cycle.key)
    older = [item for item in found if item[0] < position]
    if not older:
        return []
    _, tree, line, key, _ = older[-1]
    entry = lines[line].replace(key, cycle.key, 1)
    old = f'priorities/{key}-priorities'
    # the old page stays listed by a glob elsewhere (an archive page): replace it
    if _covered_elsewhere(repo, old):
        lines[line] = entry
        return [('list', f'{priorities} (for {old})')]
    lines.insert(line, entry)
    return [('list', priorities)]


def _covered_elsewhere(repo: Repository, doc: str) -> bool:
    index, _ = _site_index(repo)
    for page in sorted(repo.srcdir.glob('*.rst')):
        if page == index:
            continue
        try:
            text = page.read_text('utf-8')
        except (OSError, UnicodeDecodeError):
            continue
        if any(tree.covers('', doc) for tree in toctrees(text.splitlines())):
            return True
    return False


TOCTREE = re.compile(r'^(?P<indent>[ \t]*)\.\. toctree::\s*$')
EXPLICIT_TITLE = re.compile(r'^.*<(?P<doc>[^<>]+)>$')


@dataclasses.dataclass
class Toctree:
    """A ``toctree`` directive of a page as written: where it is, its entries."""

    start: int
    #: the line after its last option or entry
    end: int
    indent: str
    glob: bool
    #: (line index, document as written)
    entries: list[tuple[int, str]]

    def covers(self, folder: str, doc: str) -> bool:
        """Whether an entry names ``doc`` (relative to the source folder) from a page
        in ``folder`` (relative to the source folder, '' for the top)."""
        for _, entry in self.entries:
            name = posixpath.normpath(entry[1:] if entry.startswith('/')
                                      else posixpath.join(folder, entry))
            if name == doc or (self.glob and patmatch(doc, name)):
                return True
        return False

    def add(self, lines: list[str], entry: str) -> None:
        """Add ``entry`` after the last entry (a blank line after the options first)."""
        if self.entries:
            lines.insert(self.entries[-1][0] + 1, self.indent + entry)
            return
        tail = [''] if self.end < len(lines) and lines[self.end].strip() else []
        lines[self.end:self.end] = ['', self.indent + entry, *tail]


def toctrees(lines: list[str]) -> Iterator[Toctree]:
    """The ``toctree`` directives of a page's ``lines``."""
    for start, line in enumerate(lines):
        match = TOCTREE.match(line)
        if not match:
            continue
        base, indent, glob, entries, end = len(match['indent']), None, False, [], start + 1
        for index in range(start + 1, len(lines)):
            text = lines[index]
            if not text.strip():
                continue
            width = len(text) - len(text.lstrip())
            if width <= base:
                break
            indent = indent or text[:width]
            body = text.strip()
            if body.startswith(':') and not entries:
                glob = glob or body.split()[0] == ':glob:'
            else:
                explicit = EXPLICIT_TITLE.match(body)
                entries.append((index, explicit['doc'] if explicit else body))
            end = index + 1
        yield Toctree(start, end, indent or ' ' * (base + 3), glob, entries)


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
