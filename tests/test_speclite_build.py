"""Spec-lites validated during a real Sphinx build."""

from __future__ import annotations

import json
import re

import pytest

from helpers.sphinxbuild import ESCAPES
from helpers.speclite_cases import EXPECTED

#: how many findings the speclite-rules root holds
RULE_CASES = sum(len(found) for found in EXPECTED.values())


def warnings_of(app) -> list[str]:
    text = ESCAPES.sub('', app.warning.getvalue())
    return [line for line in text.splitlines() if 'GC1' in line]


@pytest.mark.sphinx('html', testroot='speclite-single', freshenv=True)
def test_findings_are_logged_at_their_line(app):
    app.build()
    warnings = warnings_of(app)
    bad = [w for w in warnings if 'bad.rst' in w]
    assert not [w for w in warnings if 'good.rst' in w]
    assert any(':2: WARNING: GC114 ' in w for w in bad)
    assert any(':5: WARNING: GC106 ' in w and "did you mean 'glance'" in w for w in bad)
    assert any(':7: WARNING: GC105 ' in w for w in bad)
    assert any(':11: WARNING: GC102 ' in w and "'alternatives'" in w for w in bad)
    assert any(':13: WARNING: GC111 ' in w for w in bad)
    assert any(':2: WARNING: GC101 ' in w and ':impacts:' in w for w in bad)
    assert all(w.endswith(']') and '[glancecycle.' in w for w in bad)


@pytest.mark.sphinx('html', testroot='speclite-single', freshenv=True)
def test_unsafe_link_is_not_rendered_live(app):
    app.build()
    html = (app.outdir / 'specs/2024.1/approved/glance/bad.html').read_text('utf-8')
    assert 'click' in html
    assert 'href="javascript:' not in html


@pytest.mark.sphinx('html', testroot='speclite-single', freshenv=True)
def test_export_lists_spec_lites_and_findings(app):
    app.build()
    data = json.loads((app.outdir / 'glancecycle.json').read_text('utf-8'))
    assert data['schema_version'] == 1
    titles = {lite['title']: lite for lite in data['spec_lites']}
    assert set(titles) == {'A tidy proposal', 'An untidy proposal'}
    good = titles['A tidy proposal']
    assert (good['cycle'], good['status'], good['project']) == ('2024.1', 'approved', 'glance')
    assert good['fields']['impacts'] == 'DocImpact, UpgradeImpact'
    codes = {(f['source'], f['line'], f['code']) for f in data['findings']}
    assert ('specs/2024.1/approved/glance/bad.rst', 5, 'GC106') in codes


@pytest.mark.sphinx('html', testroot='speclite-single', freshenv=True,
                    confoverrides={'suppress_warnings': ['glancecycle.unknown-project'],
                                   'glancecycle_rules': {'GC105': 'off', 'GC114': 'info'}})
def test_suppress_and_severity_overrides(app):
    app.build()
    warnings = warnings_of(app)
    assert not [w for w in warnings if 'GC106' in w or 'GC105' in w or 'GC114' in w]
    assert [w for w in warnings if 'GC102' in w]
    assert 'GC114' in app.status.getvalue()


def glancecycle_json(app) -> dict:
    return json.loads((app.outdir / 'glancecycle.json').read_text('utf-8'))


@pytest.mark.sphinx('html', testroot='speclite-rules', freshenv=True,
                    confoverrides={'suppress_warnings': ['glancecycle.missing-end-marker']})
def test_suppress_warnings_silences_one_rule_only(app):
    app.build()
    warnings = warnings_of(app)
    assert not [w for w in warnings if 'GC112' in w]
    assert len([w for w in warnings if 'GC113' in w]) == 2
    # suppressed from the log, still recorded
    assert 'GC112' in {f['code'] for f in glancecycle_json(app)['findings']}


@pytest.mark.sphinx('html', testroot='speclite-rules', freshenv=True,
                    confoverrides={'glancecycle_rules': {'GC109': 'warning', 'GC105': 'off'}})
def test_rule_overrides_change_severity(app):
    app.build()
    warnings = warnings_of(app)
    assert [w for w in warnings if 'gc109.rst:11: WARNING: GC109 ' in w
            and w.endswith('[glancecycle.prose-impacts]')]
    assert not [w for w in warnings if 'GC105' in w]
    codes = {f['code']: f['severity'] for f in glancecycle_json(app)['findings']}
    assert codes['GC109'] == 'warning'
    assert 'GC105' not in codes


@pytest.mark.sphinx('html', testroot='speclite-rules', freshenv=True,
                    confoverrides={'glancecycle_enforce_from': '2024.2'})
def test_older_cycles_are_information_but_recorded(app):
    app.build()
    assert warnings_of(app) == []
    status = ESCAPES.sub('', app.status.getvalue())
    assert 'gc101.rst:2: GC101 ' in status
    findings = glancecycle_json(app)['findings']
    assert len(findings) == RULE_CASES
    assert {f['severity'] for f in findings} == {'info'}


@pytest.mark.sphinx('html', testroot='speclite-rules', freshenv=True,
                    confoverrides={'glancecycle_enforce_from': '2024.1'})
def test_current_cycle_is_enforced(app):
    app.build()
    assert len(warnings_of(app)) == RULE_CASES - 1  # all but the info-level GC109


@pytest.mark.sphinx('html', testroot='speclite-rules', freshenv=True,
                    confoverrides={'glancecycle_show_findings': True})
def test_show_findings_renders_an_admonition(app):
    app.build()
    html = (app.outdir / 'specs/2024.1/approved/glance/gc101.html').read_text('utf-8')
    box = re.search(r'<div class="glancecycle-findings warning admonition">(.*?)</div>',
                    html, re.DOTALL)
    assert box is not None
    assert 'Review findings' in box.group(1)
    assert re.search(r'<code[^>]*><span class="pre">GC101</span></code> \(line 2\) '
                     r'spec-lite .No impacts declared. has no .:impacts:. field', box.group(1))
    clean = (app.outdir / 'specs/2024.1/approved/glance/clean.html').read_text('utf-8')
    assert 'glancecycle-findings' not in clean
    many = (app.outdir / 'specs/2024.1/approved/glance/lite-specs.html').read_text('utf-8')
    assert many.count('glancecycle-findings') == 3


@pytest.mark.sphinx('html', testroot='speclite-rules', freshenv=True)
def test_export_is_sorted_and_identical_across_builds(app, tmp_path):
    app.build()
    first = (app.outdir / 'glancecycle.json').read_bytes()
    data = json.loads(first)
    keys = [(f['source'], f['line'], f['code'], f['message']) for f in data['findings']]
    assert keys == sorted(keys)
    lites = [(lite['source'], lite['line']) for lite in data['spec_lites']]
    assert lites == sorted(lites)
    assert set(data['findings'][0]) == {'source', 'line', 'code', 'rule', 'severity', 'message'}
    assert set(data['spec_lites'][0]) >= {'source', 'line', 'title', 'cycle', 'status',
                                          'project', 'fields'}
    app.build(force_all=True)
    assert (app.outdir / 'glancecycle.json').read_bytes() == first


@pytest.mark.sphinx('html', testroot='speclite-rules', freshenv=True)
def test_export_of_every_layout(app):
    app.build()
    lites = {lite['title']: lite for lite in glancecycle_json(app)['spec_lites']}
    assert '<Title of your Spec Lite>' not in lites
    assert lites['Backquoted title marker']['layout'] == 'multi'
    assert lites['Backquoted title marker']['line'] == 17
    assert lites['Plain title marker']['fields'] == {
        'problem': 'Two.', 'solution': 'Two.', 'impacts': 'None'}
    assert lites['A proposal by directive']['layout'] == 'directive'
    assert lites['A proposal by directive']['line'] == 5
    assert lites['Old prefix']['layout'] == 'single'
    broken = lites['Lost its colon']
    assert 'impacts' not in broken['fields']  # a broken field is not a field
    assert (broken['cycle'], broken['status'], broken['project']) == (
        '2024.1', 'approved', 'glance')


@pytest.mark.sphinx('html', testroot='speclite-rules', freshenv=True,
                    confoverrides={'glancecycle_impact_flags': ['DocImpact', 'ConfImpact'],
                                   'glancecycle_extra_fields': []})
def test_vocabularies_come_from_conf(app):
    app.build()
    warnings = warnings_of(app)
    assert not [w for w in warnings if 'gc108.rst' in w]
    # without the extra field, ':dependencies:' is unknown again
    assert [w for w in warnings if "clean.rst:13: WARNING: GC102 unknown field ':dependencies:'"
            in w]
