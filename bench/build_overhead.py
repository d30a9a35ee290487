"""Measure what sphinxext-glancecycle adds to a build of a real specs tree.

Builds the tree twice per round, once without and once with the extension,
alternating the order from round to round, each build a fresh
``sphinx-build -E`` in its own process.  Prints the median wall-clock and
CPU times of both and the overhead ratio (CPU time is the steadier figure
on a shared machine).  Uses only the standard library and Sphinx::

    python bench/build_overhead.py [--rounds 5] [CORPUS]

On a shared machine whose speed drifts by more than the effect measured,
``--instructions`` runs each build once under ``valgrind --tool=callgrind``
(both at once, one per core) and compares the instructions executed, which
do not depend on the machine's load::

    python bench/build_overhead.py --instructions [CORPUS]

``CORPUS`` is a specs repository (default: ``../shared/corpus/glance-specs``
next to this repository); links that arrived as text files naming their
target are made links again in a staging tree under a temporary folder.  A
repository with its own ``doc/source/conf.py`` (cinder-specs, ironic-specs)
is built with it, as the team builds it, once as it is and once with the
README's lines added (its project named by the folder: ``cinder-specs`` ->
``['cinder']``), from a git checkout of the staged copy, run in it, as
openstackdocstheme wants.  The shared glance-specs copy has no conf.py of
its own and is built with the corpus tests' one.
"""

from __future__ import annotations

import argparse
import os
import re
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
sys.path.insert(0, str(HERE.parent / 'tests'))
from helpers.corpus_staging import stage, stage_real_build  # noqa: E402  (shared with tests)
from cli_speed import compile_package  # noqa: E402  (this folder is on the path)


class BuildFailed(Exception):
    """sphinx-build exited with an error."""


def staged(corpus: Path, where: Path) -> dict[str, Path]:
    """The ``doc/source`` of the build without and of the build with the extension."""
    conf = corpus / 'doc' / 'source' / 'conf.py'
    if not conf.is_file():
        return {'plain': stage(corpus, where / 'plain', []),
                'glancecycle': stage(corpus, where / 'glancecycle', ['sphinxext_glancecycle'])}
    projects = [corpus.name.removesuffix('-specs')]
    return {
        'plain': stage_real_build(corpus, conf, where / 'plain', readme_lines='')
        / 'doc' / 'source',
        'glancecycle': stage_real_build(corpus, conf, where / 'glancecycle',
                                        f'glancecycle_projects = {projects!r}\n')
        / 'doc' / 'source',
    }


def _repository(source: Path) -> Path:
    """Where a build of ``source`` runs: its repository, as a team's ``tox -e docs``."""
    return source.parent.parent


def build(source: Path, outdir: Path) -> tuple[float, float]:
    """Run one full HTML build; return its (wall, CPU) seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, '-m', 'sphinx', '-E', '-q', '-b', 'html',
                           str(source), str(outdir)], cwd=_repository(source),
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if done.returncode:
        raise BuildFailed(done.stderr.strip().splitlines()[-1] if done.stderr else
                          f'exit status {done.returncode}')
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def count_instructions(sources: dict[str, Path], tmp: str) -> dict[str, int]:
    """Instructions each build executes, from callgrind's summary line."""
    runs = {}
    for name, source in sources.items():
        command = ['valgrind', '--tool=callgrind', f'--callgrind-out-file={tmp}/{name}.out',
                   sys.executable, '-m', 'sphinx', '-E', '-q', '-b', 'html',
                   str(source), str(Path(tmp, f'out-{name}'))]
        runs[name] = subprocess.Popen(command, cwd=_repository(source),
                                      stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE, text=True,
                                      env={**os.environ, 'PYTHONHASHSEED': '0'})
    counts = {}
    for name, run in runs.items():
        _, errors = run.communicate()
        match = re.search(r'Collected\s*:\s*(\d+)', errors)
        if run.returncode or not match:
            raise BuildFailed(f'the {name} build under callgrind failed:\n{errors[-3000:]}')
        counts[name] = int(match.group(1))
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('corpus', nargs='?', type=Path, default=DEFAULT_CORPUS)
    parser.add_argument('--rounds', type=int, default=5)
    parser.add_argument('--instructions', action='store_true',
                        help='count instructions under callgrind instead of timing')
    args = parser.parse_args(argv)
    corpus = args.corpus.resolve()
    if not (corpus / 'specs').is_dir():
        parser.error(f'no specs tree at {corpus}')
    # Sphinx's own bytecode is there: without ours, every build with the
    # extension would compile it again
    compile_package()
    if args.instructions:
        with tempfile.TemporaryDirectory(prefix='glancecycle-bench-') as tmp:
            sources = staged(corpus, Path(tmp))
            try:
                counts = count_instructions(sources, tmp)
            except BuildFailed as exc:
                print(exc, file=sys.stderr)
                return 1
        for name, count in counts.items():
            print(f'{name:12} {count:,} instructions')
        ratio = counts['glancecycle'] / counts['plain']
        print(f'overhead (instructions): {(ratio - 1) * 100:+.1f}% (ratio {ratio:.3f})')
        return 0

    times: dict[str, list[tuple[float, float]]] = {'plain': [], 'glancecycle': []}
    with tempfile.TemporaryDirectory(prefix='glancecycle-bench-') as tmp:
        sources = staged(corpus, Path(tmp))
        for index in range(args.rounds):
            order = list(sources) if index % 2 == 0 else list(reversed(sources))
            for name in order:
                outdir = Path(tmp, f'out-{name}')
                shutil.rmtree(outdir, ignore_errors=True)
                try:
                    times[name].append(build(sources[name], outdir))
                except BuildFailed as exc:
                    print(f'the {name} build failed: {exc}', file=sys.stderr)
                    return 1
                wall, cpu = times[name][-1]
                print(f'round {index + 1} {name:12} wall {wall:6.2f} s  cpu {cpu:6.2f} s',
                      flush=True)

    medians = {name: (statistics.median(w for w, _ in runs),
                      statistics.median(c for _, c in runs))
               for name, runs in times.items()}
    for name, (wall, cpu) in medians.items():
        print(f'median {name:12} wall {wall:6.2f} s  cpu {cpu:6.2f} s')
    for axis, position in (('wall', 0), ('cpu', 1)):
        ratio = medians['glancecycle'][position] / medians['plain'][position]
        print(f'overhead ({axis}): {(ratio - 1) * 100:+.1f}% (ratio {ratio:.3f})')
    # The two builds of a round run back to back, so their ratio cancels the
    # slow drift of a shared machine's speed; its median is the steadier figure.
    paired = statistics.median(ext[1] / plain[1] for ext, plain
                               in zip(times['glancecycle'], times['plain']))
    print(f'overhead (cpu, median of per-round ratios): {(paired - 1) * 100:+.1f}% '
          f'(ratio {paired:.3f})')
    return 0


if __name__ == '__main__':
    sys.exit(main())
