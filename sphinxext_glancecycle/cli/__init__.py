"""The ``glancecycle`` command: check a specs repository without building it,
scaffold new proposals and cycles, and record a baseline for adoption.

This package runs on docutils and Sphinx's pure utilities
(``sphinx.util.matching``); it never starts a Sphinx application nor imports
the Sphinx layer (:mod:`sphinxext_glancecycle.ext`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Sequence

from sphinxext_glancecycle.cli.confpy import ConfigError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line and exit with status 2."""

    def error(self, message: str):
        raise ConfigError(f'{message} (see {self.prog} --help)')


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog='glancecycle', description=(
        'Check a specs repository without building it, scaffold new proposals and cycles, '
        'and record a baseline of known findings.'))
    parser.add_argument('-v', '--verbose', action='store_true',
                        help='say on stderr which conf.py and repository are used')
    commands = parser.add_subparsers(dest='command', metavar='COMMAND', parser_class=Parser)
    commands.required = True

    check = commands.add_parser(
        'check', help='report findings in the repository (no build needed)',
        description='Check spec-lites, specs, priorities and schedules with the rules the '
                    'Sphinx build uses. Exit status: 0 clean, 1 findings at warning level, '
                    '2 usage or configuration error.')
    check.add_argument('paths', nargs='*', metavar='PATH',
                       help='files or folders to check (default: what the build reads)')
    check.add_argument('--format', choices=('text', 'json'), default='text',
                       help="'text': path:line: CODE message; 'json': {\"findings\": [...]}")
    check.add_argument('--show-info', action='store_true',
                       help='also list findings at info level (text format)')

    commands.add_parser(
        'baseline', help='record today\'s findings so only new ones fail',
        description='Write the baseline file (glancecycle_baseline in conf.py, default '
                    '.glancecycle-baseline.json at the repository root) with every finding '
                    'the repository has now.')

    new = commands.add_parser('new', help='start a new spec or spec-lite from a template')
    new.add_argument('kind', choices=('spec', 'spec-lite'))
    new.add_argument('title')
    new.add_argument('--cycle', help='series id or name, e.g. 2026.2 (where the '
                     "repository's layout has cycle folders)")
    new.add_argument('--project', help='e.g. glance (where the layout has project folders, '
                     "or for a spec-lite's :project: field)")

    cycle = commands.add_parser(
        'next-cycle', help='open a cycle: spec folders, index, priorities and dashboard pages')
    cycle.add_argument('cycle', help='series id or name, e.g. 2027.1')
    cycle.add_argument('--dry-run', action='store_true',
                       help='only show what would be created')

    move = commands.add_parser(
        'move-implemented', help='move an approved spec to implemented/, with its redirect',
        description='Move an approved spec to the implemented/ folder of its cycle (git mv '
                    'when git tracks it), add the redirect from its old address to the '
                    "site's .htaccess (glancecycle_redirects) and a line testing it to "
                    'doc/test/redirect-tests.txt (run by whereto), and list it in the '
                    "cycle's index pages.")
    move.add_argument('spec', metavar='SPEC', help='the spec page, e.g. '
                      'specs/2026.2/approved/glance/my-spec.rst')
    move.add_argument('--dry-run', action='store_true',
                      help='only show what would be done; write nothing')
    return parser


def _say(text: str) -> None:
    """One line on stderr, control characters escaped."""
    from sphinxext_glancecycle.sanitize import printable

    print(f'glancecycle: {printable(text)}', file=sys.stderr)


def _report(result) -> None:
    """Files that could not be read, notes and stale baseline entries, on stderr."""
    for line in (*result.notes, *result.problems):
        _say(line)
    if result.stale:
        from sphinxext_glancecycle.baseline import describe_stale

        for entry in result.stale:
            _say(describe_stale(entry))


def load_repository(args, writes: bool = False):
    """The repository of the current folder; ``writes``: refuse one whose root lies
    outside the repository conf.py is in."""
    from sphinxext_glancecycle.cli import confpy

    repo = confpy.load(Path.cwd())
    if args.verbose:
        _say(f'settings from {repo.conf}; repository {repo.root}')
    if writes and not repo.inside(repo.root):
        raise ConfigError(f'{repo.root} (glancecycle_repo_root) is outside the repository '
                          f'{repo.top}; not writing there')
    return repo


def run_check(args, out) -> int:
    from sphinxext_glancecycle.cli import check

    repo = load_repository(args)
    tree = check.discover(repo)
    paths = list(check.expand(repo, tree, args.paths)) if args.paths else tree.paths
    result = check.check(repo, paths, tree, whole=not args.paths)
    if args.format == 'json':
        # ASCII only: no control character or escape of a page reaches the terminal raw
        out.write(json.dumps({'findings': [f.as_dict() for f in result.findings]},
                             indent=2, sort_keys=True) + '\n')
    else:
        for line in check.format_text(result.findings, args.show_info):
            out.write(line + '\n')
    _report(result)
    return EXIT_FINDINGS if result.failed else EXIT_OK


def run_baseline(args, out) -> int:
    from sphinxext_glancecycle import baseline
    from sphinxext_glancecycle.cli import check

    repo = load_repository(args, writes=True)
    name = repo.policy.baseline
    if not name:
        raise ConfigError('glancecycle_baseline is None in conf.py; set it to a file name')
    tree = check.discover(repo)
    result = check.check(repo, tree.paths, tree, use_baseline=False)
    _report(result)
    entries = [baseline.entry(finding, result.lines.get(finding.source, ()))
               for finding in result.findings]
    try:
        repo.path(name).write_text(baseline.dumps(entries), encoding='utf-8')
    except OSError as exc:
        raise ConfigError(f'{name}: cannot write ({exc.strerror or exc})') from None
    count = len(entries)
    out.write(f'{name}: {count} finding{"" if count == 1 else "s"} recorded\n')
    return EXIT_OK


def run_new(args, out) -> int:
    from sphinxext_glancecycle.cli import scaffold

    repo = load_repository(args, writes=True)
    path = scaffold.new(repo, args.kind, args.title, args.cycle, args.project)
    out.write(f'{os.path.relpath(path)}\n')
    for action, what in scaffold.place_page(repo, repo.shown(path)):
        out.write(f'{action} {what}\n')
    return EXIT_OK


def run_next_cycle(args, out) -> int:
    from sphinxext_glancecycle.cli import scaffold

    repo = load_repository(args, writes=True)
    for action, path in scaffold.next_cycle(repo, args.cycle, dry_run=args.dry_run):
        out.write(f'{action} {path}\n')
    return EXIT_OK


def run_move_implemented(args, out) -> int:
    from sphinxext_glancecycle.cli import move

    repo = load_repository(args, writes=True)
    for action, what in move.move_implemented(repo, args.spec, dry_run=args.dry_run):
        out.write(f'{action} {what}\n')
    return EXIT_OK


COMMANDS = {
    'check': run_check,
    'baseline': run_baseline,
    'new': run_new,
    'next-cycle': run_next_cycle,
    'move-implemented': run_move_implemented,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``glancecycle``; return the exit status."""
    try:
        args = build_parser().parse_args(argv)
        return COMMANDS[args.command](args, sys.stdout)
    except ConfigError as exc:
        _say(f'error: {exc}')
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
