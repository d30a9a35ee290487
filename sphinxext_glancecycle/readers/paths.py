"""What a document's path says: ``specs/<cycle>/<status>/<project>/...``."""

from __future__ import annotations

import dataclasses
import re
from pathlib import PurePosixPath

from sphinxext_glancecycle.catalogue import Catalogue

STATUSES = ('approved', 'implemented', 'untargeted')
PRIORITIES_NAME = re.compile(r'^(?P<cycle>[\w.]+)-priorities$')


@dataclasses.dataclass(frozen=True)
class PathInfo:
    cycle: str | None = None
    status: str | None = None
    project: str | None = None


def locate(source: str, catalogue: Catalogue) -> PathInfo:
    """Read cycle, status and project from a repository-relative path.

    The cycle is reported by its key in the catalogue (``2024.1``, ``pike``).
    """
    parts = PurePosixPath(source).parts
    if 'priorities' in parts:
        match = PRIORITIES_NAME.match(PurePosixPath(source).stem)
        cycle = catalogue.get(match['cycle']) if match else None
        return PathInfo(cycle=cycle.key if cycle else None)
    if 'specs' not in parts:
        return PathInfo()
    rest = list(parts[parts.index('specs') + 1:-1])
    cycle = catalogue.get(rest[0]) if rest else None
    if cycle is not None:
        rest.pop(0)
    status = None
    if rest and rest[0] in STATUSES:
        status = rest.pop(0)
    project = rest[0] if rest else None
    return PathInfo(cycle=cycle.key if cycle else None, status=status, project=project)
