"""Time a real specs tree's build with yasfb's RSS feed against glancecycle's Atom feeds.

The tree is copied to a temporary git repository whose history adds each
cycle's folder in its own commit (fixed dates), so both feeds have dates to
read: yasfb runs one ``git log`` per page, glancecycle one for the tree.
Then it is built, each build a fresh ``sphinx-build -E`` in its own process,
several rounds in turn:

* ``yasfb``: yasfb alone, as the upstream repository loads it (serial: it
  declares no parallel safety, so Sphinx reads serially even with ``-j``);
* ``glancecycle+yasfb``: glancecycle with yasfb kept (serial);
* ``glancecycle``: yasfb swapped for glancecycle's feeds, serial;
* ``glancecycle -j 2``: the same, reading in two processes.

It prints the median wall-clock and CPU (user + system, the build's
processes together) times side by side, and whether ``-j 2 -W`` passes
with and without yasfb. Uses only the standard library, Sphinx and the
extensions; yasfb must be installed in the running Python (``pip install
yasfb``), else its builds are left out and the script says so::

    python bench/feed_speed.py [--rounds 3] [CORPUS]

``CORPUS`` is a glance-specs checkout (default: ``../shared/corpus/glance-specs``
next to this repository), whose symbolic links may have arrived as text files.
"""

from __future__ import annotations

import argparse
import importlib.util
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
sys.path.insert(0, str(HERE.parent / 'tests'))
from helpers.corpus_staging import stage, stage_repository  # noqa: E402  (shared with tests)

#: what the upstream conf.py sets for yasfb
YASFB_CONF = """
feed_base_url = 'https://specs.openstack.org/openstack/glance-specs'
feed_author = 'OpenStack Glance Team'
"""
VARIANTS = {
    'yasfb': (['yasfb'], ()),
    'glancecycle+yasfb': (['sphinxext_glancecycle', 'yasfb'], ()),
    'glancecycle': (['sphinxext_glancecycle'], ()),
    'glancecycle -j 2': (['sphinxext_glancecycle'], ('-j', '2')),
}


class BuildFailed(Exception):
    """sphinx-build exited with an error."""


def git_history(repo: Path) -> None:
    """Make ``repo`` a git repository adding each cycle's folder in a commit of its own."""
    env = {**os.environ, 'GIT_AUTHOR_NAME': 'Bench', 'GIT_AUTHOR_EMAIL': 'bench@example.org',
           'GIT_COMMITTER_NAME': 'Bench', 'GIT_COMMITTER_EMAIL': 'bench@example.org',
           'GIT_CONFIG_GLOBAL': os.devnull, 'GIT_CONFIG_NOSYSTEM': '1'}

    def git(*args: str, when: int | None = None) -> None:
        extra = {} if when is None else {'GIT_AUTHOR_DATE': f'{when} +0000',
                                         'GIT_COMMITTER_DATE': f'{when} +0000'}
        subprocess.run(['git', '-C', str(repo), *args], check=True, env={**env, **extra},
                       stdout=subprocess.DEVNULL)

    git('init', '-q')
    when = 1_500_000_000
    for folder in sorted(path.name for path in (repo / 'specs').iterdir() if path.is_dir()):
        git('add', '-A', '--', f'specs/{folder}')
        git('commit', '-q', '-m', f'Add {folder}', when=when)
        when += 86_400 * 30
    git('add', '-A')
    git('commit', '-q', '-m', 'The rest', when=when)


def build(source: Path, outdir: Path, cwd: Path, *options: str) -> tuple[float, float]:
    """Run one full HTML build; return its (wall, CPU) seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, '-m', 'sphinx', '-E', '-q', *options, '-b', 'html',
                           str(source), str(outdir)], cwd=cwd,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if done.returncode:
        raise BuildFailed(done.stderr.strip().splitlines()[-1] if done.stderr else
                          f'exit status {done.returncode}')
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def feed_items(outdir: Path) -> str:
    """How many items each feed a build wrote holds."""
    counts = []
    for name, item in (('rss.xml', b'<item>'), ('glancecycle.atom', b'<entry>')):
        if (outdir / name).is_file():
            counts.append(f'{name}: {(outdir / name).read_bytes().count(item)} items')
    return ', '.join(counts)


def strict_parallel(source: Path, outdir: Path, cwd: Path) -> str:
    """What ``sphinx-build -j 2 -W`` says of the tree: 'passes' or its first error."""
    shutil.rmtree(outdir, ignore_errors=True)
    done = subprocess.run([sys.executable, '-m', 'sphinx', '-E', '-q', '-W', '-j', '2',
                           '-b', 'html', str(source), str(outdir)], cwd=cwd,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if not done.returncode:
        return 'passes'
    lines = [line for line in done.stderr.splitlines() if 'WARNING' in line or 'rror' in line]
    return 'fails: ' + (lines[0].strip() if lines else f'exit status {done.returncode}')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('corpus', nargs='?', type=Path, default=DEFAULT_CORPUS)
    parser.add_argument('--rounds', type=int, default=3)
    args = parser.parse_args(argv)
    corpus = args.corpus.resolve()
    if not (corpus / 'specs').is_dir():
        parser.error(f'no specs tree at {corpus}')
    if shutil.which('git') is None:
        parser.error('git is not installed: neither feed would have dates')
    variants = dict(VARIANTS)
    if importlib.util.find_spec('yasfb') is None:
        print('yasfb is not installed in this Python: its builds are left out', flush=True)
        variants = {name: v for name, v in variants.items() if 'yasfb' not in v[0]}

    times: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
    with tempfile.TemporaryDirectory(prefix='glancecycle-feed-bench-') as tmp:
        repo = stage_repository(corpus, Path(tmp, 'repo'), '')
        (repo / 'doc' / 'source' / 'conf.py').unlink()  # each site below writes its own
        git_history(repo)
        sources = {}
        for index, (name, (extensions, _)) in enumerate(variants.items()):
            source = stage(repo, Path(tmp, f'site-{index}'), extensions)
            if 'yasfb' in extensions:
                with open(source / 'conf.py', 'a', encoding='utf-8') as conf:
                    conf.write(YASFB_CONF)
            sources[name] = source
        for index in range(args.rounds):
            order = list(variants) if index % 2 == 0 else list(reversed(variants))
            for name in order:
                outdir = Path(tmp, f'out-{list(variants).index(name)}')
                shutil.rmtree(outdir, ignore_errors=True)
                try:
                    times[name].append(build(sources[name], outdir, repo, *variants[name][1]))
                except BuildFailed as exc:
                    print(f'the {name} build failed: {exc}', file=sys.stderr)
                    return 1
                wall, cpu = times[name][-1]
                print(f'round {index + 1} {name:18} wall {wall:6.2f} s  cpu {cpu:6.2f} s  '
                      f'{feed_items(outdir)}', flush=True)
        strict = {name: strict_parallel(sources[name], Path(tmp, 'out-strict'), repo)
                  for name in variants if not variants[name][1]}

    print(f'{"median of " + str(args.rounds):18} {"wall":>8} {"cpu":>8}')
    for name, runs in times.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        print(f'{name:18} {wall:7.2f}s {cpu:7.2f}s')
    for name, verdict in strict.items():
        print(f'sphinx-build -j 2 -W with {name}: {verdict}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
