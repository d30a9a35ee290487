"""What the repository and its published site hold, read from disk (no network).

A :class:`Site` answers the questions rules ask about links and dates:
does an in-repo reference name a document; does a link into the site's own
published URL still reach a page (and anchor) of the tree, directly or
through a ``Redirect`` of the site's ``.htaccess`` (the format the
OpenStack ``whereto`` tool tests); what does a cycle's
``openstack/releases``-style ``schedule.yaml`` say.

:class:`Site` is one interface with two ways to know a page's anchors: the
Sphinx layer's reads them from the built doctrees
(:mod:`sphinxext_glancecycle.ext.site`), :class:`FileSite` parses the page
with the parse profile (the command line). Each document asks through its
own :meth:`Site.asking` view, whose :attr:`~Site.consulted` lists the
files the answers read, so the page can be rebuilt or rechecked when one
changes.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import os
import posixpath
import re
from typing import Mapping

from sphinxext_glancecycle.sanitize import urlsplit


SOURCE_SUFFIXES = ('.rst', '.txt')
REDIRECT = re.compile(r'^\s*Redirect(?P<match>Match)?\s+(?:(?:\d{3}|permanent|temp|seeother|'
                      r'gone)\s+)?(?P<source>\S+)(?:\s+(?P<dest>\S+))?\s*$', re.IGNORECASE)
MAX_HOPS = 10


@dataclasses.dataclass(frozen=True)
class Week:
    """One week of a release schedule YAML: its countdown and first and last day."""

    weeks: int | None
    start: datetime.date
    end: datetime.date
    events: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Resolution:
    """Where a link into the published site leads: a document path, maybe an anchor."""

    path: str | None
    anchor: str | None = None
    missing_anchor: bool = False
    redirected: bool = False


class Site:
    """What rules may ask about the repository on disk: ``root`` (repository),
    ``srcdir`` (documentation sources).

    ``base_url`` is the published site (``https://specs.openstack.org/
    openstack/glance-specs/``), ``redirects`` the ``.htaccess`` path and
    ``schedules`` maps a cycle key to its ``schedule.yaml`` (all paths
    absolute).  A site without ``root`` knows nothing, and rules that need
    it stay silent.
    """

    def __init__(self, root: str | None = None, srcdir: str | None = None,
                 base_url: str | None = None, redirects: str | None = None,
                 schedules: Mapping[str, str] | None = None) -> None:
        self.root = root
        self.srcdir = srcdir or root
        self.base_url = base_url.rstrip('/') + '/' if base_url else None
        self.redirects_path = redirects
        self.schedules = dict(schedules or {})
        #: the files this document's questions read (see :meth:`asking`)
        self.consulted: list[str] = []
        # answers, shared by every view of the site
        self._redirects: dict[str, tuple[dict[str, str], list[tuple[re.Pattern, str]]]] = {}
        self._anchors: dict[str, frozenset[str] | None] = {}
        self._yaml: dict[str, list[Week] | str] = {}

    @classmethod
    def configured(cls, policy, root: str, srcdir: str, confdir: str, **more) -> Site:
        """The site as conf.py describes it: ``glancecycle_redirects`` is relative
        to the repository, the ``glancecycle_schedules`` paths to conf.py's folder.
        """
        return cls(
            root=root, srcdir=os.path.realpath(srcdir), base_url=policy.site_url,
            redirects=os.path.join(root, policy.redirects) if policy.redirects else None,
            schedules={cycle: os.path.join(confdir, path)
                       for cycle, path in policy.schedules.items()}, **more)

    def schedule_paths(self, catalogue) -> dict[str, str]:
        """Each configured ``schedule.yaml`` by release id and code name, for the
        ``cycle-schedule`` directive (the docutils setting ``glancecycle_schedules``)."""
        return {name: path for key, path in self.schedules.items()
                for name in {key, catalogue.get(key).name}}

    def asking(self) -> Site:
        """A view for one document's questions: same answers, its own :attr:`consulted`."""
        view = copy.copy(self)
        view.consulted = []
        return view

    @property
    def known(self) -> bool:
        return self.root is not None

    def _consult(self, path: str) -> None:
        if path not in self.consulted:
            self.consulted.append(path)

    def document(self, path: str) -> str | None:
        """The source file of document ``path`` (no suffix) under ``srcdir`` or ``root``."""
        for base in dict.fromkeys(filter(None, (self.srcdir, self.root))):
            for suffix in SOURCE_SUFFIXES:
                candidate = os.path.join(base, *path.split('/')) + suffix
                if os.path.isfile(candidate):
                    return candidate
        return None

    def in_site(self, url: str) -> bool:
        """Whether ``url`` points into the published site (either scheme)."""
        if not self.base_url:
            return False
        return _strip_scheme(url).startswith(_strip_scheme(self.base_url))

    def _base_path(self) -> str:
        return urlsplit(self.base_url).path

    def _load_redirects(self) -> tuple[dict[str, str], list[tuple[re.Pattern, str]]]:
        path = self.redirects_path
        if path and os.path.isfile(path):
            self._consult(path)
        if '' not in self._redirects:
            plain: dict[str, str] = {}
            patterns: list[tuple[re.Pattern, str]] = []
            if path and os.path.isfile(path):
                with open(path, encoding='utf-8', errors='replace') as stream:
                    for line in stream:
                        match = REDIRECT.match(line)
                        if not match or line.lstrip().startswith('#'):
                            continue
                        dest = match['dest'] or ''
                        if match['match']:
                            try:
                                patterns.append((re.compile(match['source']), dest))
                            except re.error:
                                continue
                        else:
                            plain[match['source']] = dest
            self._redirects[''] = plain, patterns
        return self._redirects['']

    def redirect(self, path: str) -> str | None:
        """Where ``.htaccess`` sends URL path ``path``; ``''`` for gone; ``None`` if nowhere."""
        plain, patterns = self._load_redirects()
        if path in plain:
            return plain[path]
        for pattern, dest in patterns:
            match = pattern.match(path)
            if match:
                return re.sub(r'\$(\d)', lambda m: match.group(int(m.group(1))) or '', dest)
        return None

    def resolve_url(self, url: str) -> Resolution | None:
        """Follow a link into the published site to a document of the tree.

        ``None`` when the link is not into the site; a resolution with
        ``path=None`` when no page (nor redirect) answers it.
        """
        if not self.known or not self.in_site(url):
            return None
        parts = urlsplit(url)
        path, anchor, redirected = parts.path, parts.fragment or None, False
        for _ in range(MAX_HOPS):
            document = self._page(path)
            if document is not None:
                known = self.anchors(document) if anchor else None
                missing = known is not None and anchor not in known
                return Resolution(document, anchor, missing, redirected)
            dest = self.redirect(path)
            if dest is None or dest == '':
                return Resolution(None, anchor, redirected=redirected)
            redirected = True
            if '://' in dest:
                if not self.in_site(dest):
                    return Resolution(dest, anchor, redirected=True)
                dest = urlsplit(dest).path
            path = dest
        return Resolution(None, anchor, redirected=redirected)

    def _page(self, path: str) -> str | None:
        base = self._base_path()
        if not path.startswith(base):
            return None
        rest = path[len(base):]
        if rest == '' or rest.endswith('/'):
            rest += 'index.html'
        if not rest.endswith('.html'):
            return None
        name = rest[:-len('.html')]
        return name if self.document(name) else None

    def anchors(self, path: str) -> frozenset[str] | None:
        """Every id of document ``path`` (no suffix); ``None`` when they cannot be known."""
        raise NotImplementedError

    def reference(self, path: str) -> bool | None:
        """Whether in-repo reference ``path`` (a document, no suffix) exists."""
        if not self.known:
            return None
        path = path.split('#', 1)[0]
        if path.endswith('.html'):
            path = path[:-len('.html')]
        return self.document(posixpath.normpath(path)) is not None

    def release_schedule(self, cycle: str | None) -> list[Week] | str | None:
        """The weeks of ``cycle``'s ``schedule.yaml``; a message when it cannot be read."""
        path = self.schedules.get(cycle or '')
        if not path:
            return None
        self._consult(path)
        if path not in self._yaml:
            self._yaml[path] = read_release_schedule(path)
        return self._yaml[path]


class FileSite(Site):
    """A site whose pages' anchors are read from their files (the command line).

    Pages are parsed with the parse profile, ``rst_prolog`` and
    ``rst_epilog`` included, as a build would give them.
    """

    def __init__(self, *args, prolog: str = '', epilog: str = '', **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.prolog, self.epilog = prolog, epilog

    def anchors(self, path: str) -> frozenset[str] | None:
        filename = self.document(path)
        if filename is None:
            return None
        self._consult(filename)
        if path not in self._anchors:
            from docutils import nodes

            from sphinxext_glancecycle.readers.profile import parse_file

            try:
                tree = parse_file(filename, self.prolog, self.epilog)
            except (OSError, UnicodeDecodeError, RecursionError):
                self._anchors[path] = None  # a page the build would not read either
            else:
                self._anchors[path] = frozenset(
                    id_ for node in tree.findall(nodes.Element) for id_ in node['ids'])
        return self._anchors[path]


def _strip_scheme(url: str) -> str:
    return re.sub(r'^https?://', '', url.strip(), flags=re.IGNORECASE)


def _date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value).strip())


def read_release_schedule(path: str) -> list[Week] | str:
    """Weeks of an ``openstack/releases`` schedule (``start-week``, ``release-week``,
    ``cycle``: ``start``, ``end``, ``name``, event ids); a message on failure."""
    import yaml

    try:
        with open(path, encoding='utf-8') as stream:
            data = yaml.safe_load(stream)
    except (OSError, ValueError, RecursionError, yaml.YAMLError) as exc:
        # ValueError: undecodable bytes, or a timestamp such as 2024-13-01
        return f'cannot read {os.path.basename(path)}: {exc or type(exc).__name__}'.splitlines()[0]
    if not isinstance(data, dict) or not isinstance(data.get('cycle'), list):
        return f"{os.path.basename(path)} has no 'cycle' list of weeks"
    try:
        release = _date(data['release-week']) if data.get('release-week') else None
        weeks = []
        for entry in data['cycle']:
            start, end = _date(entry['start']), _date(entry['end'])
            name = str(entry.get('name') or '')
            match = re.match(r'^R([-+])(\d+)$', name.strip())
            if match:
                count = int(match[2]) * (1 if match[1] == '-' else -1)
            elif release is not None:
                count = (release - start).days // 7
            else:
                count = None
            events = tuple(str(e) for e in entry.get('x-project') or ())
            weeks.append(Week(count, start, end, events))
    except (KeyError, TypeError, ValueError) as exc:
        return f'{os.path.basename(path)} has a malformed week: {exc}'
    return weeks
