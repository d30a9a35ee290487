"""A spec-lite is known by its layout, not by one field (issue 9, section 5)."""

from __future__ import annotations

import pytest
from docutils.core import publish_doctree

from sphinxext_glancecycle.analysis import analyse
from sphinxext_glancecycle.policy import Policy

from helpers.repo import CONF, make_repo, run

POLICY = Policy.from_config({'glancecycle_projects': ['glance'],
                             'glancecycle_today': '2024-01-20'})
SOURCE = 'specs/2024.1/approved/glance/{}.rst'
NO_PROBLEM = """\
==================
Spec Lite: Tidy up
==================

:project: glance

:solution: Make it fast.

:impacts: DocImpact

:link: https://review.opendev.org/c/openstack/glance/+/123456
"""
ONLY_PROJECT = """\
============
Tidy it up
============

:project: glance
"""
MANY = """\
Faster
======

:project: glance

:solution: Make it fast.

:link: https://review.opendev.org/c/openstack/glance/+/1

End of Faster
=============
"""


def findings(text: str, name: str) -> list[tuple[int, str, str]]:
    source = SOURCE.format(name)
    document = publish_doctree(text, source_path=source,
                               settings_overrides={'report_level': 5, 'halt_level': 5})
    report = analyse(document, source, POLICY)
    return [(f.line, f.code, f.message) for f in report.findings if f.code == 'GC101']


def missing(line: int, title: str, *fields: str) -> list[tuple[int, str, str]]:
    return [(line, 'GC101', f"spec-lite '{title}' has no ':{field}:' field "
                            f"(add ':{field}: ...' to its field list)") for field in fields]


@pytest.mark.parametrize('text, name, expected', [
    # the ``Spec Lite:`` title
    (NO_PROBLEM, 'tidy', missing(2, 'Tidy up', 'problem')),
    # the file name
    (ONLY_PROJECT, 'spec-lite-tidy', missing(2, 'Tidy it up', 'impacts', 'problem', 'solution')),
    # a many-per-file section with two spec-lite fields
    (MANY, 'lite-specs', missing(1, 'Faster', 'impacts', 'problem')),
])
def test_a_spec_lite_that_lost_problem_is_reported(text, name, expected):
    assert findings(text, name) == expected


@pytest.mark.parametrize('text, name', [
    (ONLY_PROJECT, 'tidy'),                  # one field, no layout: not a spec-lite
    ('Faster\n======\n\n:link: https://example.org\n', 'lite-specs'),
])
def test_a_page_with_one_field_and_no_layout_is_not_a_spec_lite(text, name):
    assert findings(text, name) == []


def test_check_reports_it_too(tmp_path, monkeypatch, capsys):
    repo = make_repo(tmp_path, {'specs/2024.1/approved/glance/tidy.rst': NO_PROBLEM},
                     CONF + "glancecycle_today = '2024-01-20'\n")
    status, out, _ = run(monkeypatch, capsys, repo, 'check')
    assert status == 1
    assert [line.split(' ', 2)[:2] for line in out if ' GC101 ' in line] == [
        ['specs/2024.1/approved/glance/tidy.rst:2:', 'GC101']]
