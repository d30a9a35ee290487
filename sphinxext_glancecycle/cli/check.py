"""``glancecycle check``: the build's readers and rules, on the parse profile.

A repeated check takes every unchanged file's result from the cache
(:mod:`~sphinxext_glancecycle.cli.cache`) without importing docutils; only
files that changed are parsed.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import stat
import unicodedata
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Iterable, Iterator, NamedTuple

from sphinx.util.matching import compile_matchers

from sphinxext_glancecycle.cli.confpy import ConfigError, Repository
from sphinxext_glancecycle.core import Finding, Severity
from sphinxext_glancecycle.sanitize import printable
from sphinxext_glancecycle.settings import SPEC_LITE_FIELDS
from sphinxext_glancecycle.profile import Trackers

if TYPE_CHECKING:  # a warm check reads findings only, not the model's other records
    from sphinxext_glancecycle.model import Priority, Spec, SpecLite

SUFFIX = '.rst'
#: Anything but the letters of a field name.
NOT_LETTERS = re.compile('[^a-z]')
#: The letters of each spec-lite field name: a spec-lite may have lost any one field.
ENTRY_LETTERS = frozenset(SPEC_LITE_FIELDS)
#: How a file is parsed: whole, or only its headings and blueprint line
#: (:mod:`~sphinxext_glancecycle.cli.outline`).
WHOLE, OUTLINE = 'whole', 'outline'


@dataclasses.dataclass
class Result:
    """What a check found: findings, files it could not read, stale baseline entries."""

    findings: list[Finding] = dataclasses.field(default_factory=list)
    problems: list[str] = dataclasses.field(default_factory=list)
    stale: list[dict] = dataclasses.field(default_factory=list)
    #: the lines of each file that has findings, for fingerprints
    lines: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    #: one-line notes that do not fail the check (a cache folder not used)
    notes: list[str] = dataclasses.field(default_factory=list)
    checked: int = 0

    @property
    def failed(self) -> bool:
        return bool(self.problems) or any(f.severity >= Severity.WARNING
                                          for f in self.findings)


@dataclasses.dataclass
class Tree:
    """The source files a Sphinx build of a site reads, each real file once, and what
    stood in the way of walking to them (symbolic link loops, dangling links)."""

    paths: list[Path]
    problems: list[str]


def discover(repo: Repository) -> Tree:
    """Walk ``site``'s source folder once, as Sphinx finds its documents.

    Excludes are matched with Sphinx's own pattern matchers; symbolic links
    are followed, but a folder already on the way (a loop) or already walked
    is not entered again, and a loop is reported once. A file is the same
    file as another when their real paths are the same.
    """
    excluded = compile_matchers(repo.excludes)
    paths: list[Path] = []
    problems: list[str] = []
    seen_files: set[str] = set()
    walked: set[tuple[int, int]] = set()

    def excluded_name(relative: str) -> bool:
        relative = unicodedata.normalize('NFC', relative)
        return any(match(relative) for match in excluded)

    def found(name: str, real: str) -> None:
        if real not in seen_files:
            seen_files.add(real)
            path = Path(name)
            repo.know_real(path, real)
            paths.append(path)

    def walk(folder: str, relative: str, real_folder: str,
             ancestors: frozenset[tuple[int, int]]) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as exc:
            problems.append(f'{repo.shown(folder)}: cannot read folder '
                            f'({exc.strerror or exc})')
            return
        for entry in entries:
            name = relative + entry.name
            if excluded_name(name):
                continue
            path = entry.path
            link = entry.is_symlink()
            if not link and not entry.is_dir(follow_symlinks=False):
                # a file itself (scandir knows without a system call): nothing to follow
                if entry.name.endswith(SUFFIX):
                    found(path, os.path.join(real_folder, entry.name))
                continue
            try:
                status = os.stat(path)
            except OSError:
                if link and entry.name.endswith(SUFFIX):
                    problems.append(f'{repo.shown(path)}: symbolic link to '
                                    f'{os.readlink(path)}, which does not exist')
                continue
            # only a symbolic link makes an entry's real path other than its folder's
            real = os.path.realpath(path) if link else os.path.join(real_folder, entry.name)
            if stat.S_ISDIR(status.st_mode):
                key = (status.st_dev, status.st_ino)
                if key in ancestors:
                    problems.append(f'{repo.shown(path)}: symbolic link loop (back to '
                                    f'{repo.shown(real)}); not followed')
                elif key not in walked:
                    walked.add(key)
                    walk(path, name + '/', real, ancestors | {key})
            elif entry.name.endswith(SUFFIX):
                found(path, real)

    top = os.stat(repo.srcdir)
    walked.add((top.st_dev, top.st_ino))
    walk(str(repo.srcdir), '', os.path.realpath(repo.srcdir),
         frozenset({(top.st_dev, top.st_ino)}))
    return Tree(paths, problems)


def expand(repo: Repository, tree: Tree, names: Iterable[str]) -> Iterator[Path]:
    """Files named on the command line; a folder stands for the build's files in it."""
    for name in names:
        path = Path(name)
        if path.is_dir():
            folder = os.path.join(os.path.realpath(path), '')
            yield from (p for p in tree.paths if repo.real(p).startswith(folder))
        elif path.exists() or path.is_symlink():
            yield path
        else:
            raise ConfigError(f'{printable(name)}: no such file or folder')


@functools.cache
def _markers() -> tuple[re.Pattern, re.Pattern]:
    """Where a text starts a field, and where it uses our directives or an include."""
    from docutils.parsers.rst import states

    from sphinxext_glancecycle.directives import DIRECTIVES
    from sphinxext_glancecycle.readers.profile import directive_markup

    field = states.Body.patterns['field_marker']  # docutils compiles it on first use
    return (re.compile(r'^[ \t]*' + getattr(field, 'pattern', field), re.MULTILINE),
            directive_markup((*DIRECTIVES, 'include')))


def holds_records(text: str) -> bool:
    """Whether a page's text may hold spec-lites or our directives, wherever it is.

    A spec-lite is known by its layout, which may have lost any one field:
    any field whose name's letters are those of a spec-lite field, whatever
    markup or escapes come between them, counts.
    """
    field_marker, directive_markers = _markers()
    text = '\n'.join(text.splitlines())  # the line breaks docutils knows
    return bool(directive_markers.search(text)) or any(
        NOT_LETTERS.sub('', marker.group().lower()) in ENTRY_LETTERS
        for marker in field_marker.finditer(text))


def parsing(source: str, text: str, repo: Repository) -> str | None:
    """How much of a file to parse: :data:`WHOLE`, :data:`OUTLINE` or nothing (``None``).

    Priorities pages (``glancecycle_priorities``) and pages with a
    ``problem`` field or our directives are parsed whole. Full specs (every
    other page under ``specs/`` but index pages and templates, which
    :func:`~sphinxext_glancecycle.readers.specs.read_spec` never reads) are
    outlined: their rules read only headings and the blueprint link. Other
    pages hold no records and are not parsed at all.
    """
    if repo.policy.is_priorities_page(source) or holds_records(text):
        return WHOLE
    path = PurePosixPath(source)
    if ('specs' in path.parts and path.stem != 'index'
            and not path.name.endswith('template.rst')):
        # an outline keeps blueprint links only: other trackers need the whole page
        return OUTLINE if repo.policy.profile.trackers == Trackers() else WHOLE
    return None


def decode(data: bytes) -> tuple[str | None, str | None]:
    """A file's text, or else why it is left out: as in the build, a page that is not
    clean UTF-8 is not read (``line: message``)."""
    try:
        return data.decode('utf-8-sig'), None
    except UnicodeDecodeError as exc:
        line = data.count(b'\n', 0, exc.start) + 1
        return None, (f'{line}: byte 0x{data[exc.start]:02x} is not valid {exc.encoding}; the '
                      f'page is left out of the check (save the file as {exc.encoding})')


def spec_templates(repo: Repository):
    """The repository's spec templates, as the Sphinx layer reads them."""
    from sphinxext_glancecycle.readers.templates import SpecTemplates

    return SpecTemplates(str(repo.root), repo.policy.spec_template, repo.policy.catalogue)


def repository(repo: Repository):
    """What rules may ask about other files, made as the Sphinx layer makes it."""
    from sphinxext_glancecycle.readers.site import FileSite

    # conf.py sits in the source folder, so that is also its folder
    return FileSite.configured(repo.policy, str(repo.root), str(repo.srcdir), str(repo.srcdir),
                               prolog=repo.prolog, epilog=repo.epilog, conf=repo.values)


def load_baseline(repo: Repository):
    """The repository's baseline (:class:`~sphinxext_glancecycle.baseline.Baseline`), if
    it has one."""
    name = repo.policy.baseline
    if not name:
        return None
    path = repo.path(name)
    try:
        text = path.read_text('utf-8')
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f'{name}: cannot read ({exc})') from None
    from sphinxext_glancecycle import baseline as baselines  # only for a repository with one

    try:
        return baselines.Baseline.loads(text)
    except baselines.BaselineError as exc:
        raise ConfigError(f'{name}: {exc}') from None


@dataclasses.dataclass
class Reading:
    """What one file contributes: its findings and the records rules across pages need.

    A reading taken from the cache when the findings across pages are too
    has no records (``None``): nothing reads them, and loading them would be
    most of a repeated check's time.
    """

    source: str
    findings: list[Finding]
    priorities: list[Priority] | None
    specs: list[Spec] | None
    spec_lites: list[SpecLite] | None
    #: the files besides itself the file's result depends on (includes, linked pages)
    dependencies: list[str]

    RECORDS = ('priorities', 'specs', 'spec_lites')

    @classmethod
    def of(cls, report, included: Iterable[str] = ()) -> Reading:
        return cls(source=report.source, findings=report.findings,
                   priorities=report.priorities.priorities if report.priorities else [],
                   specs=[report.spec] if report.spec else [],
                   spec_lites=[entry.record for entry, _ in report.spec_lites],
                   dependencies=list(dict.fromkeys([*included, *report.dependencies])))

    def as_data(self) -> tuple[dict, dict]:
        """The reading as cache data: its findings and dependencies, and its records,
        which the cache keeps apart (:meth:`Cache.records
        <sphinxext_glancecycle.cli.cache.Cache.records>`)."""
        from sphinxext_glancecycle.cli.cache import encode

        return ({'findings': encode(self.findings), 'dependencies': self.dependencies},
                {name: encode(getattr(self, name)) for name in self.RECORDS})

    @classmethod
    def from_data(cls, source: str, data: dict, records: dict | None) -> Reading:
        """The reading :meth:`as_data` made of ``source``; without records if ``records``
        is ``None``."""
        from sphinxext_glancecycle.cli.cache import decode

        kept = dict.fromkeys(cls.RECORDS)
        if records is not None:
            if not isinstance(records, dict) or records.keys() != kept.keys():
                raise ValueError('not the records of a reading')
            kept.update((name, decode(value)) for name, value in records.items())
        dependencies = data['dependencies']
        if not isinstance(dependencies, list):
            raise ValueError('not the dependencies of a reading')
        return cls(source=source, findings=decode(data['findings']),
                   dependencies=dependencies, **kept)


class Analyser:
    """Parses and analyses one file; what a worker process inherits.

    An outlined spec is read without its body, so its record names no
    assignees; no finding depends on them. A spec that may keep paragraphs of
    its template (GC505) is read whole.
    """

    def __init__(self, repo: Repository, templates=None) -> None:
        self.repo = repo
        self.templates = templates or spec_templates(repo)
        self.files = repository(repo)
        self.schedules = self.files.schedule_paths(repo.policy.catalogue)

    def text_to_parse(self, text: str, how: str, source: str) -> str:
        """What docutils is given of the ``text`` of the page at repository path ``source``
        parsed ``how`` (:func:`parsing`)."""
        from sphinxext_glancecycle.cli.outline import outline
        from sphinxext_glancecycle.readers.paths import locate

        policy = self.repo.policy
        template = self.templates.for_cycle(
            locate(source, policy.catalogue, policy.profile, policy.shipped).cycle)
        # GC505 reads paragraphs: a page that may keep the template's is parsed whole
        if how == OUTLINE and not (template and template.could_be_in(
                '\n'.join((self.repo.prolog, text, self.repo.epilog)))):
            return outline(text) or text
        return text

    def __call__(self, job: tuple[str, str, str, str]) -> Reading | str:
        """The reading of ``(path, source, text, parsing)``, or the problem that stopped it."""
        from sphinxext_glancecycle.analysis import analyse
        from sphinxext_glancecycle.readers.profile import parse

        path, source, text, how = job
        text = self.text_to_parse(text, how, source)
        try:
            document = parse(text, path, self.repo.prolog, self.repo.epilog, self.schedules,
                             str(self.repo.srcdir), self.repo.values)
            report = analyse(document, source, self.repo.policy, self.templates,
                             site=self.files)
            return Reading.of(report, document.settings.record_dependencies.list)
        except RecursionError:
            return f'{source}: nested too deeply to parse; not checked'
        except Exception as exc:  # one bad file must not hide the others' findings
            return (f'{source}: not checked, the checker failed with '
                    f'{type(exc).__name__}: {exc} (please report this)')


#: With at least this many files to parse, and more than one CPU, parse in parallel.
PARALLEL_FROM = 32
_worker: Analyser | None = None


def _work(job: tuple[str, str, str, str]) -> Reading | str:
    return _worker(job)


def _analyse_all(repo: Repository, jobs: list[tuple[str, str, str, str]],
                 templates=None) -> list[Reading | str]:
    """Readings of ``jobs``, in order; forked worker processes share a long list."""
    global _worker
    import multiprocessing  # only a cold check parses: a warm one need not load it

    from sphinxext_glancecycle.readers.profile import namespace

    with namespace():
        analyser = Analyser(repo, templates)
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else 1
        if (len(jobs) < PARALLEL_FROM or cpus < 2
                or 'fork' not in multiprocessing.get_all_start_methods()):
            return [analyser(job) for job in jobs]
        analyser.templates.since()  # the template's history read once, not in each worker
        _worker = analyser  # inherited by the forked workers, never pickled
        try:
            with multiprocessing.get_context('fork').Pool(cpus) as pool:
                return pool.map(_work, jobs, chunksize=max(1, len(jobs) // (cpus * 4)))
        finally:
            _worker = None


#: Cache entries of the findings across pages start so (no source file is named so).
ACROSS_PAGES = '\0'


def _open_cache(repo: Repository, tree: Tree, templates):
    from sphinxext_glancecycle.cli import cache

    sources = [repo.source_of(path) for path in tree.paths]
    return cache.Cache(repo, cache.context(repo, templates.digest(), sources))


def _read_all(repo: Repository, paths: list[Path], result: Result, texts: dict[str, str],
              stored, templates=None, keep_across: bool = True
              ) -> tuple[list[Reading], Across]:
    """Read every file; the readings of the candidates (from the cache or parsed) and
    what is learnt across pages (from the cache when every reading is).

    When the findings across pages come from the cache, the readings taken
    from it are left without their records. Findings across pages worked
    out are kept in the cache if ``keep_across``: a check of a few files
    does not keep its own, quick to work out again, as it would otherwise
    write the whole cache every time.
    """
    from sphinxext_glancecycle.cli.cache import digest, encode

    found: dict[str, Reading | str | None] = {}
    jobs, digests, hits = [], {}, {}
    for path in paths:
        source = repo.source_of(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            result.problems.append(f'{repo.shown(path)}: cannot read ({exc.strerror or exc})')
            continue
        text, problem = decode(data)
        if problem:
            result.problems.append(f'{source}:{problem}')
            continue
        texts[source] = text
        digests[source] = digest(data)
        cached = stored.get(source, digests[source]) if stored else None
        if cached == {}:
            continue  # a page that holds no records
        if cached:
            found[source] = None  # its place in the order of the readings
            hits[source] = path, cached
            continue
        how = parsing(source, text, repo)
        if how is None:
            if stored:
                stored.put(source, digests[source], (), {})
            continue
        found[source] = None
        jobs.append((str(path), source, text, how))
    across = None
    if stored and not jobs:
        try:
            origin = _origin(stored, digests, {source: cached['dependencies']
                                               for source, (_, cached) in hits.items()})
        except (KeyError, TypeError):
            pass  # a damaged entry: read below
        else:
            across = _stored_across(stored, origin)
    for source, (path, cached) in hits.items():
        try:
            found[source] = Reading.from_data(
                source, cached, stored.records(source) if across is None else None)
        except (KeyError, TypeError, ValueError, AttributeError, RecursionError):
            how = parsing(source, texts[source], repo)  # damaged: read as if not cached
            if how is not None:
                jobs.append((str(path), source, texts[source], how))
    for (_, source, _, _), reading in zip(jobs, _analyse_all(repo, jobs, templates)
                                          if jobs else ()):
        found[source] = reading
        if stored and isinstance(reading, Reading):
            try:
                stored.put(source, digests[source], reading.dependencies, *reading.as_data())
            except TypeError:
                pass  # a record the cache cannot hold: parsed again next time
    result.problems.extend(item for item in found.values() if isinstance(item, str))
    readings = [item for item in found.values() if isinstance(item, Reading)]
    if across is None:
        across = _across_pages(repo, readings, templates)
        if stored and keep_across:
            origin = _origin(stored, digests, {reading.source: reading.dependencies
                                               for reading in readings})
            try:
                stored.put(ACROSS_PAGES + origin, origin, (),
                           {'findings': encode(across.findings), 'notes': across.notes})
            except TypeError:
                pass
    return readings, across


def _origin(stored, digests: dict[str, str], dependencies: dict[str, list[str]]) -> str:
    """A digest of what the readings of the sources in ``dependencies`` come from:
    their content and that of the files they depend on, which the findings
    across pages are cached under."""
    from sphinxext_glancecycle.cli.cache import digest

    return digest(repr(sorted(
        (source, digests[source], [(path, stored.file_digest(path)) for path in paths])
        for source, paths in dependencies.items())).encode('utf-8'))


def _stored_across(stored, origin: str) -> Across | None:
    """What was learnt across pages from readings of ``origin``, if it was kept."""
    from sphinxext_glancecycle.cli.cache import decode

    cached = stored.get(ACROSS_PAGES + origin, origin)
    if cached is not None:
        try:
            notes = cached['notes']
            if isinstance(notes, list) and all(isinstance(note, str) for note in notes):
                return Across(decode(cached['findings']), notes)
        except (TypeError, ValueError, KeyError):
            pass
    return None


def check(repo: Repository, paths: Iterable[Path], tree: Tree, *, whole: bool = True,
          use_baseline: bool = True) -> Result:
    """Read and judge ``paths`` (of the ``tree`` a build of ``site`` reads) as a build would.

    Results are kept in the cache (:mod:`~sphinxext_glancecycle.cli.cache`)
    for the next check, whether of the ``whole`` site or of some paths;
    unless the check covers the whole site, baseline entries of files not
    checked are not called stale.
    """
    result = Result(problems=list(tree.problems) if whole else [])
    texts: dict[str, str] = {}
    templates = spec_templates(repo)
    stored = _open_cache(repo, tree, templates)
    if stored.note:
        result.notes.append(stored.note)
    readings, across = _read_all(repo, list(paths), result, texts, stored, templates,
                                 keep_across=whole)
    result.checked = len(readings)
    result.notes.extend(across.notes)
    findings = [f for reading in readings for f in reading.findings]
    findings.extend(across.findings)
    stored.save(whole=whole)
    for finding in findings:
        if finding.source in texts and finding.source not in result.lines:
            result.lines[finding.source] = texts[finding.source].splitlines()
    baseline = load_baseline(repo) if use_baseline else None
    if baseline is not None:
        findings, used = baseline.apply(findings, result.lines)
        result.notes.extend(filter(None, [baseline.note]))
        result.stale = [item for item in baseline.stale(used)
                        if whole or item['source'] in texts]
    result.findings = sorted(findings, key=Finding.sort_key)
    result.problems.sort()
    return result


class Across(NamedTuple):
    """What needs every page: the findings (GC4xx) and the notes (specs no template judges)."""

    findings: list[Finding]
    notes: list[str]


def _across_pages(repo: Repository, readings: list[Reading], templates=None) -> Across:
    """What the ``readings`` tell together (:class:`Across`)."""
    from sphinxext_glancecycle.rules.people import build_directory, people_findings

    findings = list(people_findings(build_directory(
        priorities=[(r.source, p) for r in readings for p in r.priorities],
        specs=[(r.source, s) for r in readings for s in r.specs],
        spec_lites=[(r.source, lite) for r in readings for lite in r.spec_lites],
        aliases=repo.policy.people),
        repo.policy))
    # said once, as the build says it: specs whose sections no template judges
    note = templates.note(spec.cycle for r in readings for spec in r.specs) if templates else None
    return Across(findings, [note] if note else [])


def format_text(findings: Iterable[Finding], show_info: bool) -> Iterator[str]:
    for finding in findings:
        if finding.severity >= Severity.WARNING or show_info:
            level = '' if finding.severity >= Severity.WARNING else ' [info]'
            yield printable(f'{finding.source}:{finding.line or 0}: {finding.code}{level} '
                            f'{finding.message}')
