"""Both tools on a few hundred mutated real pages: no crash, no hang, the same findings.

The pages are the glance-specs corpus's full specs, spec-lite pages and
priorities pages, each broken by a few seeded random mutations (truncation,
flipped bytes, duplicated lines, a deleted title adornment, a huge cell,
control characters, dates at the edges of the calendar, ``javascript:``
links). They are checked in batches, one repository, one ``glancecycle
check`` and one Sphinx build per batch; the two must report the same
findings on every page, however broken: the build is the reference.
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
from helpers.corpus_staging import _link_target
from helpers.repo import CONF, GLANCE, GOOD, make_repo, run

ROOTS = Path(__file__).parent / 'roots'
SCHEDULES = ROOTS / 'test-parity' / 'releases'
SITE_CONF = """\
extensions = ['sphinxext_glancecycle']
exclude_patterns = ['_build', '**/template.rst']
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
"""


def corpus_pages(corpus: Path) -> dict[str, list[Path]]:
    """The corpus's pages to mutate, by kind: full specs, spec-lite pages, priorities pages
    (the files that stand for symbolic links, templates and index pages left out)."""
    kinds: dict[str, list[Path]] = {'spec': [], 'lite': [], 'priorities': []}
    for path in sorted((corpus / 'specs').glob('*/*/*/*.rst')):
        if path.name.endswith('template.rst') or _link_target(path) is not None:
            continue
        text = path.read_text('utf-8')
        kinds['lite' if re.search(r'^:problem:', text, re.MULTILINE) else 'spec'].append(path)
    kinds['priorities'] = sorted((corpus / 'priorities').glob('*-priorities.rst'))
    return kinds


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
#: markup where Sphinx and plain docutils could read a page apart: Sphinx's roles and
#: directives (the command line's stand-ins), ours, escapes, includes, substitutions
MARKUP = [
    ':doc:`../no\\_where`', ':doc:`x <a\\ b>`', ':doc:`/specs/index`', ':doc:`t\\<x\\> <y>`',
    ':doc:`two\nlines`', ':ref:`x <y>`', ':term:`word`', '`default role`', '|undefined|',
    '[#]_', 'name_', '`anon`__', '"quoted" -- text...', '\\:problem: escaped',
    '.. note::\n\n   A note.', '.. code-block:: python\n\n   x = 1',
    '.. only:: html\n\n   :problem: hidden', '.. toctree::\n   :glob:\n\n   *',
    '.. include:: missing.rst', '.. include:: /specs/template.rst',
    '.. include:: ../../template.rst',
    '.. raw:: html\n\n   <b>x</b>', '.. default-role:: code', '.. |x| replace:: :doc:`nowhere`',
    '.. meta::\n   :keywords: x', ':orphan:', '.. contents::', '.. sectnum::',
    '.. figure:: missing.png\n\n   Caption', '.. math::\n\n   x^2',
    '.. glossary::\n\n   term\n      meaning', '.. versionadded:: 1.0', '.. seealso:: elsewhere',
    '.. index:: single: x', '.. todo:: later', '.. spec-lite::\n\n   :problem: x',
    '.. cycle-priorities:: 2024.1', '.. cycle-schedule:: 2024.1', '.. release-tasks::',
    '.. rst-class:: x', '.. _label:', ':project: Glance', ':link: javascript:x', ':problem:',
    'Section\n-------', '=====\nTitle\n=====', '.. list-table::\n   :header-rows: 1\n\n'
    '   * - Priority Item\n     - Owner(s)\n   * - x\n     - `Ada <https://launchpad.net/~ada>`_',
    '|release|', '|today|', ':std:doc:`nowhere`', ':py:func:`f`', '.. py:function:: f()',
    '.. class:: X', '.. describe:: x', '.. function:: f', '.. option:: -x', '[CIT]_',
    '.. [CIT] A citation.', '.. default-domain:: c', ':pep:`8`', ':rfc:`1`',
    '.. csv-table::\n\n   a, b', '.. code:: python\n\n   x', '.. rubric:: x', ':cve:`2024-1`',
    '.. acks::\n\n   * x', '.. rst-class:: x', '.. version-added:: 1.0',
]


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


def insert_markup(rng: random.Random, text: str) -> str:
    lines = text.splitlines(keepends=True) or ['\n']
    for _ in range(rng.randint(1, 4)):
        where = rng.randrange(len(lines) + 1)
        indent = ' ' * rng.choice([0, 0, 0, 2, 3])
        snippet = ''.join(indent + line + '\n' for line in rng.choice(MARKUP).split('\n'))
        lines.insert(where, rng.choice(['\n', '']) + snippet + rng.choice(['\n', '']))
    return ''.join(lines)


MUTATIONS = [truncate, duplicate_lines, delete_adornment, huge_cell, control_characters,
             odd_dates, script_links, insert_markup]


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


def make_batch(corpus: Path, root: Path, seed: int) -> dict[str, bytes]:
    """A repository of ``PAGES`` mutated corpus pages, with the corpus's spec template
    (and, but in batch 0, mutated schedules)."""
    rng = random.Random(seed)
    seeds = corpus_pages(corpus)
    source = root / 'doc' / 'source'
    source.mkdir(parents=True)
    (root / '.git').mkdir()
    (source / 'conf.py').write_text(SITE_CONF, encoding='utf-8')
    (source / 'index.rst').write_text(INDEX, encoding='utf-8')
    shutil.copytree(SCHEDULES, source / 'releases')
    (source / 'specs').mkdir()
    shutil.copy(corpus / 'specs' / 'template.rst', source / 'specs')
    if seed:
        for yaml in (source / 'releases').iterdir():
            yaml.write_bytes(mutate(rng, yaml.read_text('utf-8')))
    pages = {}
    for number in range(PAGES):
        kind = rng.choices(list(seeds), weights=[3, 4, 3])[0]
        seed_page = rng.choice(seeds[kind])
        if kind == 'priorities':
            name = f'priorities/m{number}/{seed_page.name}'
        else:
            folder = seed_page.parent.relative_to(corpus).as_posix()
            name = f'{folder}/m{number}-{seed_page.name}'
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


LOCATED = re.compile(r'^(?P<path>\S+?)(?::(?P<line>\d+))?: '
                     r'(?P<level>WARNING|ERROR|SEVERE|CRITICAL): ')
CRASHES = ('Traceback', 'Exception occurred', 'Extension error', 'please report',
           'checker failed', 'RecursionError')


def by_page(findings: list[dict]) -> dict[str, list[dict]]:
    pages: dict[str, list[dict]] = {}
    for finding in findings:
        pages.setdefault(finding['source'], []).append(finding)
    return pages


@pytest.mark.parametrize('seed', range(BATCHES))
def test_mutated_pages(seed, corpus, tmp_path, monkeypatch, capsys):
    root = tmp_path / 'repo'
    pages = make_batch(corpus, root, seed)

    status, out, err = within(HANG, run, monkeypatch, capsys, root, 'check', '--format',
                              'json')
    assert status in (0, 1), err
    checked = json.loads('\n'.join(out))['findings']
    for line in err:
        assert not any(crash in line for crash in CRASHES), line
        assert re.match(r'glancecycle: (specs|priorities)/\S+: ', line), line

    app = within(HANG, sphinxbuild.build, root / 'doc' / 'source')
    warnings = sphinxbuild.ESCAPES.sub('', app.warning.getvalue())
    logged = warnings + app.status.getvalue()
    assert 'build succeeded' in logged
    assert not any(crash in logged for crash in CRASHES), logged[-2000:]
    for line in warnings.splitlines():
        if re.search(r' (WARNING|ERROR|SEVERE|CRITICAL): ', line):
            match = LOCATED.match(line)
            assert match, line
            if '[glancecycle' in line and ' GC' in line:
                assert match['line'], line
    built = json.loads((app.outdir / 'glancecycle.json').read_text('utf-8'))['findings']
    assert built, 'mutated pages have findings; none means nothing was checked'
    assert all(f['source'] in pages and isinstance(f['line'], int) for f in built), [
        f for f in built if f['source'] not in pages or not isinstance(f['line'], int)]

    # the same findings on every page, however broken
    checked, built = by_page(checked), by_page(built)
    differing = {page: (checked.get(page), built.get(page))
                 for page in sorted(set(checked) | set(built))
                 if checked.get(page) != built.get(page)}
    assert not differing


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


SPHINX_MARKUP = """\
=========================
2024.1 Project Priorities
=========================

:doc:`/specs/index`
-------------------

See :doc:`no\\_where`, :doc:`x <a\\ b>`, :doc:`t\\<x\\> <y>`, :std:doc:`elsewhere`
and :doc:`!not a reference`.

.. list-table::
   :header-rows: 1

   * - Priority Item
     - Owner(s)
     - Spec(s)
   * - Faster uploads in |release|
     - :py:func:`~people.Ada`
     - `spec <https://review.opendev.org/c/openstack/glance/+/1>`_
   * - :file:`{x}.txt` in :abbr:`CI (continuous integration)` on |today|
     -
     - `spec <https://review.opendev.org/c/openstack/glance/+/2>`_

.. rst-class:: x
"""
LITE_TOP = """\
===========================
Spec Lite: A tidy proposal
===========================

.. include:: /lite-fields.txt
"""
LITE_FIELDS = """\
:project:
   .. rst-class:: name

   Glance

:problem: Something is slow.

:solution: Make it fast.

:impacts: DocImpact

.. include:: link-field.txt
"""


def test_read_as_sphinx_reads(tmp_path, monkeypatch, capsys):
    """Markup the command line read apart from the build, one case each: escapes,
    spacing and lines of ``:doc:`` targets, roles named with their domain, the titles
    of Python roles, the text of Sphinx's other roles, Sphinx's substitutions,
    ``.. include::`` of a path from the source folder and, in an included file, of one
    next to the document, Sphinx's ``rst-class``."""
    conf = CONF + "release = '2024.1.0'\ntoday = 'the first day'\n"
    root = make_repo(tmp_path, {
        'priorities/2024.1-priorities.rst': SPHINX_MARKUP,
        f'{GLANCE}/lite.rst': LITE_TOP,
        'doc/source/lite-fields.txt': LITE_FIELDS,
        f'{GLANCE}/link-field.txt': ':link: https://review.opendev.org/c/openstack/glance/+/1\n',
    }, conf)
    expected = [
        ('priorities/2024.1-priorities.rst', 5, 'GC208', "reference 'specs/index' names no "
         'document in the repository'),
        ('priorities/2024.1-priorities.rst', 8, 'GC208', "reference 'priorities/ab' names no "
         'document in the repository'),
        ('priorities/2024.1-priorities.rst', 8, 'GC208', "reference 'priorities/elsewhere' "
         'names no document in the repository'),
        ('priorities/2024.1-priorities.rst', 8, 'GC208', "reference 'priorities/no_where' "
         'names no document in the repository'),
        ('priorities/2024.1-priorities.rst', 8, 'GC208', "reference 'priorities/y' names no "
         'document in the repository'),
        ('priorities/2024.1-priorities.rst', 18, 'GC205', "owner 'Ada()' is not a link to a "
         'person'),
        ('priorities/2024.1-priorities.rst', 20, 'GC204', "owner cell of 'x.txt in CI on the "
         "first day' is empty"),
        (f'{GLANCE}/lite.rst', 1, 'GC106', "project 'Glance' is not one of glance, glance_store, "
         'python-glanceclient'),
    ]
    status, out, err = run(monkeypatch, capsys, root, 'check', '--format', 'json')
    assert (status, err) == (1, [])
    assert short(json.loads('\n'.join(out))['findings']) == expected
    app = sphinxbuild.build(root / 'doc' / 'source')
    assert short(json.loads((app.outdir / 'glancecycle.json').read_text('utf-8'))['findings']
                 ) == expected
