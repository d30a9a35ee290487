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
import glob
import os
import posixpath
import re
from typing import Mapping

from sphinxext_glancecycle.releases import Week, read_release_schedule, shipped_weeks
from sphinxext_glancecycle.sanitize import urlsplit


SOURCE_SUFFIXES = ('.rst', '.txt')
REDIRECT = re.compile(r'^\s*Redirect(?P<match>Match)?\s+(?:(?:\d{3}|permanent|temp|seeother|'
                      r'gone)\s+)?(?P<source>\S+)(?:\s+(?P<dest>\S+))?\s*$', re.IGNORECASE)
MAX_HOPS = 10


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
                 schedules: Mapping[str, str] | None = None,
                 redirect_files: tuple[str, ...] = (), catalogue=None) -> None:
        self.root = root
        self.srcdir = srcdir or root
        self.base_url = base_url.rstrip('/') + '/' if base_url else None
        self.redirects_path = redirects
        #: repository-relative globs of redirect files (nova's ``specs/<cycle>/redirects``)
        self.redirect_files = redirect_files
        self.schedules = dict(schedules or {})
        #: the series catalogue, for the official schedules shipped with the package
        self.catalogue = catalogue
        #: the files this document's questions read (see :meth:`asking`)
        self.consulted: list[str] = []
        #: whether a question could not be answered yet (a page still to be read)
        self.unanswered = False
        # answers, shared by every view of the site
        self._redirects: dict[str, tuple[dict[str, str], list[tuple[re.Pattern, str]]]] = {}
        self._moved: dict[str, dict[str, str]] = {}
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
                       for cycle, path in policy.schedules.items()},
            redirect_files=policy.profile.layout.redirect_files,
            catalogue=policy.catalogue, **more)

    def schedule_paths(self, catalogue) -> dict[str, str]:
        """Each configured ``schedule.yaml`` by release id and code name, for the
        ``cycle-schedule`` directive (the docutils setting ``glancecycle_schedules``)."""
        return {name: path for key, path in self.schedules.items()
                for name in {key, catalogue.get(key).name}}

    def asking(self) -> Site:
        """A view for one document's questions: same answers, its own :attr:`consulted`."""
        view = copy.copy(self)
        view.consulted = []
        view.unanswered = False
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
        """Where ``.htaccess`` or a redirect file sends URL path ``path``; ``''`` for gone;
        ``None`` if nowhere."""
        plain, patterns = self._load_redirects()
        if path in plain:
            return plain[path]
        for pattern, dest in patterns:
            match = pattern.match(path)
            if match:
                return re.sub(r'\$(\d)', lambda m: match.group(int(m.group(1))) or '', dest)
        moved = self._load_redirect_files()
        parts = path.split('/')
        # the entries are site paths: match them at the end of the URL path
        for start in range(len(parts)):
            dest = moved.get('/'.join(parts[start:]))
            if dest is not None:
                return dest if '://' in dest else '/'.join((*parts[:start], dest))
        return None

    def _load_redirect_files(self) -> dict[str, str]:
        """Site path -> site path (or URL) of every line of the redirect files.

        A line ``old.rst new.rst`` of ``specs/<cycle>/redirects`` sends the page
        ``old.html`` of that folder to ``new.html``, relative to the old page (the
        HTML refresh page nova's build writes for it).
        """
        if not self.root or not self.redirect_files:
            return {}
        files = sorted({path for pattern in self.redirect_files
                        for path in glob.glob(os.path.join(self.root, pattern))
                        if os.path.isfile(path)})
        for path in files:
            self._consult(path)
        if '' not in self._moved:
            moved: dict[str, str] = {}
            for path in files:
                folder = os.path.relpath(os.path.dirname(path), self.root).replace(os.sep, '/')
                with open(path, encoding='utf-8', errors='replace') as stream:
                    for line in stream:
                        words = line.split()
                        if len(words) != 2 or line.lstrip().startswith('#'):
                            continue
                        old, new = (_as_page(word) for word in words)
                        source = posixpath.normpath(posixpath.join(folder, old))
                        moved[source] = new if urlsplit(new).scheme else posixpath.normpath(
                            posixpath.join(posixpath.dirname(source), new))
            self._moved[''] = moved
        return self._moved['']

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
        """Whether in-repo reference ``path`` exists: a document (no suffix, ``.html``
        or a source suffix), or another file of the tree."""
        if not self.known:
            return None
        path = posixpath.normpath(path.split('#', 1)[0])
        stem, suffix = posixpath.splitext(path)
        if suffix in ('.html', *SOURCE_SUFFIXES):
            return self.document(stem) is not None
        if suffix:
            # a file other than a page (an image, a text file): it is there or not
            return any(os.path.isfile(os.path.join(base, *path.split('/')))
                       for base in filter(None, (self.srcdir, self.root)))
        return self.document(path) is not None

    def release_schedule(self, cycle: str | None) -> list[Week] | str | None:
        """The weeks of ``cycle``'s release schedule: its ``schedule.yaml`` when
        ``glancecycle_schedules`` names one (a message when it cannot be read),
        else the official schedule shipped with the package, if any."""
        path = self.schedules.get(cycle or '')
        if not path:
            return shipped_weeks(self.catalogue.get(cycle)) if self.catalogue else None
        self._consult(path)
        if path not in self._yaml:
            self._yaml[path] = read_release_schedule(path)
        return self._yaml[path]


class FileSite(Site):
    """A site whose pages' anchors are read from their files (the command line).

    Pages are parsed with the parse profile, ``rst_prolog`` and
    ``rst_epilog`` included and ``conf`` (conf.py's values) known, as a build
    would give them.
    """

    def __init__(self, *args, prolog: str = '', epilog: str = '',
                 conf: Mapping[str, object] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.prolog, self.epilog, self.conf = prolog, epilog, conf

    def anchors(self, path: str) -> frozenset[str] | None:
        filename = self.document(path)
        if filename is None:
            return None
        self._consult(filename)
        if path not in self._anchors:
            from docutils import nodes

            from sphinxext_glancecycle.readers.profile import parse_file

            try:
                tree = parse_file(filename, self.prolog, self.epilog, self.srcdir, self.conf)
            except (OSError, UnicodeDecodeError, RecursionError):
                self._anchors[path] = None  # a page the build would not read either
            else:
                self._anchors[path] = frozenset(
                    id_ for node in tree.findall(nodes.Element) for id_ in node['ids'])
        return self._anchors[path]


def relative_to(target: str, page: str) -> str:
    """A link ``target`` as written on ``page`` (a repository path), as a repository path.

    A relative link (``../2023.2/foo.html``, ``foo.rst``) is resolved against the
    folder of the page holding it, as a browser does; URLs, absolute paths and
    links within the page are kept as written.
    """
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path or target.startswith('/'):
        return target
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))
    return path + (f'#{parts.fragment}' if parts.fragment else '')


def _as_page(path: str) -> str:
    """A redirect file's name of a source (``foo.rst``) as the page it is published as."""
    stem, suffix = posixpath.splitext(path)
    return stem + '.html' if suffix in SOURCE_SUFFIXES else path


def _strip_scheme(url: str) -> str:
    return re.sub(r'^https?://', '', url.strip(), flags=re.IGNORECASE)
