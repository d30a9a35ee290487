"""``<outdir>/<cycle>.ics``: each cycle's milestones and schedule as a calendar."""

from __future__ import annotations

import datetime
import os
from typing import TYPE_CHECKING

from sphinx.util import logging

from sphinxext_glancecycle.ext.dashboard import data
from sphinxext_glancecycle.ext.state import state
from sphinxext_glancecycle.sanitize import printable
from sphinxext_glancecycle.version import __version__

if TYPE_CHECKING:
    import icalendar
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

MILESTONE_NAMES = {'m1': 'Milestone 1', 'm2': 'Milestone 2', 'm3': 'Milestone 3',
                   'rc1': 'First release candidate', 'final': 'Final release'}


def _event(uid: str, date: datetime.date, summary: str, stamp: datetime.datetime,
           description: str | None = None) -> icalendar.Event:
    import icalendar  # imported when a calendar is written, not at every start

    event = icalendar.Event()
    event.add('uid', uid)
    event.add('dtstamp', stamp)
    event.add('dtstart', date)
    if date < datetime.date.max:  # else no end: RFC 5545 makes a day's event last that day
        event.add('dtend', date + datetime.timedelta(days=1))
    event.add('summary', printable(summary))
    if description:
        event.add('description', printable(description))
    return event


def cycle_calendar(info: data.CycleData) -> icalendar.Calendar:
    """The milestones and schedule rows of one cycle.

    The time stamp is the build's "today", so two builds of one tree on the
    same day (or with ``SOURCE_DATE_EPOCH``) give the same bytes.  Each
    event's UID names its cycle, countdown (``r-5``, ``r-plus-1``) and date,
    with ``-2``, ``-3``... for further rows that share them.
    """
    import icalendar

    cycle = info.cycle
    stamp = datetime.datetime.combine(info.today, datetime.time(), datetime.timezone.utc)
    calendar = icalendar.Calendar()
    calendar.add('prodid', f'-//sphinxext-glancecycle {__version__}//{cycle.key}//EN')
    calendar.add('version', '2.0')
    calendar.add('x-wr-calname', f'{cycle.title} release cycle')
    for name, date in sorted(info.milestones.items(), key=lambda item: (item[1], item[0])):
        if name in MILESTONE_NAMES:
            calendar.add_component(_event(f'{cycle.key}-{name}@glancecycle', date,
                                          f'{cycle.name.capitalize()}: {MILESTONE_NAMES[name]}',
                                          stamp))
    uids: set[str] = set()
    for _, row in info.schedule:
        if row.date is None:
            continue
        base = f'{cycle.key}-{data.slug(row.countdown.replace("+", " plus "))}-{row.date}'
        uid, count = f'{base}@glancecycle', 1
        while uid in uids:
            count += 1
            uid = f'{base}-{count}@glancecycle'
        uids.add(uid)
        calendar.add_component(_event(uid, row.date, f'{row.countdown}: {row.what}', stamp,
                                      f'{row.source}:{row.line}'))
    return calendar


def write_calendars(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != 'html':
        return
    built = state(app.env)
    documents = app.env.get_domain('glancecycle').documents
    for cycle in data.cycles_with_content(documents, built.policy.catalogue):
        if cycle.release_date is None:
            # its calendar can hold only the dates written with their year
            logger.warning('cycle %s has pages but no release date, so its calendar %s.ics '
                           "holds only the dates written with their year (add its "
                           "'release_date' to glancecycle_series)", cycle.title, cycle.key,
                           type='glancecycle', subtype='calendar')
        info = built.snapshot().cycle(cycle)
        with open(os.path.join(app.outdir, f'{cycle.key}.ics'), 'wb') as out:
            out.write(cycle_calendar(info).to_ical())


def setup_calendar(app: Sphinx) -> None:
    app.connect('build-finished', write_calendars)
