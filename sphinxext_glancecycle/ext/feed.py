"""Atom feeds of new and changed specs and spec-lites.

``<outdir>/glancecycle.atom`` lists every spec and spec-lite of the site,
``<outdir>/<cycle>.atom`` those of one cycle. Like the dashboards, they are
made from the domain's records only, once every page is written, so reading
stays parallel-safe. Each entry is dated from the repository's history, read
with one ``git log`` for the whole tree (:mod:`sphinxext_glancecycle.history`):
``published`` is the commit that added the page at its place, ``updated``
the last that changed it. Atom requires a date on every entry, so a page
git does not know (no git, no repository, not committed yet) is left out
rather than given a date it does not have; without git the feeds are valid
and empty. The same tree and history give the same bytes.
"""

from __future__ import annotations

import datetime
import os
import re
import uuid
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Iterable

from sphinx.util import logging

from sphinxext_glancecycle import history
from sphinxext_glancecycle.ext.dashboard import data
from sphinxext_glancecycle.ext.state import state
from sphinxext_glancecycle.sanitize import is_unsafe, printable
from sphinxext_glancecycle.version import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

ATOM = 'http://www.w3.org/2005/Atom'
SITE_FEED = 'glancecycle.atom'
KINDS = {'spec': 'Spec', 'spec-lite': 'Spec-lite'}
#: what XML 1.0 cannot hold and :func:`printable` leaves: surrogates, non-characters
_NOT_XML = re.compile('[\ud800-\udfff\ufffe\uffff]')


def text(value: str) -> str:
    """Page text as XML character data: controls shown as escapes, never raw."""
    return _NOT_XML.sub('\ufffd', printable(value))


def stamp(moment: datetime.datetime) -> str:
    """An RFC 3339 date in UTC, as Atom wants it."""
    return moment.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def _id(namespace: str, name: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, namespace + name).urn


class Entry:
    """One spec or spec-lite of a feed, with its dates and link."""

    def __init__(self, work: data.Work, uri: str, key: str, namespace: str,
                 dates: history.FileDates) -> None:
        self.work = work
        self.uri = uri
        self.id = _id(namespace, key)
        self.dates = dates

    def sort_key(self) -> tuple:
        """The newest change first, then by page."""
        return (-self.dates.changed.timestamp(), -self.dates.added.timestamp(),
                self.work.docname, self.work.anchor or '', self.id)

    def element(self, cycle_titles: dict[str, str]) -> ET.Element:
        record = self.work.record
        entry = ET.Element('entry')
        ET.SubElement(entry, 'id').text = self.id
        title = text(record.title).strip() or os.path.basename(record.source)
        ET.SubElement(entry, 'title').text = title
        ET.SubElement(entry, 'link', rel='alternate', type='text/html', href=self.uri)
        ET.SubElement(entry, 'published').text = stamp(self.dates.added)
        ET.SubElement(entry, 'updated').text = stamp(self.dates.changed)
        ET.SubElement(entry, 'category', term=self.work.kind, label=KINDS[self.work.kind])
        about = [KINDS[self.work.kind], cycle_titles.get(record.cycle or '', record.cycle),
                 record.status, record.project]
        ET.SubElement(entry, 'summary').text = text(', '.join(part for part in about if part))
        return entry


def feed_document(*, feed_id: str, title: str, self_uri: str, page_uri: str, author: str,
                  entries: Iterable[Entry], cycle_titles: dict[str, str],
                  undated: datetime.datetime) -> bytes:
    """One Atom document; ``undated`` is its ``updated`` when it has no entries."""
    entries = sorted(entries, key=Entry.sort_key)
    feed = ET.Element('feed', xmlns=ATOM)
    ET.SubElement(feed, 'id').text = feed_id
    ET.SubElement(feed, 'title').text = text(title)
    ET.SubElement(feed, 'link', rel='self', type='application/atom+xml', href=self_uri)
    ET.SubElement(feed, 'link', rel='alternate', type='text/html', href=page_uri)
    updated = max((entry.dates.changed for entry in entries), default=undated)
    ET.SubElement(feed, 'updated').text = stamp(updated)
    ET.SubElement(ET.SubElement(feed, 'author'), 'name').text = text(author)
    ET.SubElement(feed, 'generator', version=__version__).text = 'sphinxext-glancecycle'
    for entry in entries:
        feed.append(entry.element(cycle_titles))
    ET.indent(feed)
    # serialised as text, then encoded: ElementTree writes bytes through a codec a piece
    # at a time, several times slower for the same bytes
    serialised = ET.tostring(feed, encoding='unicode')
    return f"<?xml version='1.0' encoding='utf-8'?>\n{serialised}\n".encode('utf-8')


def _base_url(url: str | None) -> str | None:
    if not url or not url.strip() or is_unsafe(url):
        return None
    return url.strip().rstrip('/') + '/'


def _folders(paths: Iterable[str]) -> set[str]:
    return {path.split('/', 1)[0] for path in paths if path and not path.startswith('..')}


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != 'html':
        return
    built = state(app.env)
    snapshot = built.snapshot()
    base = _base_url(built.policy.site_url)
    project = app.config.project or 'specs'
    namespace = base or f'glancecycle:{project}:'

    def uri(docname: str, anchor: str | None = None) -> str:
        target = app.builder.get_target_uri(docname) or './'
        target = (base or '') + target
        # a single-page build's target is already a place in its page
        return f'{target}#{anchor}' if anchor and '#' not in target else target

    places = {work.docname: built.linked_at(work.docname) for work in snapshot.works}
    dates, why = history.file_dates(
        built.root, _folders([*(w.record.source for w in snapshot.works),
                              *(place for place in places.values() if place)]))
    if why and snapshot.works:
        logger.info('glancecycle: no dates from git (%s), so the feeds list no entries',
                    printable(why))
    entries: list[Entry] = []
    keys: set[str] = set()
    for work in snapshot.works:
        source = work.record.source
        place = places[work.docname] or source
        if source not in dates or place not in dates:
            continue
        # the page (and the spec-lite's section), not its title: an edit keeps the id
        base_key = f'{work.docname}#{work.anchor}' if work.anchor else work.docname
        key, count = base_key, 1
        while key in keys:
            count += 1
            key = f'{base_key}-{count}'
        keys.add(key)
        span = history.FileDates(dates[place].added,
                                 max(dates[place].changed, dates[source].changed))
        entries.append(Entry(work, uri(work.docname, work.anchor), key, namespace, span))

    catalogue = built.policy.catalogue
    cycles = [cycle for cycle in data.cycles_with_content(built.env.get_domain(
        'glancecycle').documents, catalogue) if snapshot.cycle(cycle).works]
    titles = {cycle.key: cycle.title for cycle in cycles}
    undated = datetime.datetime.combine(built.policy.today, datetime.time(),
                                        datetime.timezone.utc)
    boards = {key: docname for docname, key in data.located(snapshot.documents, 'dashboards')}
    home = uri(app.config.root_doc)
    feeds = {SITE_FEED: (f'{project}: new and changed specs', home, entries)}
    for cycle in cycles:
        page = uri(boards[cycle.key]) if cycle.key in boards else home
        feeds[f'{cycle.key}.atom'] = (
            f'{project}: new and changed specs of {cycle.title}', page,
            [entry for entry in entries if entry.work.record.cycle == cycle.key])
    for name, (title, page, chosen) in feeds.items():
        document = feed_document(feed_id=_id(namespace, name), title=title,
                                 self_uri=(base or '') + name, page_uri=page, author=project,
                                 entries=chosen, cycle_titles=titles, undated=undated)
        with open(os.path.join(app.outdir, name), 'wb') as out:
            out.write(document)


def setup_feed(app: Sphinx) -> None:
    app.connect('build-finished', write_feeds)
