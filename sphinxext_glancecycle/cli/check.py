"""``glancecycle check``: the build's readers and rules, on plain docutils."""

from __future__ import annotations

import dataclasses
import fnmatch
import multiprocessing
import os
import re
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator

from docutils.parsers.rst import states

from sphinxext_glancecycle import baseline as baselines
from sphinxext_glancecycle.analysis import DocumentReport, analyse
from sphinxext_glancecycle.cli.confpy import ConfigError, Site
from sphinxext_glancecycle.cli.parse import directive_markup
from sphinxext_glancecycle.directives import DIRECTIVES
from sphinxext_glancecycle.model import Finding, Priority, Severity, Spec, SpecLite
from sphinxext_glancecycle.policy import SPEC_LITE_FIELDS
from sphinxext_glancecycle.readers.site import Site as RepositorySite
from sphinxext_glancecycle.readers.specs import read_template
from sphinxext_glancecycle.rules.people import Directory, build_directory, people_findings

SUFFIX = '.rst'
#: The start of a field, as docutils finds it.
# docutils compiles its patterns in place once a parser has run: take the text either way
_FIELD_MARKER = states.Body.patterns['field_marker']
FIELD_MARKER = re.compile(r'^[ \t]*' + getattr(_FIELD_MARKER, 'pattern', _FIELD_MARKER),
                          re.MULTILINE)
#: Anything but the letters of a field name.
NOT_LETTERS = re.compile('[^a-z]')
_ENTRY_LETTERS = frozenset(SPEC_LITE_FIELDS)
#: Our directives, and includes, which may bring in anything.
DIRECTIVE_MARKERS = directive_markup((*DIRECTIVES, 'include'))
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
    checked: int = 0

    @property
    def failed(self) -> bool:
        return bool(self.problems) or any(f.severity >= Severity.WARNING
                                          for f in self.findings)


def _pattern(glob: str) -> re.Pattern:
    """A Sphinx ``exclude_patterns`` glob as a regular expression."""
    parts, index = [], 0
    while index < len(glob):
        char = glob[index]
        if glob.startswith('**', index):
            parts.append('.*')
            index += 2
            continue
        parts.append({'*': '[^/]*', '?': '[^/]'}.get(char, re.escape(char)))
        index += 1
    return re.compile(''.join(parts) + r'\Z')


def discover(site: Site) -> Iterator[Path]:
    """The source files a Sphinx build of ``site`` reads, each real file once."""
    excludes = [_pattern(p) for p in site.excludes]
    seen: set[str] = set()
    for folder, dirs, files in os.walk(site.srcdir, followlinks=True):
        relative = os.path.relpath(folder, site.srcdir).replace(os.sep, '/')
        prefix = '' if relative == '.' else relative + '/'
        dirs[:] = sorted(d for d in dirs
                         if not any(p.match(prefix + d) for p in excludes))
        for name in sorted(files):
            if not name.endswith(SUFFIX) or any(p.match(prefix + name) for p in excludes):
                continue
            path = Path(folder, name)
            real = site.real(path)
            if real not in seen:
                seen.add(real)
                yield path


def expand(site: Site, names: Iterable[str]) -> Iterator[Path]:
    """Files named on the command line; a folder stands for the build's files in it."""
    built = None
    for name in names:
        path = Path(name)
        if path.is_dir():
            if built is None:
                built = list(discover(site))
            folder = os.path.join(os.path.realpath(path), '')
            yield from (p for p in built if site.real(p).startswith(folder))
        elif path.exists() or path.is_symlink():
            yield path
        else:
            raise ConfigError(f'{name}: no such file or folder')


def holds_records(text: str) -> bool:
    """Whether a page's text may hold spec-lites or our directives, wherever it is.

    A spec-lite is known by its layout, which may have lost any one field:
    any field whose name's letters are those of a spec-lite field, whatever
    markup or escapes come between them, counts.
    """
    text = '\n'.join(text.splitlines())  # the line breaks docutils knows
    return bool(DIRECTIVE_MARKERS.search(text)) or any(
        NOT_LETTERS.sub('', marker.group().lower()) in _ENTRY_LETTERS
        for marker in FIELD_MARKER.finditer(text))


def parsing(source: str, text: str, site: Site) -> str | None:
    """How much of a file to parse: :data:`WHOLE`, :data:`OUTLINE` or nothing (``None``).

    Priorities pages (``glancecycle_priorities``) and pages with a
    ``problem`` field or our directives are parsed whole. Full specs (every
    other page under ``specs/`` but index pages and templates, which
    :func:`~sphinxext_glancecycle.readers.specs.read_spec` never reads) are
    outlined: their rules read only headings and the blueprint link. Other
    pages hold no records and are not parsed at all.
    """
    if fnmatch.fnmatchcase(source, site.policy.priorities) or holds_records(text):
        return WHOLE
    path = PurePosixPath(source)
    if ('specs' in path.parts and path.stem != 'index'
            and not path.name.endswith('template.rst')):
        return OUTLINE
    return None


def decode(data: bytes) -> tuple[str, str | None]:
    """A file's text, and a problem to report when it is not clean UTF-8.

    Like Sphinx, undecodable bytes are replaced and the file still checked.
    """
    try:
        return data.decode('utf-8-sig'), None
    except UnicodeDecodeError as exc:
        return (data.decode('utf-8-sig', 'replace'),
                f'not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); '
                'undecodable bytes were replaced')


def spec_template(site: Site) -> tuple[str, tuple[str, ...]] | None:
    """The spec template's title and sections, as the Sphinx layer reads them."""
    from sphinxext_glancecycle.cli.outline import outline

    path = site.path(site.policy.spec_template)
    try:
        text = path.read_text('utf-8')
        return read_template(outline(text) or text, str(path))
    except (OSError, UnicodeDecodeError):
        return None


def repository(site: Site) -> RepositorySite:
    """What rules may ask about other files, made as the Sphinx layer makes it."""
    # conf.py sits in the source folder, so that is also its folder
    return RepositorySite.configured(site.policy, str(site.root), str(site.srcdir),
                                     str(site.srcdir))


def load_baseline(site: Site) -> baselines.Baseline | None:
    name = site.values.get('glancecycle_baseline', baselines.FILENAME)
    if not name:
        return None
    path = site.path(name)
    try:
        text = path.read_text('utf-8')
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f'{name}: cannot read ({exc})') from None
    try:
        return baselines.Baseline.loads(text)
    except baselines.BaselineError as exc:
        raise ConfigError(f'{name}: {exc}') from None


@dataclasses.dataclass
class Reading:
    """What one file contributes: its findings and the records rules across pages need."""

    source: str
    findings: list[Finding]
    priorities: list[Priority]
    specs: list[Spec]
    spec_lites: list[SpecLite]
    dependencies: list[str]

    @classmethod
    def of(cls, report: DocumentReport) -> Reading:
        return cls(source=report.source, findings=report.findings,
                   priorities=report.priorities.priorities if report.priorities else [],
                   specs=[report.spec] if report.spec else [],
                   spec_lites=[entry.record for entry, _ in report.spec_lites],
                   dependencies=list(report.dependencies))


class Analyser:
    """Parses and analyses one file; what a worker process inherits.

    An outlined spec is read without its body, so its record names no
    assignees; no finding depends on them.
    """

    def __init__(self, site: Site) -> None:
        self.site = site
        self.template = spec_template(site)
        self.files = repository(site)

    def __call__(self, job: tuple[str, str, str, str]) -> Reading | str:
        """The reading of ``(path, source, text, parsing)``, or the problem that stopped it."""
        from sphinxext_glancecycle.cli.outline import outline
        from sphinxext_glancecycle.cli.parse import parse

        path, source, text, how = job
        if how == OUTLINE:
            text = outline(text) or text
        try:
            return Reading.of(analyse(parse(text, path), source, self.site.policy,
                                      self.template, site=self.files))
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


def _analyse_all(site: Site, jobs: list[tuple[str, str, str, str]]) -> list[Reading | str]:
    """Readings of ``jobs``, in order; forked worker processes share a long list."""
    global _worker
    from sphinxext_glancecycle.cli.parse import namespace

    with namespace():
        analyser = Analyser(site)
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else 1
        if (len(jobs) < PARALLEL_FROM or cpus < 2
                or 'fork' not in multiprocessing.get_all_start_methods()):
            return [analyser(job) for job in jobs]
        _worker = analyser  # inherited by the forked workers, never pickled
        try:
            with multiprocessing.get_context('fork').Pool(cpus) as pool:
                return pool.map(_work, jobs, chunksize=max(1, len(jobs) // (cpus * 4)))
        finally:
            _worker = None


def _read_all(site: Site, paths: list[Path], result: Result, texts: dict[str, str],
              use_cache: bool) -> list[Reading]:
    """Read every file, and the readings of the candidates (from the cache or parsed)."""
    from sphinxext_glancecycle.cli import cache

    sources = [site.source_of(path) for path in paths]
    stored = None
    if use_cache:
        try:
            template_data = site.path(site.policy.spec_template).read_bytes()
        except OSError:
            template_data = b''
        stored = cache.Cache(site, cache.context(site, cache.digest(template_data), sources))
    found: dict[str, Reading | str] = {}
    jobs, digests = [], {}
    for path, source in zip(paths, sources):
        try:
            data = path.read_bytes()
        except OSError as exc:
            result.problems.append(f'{site.shown(path)}: cannot read ({exc.strerror or exc})')
            continue
        text, problem = decode(data)
        texts[source] = text
        if problem:
            result.problems.append(f'{source}: {problem}')
        how = parsing(source, text, site)
        if how is None:
            continue
        found[source] = None
        if stored:
            digests[source] = cache.digest(data)
            found[source] = stored.get(source, digests[source])
        if found[source] is None:
            jobs.append((str(path), source, text, how))
    for (_, source, _, _), reading in zip(jobs, _analyse_all(site, jobs) if jobs else ()):
        found[source] = reading
        if stored and isinstance(reading, Reading):
            stored.put(source, digests[source], reading.dependencies, reading)
    if stored:
        stored.save()
    result.problems.extend(item for item in found.values() if isinstance(item, str))
    return [item for item in found.values() if isinstance(item, Reading)]


def check(site: Site, paths: Iterable[Path], *, whole: bool = True,
          use_baseline: bool = True) -> Result:
    """Read and judge ``paths`` the way a build of ``site`` would.

    A check of the ``whole`` site keeps its results in the cache
    (:mod:`~sphinxext_glancecycle.cli.cache`) for the next one; unless the
    check covers the whole site, baseline entries of files not checked are
    not called stale.
    """
    result = Result()
    texts: dict[str, str] = {}
    readings = _read_all(site, list(paths), result, texts, use_cache=whole)
    result.checked = len(readings)
    findings = [f for reading in readings for f in reading.findings]
    findings.extend(people_findings(collect_people(readings), site.policy))
    for finding in findings:
        if finding.source in texts and finding.source not in result.lines:
            result.lines[finding.source] = texts[finding.source].splitlines()
    baseline = load_baseline(site) if use_baseline else None
    if baseline is not None:
        findings, used = baseline.apply(findings, result.lines)
        result.stale = [item for item in baseline.stale(used)
                        if whole or item['source'] in texts]
    result.findings = sorted(findings, key=Finding.sort_key)
    result.problems.sort()
    return result


def collect_people(readings: list[Reading]) -> Directory:
    """Everyone the pages name, for the rules that look across pages."""
    return build_directory(
        priorities=[(r.source, p) for r in readings for p in r.priorities],
        specs=[(r.source, s) for r in readings for s in r.specs],
        spec_lites=[(r.source, lite) for r in readings for lite in r.spec_lites])


def format_text(findings: Iterable[Finding], show_info: bool) -> Iterator[str]:
    for finding in findings:
        if finding.severity >= Severity.WARNING or show_info:
            level = '' if finding.severity >= Severity.WARNING else ' [info]'
            yield f'{finding.source}:{finding.line or 0}: {finding.code}{level} {finding.message}'
