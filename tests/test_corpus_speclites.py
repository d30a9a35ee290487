"""The real glance-specs tree: every spec-lite found, findings pinned (skipped when absent).

The golden file was reviewed finding by finding against the real files; a
change to it must be reviewed the same way.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from docutils.core import publish_doctree

from sphinxext_glancecycle.policy import Policy
from sphinxext_glancecycle.readers.speclites import read_spec_lites

from helpers.sphinxbuild import ESCAPES

GOLDEN = Path(__file__).parent / 'golden' / 'speclites_corpus.json'


@pytest.fixture(scope='module')
def built(corpus_site):
    """The session's HTML build of the corpus (``glancecycle_enforce_from = '2026.2'``)."""
    return corpus_site


@pytest.fixture(scope='module')
def golden() -> dict:
    return json.loads(GOLDEN.read_text('utf-8'))


def test_build_is_clean_under_warning_level(built):
    assert ESCAPES.sub('', built.warning.getvalue()) == ''


def test_all_spec_lites_are_recognised(built, golden):
    data = json.loads((built.outdir / 'glancecycle.json').read_text('utf-8'))
    found = [[lite['source'], lite['line'], lite['title'], lite['layout']]
             for lite in data['spec_lites']]
    assert len(found) == 52
    assert found == golden['spec_lites']
    layouts = [layout for _, _, _, layout in found]
    assert (layouts.count('single'), layouts.count('multi')) == (39, 13)
    # recognised by title and fields, not by file name
    assert len([name for name, _, _, _ in found if 'lite' not in name.rsplit('/', 1)[1]]) == 19
    assert not [lite for lite in data['spec_lites']
                if '<' in lite['title'] or lite['source'].endswith('template.rst')]


def test_findings_match_the_reviewed_list(built, golden):
    data = json.loads((built.outdir / 'glancecycle.json').read_text('utf-8'))
    findings = [f for f in data['findings'] if f['code'].startswith('GC1')]
    assert findings == golden['findings']
    assert {f['severity'] for f in findings} == {'info'}


def test_plain_docutils_reads_the_same_entries(built, corpus):
    """The command line's path: the reader on ``publish_doctree`` output (docinfo)."""
    domain = built.env.domains['glancecycle']

    def key(lite):
        marker = lite.end_marker
        return (lite.source, lite.title, lite.layout,
                [(f.name, f.value, f.line, f.broken, f.urls) for f in lite.fields],
                marker and (marker.text, marker.line, marker.prefixed))

    from_sphinx = sorted(key(lite) for lite in domain.records('spec_lites'))
    known = Policy().known_fields
    from_docutils = []
    for path in sorted((corpus / 'specs').rglob('*.rst')):
        document = publish_doctree(
            path.read_text('utf-8'), source_path=str(path),
            # Sphinx applies smart quotes; so must a plain docutils reader
            settings_overrides={'report_level': 5, 'halt_level': 5, 'smart_quotes': True})
        source = os.path.relpath(path, corpus).replace(os.sep, '/')
        from_docutils += [key(entry.record)
                          for entry in read_spec_lites(document, source, known)]
    assert sorted(from_docutils) == from_sphinx
