"""Dashboards are rewritten exactly when their data changes, and builds are reproducible."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from conftest import ROOTS

from helpers.sphinxbuild import PID_RECORDER

DASHBOARD_ROOT = ROOTS / 'test-dashboard'
AGGREGATES = ('cycles/2024.1.html', 'cycles/2023.2.html', 'overview.html', 'people.html')

LITE = '''\
===========================
Spec Lite: Generated idea {n}
===========================

:project: glance

:problem: Number {n} is slow.

:solution: Make number {n} fast.

:impacts: None

:link: https://review.opendev.org/c/openstack/glance/+/9{n:05d}

:assignee: Person {m}
'''


def copy_root(tmp_path: Path, name: str = 'src') -> Path:
    srcdir = tmp_path / name
    shutil.copytree(DASHBOARD_ROOT, srcdir)
    return srcdir


#: Pages Sphinx itself writes on every build that read something.
SPHINX_PAGES = frozenset({'genindex.html', 'search.html'})


def stamps(outdir: Path) -> dict[str, int]:
    return {str(path.relative_to(outdir)): path.stat().st_mtime_ns
            for path in outdir.rglob('*.html')
            if str(path.relative_to(outdir)) not in SPHINX_PAGES}


def build(make_app, srcdir: Path, **kwargs):
    app = make_app('html', srcdir=srcdir, **kwargs)
    app.build()
    return app


def touch_later(path: Path, text: str) -> None:
    """Write ``text``, with a modification time Sphinx sees as newer than its last read."""
    time.sleep(0.01)
    path.write_text(text, 'utf-8')


def test_editing_a_spec_lite_rewrites_its_page_and_dashboards_only(make_app, tmp_path):
    srcdir = copy_root(tmp_path)
    app = build(make_app, srcdir)
    before = stamps(app.outdir)

    lite = srcdir / 'specs/2024.1/approved/glance/faster-checksums.rst'
    touch_later(lite, lite.read_text('utf-8').replace('PerformanceImpact', 'DocImpact'))
    app = build(make_app, srcdir)
    after = stamps(app.outdir)
    rewritten = sorted(page for page in before if after[page] != before[page])
    # index.html holds the toctree listing the page: Sphinx rewrites it itself.
    assert rewritten == ['cycles/2024.1.html', 'index.html', 'overview.html', 'people.html',
                         'specs/2024.1/approved/glance/faster-checksums.html']
    assert 'DocImpact' in (app.outdir / 'cycles/2024.1.html').read_text('utf-8')

    app = build(make_app, srcdir)
    assert stamps(app.outdir) == after


def test_moving_a_spec_lite_to_another_cycle_refreshes_both_dashboards(make_app, tmp_path):
    srcdir = copy_root(tmp_path)
    app = build(make_app, srcdir)
    before = stamps(app.outdir)
    old = srcdir / 'specs/2024.1/approved/glance/faster-checksums.rst'
    new = srcdir / 'specs/2023.2/approved/glance/faster-checksums.rst'
    touch_later(new, old.read_text('utf-8'))
    old.unlink()
    app = build(make_app, srcdir)
    after = stamps(app.outdir)
    assert after['cycles/2024.1.html'] != before['cycles/2024.1.html']
    assert after['cycles/2023.2.html'] != before['cycles/2023.2.html']
    moved = 'specs/2023.2/approved/glance/faster-checksums.html'
    assert moved in (app.outdir / 'cycles/2023.2.html').read_text('utf-8')
    # 2024.1 still shows it, as the spec a 2024.1 priority names, but at its new place.
    caracal = (app.outdir / 'cycles/2024.1.html').read_text('utf-8')
    assert moved in caracal and 'specs/2024.1/approved/glance/faster-checksums' not in caracal

    # Editing it now rewrites the 2024.1 dashboard too: a 2024.1 priority names it.
    touch_later(new, new.read_text('utf-8').replace('Faster checksums', 'Quicker checksums'))
    app = build(make_app, srcdir)
    final = stamps(app.outdir)
    assert final['cycles/2024.1.html'] != after['cycles/2024.1.html']
    assert 'Quicker checksums' in (app.outdir / 'cycles/2024.1.html').read_text('utf-8')


def test_editing_a_page_without_cycle_data_rewrites_no_dashboard(make_app, tmp_path):
    srcdir = copy_root(tmp_path)
    app = build(make_app, srcdir)
    before = stamps(app.outdir)
    index = srcdir / 'index.rst'
    touch_later(index, index.read_text('utf-8') + '\nWelcome.\n')
    app = build(make_app, srcdir)
    after = stamps(app.outdir)
    assert sorted(page for page in before if after[page] != before[page]) == ['index.html']


def test_editing_the_ptg_summary_rewrites_its_cycle_dashboard_only(make_app, tmp_path):
    srcdir = copy_root(tmp_path)
    app = build(make_app, srcdir)
    before = stamps(app.outdir)
    ptg = srcdir / 'ptg/caracal.rst'
    touch_later(ptg, ptg.read_text('utf-8').replace('Caracal PTG summary\n===================',
                                                    'Caracal PTG notes\n================='))
    app = build(make_app, srcdir)
    after = stamps(app.outdir)
    rewritten = sorted(page for page in before if after[page] != before[page])
    # Sphinx rewrites pages whose navigation shows the changed title.
    assert 'cycles/2024.1.html' in rewritten
    assert 'Caracal PTG notes' in (app.outdir / 'cycles/2024.1.html').read_text('utf-8')


def big_root(tmp_path: Path, name: str, count: int = 40) -> Path:
    """The dashboard root plus enough spec-lites that ``-j 2`` forks readers."""
    srcdir = copy_root(tmp_path, name)
    folder = srcdir / 'specs/2024.1/approved/glance'
    for n in range(count):
        (folder / f'generated-{n:02d}.rst').write_text(LITE.format(n=n, m=n % 7), 'utf-8')
    (srcdir / 'pidrecorder.py').write_text(PID_RECORDER, 'utf-8')
    conf = srcdir / 'conf.py'
    conf.write_text(conf.read_text('utf-8').replace(
        "extensions = ['sphinxext_glancecycle']",
        "import os, sys\nsys.path.insert(0, os.path.dirname(__file__))\n"
        "extensions = ['sphinxext_glancecycle', 'pidrecorder']"), 'utf-8')
    return srcdir


def outputs(outdir: Path) -> dict[str, bytes]:
    names = [*AGGREGATES, 'glancecycle.json', '2024.1.ics', 'objects.inv']
    return {name: (outdir / name).read_bytes() for name in names}


def test_parallel_build_gives_the_same_bytes(make_app, tmp_path):
    serial = build(make_app, big_root(tmp_path, 'serial'))
    srcdir = big_root(tmp_path, 'parallel')
    parallel = build(make_app, srcdir, parallel=2)
    pids = set((srcdir / 'pids.txt').read_text().split())
    assert str(os.getpid()) not in pids and len(pids) >= 2, 'the reads did not fork'
    assert outputs(parallel.outdir) == outputs(serial.outdir)
    assert b'Generated idea 39' in outputs(parallel.outdir)['cycles/2024.1.html']


def test_two_builds_give_identical_bytes(make_app, tmp_path):
    first = build(make_app, copy_root(tmp_path, 'one'))
    second = build(make_app, copy_root(tmp_path, 'two'))
    assert outputs(first.outdir) == outputs(second.outdir)


def test_mistakes_in_dashboard_pages_are_warnings(make_app, tmp_path):
    srcdir = copy_root(tmp_path)
    (srcdir / 'broken.rst').write_text(
        ':orphan:\n\nBroken\n======\n\n.. cycle-dashboard:: nosuch\n\n'
        '.. release-tasks::\n\n   .. release-phase:: Odd\n      :starts: m9\n\n      #. A task.\n',
        'utf-8')
    app = build(make_app, srcdir)
    warnings = app.warning.getvalue()
    assert "broken.rst:6: WARNING: unknown cycle 'nosuch' in cycle-dashboard" in warnings
    assert 'broken.rst:10: ERROR: Error in "release-phase" directive' in warnings
    assert "'m9' is not a milestone" in warnings
    assert (app.outdir / 'cycles/2024.1.html').is_file()


def test_a_reference_to_nothing_is_a_warning(make_app, tmp_path):
    srcdir = copy_root(tmp_path)
    (srcdir / 'dangling.rst').write_text(
        ':orphan:\n\nDangling\n========\n\nSee :glancecycle:spec:`no-such-spec`.\n', 'utf-8')
    app = build(make_app, srcdir)
    assert ('dangling.rst:6: WARNING: glancecycle:spec reference target not found: '
            'no-such-spec') in app.warning.getvalue()


#: What the aggregate outputs are: every page showing other pages' data,
#: the export and the calendars.
def aggregates(outdir: Path) -> dict[str, bytes]:
    found = {name: (outdir / name).read_bytes() for name in AGGREGATES}
    found['glancecycle.json'] = (outdir / 'glancecycle.json').read_bytes()
    found.update({path.name: path.read_bytes() for path in outdir.glob('*.ics')})
    return found


#: Edits across cycles: (file, old text, new text); None as old text writes
#: the new text as a new file; None as new text deletes the file.
EDITS = [
    # a 2024.1 priority names this 2023.2 spec: the 2024.1 dashboard shows its title
    ('specs/2023.2/approved/glance/older.rst', 'An older idea', 'An elder idea'),
    # the GC401 on the 2023.2 page goes away when the 2024.1 page links the same profile
    ('priorities/2024.1-priorities.rst', '~jdoe', '~jane-doe-2'),
    # and comes back
    ('priorities/2024.1-priorities.rst', '~jane-doe-2', '~jdoe'),
    # a new spec-lite in 2023.2, then the spec named by a priority removed
    ('specs/2023.2/approved/glance/new-idea.rst', None, LITE.format(n=7, m=7)),
    ('specs/2023.2/approved/glance/older.rst', '', None),
]


def test_incremental_builds_equal_fresh_ones_after_edits_across_cycles(make_app, tmp_path):
    srcdir = copy_root(tmp_path)
    build(make_app, srcdir)
    for step, (name, old, new) in enumerate(EDITS):
        path = srcdir / name
        if new is None:
            path.unlink()
        elif old is None:
            touch_later(path, new)
        else:
            text = path.read_text('utf-8')
            assert old in text, (name, old)
            touch_later(path, text.replace(old, new))
        incremental = build(make_app, srcdir)
        fresh_src = tmp_path / f'fresh-{step}'
        shutil.copytree(srcdir, fresh_src, ignore=shutil.ignore_patterns('_build'))
        fresh = build(make_app, fresh_src)
        assert aggregates(incremental.outdir) == aggregates(fresh.outdir), (step, name)
