"""GC4xx: people across the repository.

A :class:`Directory` gathers every named person from priorities (owners
with their profile links), specs and spec-lites (assignees); its entries
are the records the GC4xx rules judge.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Iterable

from sphinxext_glancecycle.model import Finding, Priority, Spec, SpecLite
from sphinxext_glancecycle.rules import registry
from sphinxext_glancecycle.rules.registry import rule

LAUNCHPAD = re.compile(r'^https?://(?:www\.)?launchpad\.net/~(?P<id>[^/?#\s]+)/?$')


def launchpad_id(url: str | None) -> str | None:
    """``abc`` for ``https://launchpad.net/~abc``."""
    match = LAUNCHPAD.match(url or '')
    return match['id'] if match else None


@dataclasses.dataclass
class Use:
    """One place a profile URL was given for a name."""

    url: str
    source: str
    line: int | None
    cycle: str | None


@dataclasses.dataclass
class Person:
    """Everything known about one display name."""

    name: str
    uses: list[Use] = dataclasses.field(default_factory=list)
    #: (role, what, cycle, docname, anchor)
    roles: list[tuple[str, str, str | None, str, str | None]] = dataclasses.field(
        default_factory=list)

    @property
    def urls(self) -> list[str]:
        return sorted({use.url for use in self.uses})

    @property
    def ids(self) -> list[str]:
        return sorted({launchpad_id(use.url) or use.url for use in self.uses})

    @property
    def conflict(self) -> bool:
        return len(self.ids) > 1


class Directory:
    """People by display name (case folded)."""

    def __init__(self) -> None:
        self.people: dict[str, Person] = {}

    def get(self, name: str) -> Person:
        key = ' '.join(name.split()).casefold()
        if key not in self.people:
            self.people[key] = Person(' '.join(name.split()))
        return self.people[key]

    def by_id(self) -> dict[str, Person]:
        return {ident.casefold(): person for person in self.people.values()
                for ident in person.ids}

    def entries(self) -> list[Person]:
        return [self.people[key] for key in sorted(self.people)]


def build_directory(priorities: Iterable[tuple[str, Priority]],
                    specs: Iterable[tuple[str, Spec]],
                    spec_lites: Iterable[tuple[str, SpecLite]]) -> Directory:
    """Gather the people named by ``(docname, record)`` pairs."""
    people = Directory()
    for docname, priority in priorities:
        for owner in priority.owners:
            if not owner.name.strip():
                continue
            person = people.get(owner.name)
            if owner.url:
                person.uses.append(Use(owner.url, priority.source, priority.line,
                                       priority.cycle))
            person.roles.append(('owner', priority.item, priority.cycle, docname, None))
    known = people.by_id()
    for docname, spec in specs:
        for name in spec.assignees:
            person = known.get(name.casefold()) or people.get(name)
            person.roles.append(('spec', spec.title, spec.cycle, docname, None))
    for docname, lite in spec_lites:
        name = lite.value('assignee')
        if name and name.strip().lower() not in ('none', 'tbd', 'unassigned'):
            person = known.get(name.casefold()) or people.get(name)
            person.roles.append(('spec-lite', lite.title, lite.cycle, docname, lite.anchor))
    for person in people.people.values():
        person.roles.sort(key=lambda role: (role[2] or '', role[0], role[1], role[3]))
        person.uses.sort(key=lambda use: (use.source, use.line or 0, use.url))
    return people


@rule('GC401', 'person-ids-differ', 'person')
def check_one_id_per_name(person: Person, policy):
    """One display name links to different Launchpad profiles.

    Owners are matched by name across pages; a name should always point at
    the same person.
    """
    if not person.conflict:
        return
    first = {}
    for use in person.uses:
        first.setdefault(launchpad_id(use.url) or use.url, use)
    places = ', '.join(f'~{ident} at {use.source}:{use.line}' for ident, use in sorted(
        first.items()))
    yield person.uses[0].line, (f"'{person.name}' links to {len(first)} different Launchpad "
                                f'profiles: {places} (link the name to one profile everywhere)')


def people_findings(people: Directory, policy) -> list[Finding]:
    """The GC4xx findings of a whole repository's people."""
    findings = []
    for person in people.entries():
        if not person.uses:
            continue
        last = max(person.uses, key=lambda use: policy.catalogue.position(use.cycle) or -1)
        findings.extend(registry.check('person', person, policy, source=person.uses[0].source,
                                       cycle=last.cycle))
    return sorted(findings, key=Finding.sort_key)
