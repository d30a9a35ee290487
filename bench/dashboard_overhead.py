"""Measure what the cycle dashboards add to a build of a real specs tree.

Stages the tree three times with the extension: as it is ("plain"); with
a page for every cycle it has content for plus an index page, holding only
a paragraph ("pages"); and with those pages holding a ``cycle-dashboard``
each, the overview and the people index ("dashboards").  Builds all three
per round, rotating the order, each a fresh ``sphinx-build -E`` in its own
process, and prints the median wall-clock and CPU times and the ratios.
dashboards/plain is the whole cost of the feature (about a tenth more
pages for Sphinx to write); dashboards/pages is what the dashboards
themselves cost.  Target: at most 1.10.  Uses only the standard library
and Sphinx::

    python bench/dashboard_overhead.py [--rounds 3] [CORPUS]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_overhead import DEFAULT_CORPUS, build, stage  # noqa: E402

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
    args = parser.parse_args(argv)
    corpus = args.corpus.resolve()
    cycles = cycles_of(corpus)
    names = ['plain', 'pages', 'dashboards']
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory() as tmp:
        sources = {name: stage(corpus, Path(tmp, name), ['sphinxext_glancecycle'])
                   for name in names}
        add_pages(sources['pages'], cycles, dashboards=False)
        add_pages(sources['dashboards'], cycles, dashboards=True)
        for number in range(args.rounds):
            order = names[number % 3:] + names[:number % 3]
            for name in order:
                times[name].append(build(sources[name], Path(tmp, f'out-{name}')))
    print(f'corpus: {corpus}')
    print(f'dashboards: {len(cycles)} cycles ({", ".join(cycles)}), overview, people index')
    for name, runs in times.items():
        wall = statistics.median(run[0] for run in runs)
        cpu = statistics.median(run[1] for run in runs)
        print(f'{name:>10}: wall {wall:6.2f} s   cpu {cpu:6.2f} s   ({len(runs)} builds)')

    def ratio(name: str, index: int) -> float:
        return (statistics.median(r[index] for r in times['dashboards'])
                / statistics.median(r[index] for r in times[name]))

    for name in ('plain', 'pages'):
        print(f'ratio dashboards/{name}: wall {ratio(name, 0):.3f}   '
              f'cpu {ratio(name, 1):.3f}   (target <= 1.10)')
    return 0 if ratio('pages', 1) <= 1.10 else 1


if __name__ == '__main__':
    sys.exit(main())
