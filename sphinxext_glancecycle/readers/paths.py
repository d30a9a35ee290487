"""What a document's path says: its cycle, status and project, as the profile lays them out.

glance keeps ``specs/<cycle>/<status>/<project>/...``; other layouts
(:class:`~sphinxext_glancecycle.profile.Layout`) keep status folders with no
cycle (``specs/backlog/``), ``<cycle>-implemented`` folders, or folders of
symbolic links naming what shipped in a release (``specs/18.2/``).
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import PurePosixPath
from typing import Mapping

from sphinxext_glancecycle.catalogue import Catalogue
from sphinxext_glancecycle.profile import GLANCE, Layout, Profile

STATUSES = GLANCE.layout.cycle_statuses
#: ``mitaka-priorities``, ``2023-1-workitems``, ``xena-themes``
PRIORITIES_NAME = re.compile(r'^(?P<cycle>[\w.-]+?)-(priorities|workitems|themes)$')


@dataclasses.dataclass(frozen=True)
class PathInfo:
    cycle: str | None = None
    status: str | None = None
    project: str | None = None
    #: the release whose folder links to the spec (``18.2``)
    release: str | None = None


def _cycle(name: str, catalogue: Catalogue) -> str | None:
    series = catalogue.get(name) or catalogue.get(name.replace('-', '.'))
    return series.key if series else None


def locate(source: str, catalogue: Catalogue, profile: Profile = GLANCE,
           shipped: Mapping[str, str] | None = None) -> PathInfo:
    """Read cycle, status and project from a repository-relative path.

    The cycle is reported by its key in the catalogue (``2024.1``, ``pike``).
    ``shipped`` maps a spec's path to the release whose folder links to it
    (:func:`shipped_in`); such a spec has that release's cycle.
    """
    path = PurePosixPath(source)
    parts = path.parts
    if 'priorities' in parts:
        match = PRIORITIES_NAME.match(path.stem)
        return PathInfo(cycle=_cycle(match['cycle'], catalogue) if match else None)
    layout = profile.layout
    if layout.root not in parts:
        return PathInfo()
    rest = list(parts[parts.index(layout.root) + 1:-1])
    cycle = status = release = None
    if rest:
        head = rest[0]
        cycle = _cycle(head, catalogue)
        if cycle is None and '-' in head:
            stem, _, suffix = head.rpartition('-')
            if suffix in layout.cycle_suffixes:
                cycle = _cycle(stem, catalogue)
                status = layout.cycle_suffixes[suffix] if cycle else None
        if cycle is not None:
            rest.pop(0)
        elif head in layout.statuses:
            status = rest.pop(0)
    if cycle is not None and status is None and rest and rest[0] in layout.cycle_statuses:
        status = rest.pop(0)
    if shipped and source in shipped:
        release = shipped[source]
        cycle = cycle or _cycle(layout.releases.get(release, ''), catalogue)
    project = rest[0] if rest and layout.project_folders else None
    return PathInfo(cycle=cycle, status=status, project=project, release=release)


def is_release_folder(name: str, layout: Layout) -> bool:
    return bool(layout.release_folders and re.match(layout.release_folders, name))


def shipped_in(root: str | os.PathLike, layout: Layout) -> dict[str, str]:
    """Repository path of each spec a release folder links to -> that release.

    Read once per run from the links themselves (``os.readlink``, nothing
    is opened); a spec linked from several releases keeps the first.
    """
    if not layout.release_folders:
        return {}
    specs = os.path.join(root, layout.root)
    found: dict[str, str] = {}
    try:
        folders = sorted(os.listdir(specs), key=_release_order)
    except OSError:
        return {}
    for name in folders:
        folder = os.path.join(specs, name)
        if not is_release_folder(name, layout) or not os.path.isdir(folder):
            continue
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if not entry.is_symlink():
                continue
            target = os.path.normpath(os.path.join(folder, os.readlink(entry.path)))
            relative = os.path.relpath(target, root).replace(os.sep, '/')
            if not relative.startswith('..'):
                found.setdefault(relative, name)
    return found


def _release_order(name: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in name.split('.'))
