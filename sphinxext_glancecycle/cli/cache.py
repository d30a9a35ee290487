"""What ``glancecycle check`` learnt about each file, kept between runs.

Parsing is nearly all the time a check takes, so a whole-repository check
keeps, per file, its findings and records under a key made of the file's
content and of everything else the result depends on: the conf.py values,
the spec template, the list of source files (links are checked against
it), the installed code, the date, and the files a page consulted (their
content). Anything that changes makes the file parsed again.

The cache lives in ``$GLANCECYCLE_CACHE_DIR``, else
``$XDG_CACHE_HOME/glancecycle``, else ``~/.cache/glancecycle``; deleting it
is always safe.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterable

import docutils

import sphinxext_glancecycle
from sphinxext_glancecycle.cli.confpy import Site
from sphinxext_glancecycle.policy import CONFIG_VALUES

FORMAT = 1


def directory() -> Path:
    if os.environ.get('GLANCECYCLE_CACHE_DIR'):
        return Path(os.environ['GLANCECYCLE_CACHE_DIR'])
    base = os.environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
    return Path(base, 'glancecycle')


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _code_stamp() -> list[tuple[str, int, int]]:
    """The installed code, so an upgrade (or an edit in a checkout) empties the cache."""
    package = Path(sphinxext_glancecycle.__file__).parent
    return sorted((str(path.relative_to(package)), path.stat().st_mtime_ns, path.stat().st_size)
                  for path in package.rglob('*') if path.suffix in ('.py', '.json'))


def context(site: Site, template: str, sources: Iterable[str]) -> str:
    """The digest of everything besides a file's own content its result depends on.

    ``template`` is the digest of the spec template file.
    """
    values = sorted((name, repr(site.values.get(name))) for name in CONFIG_VALUES)
    parts = [FORMAT, sys.version_info[:2], docutils.__version__, _code_stamp(), values,
             str(site.root), str(site.srcdir), site.policy.today.isoformat(), template,
             sorted(sources), repr(site.policy.profile), sorted(site.policy.shipped.items())]
    return digest(repr(parts).encode('utf-8'))


class Cache:
    """Results of one repository, valid for one :func:`context`."""

    def __init__(self, site: Site, context_digest: str) -> None:
        name = digest(f'{site.root}\0{site.srcdir}'.encode('utf-8'))[:24]
        self.path = directory() / f'{name}.pickle'
        self.context = context_digest
        self.entries: dict[str, tuple[str, dict[str, str], Any]] = {}
        self.fresh: dict[str, tuple[str, dict[str, str], Any]] = {}
        self._digests: dict[str, str | None] = {}
        try:
            with open(self.path, 'rb') as stored:
                data = pickle.load(stored)  # noqa: S301 - our own file in the user's cache
            if data.get('context') == context_digest:
                self.entries = data['entries']
        except Exception:  # a missing, old or damaged cache is an empty one
            pass

    def _file_digest(self, path: str) -> str | None:
        if path not in self._digests:
            try:
                self._digests[path] = digest(Path(path).read_bytes())
            except OSError:
                self._digests[path] = None
        return self._digests[path]

    def get(self, source: str, content: str) -> Any:
        """The stored result for ``source`` if its content and dependencies are unchanged."""
        entry = self.entries.get(source)
        if entry is None or entry[0] != content:
            return None
        if any(self._file_digest(path) != known for path, known in entry[1].items()):
            return None
        self.fresh[source] = entry
        return entry[2]

    def put(self, source: str, content: str, dependencies: Iterable[str], value: Any) -> None:
        self.fresh[source] = (content, {path: self._file_digest(path)
                                        for path in dependencies}, value)

    def save(self) -> None:
        """Keep this run's results (only them: deleted files drop out)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix='.tmp')
        except OSError:
            return  # a cache that cannot be written only costs time
        try:
            with os.fdopen(handle, 'wb') as out:
                pickle.dump({'context': self.context, 'entries': self.fresh}, out,
                            pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except OSError:
            os.unlink(temporary)
