"""The catalogue of OpenStack release series, in release order.

Series the release team has not named or scheduled yet are estimated: their
release ids follow ``YYYY.1`` / ``YYYY.2`` and they release every six months
after the last known series (:data:`HORIZON` of them).
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from sphinxext_glancecycle.core import Cycle

RELEASE_ID = re.compile(r'^(?P<year>20\d\d)\.(?P<half>[12])$')
#: a series releases 26 weeks after the one before it
CADENCE = datetime.timedelta(weeks=26)
#: how many series past the last known one are estimated (three years)
HORIZON = 6


@functools.cache
def _shipped() -> tuple[Cycle, ...]:
    # beside this module (importlib.resources would cost a repeated check a tenth of its time)
    text = Path(__file__).with_name('series.json').read_text('utf-8')
    return tuple(_cycle(entry) for entry in json.loads(text)['series'])


def _cycle(entry: Mapping) -> Cycle:
    date = entry.get('release_date')
    if isinstance(date, str):
        date = datetime.date.fromisoformat(date)
    return Cycle(name=entry['name'].lower(), release_id=entry.get('release_id'),
                 release_date=date)


class Catalogue:
    """Ordered series with look-up by code name or release id.

    The known series (shipped, then ``glancecycle_series``) come first; then
    :data:`HORIZON` series the release team has not published yet, estimated.
    """

    def __init__(self, cycles: Iterable[Cycle]) -> None:
        known = sorted(cycles, key=lambda c: (c.release_date or datetime.date.max))
        self.estimated = tuple(_estimates(known))
        self.cycles = known + list(self.estimated)
        self._by_key: dict[str, Cycle] = {}
        self._positions = {cycle: index for index, cycle in enumerate(self.cycles)}
        for cycle in self.cycles:
            self._by_key[cycle.name] = cycle
            if cycle.release_id:
                self._by_key[cycle.release_id] = cycle

    @classmethod
    def default(cls, extra: Iterable[Mapping] = ()) -> Catalogue:
        """The shipped series plus ``extra`` entries (from ``glancecycle_series``)."""
        cycles = {c.name: c for c in _shipped()}
        for entry in extra:
            cycle = _cycle(entry)
            cycles[cycle.name] = cycle
        return cls(cycles.values())

    def get(self, key: str | None) -> Cycle | None:
        """Return the series called ``key`` (code name or release id), if known."""
        if not key:
            return None
        return self._by_key.get(key.strip().lower())

    def is_estimate(self, cycle: Cycle) -> bool:
        """Whether ``cycle`` was estimated rather than published or configured."""
        return cycle in self.estimated

    def position(self, key: str | None) -> int | None:
        """The series' place in release order, for comparing cycles."""
        return self._positions.get(self.get(key))

    def open_on(self, day: datetime.date) -> Cycle | None:
        """The series open on ``day``: from the release before it (that day included) to
        its own release; None past the last dated one."""
        return next((cycle for cycle in self.cycles
                     if cycle.release_date is not None and day < cycle.release_date), None)

    def previous(self, cycle: Cycle) -> Cycle | None:
        index = self.cycles.index(cycle)
        return self.cycles[index - 1] if index else None


def _ordinal(release_id: str | None) -> int | None:
    """``YYYY.1`` -> ``2 * YYYY``, ``YYYY.2`` -> ``2 * YYYY + 1``: one step per series."""
    match = RELEASE_ID.match(release_id or '')
    return 2 * int(match['year']) + int(match['half']) - 1 if match else None


def _estimates(known: list[Cycle]) -> Iterator[Cycle]:
    """The :data:`HORIZON` series after the last known release id: the release id is
    their name until the release team gives a code name, and each releases
    :data:`CADENCE` after the one before it (counted from the last dated series)."""
    numbered = [(_ordinal(c.release_id), c.release_date) for c in known]
    last = max((number for number, _ in numbered if number is not None), default=None)
    dated = [(number, date) for number, date in numbered if number is not None and date]
    if last is None or not dated:
        return
    anchor, date = max(dated)
    for number in range(last + 1, last + 1 + HORIZON):
        key = f'{number // 2}.{number % 2 + 1}'
        yield Cycle(name=key, release_id=key, release_date=date + (number - anchor) * CADENCE)
