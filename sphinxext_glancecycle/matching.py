"""Which spec or spec-lite a priority's spec cell means: plain Python, no Sphinx.

A cell names its spec by a link to the repository's own page, a Gerrit
review of the change that added it, a Launchpad blueprint, or only by its
words.  :class:`WorkIndex` weighs every signal the tree holds (the page, the
blueprint inside the spec, the review URLs, the file's slug, the title) and
returns a :class:`Match` whose :attr:`Match.verdict` is what the dashboard
says.  When two candidates are equally good it says "ambiguous" and links
none: a wrong link is worse than no link.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from typing import Protocol, Sequence

from sphinxext_glancecycle.model import Link

REVIEW = re.compile(r'review\.(?:openstack|opendev)\.org/.*?(?P<change>\d{4,})')
BLUEPRINT = re.compile(r'(?:blueprints\.)?launchpad\.net/(?P<project>[^/\s]+)/\+spec/'
                       r'(?P<name>[^/?#\s]+)')
SITE_PATH = re.compile(r'(?:^|/)(?P<path>specs/[^#?]+?)(?:\.html|\.rst)?(?:#(?P<anchor>.*))?$')
WORDS = re.compile(r'[a-z0-9]+')

#: how a match was made, in the words the dashboard uses
LINKED = 'linked'
BY_REVIEW = 'by review'
BY_BLUEPRINT = 'by blueprint'
BY_TITLE = 'by title, likely'
#: verdicts of a cell that matched nothing
UNDER_REVIEW = 'under review'
AMBIGUOUS = 'ambiguous'
DEAD = 'link no longer resolves'
ELSEWHERE = 'not in this repository'


def title_key(text: str) -> str:
    """A title folded for matching: lower case words only."""
    return ' '.join(WORDS.findall(text.lower()))


def review_key(url: str) -> str | None:
    """``review:<change number>`` for a Gerrit URL, whichever host spelling it uses."""
    match = REVIEW.search(url)
    return f'review:{match["change"]}' if match else None


def blueprint_key(url: str) -> str | None:
    """``blueprint:<project>/<name>`` for a Launchpad blueprint URL."""
    match = BLUEPRINT.search(url)
    return f'blueprint:{match["project"].lower()}/{match["name"].lower()}' if match else None


class Candidate(Protocol):
    """What the index needs to know of a spec or spec-lite."""

    docname: str
    anchor: str | None

    @property
    def title(self) -> str: ...

    @property
    def cycle(self) -> str | None: ...

    @property
    def urls(self) -> list[str]: ...


@dataclasses.dataclass
class Match:
    """What one spec cell of a priority points at, and how that was found."""

    link: Link
    work: Candidate | None
    #: how the match was made (``LINKED`` ...) or, unmatched, why (``UNDER_REVIEW`` ...)
    how: str | None
    #: the cycle the spec was approved in when it is not the priority's own
    approved_in: str | None = None

    @property
    def verdict(self) -> str:
        """The row's status words: ``linked``, ``by title, likely, approved in 2023.2``."""
        words = self.how or ELSEWHERE
        if self.approved_in:
            words += f', approved in {self.approved_in}'
        return words


class WorkIndex:
    """Specs and spec-lites looked up by page, review, blueprint, slug and title."""

    def __init__(self, works: Sequence[Candidate], docnames: Sequence[str] = ()) -> None:
        self.by_doc: dict[tuple[str, str | None], list[Candidate]] = {}
        self.by_url: dict[str, list[Candidate]] = {}
        self.by_title: dict[str, list[Candidate]] = {}
        #: every page of the build, so a link to one that is no spec is not called dead
        self.docnames = set(docnames)
        for work in works:
            self.by_doc.setdefault((work.docname, None), []).append(work)
            if work.anchor:
                self.by_doc.setdefault((work.docname, work.anchor), []).append(work)
            for url in work.urls:
                for key in (review_key(url), blueprint_key(url)):
                    if key:
                        self.by_url.setdefault(key, []).append(work)
            for key in {title_key(work.title), title_key(_slug_words(work.docname))}:
                if key:
                    self.by_title.setdefault(key, []).append(work)

    @staticmethod
    def _pick(works: list[Candidate] | None, cycle: str | None
              ) -> tuple[Candidate | None, bool]:
        """The one candidate meant, preferring ``cycle``; (None, True) when unsure."""
        unique = list({id(work): work for work in works or ()}.values())
        if not unique:
            return None, False
        here = [work for work in unique if work.cycle == cycle]
        chosen = here or unique
        if len(chosen) == 1:
            return chosen[0], False
        # The same spec symlinked into several cycles is one spec: take the latest copy.
        if len({title_key(work.title) for work in chosen}) == 1 and not here:
            return max(chosen, key=lambda work: work.cycle or ''), False
        return None, True

    def _match(self, link: Link, work: Candidate, how: str, cycle: str | None) -> Match:
        elsewhere = work.cycle if work.cycle and work.cycle != cycle else None
        return Match(link, work, how, elsewhere)

    def find(self, link: Link, cycle: str | None = None) -> Match:
        """Match ``link`` to the spec it means: page, then review or blueprint, then title."""
        target = (link.target or '').strip()
        ambiguous = False
        site = SITE_PATH.search(target) if not review_key(target) else None
        if site:
            docname = posixpath.normpath(site['path'].strip('/'))
            work, unsure = self._pick(self.by_doc.get((docname, site['anchor']))
                                      or self.by_doc.get((docname, None)), cycle)
            if work is not None:
                return self._match(link, work, LINKED, cycle)
            ambiguous |= unsure
        key = review_key(target) or blueprint_key(target)
        if key:
            work, unsure = self._pick(self.by_url.get(key), cycle)
            if work is not None:
                how = BY_REVIEW if key.startswith('review:') else BY_BLUEPRINT
                return self._match(link, work, how, cycle)
            ambiguous |= unsure
        words = [title_key(link.text)]
        if site:
            words.append(title_key(_slug_words(site['path'])))
        elif key and key.startswith('blueprint:'):
            words.append(title_key(key.split('/', 1)[1]))
        for text in filter(None, words):
            work, unsure = self._pick(self.by_title.get(text), cycle)
            if work is not None:
                return self._match(link, work, BY_TITLE, cycle)
            ambiguous |= unsure
        if ambiguous:
            return Match(link, None, AMBIGUOUS)
        if key and key.startswith('review:'):
            return Match(link, None, UNDER_REVIEW)
        if site and self.docnames and not self._is_page(site['path']):
            return Match(link, None, DEAD)
        return Match(link, None, None)

    def _is_page(self, path: str) -> bool:
        path = posixpath.normpath(path.strip('/'))
        return path in self.docnames or f'{path}/index' in self.docnames


def _slug_words(path: str) -> str:
    """``specs/2024.1/approved/glance/new-location-api`` -> ``new location api``."""
    name = posixpath.basename(path.rstrip('/'))
    return name.replace('-', ' ').replace('_', ' ')
