"""The catalogue of OpenStack release series, in release order."""

from __future__ import annotations

import datetime
import functools
import json
from importlib import resources
from typing import Iterable, Mapping

from sphinxext_glancecycle.model import Cycle


@functools.cache
def _shipped() -> tuple[Cycle, ...]:
    text = resources.files(__package__).joinpath('series.json').read_text('utf-8')
    return tuple(_cycle(entry) for entry in json.loads(text)['series'])


def _cycle(entry: Mapping) -> Cycle:
    date = entry.get('release_date')
    if isinstance(date, str):
        date = datetime.date.fromisoformat(date)
    return Cycle(name=entry['name'].lower(), release_id=entry.get('release_id'),
                 release_date=date)


class Catalogue:
    """Ordered series with look-up by code name or release id."""

    def __init__(self, cycles: Iterable[Cycle]) -> None:
        self.cycles = sorted(cycles, key=lambda c: (c.release_date or datetime.date.max))
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

    def position(self, key: str | None) -> int | None:
        """The series' place in release order, for comparing cycles."""
        return self._positions.get(self.get(key))

    def previous(self, cycle: Cycle) -> Cycle | None:
        index = self.cycles.index(cycle)
        return self.cycles[index - 1] if index else None
