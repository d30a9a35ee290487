"""GC4xx: people across the repository.

A :class:`Directory` gathers every named person from priorities (owners
with their profile links), specs and spec-lites (assignees); its entries
are the records the GC4xx rules judge.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from typing import Iterable, Mapping, NamedTuple

from sphinxext_glancecycle.model import Finding, Priority, Spec, SpecLite
from sphinxext_glancecycle.readers.priorities import split_names
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


class Role(NamedTuple):
    """What a person does: owns a priority, or is assigned a spec or spec-lite."""

    kind: str  # 'owner', 'spec' or 'spec-lite'
    what: str
    cycle: str | None
    docname: str
    anchor: str | None = None
    project: str | None = None

    @property
    def label(self) -> str:
        """``spec-lite: Title (glance_store, pike)``: the project tells same-titled work apart."""
        where = ', '.join(filter(None, (self.project, self.cycle or 'no cycle')))
        return f'{self.kind}: {self.what} ({where})'


@dataclasses.dataclass
class Identity:
    """Everything known about one person."""

    name: str
    uses: list[Use] = dataclasses.field(default_factory=list)
    roles: list[Role] = dataclasses.field(default_factory=list)
    #: nicks and names pages give for this person besides :attr:`name`
    aliases: set[str] = dataclasses.field(default_factory=set)
    #: unique among the directory's entries (set by :meth:`Directory.entries`)
    anchor: str = ''

    @property
    def urls(self) -> list[str]:
        return sorted({use.url for use in self.uses})

    @property
    def ids(self) -> list[str]:
        return sorted({launchpad_id(use.url) or use.url for use in self.uses})

    @property
    def conflict(self) -> bool:
        return len(self.ids) > 1


def fold(name: str) -> str:
    """A name as the directory keys it: spaces collapsed, end dots dropped, case folded."""
    return ' '.join(name.split()).strip(' .').casefold()


class Directory:
    """People by display name, joined with their Launchpad ids, nicks and aliases.

    ``aliases`` (``glancecycle_people``) maps a display name to the other
    names and ids the same person goes by, for what the tree cannot tell.
    """

    def __init__(self, aliases: Mapping[str, Iterable[str]] | None = None) -> None:
        self.people: dict[str, Identity] = {}
        self.known: dict[str, str] = {}
        for name, others in (aliases or {}).items():
            for other in others:
                self.known[fold(other)] = fold(name)
            self.get(name)

    def get(self, name: str) -> Identity:
        key = self.known.get(fold(name), fold(name))
        if key not in self.people:
            self.people[key] = Identity(' '.join(name.split()))
        return self.people[key]

    def join(self, person: Identity, alias: str) -> None:
        """File ``alias`` (an id or nick) under ``person`` unless it names someone else."""
        key = fold(alias)
        if key not in self.known and key not in self.people:
            self.known[key] = fold(person.name)
            person.aliases.add(alias)

    def lookup(self, *words: str | None) -> Identity | None:
        """The person known by the first of ``words`` (names, ids, nicks) that is known."""
        for word in filter(None, words):
            key = self.known.get(fold(word), fold(word))
            if key in self.people:
                return self.people[key]
        return None

    def linked(self, name: str, ident: str | None) -> Identity:
        """The person a name linked to Launchpad profile ``ident`` means."""
        person = self.lookup(name)
        if person is None and ident:
            person = self.lookup(ident)
            if person is not None:
                self.known[fold(name)] = fold(person.name)
                person.aliases.add(' '.join(name.split()))
        return person or self.get(name)

    def find(self, name: str, nick: str | None = None) -> Identity:
        """The person a name (or nick) given without a profile link means."""
        person = self.lookup(nick, name)
        if person is not None:
            return person
        person = self.get(name)
        if nick:
            self.join(person, nick)
        return person

    def entries(self) -> list[Identity]:
        """Everyone, by name, each with an anchor unique among them."""
        people = [self.people[key] for key in sorted(self.people)]
        taken: set[str] = set()
        for person in people:
            base = f'person-{slug(person.name)}'
            anchor = base if slug(person.name) != 'item' else f'person-{_digest(person.name)}'
            if anchor in taken:
                anchor = f'{base}-{_digest(person.name)}'
            taken.add(anchor)
            person.anchor = anchor
        return people

    def anchor(self, name: str) -> str:
        """The people index's anchor of the person ``name`` means."""
        if not any(person.anchor for person in self.people.values()):
            self.entries()
        person = self.lookup(name)
        return person.anchor if person is not None else f'person-{_digest(name)}'


def _digest(name: str) -> str:
    return hashlib.sha1(fold(name).encode('utf-8')).hexdigest()[:8]


def slug(text: str) -> str:
    """An id-safe form of ``text``: lower case ASCII words, or ``item`` when none."""
    return '-'.join(re.findall(r'[a-z0-9]+', text.lower())) or 'item'


def build_directory(priorities: Iterable[tuple[str, Priority]],
                    specs: Iterable[tuple[str, Spec]],
                    spec_lites: Iterable[tuple[str, SpecLite]],
                    aliases: Mapping[str, Iterable[str]] | None = None) -> Directory:
    """Gather the people named by ``(docname, record)`` pairs.

    Owners linked to a profile come first, so a name given elsewhere as
    that profile's id (or as a nick) is filed under the linked name.
    """
    people = Directory(aliases)
    priorities = list(priorities)
    for docname, priority in priorities:
        for owner in priority.owners:
            if owner.url and owner.name.strip():
                ident = launchpad_id(owner.url)
                person = people.linked(owner.name, ident)
                person.uses.append(Use(owner.url, priority.source, priority.line,
                                       priority.cycle))
                if ident:
                    people.join(person, ident)
                if owner.nick:
                    people.join(person, owner.nick)
    for docname, priority in priorities:
        for owner in priority.owners:
            if owner.name.strip():
                person = people.find(owner.name, owner.nick)
                person.roles.append(Role('owner', priority.item, priority.cycle, docname))
    for docname, spec in specs:
        for text in spec.assignees:
            for name, nick in split_names(text):
                person = people.find(name, nick)
                person.roles.append(Role('spec', spec.title, spec.cycle, docname,
                                         project=spec.project))
    for docname, lite in spec_lites:
        for name, nick in split_names(lite.value('assignee') or ''):
            person = people.find(name, nick)
            person.roles.append(Role('spec-lite', lite.title, lite.cycle, docname, lite.anchor,
                                     lite.value('project') or lite.project))
    for person in people.people.values():
        person.roles.sort(key=lambda role: (role.cycle or '', role.kind, role.what,
                                            role.docname, role.project or ''))
        person.uses.sort(key=lambda use: (use.source, use.line or 0, use.url))
    return people


@rule('GC401', 'person-ids-differ', 'person')
def check_one_id_per_name(person: Identity, policy):
    """One display name links to different Launchpad profiles.

    Owners are matched by name across pages; a name should always point at
    the same person.
    """
    if not person.conflict:
        return
    first = {}
    for use in person.uses:
        # a Launchpad profile by its id (~abc), any other by its URL
        ident = launchpad_id(use.url)
        first.setdefault(f'~{ident}' if ident else use.url, use)
    places = ', '.join(f'{ident} at {use.source}:{use.line}' for ident, use in sorted(
        first.items()))
    kind = 'Launchpad ' if all(launchpad_id(use.url) for use in first.values()) else ''
    yield person.uses[0].line, (f"'{person.name}' links to {len(first)} different {kind}"
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
