"""What ``glancecycle check`` learnt about each file, kept between runs.

Parsing is nearly all the time a check takes, so a check keeps, per file,
its findings and records under a key made of the file's content and of
everything else the result depends on: the conf.py values, the spec
templates and their history, the list of source files (links are checked
against it), the package version and installed code, docutils and Sphinx, the
date, and the files a page read besides itself (``.. include::``, redirects,
schedules, linked pages: their content). Anything that changes makes the file parsed again.

The cache holds data, not code: JSON (one line of entries, one of the
records a repeated check seldom reads) whose objects can only become the
plain records of :mod:`sphinxext_glancecycle.model`. It lives in
``$GLANCECYCLE_CACHE_DIR``, else ``$XDG_CACHE_HOME/glancecycle``, else
``~/.cache/glancecycle``; a folder that is not the user's own, or that
others may write to, is not used (one line says so). Deleting it is always
safe.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import functools
import hashlib
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any, Iterable

import sphinxext_glancecycle
from sphinxext_glancecycle import core, settings
from sphinxext_glancecycle.cli.confpy import TEXT_VALUES, Repository
from sphinxext_glancecycle.version import __version__

FORMAT = 3


def _record_types(module: Any) -> dict[str, type]:
    return {name: value for name, value in vars(module).items()
            if isinstance(value, type) and (dataclasses.is_dataclass(value)
                                            or issubclass(value, enum.Enum))}


#: The types a cache may hold besides JSON's own: the model's records, by name.
#: Those of :mod:`~sphinxext_glancecycle.core` to begin with: a warm check
#: decodes only findings, and importing the model would cost it a tenth of
#: its time; the others join when a record not among them is first met.
RECORDS = _record_types(core)


def _record_type(name: Any) -> type | None:
    """The model's record type called ``name``, if there is one."""
    if isinstance(name, str) and name not in RECORDS:
        from sphinxext_glancecycle import model

        RECORDS.update(_record_types(model))
    return RECORDS.get(name)


@functools.cache  # looked up once per record type, not per record decoded
def _fields(kind: type) -> frozenset[str]:
    return frozenset(field.name for field in dataclasses.fields(kind))


def directory() -> Path:
    if os.environ.get('GLANCECYCLE_CACHE_DIR'):
        return Path(os.environ['GLANCECYCLE_CACHE_DIR'])
    base = os.environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
    return Path(base, 'glancecycle')


def unsafe(folder: Path) -> str | None:
    """Why ``folder`` must not hold our cache (not ours, or writable by others), if so."""
    try:
        status = os.lstat(folder)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f'cannot use cache folder {folder} ({exc.strerror or exc})'
    if not stat.S_ISDIR(status.st_mode):
        return f'cache folder {folder} is not a folder; not using it'
    if hasattr(os, 'getuid') and status.st_uid != os.getuid():
        return f'cache folder {folder} belongs to another user; not using it'
    if status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f'cache folder {folder} is writable by others; not using it'
    return None


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _code_stamp() -> list[tuple[str, int, int]]:
    """The installed code, so an upgrade (or an edit in a checkout) empties the cache."""
    stamp = []

    def walk(folder: str, relative: str) -> None:
        for entry in os.scandir(folder):
            if entry.is_dir():
                walk(entry.path, relative + entry.name + '/')
            elif entry.name.endswith(('.py', '.json')):
                status = entry.stat()
                stamp.append((relative + entry.name, status.st_mtime_ns, status.st_size))

    walk(os.path.dirname(sphinxext_glancecycle.__file__), '')
    return sorted(stamp)


def _parser_versions() -> tuple[str, str]:
    """docutils' and Sphinx's versions: parsing uses Sphinx's smart quotes rule too.

    The packages' own attributes: importlib.metadata costs a warm check a
    tenth of its time (and discovery imports ``sphinx`` already).
    """
    import docutils
    import sphinx

    return docutils.__version__, sphinx.__version__


def context(repo: Repository, template: str, sources: Iterable[str]) -> str:
    """The digest of everything besides a file's own content its result depends on.

    ``template`` is the digest of the spec templates and their history
    (:meth:`~sphinxext_glancecycle.readers.templates.SpecTemplates.digest`).
    """
    values = sorted((name, repr(repo.values.get(name)))
                    for name in (*settings.BY_NAME, *TEXT_VALUES))
    parts = [FORMAT, __version__, sys.version_info[:2], _parser_versions(), _code_stamp(),
             values, str(repo.root), str(repo.srcdir), repo.policy.today.isoformat(),
             template, sorted(sources), repr(repo.policy.profile),
             sorted(repo.policy.shipped.items())]
    return digest(repr(parts).encode('utf-8'))


def encode(value: Any) -> Any:
    """``value`` as JSON data; :exc:`TypeError` for anything but records and plain data."""
    if value is None or isinstance(value, (bool, str, int, float)) and not isinstance(
            value, enum.Enum):
        return value
    if isinstance(value, list):
        return [encode(item) for item in value]
    if isinstance(value, tuple):
        return {'tuple': [encode(item) for item in value]}
    if isinstance(value, dict):
        return {'dict': [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return {'date': value.isoformat()}
    name = type(value).__name__
    if _record_type(name) is type(value):
        if isinstance(value, enum.Enum):
            return {'record': name, 'value': value.value}
        return {'record': name, 'fields': {field.name: encode(getattr(value, field.name))
                                           for field in dataclasses.fields(value)}}
    raise TypeError(f'cannot keep a {name} in the cache')


def decode(data: Any) -> Any:
    """What :func:`encode` made; :exc:`ValueError` for anything else."""
    if data is None or isinstance(data, (bool, str, int, float)):
        return data
    if isinstance(data, list):
        return [decode(item) for item in data]
    if not isinstance(data, dict) or len(data) not in (1, 2):
        raise ValueError('not a cache value')
    if 'tuple' in data:
        return tuple(decode(item) for item in data['tuple'])
    if 'dict' in data:
        return {decode(k): decode(v) for k, v in data['dict']}
    if 'date' in data:
        return datetime.date.fromisoformat(data['date'])
    kind = _record_type(data.get('record'))
    if kind is None:
        raise ValueError('not a record of the model')
    if issubclass(kind, enum.Enum):
        return kind(data['value'])
    values = data['fields']
    if not isinstance(values, dict) or values.keys() != _fields(kind):
        raise ValueError(f'not the fields of {kind.__name__}')
    return kind(**{name: decode(value) for name, value in values.items()})


class Cache:
    """Results of one repository, valid for one :func:`context`.

    An entry is ``[content digest, {dependency: digest}, value]``; the value
    is plain data the caller makes and reads back. An entry may also keep
    *records*: data a repeated check seldom needs, which the file holds on a
    line of its own, parsed only when :meth:`records` is first called.
    """

    def __init__(self, repo: Repository, context_digest: str) -> None:
        folder = directory()
        self.note = unsafe(folder)
        name = digest(f'{repo.root}\0{repo.srcdir}'.encode('utf-8'))[:24]
        self.path = None if self.note else folder / f'{name}.json'
        self.context = context_digest
        self.entries: dict[str, list] = {}
        self.fresh: dict[str, list] = {}
        self.fresh_records: dict[str, Any] = {}
        self._records_text = ''
        self._records: dict[str, Any] | None = None
        self._digests: dict[str, str | None] = {}
        if self.path is None:
            return
        try:
            with open(self.path, encoding='utf-8') as stored:
                # JSON text holds no line break of its own: the first ends the entries
                head, _, self._records_text = stored.read().partition('\n')
            data = json.loads(head)
            if data.get('context') == context_digest and isinstance(data['entries'], dict):
                self.entries = data['entries']
        except (OSError, ValueError, KeyError, AttributeError, RecursionError):
            pass  # a missing, old or damaged cache is an empty one

    def file_digest(self, path: str) -> str | None:
        """The digest of the file at ``path`` (``None``: unreadable), read once per run."""
        if path not in self._digests:
            try:
                self._digests[path] = digest(Path(path).read_bytes())
            except OSError:
                self._digests[path] = None
        return self._digests[path]

    def get(self, source: str, content: str) -> Any:
        """The stored value for ``source`` if its content and dependencies are unchanged."""
        entry = self.entries.get(source)
        try:
            stored, dependencies, value = entry
            if stored != content or any(self.file_digest(path) != known
                                        for path, known in dependencies.items()):
                return None
        except (TypeError, ValueError, AttributeError):
            return None
        self.fresh[source] = entry
        return value

    def _stored_records(self) -> dict[str, Any]:
        if self._records is None:
            self._records = {}
            if self.entries:
                try:
                    records = json.loads(self._records_text)
                except (ValueError, RecursionError):
                    records = None
                if isinstance(records, dict):
                    self._records = records
        return self._records

    def records(self, source: str) -> Any:
        """The records kept with the entry :meth:`get` gave for ``source``;
        :exc:`KeyError` if there are none."""
        return self._stored_records()[source]

    def put(self, source: str, content: str, dependencies: Iterable[str], value: Any,
            records: Any = None) -> None:
        """Keep ``value`` (and ``records``, if any) for ``source`` of digest ``content``."""
        self.fresh[source] = [content, {path: self.file_digest(path)
                                        for path in dependencies}, value]
        if records is not None:
            self.fresh_records[source] = records

    def save(self, whole: bool = True) -> None:
        """Keep this run's results; a check of the ``whole`` site keeps only them
        (deleted files drop out), one of some files keeps the others' too."""
        if self.path is None:
            return
        if not whole:
            self.fresh = {**self.entries, **self.fresh}
        if self.fresh == self.entries and not self.fresh_records:
            return  # nothing new: a warm check writes nothing
        import tempfile  # only a run that learnt something writes

        kept = self._stored_records()
        records = {source: self.fresh_records[source] if source in self.fresh_records
                   else kept[source] for source in self.fresh
                   if source in self.fresh_records or source in kept}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if unsafe(self.path.parent):
                return
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix='.tmp')
        except OSError:
            return  # a cache that cannot be written only costs time
        try:
            with os.fdopen(handle, 'w', encoding='utf-8') as out:
                for part in ({'context': self.context, 'entries': self.fresh}, records):
                    out.write(json.dumps(part, ensure_ascii=False, separators=(',', ':')))
                    out.write('\n')
            os.replace(temporary, self.path)
        except OSError:
            os.unlink(temporary)
