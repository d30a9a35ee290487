"""Cross-references to specs, spec-lites, priorities and cycle dashboards.

``:glancecycle:spec:`2024.1/centralized-cache-db``` (or just the file
name when it is unique), ``:glancecycle:speclite:`<title or anchor>```,
``:glancecycle:priority:`2024.1/<item>``` and ``:glancecycle:cycle:`2024.1```
(release id or code name).  The same objects go into ``objects.inv``.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Iterator, NamedTuple

from sphinxext_glancecycle.catalogue import Catalogue
from sphinxext_glancecycle.ext.dashboard.data import located, slug, title_key
from sphinxext_glancecycle.model import DocumentRecords

#: object type -> role name
TYPES = {'spec': 'spec', 'spec-lite': 'speclite', 'priority': 'priority', 'cycle': 'cycle'}


class Target(NamedTuple):
    name: str
    dispname: str
    type: str
    docname: str
    anchor: str
    aliases: tuple[str, ...]


def targets(documents: dict[str, DocumentRecords], catalogue: Catalogue) -> Iterator[Target]:
    """Every object the roles can point at, in a stable order."""
    boards = {}
    for docname, key in located(documents, 'dashboards'):
        boards.setdefault(key, docname)
    for key, docname in sorted(boards.items()):
        cycle = catalogue.get(key)
        yield Target(key, cycle.title if cycle else key, 'cycle', docname,
                     '', (cycle.name,) if cycle else ())
    for docname, spec in located(documents, 'specs'):
        stem = PurePosixPath(docname).name
        yield Target(f'{spec.cycle}/{stem}', spec.title, 'spec', docname, '',
                     (stem, title_key(spec.title)))
    for docname, lite in located(documents, 'spec_lites'):
        name = slug(lite.title)
        yield Target(f'{lite.cycle}/{name}', lite.title, 'spec-lite', docname,
                     lite.anchor or '', (name, lite.anchor or name, title_key(lite.title)))
    for docname, priority in located(documents, 'priorities'):
        name = slug(priority.item)
        board = boards.get(priority.cycle)
        anchor = f'priority-{slug(priority.cycle or "")}-{name}' if board else ''
        yield Target(f'{priority.cycle}/{name}', priority.item, 'priority',
                     board or docname, anchor, (name, title_key(priority.item)))


def find(documents, catalogue, typ: str, target: str) -> Target | None:
    """The object of type ``typ`` named ``target`` (by name first, then alias)."""
    wanted = target.strip()
    if typ == 'cycle':
        cycle = catalogue.get(wanted)
        wanted = cycle.key if cycle else wanted
    candidates = [t for t in targets(documents, catalogue) if t.type == typ]
    for candidate in candidates:
        if candidate.name == wanted:
            return candidate
    folded = {wanted.lower(), title_key(wanted)}
    matches = [c for c in candidates if folded & {a.lower() for a in c.aliases}]
    return matches[0] if len(matches) == 1 else None
