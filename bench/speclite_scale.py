"""Per-entry cost of reading a many-per-file spec-lite page, at two sizes.

Generates a ``lite-specs.rst``-style page of N spec-lites, each closed by an
``End of`` heading, parses it once with docutils, then times reading its
spec-lites and running their rules (``sphinxext_glancecycle.analysis.analyse``)
several times.  Prints the median CPU time per entry at each size and their
ratio: a reader linear in the page's size keeps the ratio near 1::

    python bench/speclite_scale.py [--sizes 100 10000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

from docutils.core import publish_doctree

from sphinxext_glancecycle.analysis import analyse
from sphinxext_glancecycle.policy import Policy

ENTRY = """\
Entry {n}
{rule}

:project: glance

:problem: Entry {n} is slow.

:solution: Make entry {n} fast.

:impacts: None

:link: https://review.opendev.org/c/openstack/glance-specs/+/{n}

End of Entry {n}
{end}

"""


def page(size: int) -> str:
    """A many-per-file page of ``size`` spec-lites."""
    parts = []
    for n in range(size):
        title = f'Entry {n}'
        parts.append(ENTRY.format(n=n, rule='=' * len(title), end='=' * (len(title) + 7)))
    return ''.join(parts)


def per_entry(size: int, rounds: int) -> float:
    """Median CPU seconds per entry to read and check a page of ``size`` entries."""
    source = 'specs/2024.1/approved/lite-specs.rst'
    document = publish_doctree(page(size), source_path=source,
                               settings_overrides={'report_level': 5, 'halt_level': 5})
    policy = Policy.from_config({'glancecycle_projects': ['glance'],
                                 'glancecycle_today': '2024-01-20'})
    times = []
    for _ in range(rounds):
        start = time.process_time()
        report = analyse(document, source, policy)
        times.append(time.process_time() - start)
        assert len(report.spec_lites) == size, len(report.spec_lites)
    return statistics.median(times) / size


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--sizes', type=int, nargs='+', default=[100, 10000])
    parser.add_argument('--rounds', type=int, default=3)
    args = parser.parse_args(argv)
    costs = {size: per_entry(size, args.rounds) for size in args.sizes}
    for size, cost in costs.items():
        print(f'{size:>7} entries: {cost * 1e6:9.1f} us CPU per entry (median of {args.rounds})')
    smallest, largest = min(costs), max(costs)
    print(f'ratio {largest}/{smallest}: {costs[largest] / costs[smallest]:.2f}')


if __name__ == '__main__':
    main()
