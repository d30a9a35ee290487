"""Each GC1xx rule, firing and not firing, at the exact line, in a real build."""

from __future__ import annotations

import re
import shutil

import pytest

from sphinxext_glancecycle.rules import registry

from helpers import sphinxbuild
from helpers.speclite_cases import EXPECTED
from helpers.sphinxbuild import ESCAPES

FOLDER = 'specs/2024.1/approved/glance/'
LOGGED = re.compile(r'^(?P<path>\S+?):(?P<line>\d+): (?:(?P<level>WARNING): )?'
                    r'(?P<code>GC1\d\d) (?P<message>.*?)(?: \[(?P<type>[\w.-]+)\])?$')


def logged(text: str, srcdir) -> list[dict]:
    """Our log lines as dicts (path relative to the source folder)."""
    found = []
    for line in ESCAPES.sub('', text).splitlines():
        match = LOGGED.match(line.replace(f'{srcdir}/', ''))
        if match:
            found.append({**match.groupdict(), 'line': int(match['line'])})
    return found


@pytest.fixture(scope='module')
def build(rootdir, tmp_path_factory):
    """One build of the rules root: (warnings, infos) as parsed log lines."""
    srcdir = tmp_path_factory.mktemp('rules') / 'src'
    shutil.copytree(rootdir / 'test-speclite-rules', srcdir)
    app = sphinxbuild.build(srcdir)
    return logged(app.warning.getvalue(), srcdir), logged(app.status.getvalue(), srcdir)


def test_every_rule_has_a_case():
    codes = {code for found in EXPECTED.values() for _, code, _ in found}
    assert codes == {code for code in registry.RULES if code.startswith('GC1')}


@pytest.mark.parametrize('name', sorted(EXPECTED))
def test_findings_of_each_file_at_their_lines(build, name):
    warnings, infos = build
    found = {(item['line'], item['code']) for item in warnings + infos
             if item['path'] == FOLDER + name}
    assert found == {(line, code) for line, code, _ in EXPECTED[name]}


@pytest.mark.parametrize('line,code,rule', sorted(
    finding for found in EXPECTED.values() for finding in found if finding[1] != 'GC109'))
def test_warnings_carry_the_rule_as_subtype(build, line, code, rule):
    warnings, _ = build
    [item] = [w for w in warnings if (w['line'], w['code']) == (line, code)
              and w['type'] == f'glancecycle.{rule}']
    assert item['level'] == 'WARNING'
    assert item['message'].endswith(')')  # every message ends with how to fix it


def test_prose_impacts_is_only_information(build):
    warnings, infos = build
    assert not [w for w in warnings if w['code'] == 'GC109']
    [info] = [i for i in infos if i['code'] == 'GC109']
    assert (info['path'], info['line'], info['level']) == (FOLDER + 'gc109.rst', 11, None)


def test_did_you_mean_suggestions(build):
    warnings, _ = build
    messages = {(w['path'].rsplit('/', 1)[1], w['code']): w['message'] for w in warnings}
    assert "did you mean 'alternatives'?" in messages['gc102.rst', 'GC102']
    assert "did you mean 'glance'?" in messages['gc106.rst', 'GC106']
    assert "did you mean 'ConfigImpact'?" in messages['gc108.rst', 'GC108']
    assert "did you mean 'DocImpact'?" in messages['directive.rst', 'GC108']
    assert "'End of `No marker at all`'" in messages['lite-specs.rst', 'GC112']


@pytest.mark.sphinx('html', testroot='speclite-rules', freshenv=True)
def test_directive_renders_like_a_section_with_an_anchor(app):
    app.build()
    html = (app.outdir / FOLDER / 'directive.html').read_text('utf-8')
    assert re.search(r'<section class="glancecycle-spec-lite" id="a-proposal-by-directive">\s*'
                     r'<h2>A proposal by directive<a class="headerlink" '
                     r'href="#a-proposal-by-directive"', html)
    assert re.search(r'<dt class="field-\w+">problem<span class="colon">', html)
