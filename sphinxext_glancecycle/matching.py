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
from typing import Callable, Protocol, Sequence

from sphinxext_glancecycle.model import Link
from sphinxext_glancecycle.sanitize import urlsplit

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
    """Specs and spec-lites looked up by page, review, blueprint, slug and title.

    ``docnames`` are every page of the site (a link to a page that is no
    spec is not dead); ``redirect`` maps a URL path to where the site's
    ``.htaccess`` sends it (``None``: nowhere); ``position`` orders cycles,
    so a title may match a spec approved in an earlier cycle, never a later.
    """

    def __init__(self, works: Sequence[Candidate], docnames: Sequence[str] = (),
                 redirect: Callable[[str], str | None] | None = None,
                 position: Callable[[str | None], int | None] | None = None) -> None:
        self.works = list(works)
        self.by_doc: dict[tuple[str, str | None], list[Candidate]] = {}
        self.by_url: dict[str, list[Candidate]] = {}
        self.docnames = set(docnames)
        self.redirect = redirect
        self.position = position or (lambda cycle: None)
        self.words = {id(work): (words(work.title), words(_slug_words(work.docname)))
                      for work in self.works}
        for work in self.works:
            self.by_doc.setdefault((work.docname, None), []).append(work)
            if work.anchor:
                self.by_doc.setdefault((work.docname, work.anchor), []).append(work)
            for url in work.urls:
                for key in (review_key(url), blueprint_key(url)):
                    if key:
                        self.by_url.setdefault(key, []).append(work)

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
        if len({_same_spec(work) for work in chosen}) == 1 and not here:
            return max(chosen, key=lambda work: work.cycle or ''), False
        return None, True

    def _match(self, link: Link, work: Candidate, how: str, cycle: str | None) -> Match:
        elsewhere = work.cycle if work.cycle and work.cycle != cycle else None
        return Match(link, work, how, elsewhere)

    def _page(self, target: str) -> tuple[str | None, str | None, bool]:
        """(docname, anchor, moved) of the spec page ``target`` links, following redirects."""
        parts = urlsplit(target)
        path, anchor, moved = parts.path if parts.scheme else target, parts.fragment, False
        seen = set()
        while path and path not in seen:
            seen.add(path)
            site = SITE_PATH.search(path.split('#')[0])
            if site is None:
                return None, None, moved
            docname = posixpath.normpath(site['path'].strip('/'))
            dest = None
            if (docname, None) not in self.by_doc and not self._is_page(docname):
                dest = self.redirect(path) if self.redirect else None
            if dest is None:
                return docname, anchor or site['anchor'], moved
            path, moved = dest, True
        # a redirect to nothing ('gone') or in a loop
        return None, None, moved

    def _by_words(self, texts: list[str], cycle: str | None) -> tuple[Candidate | None, bool]:
        """The spec whose title or file name holds every word of one of ``texts``.

        Only the priority's cycle, then the nearest earlier cycle holding a
        candidate, then specs of no cycle are looked in; several candidates
        in that place, or texts that point at different specs, are unsure.
        """
        here = self.position(cycle)
        found: dict[int, Candidate] = {}
        unsure = False
        for text in texts:
            query = words(text)
            if not query:
                continue
            scored = [(score, work) for work in self.works
                      if (score := _coverage(query, self.words[id(work)]))
                      and self._not_later(work.cycle, cycle, here)]
            if not scored:
                continue
            tier = min(self._tier(work.cycle, cycle, here) for _, work in scored)
            scored = sorted(((score, work) for score, work in scored
                             if self._tier(work.cycle, cycle, here) == tier),
                            key=lambda item: -item[0])
            # the same spec symlinked into several cycles' folders counts once
            scored = list({_same_spec(work): (score, work)
                           for score, work in reversed(scored)}.values())[::-1]
            if len(scored) > 1 and scored[0][0] - scored[1][0] < CLEAR_LEAD:
                unsure = True
                continue
            found[id(scored[0][1])] = scored[0][1]
        if len(found) == 1 and not unsure:
            return next(iter(found.values())), False
        return None, unsure or len(found) > 1

    def _not_later(self, theirs: str | None, ours: str | None, here: int | None) -> bool:
        if theirs is None or theirs == ours:
            return True
        position = self.position(theirs)
        return here is not None and position is not None and position < here

    def _tier(self, theirs: str | None, ours: str | None, here: int | None) -> int:
        """0 for the priority's cycle, then 1, 2... going back; specs of no cycle last."""
        if theirs == ours:
            return 0
        position = self.position(theirs)
        if theirs is None or position is None or here is None:
            return 10_000
        return here - position

    def find(self, link: Link, cycle: str | None = None, item: str | None = None) -> Match:
        """Match ``link`` (of priority ``item``) to the spec it means.

        An explicit page (followed through redirects), then the review or
        blueprint the spec names, then words of the link text, the item, the
        linked file's name.
        """
        target = (link.target or '').strip()
        key = review_key(target) or blueprint_key(target)
        docname, anchor, moved = (None, None, False) if key else self._page(target)
        ambiguous = gone = False
        if docname:
            on_page = self.by_doc.get((docname, None), [])
            in_section = self.by_doc.get((docname, anchor)) if anchor else None
            # a section of a many-per-page file that is no longer there names none of them
            gone = bool(anchor) and not in_section and any(w.anchor for w in on_page)
            work, unsure = self._pick(None if gone else in_section or on_page, cycle)
            if work is not None:
                return self._match(link, work, LINKED, cycle)
            ambiguous |= unsure
        if key:
            work, unsure = self._pick(self.by_url.get(key), cycle)
            if work is not None:
                how = BY_REVIEW if key.startswith('review:') else BY_BLUEPRINT
                return self._match(link, work, how, cycle)
            ambiguous |= unsure
        texts = [link.text, item or '']
        if docname:
            texts.append(_slug_words(docname))
        elif key and key.startswith('blueprint:'):
            texts.append(key.split('/', 1)[1].replace('-', ' '))
        work, unsure = self._by_words([text for text in texts if text], cycle)
        if work is not None:
            return self._match(link, work, BY_TITLE, cycle)
        if ambiguous or unsure:
            return Match(link, None, AMBIGUOUS)
        if key and key.startswith('review:'):
            return Match(link, None, UNDER_REVIEW)
        if gone or ((docname or moved) and self.docnames
                    and not (docname and self._is_page(docname))):
            return Match(link, None, DEAD)
        return Match(link, None, None)

    def _is_page(self, path: str) -> bool:
        path = posixpath.normpath(path.strip('/'))
        return path in self.docnames or f'{path}/index' in self.docnames


#: how much better the best title match must be than the next to be taken
CLEAR_LEAD = 0.34
#: words that say nothing about which spec is meant
STOP_WORDS = frozenset("""
    a an the for of to in on and or with by from into via is be new add adding use using
    support spec specs lite glance
""".split())
SYNONYMS = {'db': 'database', 'apis': 'api'}
SUFFIXES = ('ations', 'ation', 'ions', 'ion', 'ings', 'ing', 'ed', 'es', 's', 'd', 'e')


def stem(word: str) -> str:
    """A word cut to its stem, crudely: ``caching``, ``cache`` -> ``cach``."""
    word = SYNONYMS.get(word, word)
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[:-len(suffix)]
    return word


def words(text: str) -> frozenset[str]:
    """The stems of the telling words of ``text``."""
    return frozenset(stem(word) for word in WORDS.findall(text.lower())
                     if word not in STOP_WORDS)


def _coverage(query: frozenset[str], sides: tuple[frozenset[str], frozenset[str]]) -> float:
    """How well a spec's title or file name covers ``query``: 0 unless it holds every word.

    The score is the share of that title's (or name's) words the query
    names, which must be more than half, so ``image encryption`` fits
    ``Image Encryption`` better than ``Image encryption key rotation``;
    one-word queries must be the whole name.
    """
    best = 0.0
    for side in sides:
        if not side or not query <= side:
            continue
        if len(query) == 1 and side != query:
            continue
        share = len(query) / len(side)
        if share > 0.5:
            best = max(best, share)
    return best


def _same_spec(work: Candidate) -> tuple[str, str, str | None]:
    """What copies of one spec symlinked into several cycles' folders share."""
    return title_key(work.title), posixpath.basename(work.docname), work.anchor


def _slug_words(path: str) -> str:
    """``specs/2024.1/approved/glance/new-location-api`` -> ``new location api``."""
    name = posixpath.basename(path.rstrip('/'))
    return name.replace('-', ' ').replace('_', ' ')
