"""The records every run needs before it reads a page: severities, findings, cycles.

Settings, the catalogue of series and a check's cached results are made of
these alone, so a repeated ``glancecycle check`` imports them without the
records of :mod:`sphinxext_glancecycle.model`, which re-exports them (and
whose many dataclasses cost a warm check a tenth of its time to create).
"""

from __future__ import annotations

import dataclasses
import datetime
import enum


class Severity(enum.IntEnum):
    """How loudly a finding is reported; ``OFF`` findings are dropped."""

    OFF = 0
    INFO = 1
    WARNING = 2

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Return the severity named by ``text`` (``off``, ``info``, ``warning``)."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            choices = ', '.join(s.name.lower() for s in cls)
            raise ValueError(f'unknown severity {text!r} (use one of: {choices})') from None

    def __str__(self) -> str:
        return self.name.lower()


@dataclasses.dataclass(frozen=True)
class Cycle:
    """An OpenStack release series, e.g. ``2024.1`` Caracal."""

    name: str
    release_id: str | None
    release_date: datetime.date | None

    @property
    def key(self) -> str:
        """The name used in paths and pages: the release id when there is one."""
        return self.release_id or self.name

    @property
    def title(self) -> str:
        """``2024.1 Caracal``; a series not named yet is its release id alone."""
        if self.release_id and self.release_id != self.name:
            return f'{self.release_id} {self.name.capitalize()}'
        return self.release_id or self.name.capitalize()


@dataclasses.dataclass(frozen=True)
class Finding:
    """A problem a rule found, with where it is and how to fix it."""

    source: str
    line: int | None
    code: str
    rule: str
    severity: Severity
    message: str
    #: what it is about, for the baseline: the record's name, then the field
    #: (or link, section...) concerned, e.g. ``Add a knob / problem``
    subject: str | None = None

    def sort_key(self) -> tuple:
        return (self.source, self.line or 0, self.code, self.message)

    def as_dict(self) -> dict:
        return {
            'source': self.source,
            'line': self.line,
            'code': self.code,
            'rule': self.rule,
            'severity': str(self.severity),
            'message': self.message,
        }
