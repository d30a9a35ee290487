"""Find the specs repository and read its conf.py without starting a build.

conf.py is executed the way Sphinx executes it (in its own folder, with
``__file__`` and ``tags`` defined), so the command line and the build read
the same ``glancecycle_*`` values. The search for ``doc/source/conf.py``
goes up from the current folder but never past the repository it is in
(the nearest folder holding ``.git``): a conf.py outside the repository is
never run, and nothing is ever written outside it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sys
from pathlib import Path
from typing import Any

from sphinxext_glancecycle import settings
from sphinxext_glancecycle.policy import Policy

CONF_PY = Path('doc', 'source', 'conf.py')
#: Sphinx's own settings the command line reads: the text around every page...
TEXT_VALUES = ('rst_prolog', 'rst_epilog')
#: ...and the patterns that keep files out of a build, and Sphinx's own
#: (``sphinx.project.EXCLUDE_PATHS``, which cannot be imported without docutils).
EXCLUDE_VALUES = ('exclude_patterns', 'templates_path', 'html_extra_path', 'html_static_path')
SPHINX_EXCLUDES = ('**/_sources', '.#*', '**/.#*', '*.lproj/**')
#: What marks the top of a repository.
REPOSITORY_MARKER = '.git'


class ConfigError(Exception):
    """The repository or its conf.py cannot be used; the message is one line."""


class Tags:
    """The ``tags`` object conf.py may consult; no tags are set outside a build."""

    def has(self, tag: str) -> bool:
        return False

    __contains__ = has

    def add(self, tag: str) -> None:
        pass

    def remove(self, tag: str) -> None:
        pass


@dataclasses.dataclass
class Repository:
    """A specs repository: where its files are and what its conf.py says."""

    root: Path
    srcdir: Path
    values: dict[str, Any]
    policy: Policy
    #: the conf.py the settings come from
    conf: Path | None = None
    #: the top folder of the repository (holding ``.git``), else conf.py's root
    top: Path | None = None
    _real: dict[Path, str] = dataclasses.field(default_factory=dict, repr=False)
    _sources: dict[Path, str] = dataclasses.field(default_factory=dict, repr=False)

    @property
    def excludes(self) -> list[str]:
        patterns = list(SPHINX_EXCLUDES)
        for name in EXCLUDE_VALUES:
            patterns.extend(self.values.get(name) or ())
        return patterns

    @property
    def prolog(self) -> str:
        return self.values.get('rst_prolog') or ''

    @property
    def epilog(self) -> str:
        return self.values.get('rst_epilog') or ''

    def inside(self, path: Path) -> bool:
        """Whether ``path`` lies in the repository (where commands may write)."""
        top = os.path.realpath(self.top or self.root)
        return os.path.commonpath([top, os.path.realpath(path)]) == top

    def path(self, relative: str) -> Path:
        """A repository path (as findings name them) on disk."""
        return self.root / relative

    def shown(self, path: Path | str) -> str:
        """A path as the user named it, relative to the repository when inside it."""
        relative = os.path.relpath(os.path.abspath(path), self.root)
        return (str(path) if relative.startswith(os.pardir) else relative).replace(os.sep, '/')

    def real(self, path: Path) -> str:
        """``os.path.realpath(path)``, worked out once per path."""
        if path not in self._real:
            self._real[path] = os.path.realpath(path)
        return self._real[path]

    def know_real(self, path: Path, real: str) -> None:
        """Record ``os.path.realpath(path)``, known to whoever walked to ``path``."""
        self._real[path] = real

    def source_of(self, path: Path) -> str:
        """A file's real path relative to the repository, with ``/``.

        The same rule as the Sphinx layer: the resolved path when it lies in
        the repository, else the path relative to the source folder.
        """
        if path not in self._sources:
            real, root = self.real(path), os.path.join(self.root, '')
            # os.path.relpath, but cheaper for the usual file under the root (which is a
            # real path, as ``real`` is)
            relative = real[len(root):] if real.startswith(root) else os.path.relpath(
                real, self.root)
            if relative.startswith(os.pardir):
                relative = os.path.relpath(os.path.abspath(path), self.srcdir)
            self._sources[path] = relative.replace(os.sep, '/')
        return self._sources[path]


def _one_line(text: object) -> str:
    return ' '.join(str(text).split())


def _up_to_repository(start: Path) -> tuple[Path, ...]:
    """``start`` and the folders above it up to the top of its repository (the
    nearest holding ``.git``); only ``start`` when it is in no repository."""
    for index, folder in enumerate((start, *start.parents)):
        if (folder / REPOSITORY_MARKER).exists():
            return (start, *start.parents)[:index + 1]
    return (start,)


def _top(folder: Path) -> Path | None:
    top = _up_to_repository(folder)[-1]
    return top if (top / REPOSITORY_MARKER).exists() else None


def find_conf(start: Path) -> Path:
    """The conf.py of the repository holding ``start``: ``start/doc/source/conf.py`` or
    that of a folder above, but not above the repository's top folder."""
    start = start.resolve()
    folders = _up_to_repository(start)
    for folder in folders:
        if (folder / CONF_PY).is_file():
            return folder / CONF_PY
    for folder in folders:
        if (folder / 'specs').is_dir():
            raise ConfigError(f'{folder} has specs/ but no {CONF_PY} '
                              '(glancecycle reads its settings from there)')
    raise ConfigError(f'{start} is not in a specs repository '
                      f'(no {CONF_PY} in it or any folder above it, up to {folders[-1]})')


def execute(conf: Path) -> dict[str, Any]:
    """Run conf.py as Sphinx does and return its names."""
    shown = os.path.relpath(conf)
    try:
        code = compile(conf.read_bytes(), str(conf), 'exec')
    except OSError as exc:
        raise ConfigError(f'{shown}: cannot read ({exc.strerror})') from None
    except (SyntaxError, ValueError) as exc:
        where = f':{exc.lineno}' if getattr(exc, 'lineno', None) else ''
        raise ConfigError(f'{shown}{where}: syntax error: {_one_line(exc.msg)}'
                          if isinstance(exc, SyntaxError)
                          else f'{shown}: {_one_line(exc)}') from None
    namespace: dict[str, Any] = {'__file__': str(conf), 'tags': Tags()}
    cwd, path = os.getcwd(), list(sys.path)
    try:
        os.chdir(conf.parent)
        # whatever conf.py prints must not mix with the findings on stdout
        with contextlib.redirect_stdout(sys.stderr):
            exec(code, namespace)  # noqa: S102 - conf.py is the project's own code
    except (Exception, SystemExit) as exc:
        raise ConfigError(f'{shown} raised {type(exc).__name__}: {_one_line(exc)}') from None
    finally:
        os.chdir(cwd)
        sys.path[:] = path
    return namespace


def _check_sphinx_values(values: dict[str, Any]) -> None:
    """Sphinx's own settings the command line reads must be what Sphinx wants."""
    for name in TEXT_VALUES:
        if values.get(name) is not None and not isinstance(values[name], str):
            raise ConfigError(f'{name} in conf.py is a {type(values[name]).__name__}; '
                              'give a string')
    for name in EXCLUDE_VALUES:
        value = values.get(name)
        if value is not None and (not isinstance(value, (list, tuple)) or not all(
                isinstance(item, str) for item in value)):
            raise ConfigError(f'{name} in conf.py is {value!r}; give a list of strings')


def load(start: Path) -> Repository:
    """The repository holding ``start``, with its settings read and validated."""
    conf = find_conf(start)
    values = execute(conf)
    shown = os.path.relpath(conf)
    _check_sphinx_values(values)
    try:
        clean = settings.validate(values)
    except settings.SettingError as exc:
        raise ConfigError(f'{shown}: {_one_line(exc)}') from None
    srcdir = conf.parent
    root = Path(settings.repository_root(str(srcdir), str(srcdir), clean['repo_root']))
    policy = Policy.from_settings(clean, root=str(root))
    return Repository(root=root, srcdir=srcdir, values=values, policy=policy, conf=conf,
                      top=_top(conf.parent) or root)
