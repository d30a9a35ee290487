"""Control characters from page text never reach warnings or .ics files raw."""

from __future__ import annotations

import pytest

from sphinxext_glancecycle.sanitize import printable

from helpers import sphinxbuild


@pytest.mark.parametrize('text, expected', [
    # one line per finding: a tab or line break is shown, not kept
    ('a tab\tand a\nbreak', 'a tab\\x09and a\\x0abreak'),
    ('red \x1b[31mtext\x1b[0m', 'red \\x1b[31mtext\\x1b[0m'),
    ('bell\x07 nul\x00 del\x7f csi\x9b', 'bell\\x07 nul\\x00 del\\x7f csi\\x9b'),
    ('Ünïcode stays', 'Ünïcode stays'),
])
def test_printable(text, expected):
    assert printable(text) == expected


SPEC = """\
===========================
Spec Lite: A tidy proposal
===========================

:project: gl\x1b[31mance

:problem: Something is slow.

:solution: Make it fast.

:impacts: DocImpact

:link: https://review.opendev.org/c/openstack/glance/+/123456
"""


def test_build_warnings_hold_no_raw_escape(tmp_path):
    source = tmp_path / 'src'
    lite = source / 'specs' / '2024.1' / 'approved' / 'glance'
    lite.mkdir(parents=True)
    (lite / 'tidy.rst').write_text(':orphan:\n\n' + SPEC, encoding='utf-8')
    (source / 'index.rst').write_text('Specs\n=====\n', encoding='utf-8')
    (source / 'conf.py').write_text(
        "extensions = ['sphinxext_glancecycle']\nglancecycle_projects = ['glance']\n"
        "glancecycle_today = '2024-01-20'\n", encoding='utf-8')
    app = sphinxbuild.build(source, builddir=tmp_path / 'build')
    warnings = sphinxbuild.ESCAPES.sub('', app.warning.getvalue())
    assert 'GC106' in warnings
    assert '\\x1b[31mance' in warnings
    assert '\x1b[31mance' not in app.warning.getvalue()
