"""Hostile and broken input: a finding or a clear warning, never a traceback."""

from __future__ import annotations

import json
import random
import re

import pytest

from helpers.sphinxbuild import ESCAPES

FOLDER = 'specs/2024.1/approved/glance'
HEAD = 'Spec Lite: {title}\n{rule}\n\n:project: glance\n\n'


def lite(title: str, body: str) -> str:
    return HEAD.format(title=title, rule='=' * (len(title) + 11)) + body


def nested_list(depth: int) -> str:
    return ''.join('   ' * level + f'* level {level}\n\n' for level in range(depth))


@pytest.fixture
def site(tmp_path):
    """A site whose spec-lites are each broken or hostile in one way."""
    folder = tmp_path / FOLDER
    folder.mkdir(parents=True)
    (tmp_path / 'conf.py').write_text(
        "extensions = ['sphinxext_glancecycle']\nglancecycle_projects = ['glance']\n"
        "glancecycle_enforce_from = '2023.1'\n")
    (tmp_path / 'index.rst').write_text(
        'Robustness\n==========\n\n.. toctree::\n   :glob:\n\n   specs/*/*/*/*\n')
    pages = {
        'empty.rst': b'',
        'junk.rst': random.Random(4).randbytes(4096).decode('latin-1').encode('utf-8'),
        'latin1.rst': lite('Bad bytes', ':problem: caf\xe9\n').encode('latin-1'),
        'huge.rst': lite('Huge', ':problem: ' + '\n          '.join(
            ['<Unclosed words' + ' word' * 12] * 70_000) + '\n\n:solution: x\n\n'
            ':impacts: None\n\n:timeline: <Estimate the time.>\n').encode(),
        'fields.rst': lite('Many fields', ':problem: x\n\n:solution: x\n\n:impacts: None\n\n'
                           + ''.join(f':extra{i}: value {i}\n' for i in range(1000))).encode(),
        'nested.rst': lite('Nested', ':problem: x\n\n:solution: x\n\n'
                           + nested_list(60)).encode(),
        'script.rst': lite('<script>alert(1)</script>',
                           ':problem: <script>alert(2)</script>\n\n:solution: x\n\n'
                           ':impacts: None\n\n:link: javascript:alert(3)\n\n'
                           ':how: `run <javascript:alert(4)>`_, `img <data:text/html,x>`_,\n'
                           '      and jAvAsCrIpT:alert(5)\n\n'
                           'See `body link <JaVaScRiPt:alert(6)>`_ and target_.\n\n'
                           '.. _target: data:text/html;base64,PHNjcmlwdD4=\n').encode(),
        'fine.rst': lite('Still checked', ':problem: x\n\n:solution: x\n').encode(),
    }
    for name, data in pages.items():
        (folder / name).write_bytes(data)
    return tmp_path


def logged(app) -> dict[str, list[str]]:
    """Log lines by page name."""
    text = ESCAPES.sub('', app.warning.getvalue() + app.status.getvalue())
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        match = re.match(rf'.*/{FOLDER}/([\w-]+\.rst):(\d+): (.*)$', line)
        if match:
            found.setdefault(match[1], []).append(f'{match[2]}: {match[3]}')
    return found


def test_bad_input_is_reported_and_the_build_goes_on(make_app, site):
    app = make_app('html', srcdir=site, freshenv=True)
    app.build()
    found = logged(app)
    everything = app.warning.getvalue() + app.status.getvalue()
    assert 'Traceback' not in everything
    assert 'build succeeded' in everything

    # invalid UTF-8: a clear warning at the bad byte, the page left out
    assert found['latin1.rst'] == [
        "6: WARNING: byte 0xe9 is not valid utf-8; the page is left out of the build "
        "(save the file as utf-8) [glancecycle.encoding]"]
    assert not (app.outdir / FOLDER / 'latin1.html').exists()
    # junk: docutils' own warnings; the page is still written
    assert (app.outdir / FOLDER / 'junk.html').exists()
    # empty and junk pages have no title: Sphinx says so where the toctree links them
    warnings = ESCAPES.sub('', app.warning.getvalue())
    for name in ('empty', 'junk'):
        assert f"document '{FOLDER}/{name}' that doesn't have a title" in warnings
    # 5 MB: the finding after it is still found, at its line
    assert [line[:22] for line in found['huge.rst']] == ['70011: WARNING: GC105 ']
    # 1,000 fields: one finding each, at each field's line
    unknown = [line for line in found['fields.rst'] if 'GC102' in line]
    assert len(unknown) == 1000
    assert unknown[0].startswith("12: WARNING: GC102 unknown field ':extra0:'")
    assert unknown[-1].startswith("1011: WARNING: GC102 unknown field ':extra999:'")
    # deep nesting: read, and the missing field reported
    assert [line[:24] for line in found['nested.rst']] == ['1: WARNING: GC101 spec-l']
    # the page next to them is checked as usual
    assert [line[:24] for line in found['fine.rst']] == ['1: WARNING: GC101 spec-l']
    lites = json.loads((app.outdir / 'glancecycle.json').read_text('utf-8'))['spec_lites']
    assert {lite['source'].rsplit('/', 1)[1] for lite in lites} == {
        'huge.rst', 'fields.rst', 'nested.rst', 'script.rst', 'fine.rst'}


def test_scripts_and_script_links_are_inert(make_app, site):
    app = make_app('html', srcdir=site, freshenv=True)
    app.build()
    html = (app.outdir / FOLDER / 'script.html').read_text('utf-8')
    assert '&lt;script&gt;alert(1)&lt;/script&gt;' in html
    assert '&lt;script&gt;alert(2)&lt;/script&gt;' in html
    assert '<script>alert' not in html
    for page in app.outdir.rglob('*.html'):
        text = page.read_text('utf-8').lower()
        assert not re.search(r'(href|src)="\s*(javascript|data):', text), page
    found = logged(app)['script.rst']
    assert [line for line in found if 'GC111' in line and "'javascript:'" in line]
    assert [line for line in found if 'GC111' in line and "'data:'" in line]
