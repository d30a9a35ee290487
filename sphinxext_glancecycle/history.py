"""What a repository's history says of its files, each from a bounded number of git calls.

:func:`file_dates`: when each file was first added and last changed. The
whole history of the folders asked about is read in one call and parsed
once, so a build dates thousands of pages for the price of one process.
:func:`file_versions` and :func:`contents`: every version one file had (the
spec template), in two calls whatever their number.
Dates are committer dates (when a change landed), in UTC. Without git, out
of a repository, or when git fails or takes too long, there are no dates:
each function then returns an empty result and the reason, never raises.
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
    output, why = _git(root, ['log', '--no-color', '--no-renames', '--relative',
                              '--format=%x01%ct', '--name-only', '-z', '--', *folders], timeout)
    return ({}, why) if output is None else (parse_log(output), None)


def _git(root: str, arguments: list[str], timeout: float, given: bytes | None = None,
         here: bool = False) -> tuple[bytes | None, str | None]:
    """The output of ``git arguments`` run in ``root`` (no shell, no prompt, bounded in
    time), or None and why there is none; ``here``: of a checkout at ``root`` only,
    not of one of the folders above it."""
    command = ['git', '-c', 'core.quotePath=false', '-C', root, *arguments]
    env = {**os.environ, 'GIT_TERMINAL_PROMPT': '0', 'LC_ALL': 'C'}
    if here:
        env['GIT_CEILING_DIRECTORIES'] = os.path.dirname(os.path.abspath(root))
    try:
        done = subprocess.run(command, input=given, stdin=None if given is not None else
                              subprocess.DEVNULL, capture_output=True, timeout=timeout,
                              check=False, env=env)
    except FileNotFoundError:
        return None, 'git is not installed'
    except subprocess.TimeoutExpired:
        return None, f'git {arguments[0]} took more than {timeout:g} s'
    except OSError as exc:
        return None, f'git could not run ({exc.strerror or exc})'
    if done.returncode:
        lines = done.stderr.decode('utf-8', 'replace').strip().splitlines()
        return None, lines[-1] if lines else (f'git {arguments[0]} exited with status '
                                              f'{done.returncode}')
    return done.stdout, None


@dataclasses.dataclass(frozen=True)
class Version:
    """One committed content of a file: when it landed, and git's id of the content."""

    committed: datetime.datetime
    blob: str


def parse_versions(output: bytes) -> list[Version]:
    """The versions in ``git log --format=%x01%ct --raw --no-abbrev -z`` output, oldest
    first; a commit that deleted the file gives none."""
    versions = []
    for commit in output.split(_COMMIT):
        stamp, _, rest = commit.partition(b'\0')
        fields = rest.lstrip(b'\n').split(b'\0', 1)[0].split()
        if not stamp.strip().isdigit() or len(fields) < 4 or not fields[0].startswith(b':'):
            continue
        blob = fields[3].decode('ascii')
        if blob.strip('0'):
            versions.append(Version(_utc(int(stamp)), blob))
    return versions[::-1]


def file_versions(root: str, path: str,
                  timeout: float = TIMEOUT) -> tuple[list[Version], str | None]:
    """Every version of the file at ``path`` (relative to ``root``) git has, oldest
    first, through renames; from one ``git log``.

    Only a git checkout at ``root`` itself is asked, never one of the folders
    above it. Returns the versions and None, or an empty list and why there
    are none.
    """
    if not os.path.exists(os.path.join(root, '.git')):
        return [], f'{root} is not a git checkout'
    output, why = _git(root, ['log', '--no-color', '--follow', '--format=%x01%ct', '--raw',
                              '--no-abbrev', '-z', '--', path], timeout, here=True)
    return ([], why) if output is None else (parse_versions(output), None)


def contents(root: str, blobs: Iterable[str],
             timeout: float = TIMEOUT) -> tuple[dict[str, bytes], str | None]:
    """The content of each of git's ``blobs`` of the checkout at ``root``, from one
    ``git cat-file``; an empty mapping and why when git cannot give them."""
    wanted = list(dict.fromkeys(blobs))
    if not wanted:
        return {}, None
    output, why = _git(root, ['cat-file', '--batch'], timeout,
                       given=''.join(f'{blob}\n' for blob in wanted).encode('ascii'), here=True)
    if output is None:
        return {}, why
    found: dict[str, bytes] = {}
    position = 0
    for blob in wanted:
        end = output.find(b'\n', position)
        header = output[position:end].split()
        if end < 0 or len(header) != 3 or header[1] != b'blob':
            return {}, f'git cat-file gave no content for {blob}'
        size = int(header[2])
        found[blob] = output[end + 1:end + 1 + size]
        position = end + 1 + size + 1
    return found, None
