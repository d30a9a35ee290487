"""When each file of a repository was first added and last changed, from one ``git log``.

The whole history of the folders asked about is read in one call and parsed
once, so a build dates thousands of pages for the price of one process.
Dates are committer dates (when a change landed), in UTC. Without git, out
of a repository, or when git fails or takes too long, there are no dates:
:func:`file_dates` then returns an empty mapping and the reason, never raises.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import subprocess
from typing import Iterable

#: seconds one ``git log`` may take before the build goes on without dates
TIMEOUT = 60
#: starts each commit in the log read (a byte no path or number holds)
_COMMIT = b'\x01'


@dataclasses.dataclass(frozen=True)
class FileDates:
    """The first commit that added a path and the last that changed it."""

    added: datetime.datetime
    changed: datetime.datetime


def parse_log(output: bytes) -> dict[str, FileDates]:
    """The dates of each path in ``git log --format=%x01%ct --name-only -z`` output."""
    found: dict[str, tuple[int, int]] = {}
    for commit in output.split(_COMMIT):
        stamp, _, names = commit.partition(b'\0')
        if not stamp.strip().isdigit():
            continue
        when = int(stamp)
        for name in names.split(b'\0'):
            path = os.fsdecode(name.removeprefix(b'\n'))
            if not path:
                continue
            first, last = found.get(path, (when, when))
            found[path] = (min(first, when), max(last, when))
    return {path: FileDates(_utc(first), _utc(last)) for path, (first, last) in found.items()}


def _utc(stamp: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(stamp, datetime.timezone.utc)


def file_dates(root: str, folders: Iterable[str],
               timeout: float = TIMEOUT) -> tuple[dict[str, FileDates], str | None]:
    """The dates of every file git knows under ``folders`` of ``root``.

    Paths are relative to ``root``, with ``/``. Returns the dates and None,
    or an empty mapping and why there are no dates.
    """
    folders = sorted(set(folders))
    if not folders:
        return {}, None
    command = ['git', '-c', 'core.quotePath=false', '-C', root, 'log', '--no-color',
               '--no-renames', '--relative', '--format=%x01%ct', '--name-only', '-z',
               '--', *folders]
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True,
                              timeout=timeout, check=False,
                              env={**os.environ, 'GIT_TERMINAL_PROMPT': '0', 'LC_ALL': 'C'})
    except FileNotFoundError:
        return {}, 'git is not installed'
    except subprocess.TimeoutExpired:
        return {}, f'git log took more than {timeout:g} s'
    except OSError as exc:
        return {}, f'git could not run ({exc.strerror or exc})'
    if done.returncode:
        lines = done.stderr.decode('utf-8', 'replace').strip().splitlines()
        return {}, lines[-1] if lines else f'git log exited with status {done.returncode}'
    return parse_log(done.stdout), None
