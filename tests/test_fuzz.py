"""Both tools on a few hundred mutated pages: no crash, no hang, every warning located.

The pages are the test roots' spec-lites, priorities pages and schedules,
each broken by a few seeded random mutations (truncation, flipped bytes,
duplicated lines, a deleted title adornment, a huge cell, control
characters, dates at the edges of the calendar, ``javascript:`` links).
They are checked in batches, one repository, one ``glancecycle check`` and
one Sphinx build per batch; the two must report the same findings.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import signal
from pathlib import Path

import pytest

from helpers import sphinxbuild
from helpers.repo import CONF, GLANCE, GOOD, make_repo, run

ROOTS = Path(__file__).parent / 'roots'
SEEDS = {
    'lite': sorted(ROOTS.glob('test-speclite-*/specs/*/*/*/*.rst')),
    'priorities': sorted([*ROOTS.glob('test-*/priorities/*-priorities.rst')]),
    'other': [ROOTS / 'test-schedules' / 'new-content.rst'],
}
SCHEDULES = ROOTS / 'test-parity' / 'releases'
SITE_CONF = """\
extensions = ['sphinxext_glancecycle']
exclude_patterns = ['_build']
glancecycle_repo_root = '.'
glancecycle_today = '2024-01-20'
glancecycle_enforce_from = '2023.2'
glancecycle_projects = ['glance', 'glance_store', 'python-glanceclient']
glancecycle_extra_fields = ['dependencies']
glancecycle_site_url = 'https://specs.example.org/openstack/demo-specs/'
glancecycle_schedules = {'2023.2': 'releases/bobcat.yaml', '2024.1': 'releases/caracal.yaml'}
"""
INDEX = """\
Fuzz
====

.. toctree::
   :glob:

   specs/*/*/*/*
   priorities/*/*
   other/*
"""
BATCHES, PAGES = 3, 100
#: seconds either tool may take on one batch before it counts as hung
HANG = 60
ODD_DATES = ['Feb 29', 'Feb 30', 'Sep 31', '9999-12-31', '0001-01-01', 'Dec 31, 9999',
             'Jan 1, 1', 'Mar 27, 2026', '', '31/12/9999', 'Jan 01 through Dec 31',
             'Dec 31 through Jan 01', '99999999', 'R-0']
ODD_COUNTDOWNS = ['R-99999999', 'R+999999', 'R-0 through R+99999999', 'R--1', 'R-']
DATE = re.compile(r'\b(?:\d{4}-\d\d-\d\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|'
                  r'Nov|Dec)[a-z]* \d\d?)\b')
COUNTDOWN = re.compile(r'\bR[-+]\d+\b')
ADORNMENT = re.compile(r'^([=\-~^"*+#])\1{2,}\s*$')
CONTROLS = ['\x00', '\x07', '\x08', '\x0b', '\x0c', '\x1b[31m', '\x1b]0;title\x07', '\x7f',
            '\r', '\u202e', '\x85']
LINKS = ['javascript:', 'JaVaScRiPt:', 'data:text/html,', ' javascript:', 'vbscript:']


def truncate(rng: random.Random, text: str) -> str:
    return text[:rng.randrange(len(text) + 1)]


def duplicate_lines(rng: random.Random, text: str) -> str:
    lines = text.splitlines(keepends=True) or ['\n']
    start = rng.randrange(len(lines))
    end = min(len(lines), start + rng.randint(1, 6))
    return ''.join(lines[:end] + lines[start:end] * rng.randint(1, 3) + lines[end:])


def delete_adornment(rng: random.Random, text: str) -> str:
    lines = text.splitlines(keepends=True)
    rules = [i for i, line in enumerate(lines) if ADORNMENT.match(line)]
    if rules:
        del lines[rng.choice(rules)]
    return ''.join(lines)


def huge_cell(rng: random.Random, text: str) -> str:
    lines = text.splitlines(keepends=True) or ['\n']
    cells = [i for i, line in enumerate(lines) if re.match(r'\s*(\* )?- |:\w+:', line)]
    index = rng.choice(cells or range(len(lines)))
    filler = rng.choice(['x' * 50_000, 'word ' * 10_000, '<Unclosed' + ' <a' * 5_000,
                         '`' * 2_000, 'R-1 ' * 5_000])
    lines[index] = lines[index].rstrip('\n') + ' ' + filler + '\n'
    return ''.join(lines)


def control_characters(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 5)):
        where = rng.randrange(len(text) + 1)
        text = text[:where] + rng.choice(CONTROLS) + text[where:]
    return text


def odd_dates(rng: random.Random, text: str) -> str:
    text = DATE.sub(lambda m: rng.choice(ODD_DATES) if rng.random() < 0.5 else m[0], text)
    return COUNTDOWN.sub(lambda m: rng.choice(ODD_COUNTDOWNS) if rng.random() < 0.3 else m[0],
                         text)


def script_links(rng: random.Random, text: str) -> str:
    text = re.sub(r'https?://', lambda m: rng.choice(LINKS) if rng.random() < 0.5 else m[0],
                  text)
    lines = text.splitlines(keepends=True) or ['\n']
    lines.insert(rng.randrange(len(lines) + 1),
                 f'\nSee `x <{rng.choice(LINKS)}alert(1)>`_ and :doc:`javascript:alert(2)`.\n\n')
    return ''.join(lines)


MUTATIONS = [truncate, duplicate_lines, delete_adornment, huge_cell, control_characters,
             odd_dates, script_links]


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if data:
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return bytes(data)


def mutate(rng: random.Random, text: str) -> bytes:
    for mutation in rng.sample(MUTATIONS, rng.randint(1, 3)):
        text = mutation(rng, text)
    data = text.encode('utf-8', 'surrogatepass')
    return flip_bytes(rng, data) if rng.random() < 0.15 else data


def make_batch(root: Path, seed: int) -> dict[str, bytes]:
    """A repository of ``PAGES`` mutated pages (and, but in batch 0, mutated schedules)."""
    rng = random.Random(seed)
    source = root / 'doc' / 'source'
    source.mkdir(parents=True)
    (root / '.git').mkdir()
    (source / 'conf.py').write_text(SITE_CONF, encoding='utf-8')
    (source / 'index.rst').write_text(INDEX, encoding='utf-8')
    shutil.copytree(SCHEDULES, source / 'releases')
    if seed:
        for yaml in (source / 'releases').iterdir():
            yaml.write_bytes(mutate(rng, yaml.read_text('utf-8')))
    pages = {}
    for number in range(PAGES):
        kind = rng.choices(list(SEEDS), weights=[5, 4, 1])[0]
        seed_page = rng.choice(SEEDS[kind])
        if kind == 'lite':
            name = f'specs/2024.1/approved/glance/m{number}-{seed_page.name}'
        elif kind == 'priorities':
            name = f'priorities/m{number}/{seed_page.name}'
        else:
            name = f'other/m{number}.rst'
        pages[name] = mutate(rng, seed_page.read_text('utf-8'))
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_bytes(pages[name])
    return pages


class Hang(Exception):
    pass


def within(seconds: int, call, *args):
    """``call(*args)``, or :exc:`Hang` after ``seconds``."""
    def alarm(signum, frame):
        raise Hang(f'{call.__name__} took over {seconds} s')
    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        return call(*args)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


LOCATED = re.compile(r'^(?P<path>/\S+?)(?::(?P<line>\d+))?: '
                     r'(?P<level>WARNING|ERROR|SEVERE|CRITICAL): ')
CRASHES = ('Traceback', 'Exception occurred', 'Extension error', 'please report',
           'checker failed', 'RecursionError')


def by_page(findings: list[dict]) -> dict[str, list[dict]]:
    pages: dict[str, list[dict]] = {}
    for finding in findings:
        pages.setdefault(finding['source'], []).append(finding)
    return pages


@pytest.mark.parametrize('seed', range(BATCHES))
def test_mutated_pages(seed, tmp_path, monkeypatch, capsys):
    root = tmp_path / 'repo'
    pages = make_batch(root, seed)
    source = root / 'doc' / 'source'

    status, out, err = within(HANG, run, monkeypatch, capsys, root, 'check', '--format',
                              'json')
    assert status in (0, 1), err
    checked = json.loads('\n'.join(out))['findings']
    for line in err:
        assert not any(crash in line for crash in CRASHES), line
        assert re.match(r'glancecycle: (specs|priorities|other)/\S+: ', line), line

    app = within(HANG, sphinxbuild.build, source)
    warnings = sphinxbuild.ESCAPES.sub('', app.warning.getvalue())
    logged = warnings + app.status.getvalue()
    assert 'build succeeded' in logged
    assert not any(crash in logged for crash in CRASHES), logged[-2000:]
    broken = set()   # pages docutils could not read as written
    for line in warnings.splitlines():
        if re.search(r' (WARNING|ERROR|SEVERE|CRITICAL): ', line):
            match = LOCATED.match(line)
            assert match, line
            if match['level'] != 'WARNING':
                broken.add(str(Path(match['path']).relative_to(source)))
            if '[glancecycle' in line and ' GC' in line:
                assert match['line'], line
    built = json.loads((app.outdir / 'glancecycle.json').read_text('utf-8'))['findings']
    assert built, 'mutated pages have findings; none means nothing was checked'
    assert all(f['source'] in pages and isinstance(f['line'], int) for f in built), [
        f for f in built if f['source'] not in pages or not isinstance(f['line'], int)]

    # the same findings, on every page docutils reads without an error
    checked, built = by_page(checked), by_page(built)
    for page in set(checked) | set(built):
        if page not in broken:
            assert checked.get(page) == built.get(page), page


# -- what the fuzzing found, one case each ---------------------------------------------------

PRIORITIES = """\
=========================
2024.1 Project Priorities
=========================

Important dates
---------------

.. list-table::
   :header-rows: 1

   * - Milestone
     - Week of
     - What
   * - R-12
     - Jan 12
     - spec freeze

Priorities
----------

.. list-table::
   :header-rows: 1

   * - Priority Item
     - Owner(s)
     - Spec(s)
   * - Faster uploads
     - `Ada`_
     - `spec <http://[::1/spec>`_

.. _Ada: https://launchpad.net/~ada

See :doc:`no
where` for more.
"""


def short(findings: list[dict]) -> list[tuple]:
    return [(f['source'], f['line'], f['code'], f['message'].split(' (')[0]) for f in findings]


def test_what_fuzzing_found(tmp_path, monkeypatch, capsys):
    conf = CONF + "glancecycle_schedules = {'2024.1': 'releases/caracal.yaml'}\n"
    root = make_repo(tmp_path, {
        'priorities/2024.1-priorities.rst': PRIORITIES,
        'priorities/someday-priorities.rst': '* an untitled page\n',
        'releases/caracal.yaml': 'cycle:\n  - start: 2024-13-01\n    end: 2024-01-05\n',
        f'{GLANCE}/lite.rst': GOOD.replace('https://review', 'javascript://[review')}, conf)
    (root / 'doc' / 'source' / 'releases').symlink_to(Path('..', '..', 'releases'))
    expected = [
        ('priorities/2024.1-priorities.rst', 11, 'GC303', 'release schedule not checked: cannot '
         'read caracal.yaml: month must be in 1..12'),
        ('priorities/2024.1-priorities.rst', 29, 'GC207', "spec link 'http://[::1/spec' is not a "
         'well-formed URL'),
        # once, with Sphinx's spacing, in both tools
        ('priorities/2024.1-priorities.rst', 33, 'GC208', "reference 'priorities/no where' names "
         'no document in the repository'),
        ('priorities/someday-priorities.rst', 1, 'GC215', 'priorities page names no cycle'),
        (f'{GLANCE}/lite.rst', 13, 'GC111', "field ':link:' links with the 'javascript:' scheme")]
    status, out, err = run(monkeypatch, capsys, root, 'check', '--format', 'json')
    assert (status, err) == (1, [])
    assert short(json.loads('\n'.join(out))['findings']) == expected
    app = sphinxbuild.build(root / 'doc' / 'source')
    assert short(json.loads((app.outdir / 'glancecycle.json').read_text('utf-8'))['findings']
                 ) == expected
