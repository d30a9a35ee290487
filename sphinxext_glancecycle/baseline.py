"""Known findings a repository has accepted for now: ``.glancecycle-baseline.json``.

Adopting the extension on an existing specs repository should not mean
fixing years of old pages first. ``glancecycle baseline`` records today's
findings; the command line and the Sphinx build then report those at info
level and fail only on new ones.

An entry is keyed by the file, the rule code, a hash of the text of the
offending line (not its number), so it survives edits elsewhere in the file,
and the finding's *subject*: the record it is about (a spec-lite's or spec's
title, a priority, a page) and the field or link concerned. So a second
defect reported at the same line (many rules report at a title) is new.
Entries written before subjects existed have none; they match as before,
on file, code and line, until ``glancecycle baseline`` is run again.
Entries that no longer match anything are *stale* and reported, so the file
shrinks as pages are fixed.
"""

from __future__ import annotations

import collections
import dataclasses
import hashlib
import json
from typing import Iterable, Mapping, Sequence

from sphinxext_glancecycle.model import Finding, Severity

VERSION = 1


class BaselineError(ValueError):
    """The baseline file cannot be read or has the wrong shape."""


@dataclasses.dataclass(frozen=True)
class Key:
    """What identifies a finding across unrelated edits."""

    source: str
    code: str
    fingerprint: str
    #: ``None`` in an entry written without subjects: it matches any subject
    subject: str | None = None


def fingerprint(finding: Finding, lines: Sequence[str]) -> str:
    """Hash of the offending line's text (spacing folded), else of the message."""
    text = finding.message
    if finding.line and 0 < finding.line <= len(lines):
        text = ' '.join(lines[finding.line - 1].split()) or text
    return hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]


def key(finding: Finding, lines: Sequence[str]) -> Key:
    return Key(finding.source, finding.code, fingerprint(finding, lines), finding.subject)


def entry(finding: Finding, lines: Sequence[str]) -> dict:
    """The baseline record of ``finding``; the message is kept for readers."""
    item = {'source': finding.source, 'code': finding.code, 'rule': finding.rule,
            'fingerprint': fingerprint(finding, lines), 'message': finding.message}
    if finding.subject is not None:
        item['subject'] = finding.subject
    return item


def _key(item: dict) -> Key:
    return Key(item['source'], item['code'], item['fingerprint'], item.get('subject'))


def dumps(entries: Iterable[dict]) -> str:
    """The baseline file's text, ordered so it diffs well."""
    ordered = sorted(entries, key=lambda e: (e['source'], e['code'], e['fingerprint'],
                                             e.get('subject', ''), e['message']))
    data = {'version': VERSION, 'findings': ordered}
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + '\n'


class Baseline:
    """The accepted findings, as a multiset of keys."""

    def __init__(self, entries: Iterable[dict]) -> None:
        self.entries = list(entries)
        self.counts = collections.Counter(_key(e) for e in self.entries)

    @property
    def note(self) -> str | None:
        """What to say about entries written without subjects, if there are any."""
        old = sum(1 for item in self.entries if 'subject' not in item)
        if not old:
            return None
        return (f'{old} baseline entr{"y has" if old == 1 else "ies have"} no subject (written '
                'by an older version) and may hide a new finding of the same rule on the same '
                "line; run 'glancecycle baseline' to record subjects")

    @classmethod
    def loads(cls, text: str) -> Baseline:
        """Parse a baseline file's text; :exc:`BaselineError` when it is malformed."""
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise BaselineError(f'not valid JSON ({exc})') from None
        except RecursionError:
            raise BaselineError('not a baseline (nested too deeply)') from None
        if not isinstance(data, dict) or data.get('version') != VERSION:
            raise BaselineError(f"not a version {VERSION} baseline (regenerate it with "
                                "'glancecycle baseline')")
        entries = data.get('findings')
        if not isinstance(entries, list) or not all(
                isinstance(e, dict) and all(isinstance(e.get(k), str)
                                            for k in ('source', 'code', 'fingerprint'))
                and isinstance(e.get('subject', ''), str) for e in entries):
            raise BaselineError("'findings' must be a list of objects with source, code "
                                "and fingerprint (and a subject, if any, that is text)")
        return cls(entries)

    def apply(self, findings: Iterable[Finding], lines: Mapping[str, Sequence[str]],
              ) -> tuple[list[Finding], list[Key]]:
        """Lower the baselined ``findings`` to info level.

        ``lines`` maps each finding's source to the lines of that file.
        Returns the findings and the keys they used up (each entry covers
        one finding). Entries with the finding's subject are used first,
        then entries written without subjects.
        """
        findings = list(findings)
        left = collections.Counter(self.counts)
        found = [key(finding, lines.get(finding.source, ())) for finding in findings]
        matched: list[Key | None] = [None] * len(findings)
        for legacy in (False, True):
            for index, wanted in enumerate(found):
                if legacy:
                    wanted = dataclasses.replace(wanted, subject=None)
                if matched[index] is None and left[wanted] > 0:
                    left[wanted] -= 1
                    matched[index] = wanted
        result = [dataclasses.replace(finding, severity=Severity.INFO)
                  if match is not None and finding.severity > Severity.INFO else finding
                  for finding, match in zip(findings, matched)]
        return result, [match for match in matched if match is not None]

    def stale(self, used: Iterable[Key]) -> list[dict]:
        """Entries not used up by any finding, in file order."""
        left = self.counts - collections.Counter(used)
        stale = []
        for item in self.entries:
            found = _key(item)
            if left[found] > 0:
                left[found] -= 1
                stale.append(item)
        return stale


def describe_stale(item: dict) -> str:
    """One line about a stale entry, saying how to clear it."""
    return (f"{item['source']}: baseline entry {item['code']} no longer matches a finding "
            f"({item.get('message', '')!r}); run 'glancecycle baseline' to drop it")
