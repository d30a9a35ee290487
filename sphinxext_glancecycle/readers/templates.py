"""A repository's spec templates: the one each spec was written from, and what it asked then.

The profile's ``templates.path`` names one template, or one per cycle with
``{cycle}`` (nova keeps ``specs/<cycle>-template.rst``): a spec is compared
with its own cycle's template, else with the newest one before its cycle.
A single template in a git checkout is judged by its history: a section the
first version lacked is asked of the specs of the cycle open when the first
commit that had it landed (from the release before that cycle's to its
own), and of later ones (:meth:`SpecTemplates.since`). Without git, or when
git fails, no section has such a cycle and the profile's lists alone say what
is required. The build and ``glancecycle check`` both read the templates
through :class:`SpecTemplates`, so they judge every spec alike. Nothing
here imports docutils until a template is parsed.
"""

from __future__ import annotations

import datetime
import glob
import hashlib
import os
import re
from typing import TYPE_CHECKING, Iterable, Mapping

from sphinxext_glancecycle import history
from sphinxext_glancecycle.catalogue import Catalogue
from sphinxext_glancecycle.profile import fold

if TYPE_CHECKING:
    from sphinxext_glancecycle.readers.specs import Template

#: What a page's template text needs (the rules that say nothing without one).
NEEDING_A_TEMPLATE = 'GC501, GC502, GC504, GC505'
#: A line of one repeated punctuation character (a title adornment, as docutils reads one).
ADORNMENT = re.compile(r'^([!-/:-@\[-`{-~])\1+\s*$')


class SpecTemplates:
    """The spec templates of the repository at ``root``, found at ``pattern``.

    Templates are read when a spec first needs one, and the history once,
    when a spec first asks since when a section is required; an instance
    lives as long as one build or one check.
    """

    def __init__(self, root: str, pattern: str, catalogue: Catalogue,
                 timeout: float = history.TIMEOUT) -> None:
        self.root, self.pattern, self.catalogue = root, pattern, catalogue
        self.timeout = timeout
        self._digests: dict[str, str] = {}
        #: cycle key -> repository path of its template, in release order
        #: (one template: the key ``''``)
        self.paths: dict[str, str] = self._find()
        self._read: dict[str, Template | None] = {}
        self._since: dict[str, str] | None = None
        #: the template's versions in git, oldest first (one template only)
        self.versions: list[history.Version] = []
        #: why the template's history could not be read, if it could not
        self.no_history: str | None = None
        if self.paths and not self.per_cycle:
            self.versions, self.no_history = history.file_versions(
                root, self.paths[''], timeout)

    @property
    def per_cycle(self) -> bool:
        return '{cycle}' in self.pattern

    def _find(self) -> dict[str, str]:
        if not self.per_cycle:
            return {'': self.pattern} if self._readable(self.pattern) else {}
        before, _, after = self.pattern.partition('{cycle}')
        shape = re.compile(re.escape(before) + '(?P<cycle>[^/]+)' + re.escape(after) + '$')
        found = {}
        # sorted: of two files for one cycle (code name, release id), always the same
        for path in sorted(glob.glob(glob.escape(before) + '*' + glob.escape(after),
                                     root_dir=self.root)):
            match = shape.match(path.replace(os.sep, '/'))
            cycle = self.catalogue.get(match['cycle']) if match else None
            if cycle is not None and self._readable(match.group()):
                found[cycle.key] = match.group()
        return dict(sorted(found.items(), key=lambda item: self.catalogue.position(item[0])))

    def _readable(self, path: str) -> bool:
        """Whether the file at repository ``path`` is there and UTF-8 (keeping its digest)."""
        try:
            with open(os.path.join(self.root, path), 'rb') as source:
                data = source.read()
            data.decode('utf-8')
        except (OSError, UnicodeDecodeError):
            return False
        self._digests[path] = hashlib.sha256(data).hexdigest()
        return True

    def path_for(self, cycle: str | None) -> str | None:
        """The repository path of the template a spec of ``cycle`` is compared with.

        One template serves every spec. Of templates per cycle, the spec's
        own cycle's, else the newest one before it; a spec of no known cycle
        (a backlog idea) is compared with the newest template.
        """
        if not self.per_cycle:
            return self.paths.get('')
        position = self.catalogue.position(cycle)
        keys = [key for key in self.paths
                if position is None or self.catalogue.position(key) <= position]
        return self.paths[keys[-1]] if keys else None

    def for_cycle(self, cycle: str | None) -> Template | None:
        """The template a spec of ``cycle`` is compared with; None when there is none
        (or it cannot be read)."""
        path = self.path_for(cycle)
        if path is None:
            return None
        if path not in self._read:
            # docutils only once a page is parsed: a cached check needs the digest alone
            from sphinxext_glancecycle.readers.specs import read_template

            try:
                with open(os.path.join(self.root, path), encoding='utf-8') as source:
                    self._read[path] = read_template(source.read(), path)
            except (OSError, UnicodeDecodeError):  # changed since it was found
                self._read[path] = None
        return self._read[path]

    def since(self) -> Mapping[str, str]:
        """Section -> the first cycle whose specs must keep it, as the template's history
        tells: for each section the first version lacked, the cycle open when the
        first commit whose template had it landed. Empty without a history."""
        if self._since is None:
            self._since = self._read_history()
        return self._since

    def _read_history(self) -> dict[str, str]:
        if self.per_cycle or not self.versions:
            return {}  # each cycle's own template is the rules of its time
        template = self.for_cycle(None)
        if template is None:
            return {}
        texts, self.no_history = history.contents(
            self.root, [version.blob for version in self.versions], self.timeout)
        first: dict[str, datetime.date] = {}
        oldest: set[str] | None = None
        seen: dict[tuple[str, ...], set[str]] = {}
        for version in self.versions:
            text = texts.get(version.blob, b'').decode('utf-8', 'replace')
            # a version whose headings are those of one read before has its sections
            candidates = _heading_lines(text)
            if candidates not in seen:
                seen[candidates] = set(map(fold, _sections(text)))
            sections = seen[candidates]
            if oldest is None:
                oldest = sections
            for key in sections:
                first.setdefault(key, version.committed.date())
        found = {}
        for section in template.sections:
            key = fold(section)
            if oldest is None or key in oldest or key not in first:
                continue  # in the first template, or in no commit: asked of every spec
            cycle = self.catalogue.open_on(first[key])
            if cycle is not None:
                found[section] = cycle.key
        return found

    def digest(self) -> str:
        """A digest of the template files and of their history, for caches of findings."""
        parts = [sorted(self._digests.items()),
                 [(version.committed.isoformat(), version.blob) for version in self.versions]]
        return hashlib.sha256(repr(parts).encode('utf-8')).hexdigest()

    def note(self, cycles: Iterable[str | None]) -> str | None:
        """One line saying which of the specs of ``cycles`` (one item per spec) are compared
        with no template, so their sections are not checked; None when all are."""
        without = [cycle for cycle in cycles if self.path_for(cycle) is None]
        if not without:
            return None
        count = f"{len(without)} full spec{'s' if len(without) != 1 else ''}"
        if not self.paths:
            return (f'no readable spec template at {self.pattern}: the sections of {count} '
                    f'are not checked ({NEEDING_A_TEMPLATE})')
        # templates per cycle, none before these specs' cycles
        named = ', '.join(dict.fromkeys(without))
        return (f'no readable spec template at {self.pattern} for {named} nor any cycle '
                f'before: the sections of {count} are not checked ({NEEDING_A_TEMPLATE})')


def _heading_lines(text: str) -> tuple[str, ...]:
    """The lines of ``text`` that may be headings (those an adornment line follows), with
    that line and whether a blank line comes before: what tells one version's headings
    from another's."""
    lines = ['', *text.splitlines()]
    # indentation kept: an indented line is in a block (a literal, a directive), no heading
    return tuple(f'{bool(before.strip())}\n{line}\n{below}'
                 for before, line, below in zip(lines, lines[1:], lines[2:])
                 if line.strip() and ADORNMENT.match(below) and not ADORNMENT.match(line))


def _sections(text: str) -> tuple[str, ...]:
    """The section headings of one version of the template, as :func:`read_template` reads
    them (of its outline: headings alone parse in a fraction of the time)."""
    # imported here: the outline belongs to the command line, which imports this module
    from sphinxext_glancecycle.cli.outline import outline
    from sphinxext_glancecycle.readers.specs import read_template

    return read_template(outline(text) or text).sections
