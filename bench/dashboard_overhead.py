"""Measure what the extension with its cycle dashboards adds to a build.

Stages the real specs tree twice with a page for every cycle it has content
for and an index page: once built by Sphinx alone, the pages holding only
a paragraph ("plain"), and once with the extension, the pages holding a
``cycle-dashboard`` each, the overview and the people index
("dashboards").  Both have the same pages, so the ratio is the whole cost
of the extension and its dashboards.  Target: at most 1.10.  Either times
fresh ``sphinx-build -E`` runs in rounds, alternating the order, and prints
medians (standard library and Sphinx only), or with ``--instructions``
counts the instructions of one build of each under valgrind's callgrind,
a figure the load of a shared machine does not move::

    python bench/dashboard_overhead.py [--rounds 3 | --instructions] [CORPUS]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_overhead import (  # noqa: E402
    DEFAULT_CORPUS, BuildFailed, build, count_instructions, stage)

PRIORITIES = re.compile(r'^(?P<cycle>[\w.]+)-priorities\.rst$')


def cycles_of(corpus: Path) -> list[str]:
    """Cycle folders under ``specs/`` and cycles named by priorities pages."""
    from sphinxext_glancecycle.catalogue import Catalogue

    catalogue = Catalogue.default()
    names = {path.name for path in (corpus / 'specs').iterdir() if path.is_dir()}
    names |= {match['cycle'] for path in (corpus / 'priorities').iterdir()
              if (match := PRIORITIES.match(path.name))}
    return sorted({cycle.key for cycle in map(catalogue.get, names) if cycle is not None})


def add_pages(source: Path, cycles: list[str], dashboards: bool) -> None:
    """A page per cycle and an index page; with or without the dashboards."""
    folder = source / 'cycles'
    folder.mkdir()
    for key in cycles:
        title = f'{key} dashboard'
        body = f'.. cycle-dashboard:: {key}' if dashboards else f'The {key} cycle.'
        (folder / f'{key}.rst').write_text(
            f':orphan:\n\n{title}\n{"=" * len(title)}\n\n{body}\n', encoding='utf-8')
    body = ('.. cycle-overview::\n\n.. people-index::\n\n.. cycle-toctree:: *\n'
            if dashboards else 'All cycles.\n')
    (folder / 'index.rst').write_text(f':orphan:\n\nCycles\n======\n\n{body}',
                                      encoding='utf-8')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('corpus', nargs='?', type=Path, default=DEFAULT_CORPUS)
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--instructions', action='store_true',
                        help='count instructions under callgrind instead of timing')
    args = parser.parse_args(argv)
    corpus = args.corpus.resolve()
    cycles = cycles_of(corpus)
    print(f'dashboards: {len(cycles)} cycles ({", ".join(cycles)}), overview, people index')
    times: dict[str, list[tuple[float, float]]] = {'plain': [], 'dashboards': []}
    with tempfile.TemporaryDirectory(prefix='glancecycle-bench-') as tmp:
        sources = {'plain': stage(corpus, Path(tmp, 'plain'), []),
                   'dashboards': stage(corpus, Path(tmp, 'dashboards'),
                                       ['sphinxext_glancecycle'])}
        add_pages(sources['plain'], cycles, dashboards=False)
        add_pages(sources['dashboards'], cycles, dashboards=True)
        try:
            if args.instructions:
                counts = count_instructions(sources, tmp)
            else:
                for number in range(args.rounds):
                    order = list(times) if number % 2 == 0 else list(reversed(times))
                    for name in order:
                        times[name].append(build(sources[name], Path(tmp, f'out-{name}')))
        except BuildFailed as exc:
            print(exc, file=sys.stderr)
            return 1
    if args.instructions:
        for name, count in counts.items():
            print(f'{name:>10}: {count:,} instructions')
        ratio = counts['dashboards'] / counts['plain']
        print(f'ratio dashboards/plain (instructions): {ratio:.3f}   (target <= 1.10)')
        return 0 if ratio <= 1.10 else 1
    for name, runs in times.items():
        wall = statistics.median(run[0] for run in runs)
        cpu = statistics.median(run[1] for run in runs)
        print(f'{name:>10}: wall {wall:6.2f} s   cpu {cpu:6.2f} s   ({len(runs)} builds)')
    ratio = (statistics.median(r[1] for r in times['dashboards'])
             / statistics.median(r[1] for r in times['plain']))
    print(f'ratio dashboards/plain (cpu): {ratio:.3f}   (target <= 1.10)')
    return 0 if ratio <= 1.10 else 1


if __name__ == '__main__':
    sys.exit(main())
