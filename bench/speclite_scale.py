"""Per-entry cost of reading a many-per-file spec-lite page, at two sizes.

Generates a ``lite-specs.rst``-style page of N spec-lites, each closed by an
``End of`` heading, parses it once with docutils, then times reading its
spec-lites and running their rules (``sphinxext_glancecycle.analysis.analyse``)
several times.  Prints the median CPU time per entry at each size and their
ratio: a reader linear in the page's size keeps the ratio near 1.  With
``--tools``, also the CPU time per entry of a whole ``glancecycle check``
(no cache) and of a Sphinx build of a repository holding that one page,
once each::

    python bench/speclite_scale.py [--sizes 100 10000] [--rounds 3] [--tools]
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


CONF = """\
extensions = ['sphinxext_glancecycle']
glancecycle_projects = ['glance']
glancecycle_today = '2024-01-20'
"""


def tools_per_entry(size: int) -> tuple[float, float]:
    """CPU seconds per entry of ``glancecycle check`` and of ``sphinx-build`` (children)."""
    import os
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as top:
        root = Path(top)
        (root / '.git').mkdir()
        source = root / 'doc' / 'source'
        folder = root / 'specs' / '2024.1' / 'approved'
        folder.mkdir(parents=True)
        source.mkdir(parents=True)
        (folder / 'lite-specs.rst').write_text(page(size), 'utf-8')
        (source / 'conf.py').write_text(CONF, 'utf-8')
        (source / 'index.rst').write_text(
            'Specs\n=====\n\n.. toctree::\n   :glob:\n\n   specs/*/*/*\n', 'utf-8')
        (source / 'specs').symlink_to(Path('..', '..', 'specs'))
        env = dict(os.environ, GLANCECYCLE_CACHE_DIR=str(root / 'cache'))
        costs = []
        for command in ([str(bin_dir / 'glancecycle'), 'check'],
                        [str(bin_dir / 'sphinx-build'), '-q', '-b', 'html', str(source),
                         str(root / 'out')]):
            before = os.times()
            subprocess.run(command, cwd=root, env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=False)
            after = os.times()
            costs.append((after.children_user - before.children_user
                          + after.children_system - before.children_system) / size)
        return costs[0], costs[1]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--sizes', type=int, nargs='+', default=[100, 10000])
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--tools', action='store_true',
                        help='also time a whole check and a whole build at each size')
    args = parser.parse_args(argv)
    costs = {size: per_entry(size, args.rounds) for size in args.sizes}
    for size, cost in costs.items():
        print(f'{size:>7} entries: {cost * 1e6:9.1f} us CPU per entry (median of {args.rounds})')
    smallest, largest = min(costs), max(costs)
    print(f'ratio {largest}/{smallest}: {costs[largest] / costs[smallest]:.2f}')
    if args.tools:
        whole = {size: tools_per_entry(size) for size in args.sizes}
        for size, (check, build) in whole.items():
            print(f'{size:>7} entries: check {check * 1e3:7.2f} ms, build {build * 1e3:7.2f} ms '
                  'CPU per entry')
        for name, index in (('check', 0), ('build', 1)):
            ratio = whole[largest][index] / whole[smallest][index]
            print(f'{name} ratio {largest}/{smallest}: {ratio:.2f}')


if __name__ == '__main__':
    main()
