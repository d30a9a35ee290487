"""Time ``glancecycle check`` on a real specs tree against a Sphinx build and doc8.

Each tool runs in its own process, several rounds; the script prints the
median wall-clock and CPU (user + system) time of each and the ratios.
``check`` is timed twice: *cold* (its cache emptied before every round, so
every file is parsed) and *warm* (the cache of the previous round kept, the
usual case when a check is repeated after editing a few files). doc8 gets
the same files ``check`` reads. *docutils floor* is docutils alone parsing
what ``check`` gives it: the pages it parses, whole or as their outline
(``bench/docutils_floor.py``): no docutils-based check can be faster cold.
The tools take turns, round by round, so that all meet the same load on a
shared machine; the package's bytecode is written first, as an installation
does. Uses only the standard library and the tools themselves::

    python bench/cli_speed.py [--rounds 5] [--build-rounds 2] [CORPUS]

``CORPUS`` is a glance-specs checkout (default: ``../shared/corpus/glance-specs``
next to this repository); a staging tree under a temporary folder links its
pages, whose symbolic links may have arrived as text files.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / 'shared' / 'corpus' / 'glance-specs'
BIN = Path(sys.executable).parent

sys.path.insert(0, str(HERE.parent / 'tests'))
from helpers.corpus_staging import stage  # noqa: E402  (shared with the corpus tests)


def timed(argv: list[str], cwd: Path, env: dict) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run of ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(f'{argv[0]} failed with status {done.returncode}')
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs))


def checked_files(repo: Path, texts: Path) -> tuple[list[str], list[str]]:
    """The files ``glancecycle check`` reads (for doc8), and copies in ``texts`` of
    what it gives docutils of those it parses: whole, or their outline."""
    from sphinxext_glancecycle.cli import check, confpy

    site = confpy.load(repo)
    analyser = check.Analyser(site)
    files, parsed = [], []
    for path in check.discover(site).paths:
        files.append(os.path.realpath(path))
        text = path.read_text('utf-8', 'replace')
        how = check.parsing(site.source_of(path), text, site)
        if how is not None:
            copy = texts / f'{len(parsed)}.rst'
            copy.write_text(analyser.text_to_parse(text, how, site.source_of(path)), 'utf-8')
            parsed.append(str(copy))
    return files, parsed


def compile_package() -> None:
    """Write the package's bytecode, as installing it does.

    In a checkout run with ``PYTHONDONTWRITEBYTECODE`` (as tox and CI may),
    every run would compile the package's modules again: a cost of that
    checkout, not of ``check`` (nor of the build, which imports them too).
    """
    import compileall

    import sphinxext_glancecycle

    compileall.compile_dir(os.path.dirname(sphinxext_glancecycle.__file__), quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('corpus', nargs='?', type=Path, default=DEFAULT_CORPUS)
    parser.add_argument('--rounds', type=int, default=5)
    parser.add_argument('--build-rounds', type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if not (BIN / 'doc8').exists():
            sys.exit(f'{sys.argv[0]}: doc8 is not installed beside {sys.executable} '
                     '(pip install doc8)')
        repo = stage(args.corpus.resolve(), Path(tmp, 'repo')).parents[1]
        cache = Path(tmp, 'cache')
        env = {**os.environ, 'GLANCECYCLE_CACHE_DIR': str(cache)}
        check = [str(BIN / 'glancecycle'), 'check']
        texts = Path(tmp, 'parsed')
        texts.mkdir()
        files, whole = checked_files(repo, texts)
        named = [*check, *files[:5]]  # as pre-commit calls it, after a whole check
        compile_package()
        cold, warm, warm_named, doc8, floor, build = [], [], [], [], [], []
        # round by round, so that every tool meets the same load of a shared machine
        for index in range(max(args.rounds, args.build_rounds)):
            if index < args.rounds:
                shutil.rmtree(cache, ignore_errors=True)
                cold.append(timed(check, repo, env))
                warm.append(timed(check, repo, env))
                warm_named.append(timed(named, repo, env))
                doc8.append(timed([str(BIN / 'doc8'), '-q', *files], repo, env))
                floor.append(timed([sys.executable, str(HERE / 'docutils_floor.py'), *whole],
                                   repo, env))
            if index < args.build_rounds:
                out = Path(tmp, f'build{index}')
                build.append(timed([str(BIN / 'sphinx-build'), '-E', '-q', '-b', 'html',
                                    str(repo / 'doc' / 'source'), str(out)], repo, env))
    results = {
        'sphinx-build': median(build),
        'doc8': median(doc8),
        'check (cold)': median(cold),
        'check (warm)': median(warm),
        'check FILE (warm)': median(warm_named),
        'docutils floor': median(floor),
    }
    print(f'{len(files)} files, {len(whole)} parsed; medians of {args.rounds} rounds '
          f'({args.build_rounds} for sphinx-build); {os.cpu_count()} CPUs\n')
    build_wall, build_cpu = results['sphinx-build']
    doc8_wall, doc8_cpu = results['doc8']
    print(f'{"":17} {"wall s":>8} {"cpu s":>8} {"x build":>14} {"x doc8":>14}')
    print(f'{"":17} {"":>8} {"":>8} {"wall / cpu":>14} {"wall / cpu":>14}')
    for name, (wall, cpu) in results.items():
        print(f'{name:17} {wall:8.3f} {cpu:8.3f} '
              f'{build_wall / wall:7.1f}{build_cpu / cpu:7.1f} '
              f'{doc8_wall / wall:7.1f}{doc8_cpu / cpu:7.1f}')
    floor_cpu = results['docutils floor'][1]
    print(f'\ncold check / docutils floor (cpu): {results["check (cold)"][1] / floor_cpu:.2f}x')
    print('targets (cpu): cold <= 1.3x the floor and >= 15x below the build; '
          'warm >= 100x below the build')


if __name__ == '__main__':
    main()
