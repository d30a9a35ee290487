"""OpenStack's release schedules: a ``schedule.yaml`` of openstack/releases, or the
official schedules shipped with the package (``schedules.json``, made by
``tools/make_release_data.py``). Plain data: nothing here imports Sphinx or docutils.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import json
import os
import re
from pathlib import Path

from sphinxext_glancecycle.model import Cycle


@dataclasses.dataclass(frozen=True)
class Week:
    """One week of a release schedule: its countdown and first and last day."""

    weeks: int | None
    start: datetime.date
    end: datetime.date
    events: tuple[str, ...] = ()
    #: the schedule's own name of the week (``R-5``, ``R+0``); None for a week it
    #: does not count (the previous release's week, say)
    name: str | None = None


@functools.cache
def _shipped() -> dict:
    text = Path(__file__).with_name('schedules.json').read_text('utf-8')
    return json.loads(text)['schedules']


def official_schedule(cycle: Cycle) -> tuple[list[Week], dict[str, str]] | None:
    """The release team's schedule of ``cycle`` as shipped: its weeks and the
    title of each event key; None for a series the package has no schedule of."""
    data = _shipped().get(cycle.name)
    if data is None:
        return None
    release = _date(data['release_week'])
    weeks = []
    for week in data['weeks']:
        start = _date(week['start'])
        weeks.append(Week(_count(week['name'], start, release), start, _date(week['end']),
                          tuple(week['events']), week['name']))
    return weeks, dict(data['events'])


def shipped_weeks(cycle: Cycle | None) -> list[Week] | None:
    """The weeks of ``cycle``'s shipped schedule; None when there is none."""
    official = official_schedule(cycle) if cycle is not None else None
    return official[0] if official else None


def event_titles(cycle: Cycle) -> dict[str, str]:
    """The short title of each event key of ``cycle``'s shipped schedule."""
    official = official_schedule(cycle)
    return official[1] if official else {}


#: Event key endings -> the milestone names phases and priorities use.
MILESTONE_EVENTS = {'1': 'm1', '2': 'm2', '3': 'm3', 'rc1': 'rc1', 'final': 'final'}


def milestone_of(event: str, cycle: Cycle) -> str | None:
    """The milestone an event key of ``cycle``'s schedule marks (``c-2`` -> ``m2``
    for Caracal), if any; keys of other series (``b-final``) mark none."""
    prefix, _, rest = event.partition('-')
    if prefix != cycle.name[:1]:
        return None
    return MILESTONE_EVENTS.get(rest)


def _count(name: str | None, start: datetime.date, release: datetime.date | None) -> int | None:
    """Weeks before the release: from the week's ``R-n`` name, else from its date."""
    match = re.match(r'^R([-+])(\d+)$', (name or '').strip())
    if match:
        return int(match[2]) * (1 if match[1] == '-' else -1)
    return (release - start).days // 7 if release is not None else None


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
            events = tuple(str(e) for e in entry.get('x-project') or ())
            name = str(entry.get('name') or '') or None
            weeks.append(Week(_count(name, start, release), start, end, events, name))
    except (KeyError, TypeError, ValueError) as exc:
        return f'{os.path.basename(path)} has a malformed week: {exc}'
    return weeks
