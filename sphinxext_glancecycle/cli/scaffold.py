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
from sphinxext_glancecycle.readers.paths import locate
from sphinxext_glancecycle.rules.registry import did_you_mean
from sphinxext_glancecycle.settings import DEFAULT_PRIORITIES

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


#: the settings that say where scaffolding writes, named in its refusals
PROPOSALS = "glancecycle_profile['layout']['proposals']"
SPEC_LITES = "glancecycle_profile['templates']['spec_lites']"
PLACEHOLDERS = frozenset({'cycle', 'name', 'project'})


@dataclasses.dataclass(frozen=True)
class Place:
    """Where a new spec goes, as the repository's profile lays specs out."""

    folder: str
    cycle: Cycle | None


def proposal_place(repo: Repository, cycle_key: str | None, project: str | None,
                   kind: str = 'spec') -> Place:
    """The folder the profile's ``proposals`` gives for a new spec of that cycle and project.

    Refused, naming the setting, when the layout has no such folder, when it
    has no place for a cycle or project given (or needs one not given), or
    when the path would not be read back as that cycle and project.
    """
    profile = repo.policy.profile
    layout = profile.layout
    try:
        fields = layout.proposal_fields()
    except ValueError as exc:
        raise ConfigError(f'{PROPOSALS} is not a folder pattern ({exc})') from None
    if layout.proposals is None:
        raise ConfigError(f'the {profile.name} profile says nowhere where new specs go '
                          f'(set {PROPOSALS})')
    if fields - PLACEHOLDERS:
        raise ConfigError(f'{PROPOSALS} names {sorted(fields - PLACEHOLDERS)[0]!r} '
                          '(use {cycle}, {name} and {project})')
    shown = f'{layout.root}/{layout.proposals}/'
    cycle = None
    if fields & {'cycle', 'name'}:
        if cycle_key is None:
            raise ConfigError(f'--cycle is required (new specs go in {shown}, {PROPOSALS})')
        cycle = find_cycle(repo, cycle_key)
        if 'name' in fields and cycle.name == cycle.key:
            raise ConfigError(f'{cycle.key} has no code name yet, and cycle folders are named '
                              f'by code name ({shown}, {PROPOSALS}); give it one with '
                              'glancecycle_series in conf.py')
    elif cycle_key is not None:
        raise ConfigError(f'new specs go in {shown}, which has no cycle folder ({PROPOSALS}); '
                          'leave out --cycle')
    if 'project' in fields:
        if project is None:
            raise ConfigError(f'--project is required (new specs go in {shown}, {PROPOSALS})')
        project = check_project(repo, project)
    elif project is not None:
        if kind != 'spec-lite':
            raise ConfigError(f'new specs go in {shown}, which has no project folder '
                              f'({PROPOSALS}); leave out --project')
        project = check_project(repo, project)
    values = {'project': project}
    if cycle is not None:
        values.update(cycle=cycle.key, name=cycle.name)
    folder = layout.proposal_folder(**values)
    # read back as check reads it: a pattern the layout cannot read is refused,
    # so a spec is never written where it would get another cycle or none
    where = locate(f'{folder}/new.rst', repo.policy.catalogue, profile)
    expected = (cycle.key if cycle else None, project if layout.project_folders else None)
    if (where.cycle, where.project) != expected:
        raise ConfigError(f'{folder}/ would not be read as cycle {expected[0]} and project '
                          f'{expected[1]} (the layout reads cycle {where.cycle} and project '
                          f'{where.project}); make {PROPOSALS} agree with the layout')
    return Place(folder, cycle)


def spec_template(repo: Repository, cycle: Cycle | None) -> str:
    """The repository path of the spec template for a new spec of ``cycle``."""
    template = repo.policy.spec_template
    if '{cycle}' not in template:
        return template
    if cycle is None:
        raise ConfigError(f'the spec template {template} is one per cycle, and new specs '
                          f'go in no cycle folder ({PROPOSALS})')
    return template.replace('{cycle}', cycle.key)


def new(repo: Repository, kind: str, title: str, cycle_key: str | None,
        project: str | None) -> Path:
    """Write a new spec or spec-lite where the repository's profile puts them; return
    its path."""
    title = _title(title)
    profile = repo.policy.profile
    if kind == 'spec-lite' and not profile.templates.spec_lites:
        raise ConfigError(f'the {profile.name} profile has no spec-lites ({SPEC_LITES}); '
                          'use glancecycle new spec')
    place = proposal_place(repo, cycle_key, project, kind)
    template = spec_template(repo, place.cycle)
    if kind == 'spec-lite':
        own = Path(template).with_name(SPEC_LITE_TEMPLATE).as_posix()
        if repo.path(own).is_file():
            text = spec_from_template(_read(repo, own), f'Spec Lite: {title}')
            if project is not None:
                text = PROJECT_FIELD.sub(rf'\g<1>{project}', text, count=1)
        else:
            text = render('spec-lite', heading=rst_title(f'Spec Lite: {title}'),
                          project=project)
        return _write_new(repo, f'{place.folder}/spec-lite-{slug(title)}.rst', text)
    try:
        text = _read(repo, template)
    except ConfigError as exc:
        if place.cycle is None or template == repo.policy.spec_template:
            raise
        raise ConfigError(f'{exc}; glancecycle next-cycle {place.cycle.key} copies the '
                          'last cycle\'s') from None
    return _write_new(repo, f'{place.folder}/{slug(title)}.rst',
                      spec_from_template(text, title))


def place_page(repo: Repository, relative: str) -> list[tuple[str, str]]:
    """Make a new spec ``relative`` part of the site as the repository's layout does;
    return ``(action, what)`` for each change.

    The layout's ``proposal_links`` folders link to it; the placeholder page
    of its cycle folder goes (its comment asks the first spec's change to
    remove it); its cycle's index pages list it (:func:`list_page`), or, for
    a cycle folder with none, the site's index lists the cycle.
    """
    layout = repo.policy.profile.layout
    name = PurePosixPath(relative).name
    actions = []
    for folder in layout.proposal_links:
        link = f'{layout.root}/{folder}/{name}'
        path = repo.path(link)
        if path.is_symlink() or path.exists():
            actions.append(('exists', link))
            continue
        target = posixpath.relpath(relative, posixpath.dirname(link))
        _make(path.parent, link)
        try:
            path.symlink_to(target)
        except OSError as exc:
            raise ConfigError(f'{link}: cannot link ({exc.strerror or exc})') from None
        actions.append(('link', f'{link} -> {target}'))
    placeholder = repo.path(relative).with_name(f'{PLACEHOLDER}.rst')
    if placeholder.is_file() and not placeholder.is_symlink():
        try:
            placeholder.unlink()
        except OSError as exc:
            raise ConfigError(f'{repo.shown(placeholder)}: cannot remove '
                              f'({exc.strerror or exc})') from None
        actions.append(('remove', repo.shown(placeholder)))
    actions.extend(list_page(repo, relative))
    catalogue = repo.policy.catalogue
    cycle = catalogue.get(locate(relative, catalogue, repo.policy.profile).cycle)
    if cycle is not None:
        opened = Opening.of(repo, cycle)
        if opened.folder and not opened.statuses:
            actions.extend(_list_unlisted(repo, opened, relative))
    return actions


def _list_unlisted(repo: Repository, opened: Opening, relative: str) -> list[tuple[str, str]]:
    """List the cycle of a page no toctree of the site's index lists, as next-cycle does."""
    path, shown = _site_index(repo)
    if not path.is_file():
        return []
    lines = _read(repo, shown, 'the site index').splitlines()
    trees = list(toctrees(lines))
    if any(tree.covers('', relative.removesuffix('.rst')) for tree in trees):
        return []
    changes = _list_cycle(repo, opened, lines, trees)
    _replace(path, shown, '\n'.join(lines) + '\n')
    return [(action, f'{what} in {shown}') for action, what in changes]


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
    """Open a cycle as the repository's own scaffolding does, where its profile lays
    specs out; yield ``(action, path)`` for each page and template link, then for the
    site's index.

    The action is ``create`` (``would create`` with ``dry_run``), ``exists``,
    ``repair`` (an empty page an interrupted run left) or ``list`` (an entry
    added to the site's index); running it again changes nothing.
    """
    cycle = find_cycle(repo, cycle_key)
    opened = Opening.of(repo, cycle)
    projects = repo.policy.projects
    if opened.project_folders and not projects:
        raise ConfigError('glancecycle_projects is empty in conf.py '
                          '(next-cycle makes a folder per project)')
    catalogue = repo.policy.catalogue
    title = cycle_title(cycle)
    priorities = opened.priorities
    dashboard = os.path.relpath(repo.srcdir / 'cycles' / cycle.key, repo.root)
    dashboard_doc = f'cycles/{cycle.key}'
    estimated = None
    if catalogue.is_estimate(cycle):
        monday = cycle.release_date - datetime.timedelta(days=cycle.release_date.weekday())
        estimated = f'the week of {monday.isoformat()}'
    previous = catalogue.previous(cycle)
    folder = opened.folder
    pages = {}
    if folder and opened.statuses:
        pages[f'{folder}/index.rst'] = render(
            'cycle-index', heading=f'{cycle.key} Specifications', cycle=cycle, title=title,
            dashboard=dashboard_doc, statuses=opened.statuses, folder=folder,
            project=opened.project_folders, lites=repo.policy.profile.templates.spec_lites)
        pages.update({f'{folder}/{status}/index.rst': render(
            'status-index', heading=f'{cycle.key} {status.capitalize()} Specifications',
            cycle=cycle, status=status, project=opened.project_folders,
            lites=repo.policy.profile.templates.spec_lites) for status in opened.statuses})
    elif folder and not _holds_pages(repo, folder):
        pages[f'{folder}/{PLACEHOLDER}.rst'] = render(
            'placeholder', heading=f'No {cycle.key} specs yet', cycle=cycle)
    if opened.template:
        pages[opened.template] = _read(repo, opened.last_template)
    if priorities:
        pages[f'{priorities}.rst'] = render(
            'priorities', heading=f'{cycle.key} Project {opened.priorities_word}',
            label=opened.priorities_label, cycle=cycle,
            owner=f'{projects[0] if projects else repo.policy.profile.name}-ptl',
            estimated=estimated, previous=cycle_title(previous) if previous else '')
    pages[f'{dashboard}.rst'.replace(os.sep, '/')] = render(
        'dashboard', heading=f'{title} dashboard' if cycle.name == cycle.key
        else f'{cycle.key} ({cycle.name.capitalize()}) dashboard'
        if cycle.release_id else f'{cycle.name.capitalize()} dashboard', cycle=cycle,
        priorities=priorities, folder=folder)
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
    for relative, target in _template_links(repo, opened, projects):
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
    yield from _list_in_site_index(repo, cycle, opened, dry_run)


def _holds_pages(repo: Repository, folder: str) -> bool:
    """Whether a cycle folder holds a page other than its placeholder (a spec)."""
    path = repo.path(folder)
    return path.is_dir() and any(page.name != f'{PLACEHOLDER}.rst'
                                 for page in path.glob('*.rst'))


#: the status folders a cycle opens with, each with an index page
STATUS_FOLDERS = ('approved', 'implemented')
#: the page that keeps a cycle folder with no index page listed until its first spec,
#: named as cinder's and manila's teams name theirs
PLACEHOLDER = 'remove-me'
#: the word of a priorities page's name -> its heading's
PRIORITIES_WORDS = {'priorities': 'Priorities', 'workitems': 'Work Items',
                    'themes': 'Themes'}


@dataclasses.dataclass(frozen=True)
class Opening:
    """What a new cycle gets in a repository, as its profile lays specs out."""

    cycle: Cycle
    #: the cycle's folder (``specs/2027.1``), None where specs have no cycle folder
    folder: str | None
    #: its status folders, each with an index page beside the cycle's
    statuses: tuple[str, ...]
    #: specs go in a folder per project (with a template link each)
    project_folders: bool
    #: the priorities page (no suffix), None where the profile names none
    priorities: str | None
    priorities_word: str
    priorities_label: str
    #: a per-cycle template to copy from the last cycle's (``last_template``)
    template: str | None
    last_template: str | None

    @classmethod
    def of(cls, repo: Repository, cycle: Cycle) -> Opening:
        layout = repo.policy.profile.layout
        try:
            fields = layout.proposal_fields()
        except ValueError as exc:
            raise ConfigError(f'{PROPOSALS} is not a folder pattern ({exc})') from None
        folder, statuses = None, ()
        if fields & {'cycle', 'name'}:
            if 'name' in fields and cycle.name == cycle.key:
                raise ConfigError(f'{cycle.key} has no code name yet, and cycle folders are '
                                  f'named by code name ({PROPOSALS}); give it one with '
                                  'glancecycle_series in conf.py')
            parts = layout.proposals.split('/')
            at = next(i for i, part in enumerate(parts) if '{cycle}' in part or '{name}' in part)
            folder = posixpath.join(layout.root, '/'.join(parts[:at + 1]).format(
                cycle=cycle.key, name=cycle.name))
            status = parts[at + 1] if len(parts) > at + 1 else None
            if status in layout.cycle_statuses:
                statuses = tuple(s for s in STATUS_FOLDERS if s in layout.cycle_statuses)
        page, word, label = _priorities_page(repo, cycle)
        template, last = _cycle_template(repo, cycle)
        return cls(cycle, folder, statuses, 'project' in fields and bool(statuses), page,
                   word, label, template, last)


def _priorities_page(repo: Repository, cycle: Cycle) -> tuple[str | None, str, str]:
    """The new cycle's priorities page, named as the newest one of the profile's patterns
    (``priorities/2027.1-priorities``, ironic's ``priorities/2027-1-workitems``), its
    heading word and its label; no page where the profile names no priorities pages."""
    policy = repo.policy
    globs = ((policy.priorities,) if policy.priorities != DEFAULT_PRIORITIES
             else policy.profile.priorities.pages)
    if not globs:
        return None, '', ''
    newest = None
    for glob in globs:
        head, _, tail = glob.partition('*')
        for path in sorted(repo.root.glob(glob)):
            relative = path.relative_to(repo.root).as_posix()
            written = relative[len(head):len(relative) - len(tail)]
            position = _position(repo, written)
            if position is not None and (newest is None or position > newest[0]):
                newest = (position, glob, written)
    glob, spelling = (newest[1], newest[2]) if newest else (globs[0], cycle.key)
    written = _spelt(cycle, spelling, repo)
    page = glob.replace('*', written, 1).removesuffix('.rst')
    word = PurePosixPath(page).name[len(written):].lstrip('-')
    return page, PRIORITIES_WORDS.get(word, 'Priorities'), f'{written}-{word}'


def _position(repo: Repository, written: str) -> int | None:
    """The release order of a cycle as a file name writes it (``2026.2``, ``2026-2``)."""
    catalogue = repo.policy.catalogue
    position = catalogue.position(written)
    return catalogue.position(written.replace('-', '.')) if position is None else position


def _spelt(cycle: Cycle, like: str, repo: Repository) -> str:
    """``cycle`` written as ``like`` writes its own: by code name, or its key with
    ``-`` for ``.`` (``2026-2``)."""
    other = repo.policy.catalogue.get(like) or repo.policy.catalogue.get(like.replace('-', '.'))
    if other is not None and like == other.name and other.name != other.key:
        return cycle.name
    if '.' not in like and '-' in like:
        return cycle.key.replace('.', '-')
    return cycle.key


def _cycle_template(repo: Repository, cycle: Cycle) -> tuple[str | None, str | None]:
    """A template kept per cycle (``specs/{cycle}-template.rst``): the new cycle's, and the
    newest earlier cycle's to copy, as nova's process does; none if it has none."""
    pattern = repo.policy.spec_template
    if '{cycle}' not in pattern:
        return None, None
    head, _, tail = pattern.partition('{cycle}')
    position = repo.policy.catalogue.position(cycle.key)
    found = []
    for path in repo.root.glob(pattern.replace('{cycle}', '*')):
        written = path.relative_to(repo.root).as_posix()[len(head):-len(tail) or None]
        earlier = repo.policy.catalogue.position(written)
        if earlier is not None and earlier < position and path.is_file():
            found.append((earlier, path.relative_to(repo.root).as_posix()))
    if not found:
        return None, None
    return pattern.replace('{cycle}', cycle.key), max(found)[1]


def _template_links(repo: Repository, opened: Opening, projects) -> Iterator[tuple[str, str]]:
    """``(link, target)`` for each template the repository keeps, in each project's
    folder of new specs, as relative symbolic links (none for a missing template)."""
    if not opened.project_folders:
        return
    layout = repo.policy.profile.layout
    spec = Path(repo.policy.spec_template)
    for template in dict.fromkeys((spec, spec.with_name(SPEC_LITE_TEMPLATE))):
        if not repo.path(template.as_posix()).is_file():
            continue
        for project in projects:
            folder = Path(layout.proposal_folder(
                cycle=opened.cycle.key, name=opened.cycle.name, project=project))
            yield ((folder / template.name).as_posix(),
                   os.path.relpath(template, folder).replace(os.sep, '/'))


def _site_index(repo: Repository) -> tuple[Path, str]:
    name = repo.values.get('root_doc') or repo.values.get('master_doc') or 'index'
    path = repo.srcdir / f'{name}.rst'
    return path, repo.shown(path)


def _list_in_site_index(repo: Repository, cycle: Cycle, opened: Opening,
                        dry_run: bool) -> Iterator[tuple[str, str]]:
    """List the cycle's folder (and its priorities page) in the site's index, as the
    repository's scaffolding does: the new cycle is current, the one before it past."""
    path, shown = _site_index(repo)
    if not path.is_file():
        return
    lines = _read(repo, shown, 'the site index').splitlines()
    trees = list(toctrees(lines))
    changes = []
    if opened.folder:
        doc = f'{opened.folder}/{"index" if opened.statuses else PLACEHOLDER}'
        if not any(tree.covers('', doc) for tree in trees):
            changes.extend(_list_cycle(repo, opened, lines, trees))
    trees = list(toctrees(lines))
    if opened.priorities and not any(tree.covers('', opened.priorities) for tree in trees):
        changes.extend(_list_priorities(repo, opened, lines, trees))
    if not changes:
        yield 'exists', f'{shown} (lists {cycle.key})'
        return
    if not dry_run:
        _replace(path, shown, '\n'.join(lines) + '\n')
    for action, what in changes:
        yield f'{"would " if dry_run else ""}{action}', f'{what} in {shown}'


def _entries(folder: str, rest: str) -> re.Pattern:
    """Toctree entries naming a page (or glob) below a cycle's folder in ``folder``."""
    return re.compile(rf'^/?{re.escape(folder)}/(?P<cycle>[^/]+?)(?P<rest>{rest})$')


def _cycle_entries(repo: Repository, trees, pattern: re.Pattern):
    """``(position, tree, line, cycle, rest)`` of each entry naming a known cycle."""
    for tree in trees:
        for line, entry in tree.entries:
            match = pattern.match(entry)
            position = _position(repo, match['cycle']) if match else None
            if position is not None:
                yield position, tree, line, match['cycle'], match['rest']


def _list_cycle(repo: Repository, opened: Opening, lines: list[str], trees) -> list[str]:
    root = repo.policy.profile.layout.root
    name = PurePosixPath(opened.folder).name
    found = sorted(_cycle_entries(repo, trees, _entries(root, '/.*')), key=lambda item: item[0])
    position = repo.policy.catalogue.position(opened.cycle.key)
    older = [item for item in found if item[0] < position]
    if not older:
        # no cycle listed yet: a toctree of its own at the end of the page
        if opened.statuses:
            entry, options = f'{opened.folder}/index', []
        else:
            entry, options = f'{opened.folder}/*', ['   :glob:']
        lines.extend(['', '.. toctree::', *options, '   :maxdepth: 1', '', f'   {entry}'])
        return [('list', entry)]
    _, tree, line, key, rest = older[-1]
    entry = lines[line].replace(key, name, 1)
    heading = _heading(lines, tree, key)
    if heading is not None:
        # a section per cycle (cinder's): the new cycle's section before the last one's
        block = lines[heading:tree.end]
        block[1:] = [text.replace(key, name, 1) for text in block[1:]]
        block[0] = re.sub(re.escape(key), name, block[0], count=1, flags=re.IGNORECASE)
        block[1] = adornment(block[1].strip()[0], block[0])
        lines[heading:heading] = [*block, '']
        return [('list', f'{root}/{name}{rest}')]
    # past cycles kept in a later toctree: the current one moves there (newest first)
    past = [item for item in older if item[1] is not tree and item[1].start > tree.start]
    if past:
        _, later, target, _, _ = min(past, key=lambda item: item[2])
        lines.insert(target, later.indent + lines[line].strip())
        lines[line] = entry
        return [('list', f'{root}/{name}{rest}'), ('move', f'{root}/{key}{rest} to the past')]
    lines.insert(line, entry)
    return [('list', f'{root}/{name}{rest}')]


def _heading(lines: list[str], tree: Toctree, key: str) -> int | None:
    """The line of the section title right above ``tree`` when the section is the
    cycle ``key``'s alone: its title names the cycle and the toctree lists only it."""
    if len(tree.entries) != 1:
        return None
    above = [index for index in range(tree.start) if lines[index].strip()][-2:]
    if len(above) != 2 or not ADORNMENT.match(lines[above[1]]) or ADORNMENT.match(
            lines[above[0]]) or key.lower() not in lines[above[0]].lower():
        return None
    return above[0]


def _list_priorities(repo: Repository, opened: Opening, lines: list[str],
                     trees) -> list[str]:
    page = PurePosixPath(opened.priorities)
    pattern = _entries(page.parent.as_posix(), '-(?:priorities|workitems|themes)')
    found = sorted(_cycle_entries(repo, trees, pattern), key=lambda item: item[0])
    position = repo.policy.catalogue.position(opened.cycle.key)
    older = [item for item in found if item[0] < position]
    if not older:
        return []
    _, tree, line, key, rest = older[-1]
    entry = lines[line].replace(f'{key}{rest}', page.name, 1)
    old = f'{page.parent}/{key}{rest}'
    # the old page stays listed by a glob elsewhere (an archive page): replace it
    if _covered_elsewhere(repo, old):
        lines[line] = entry
        return [('list', f'{opened.priorities} (for {old})')]
    lines.insert(line, entry)
    return [('list', opened.priorities)]


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
