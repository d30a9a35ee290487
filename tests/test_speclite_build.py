"""Spec-lites validated during a real Sphinx build."""

from __future__ import annotations

import json
import re

import pytest

ESCAPES = re.compile(r'\x1b\[[0-9;]*m')


def warnings_of(app) -> list[str]:
    text = ESCAPES.sub('', app.warning.getvalue())
    return [line for line in text.splitlines() if 'GC1' in line]


@pytest.mark.sphinx('html', testroot='speclite-single')
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


@pytest.mark.sphinx('html', testroot='speclite-single')
def test_unsafe_link_is_not_rendered_live(app):
    app.build()
    html = (app.outdir / 'specs/2024.1/approved/glance/bad.html').read_text('utf-8')
    assert 'click' in html
    assert 'href="javascript:' not in html


@pytest.mark.sphinx('html', testroot='speclite-single')
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


@pytest.mark.sphinx('html', testroot='speclite-single',
                    confoverrides={'suppress_warnings': ['glancecycle.unknown-project'],
                                   'glancecycle_rules': {'GC105': 'off', 'GC114': 'info'}})
def test_suppress_and_severity_overrides(app):
    app.build()
    warnings = warnings_of(app)
    assert not [w for w in warnings if 'GC106' in w or 'GC105' in w or 'GC114' in w]
    assert [w for w in warnings if 'GC102' in w]
    assert 'GC114' in app.status.getvalue()
