"""The primary assignees a full spec names, however the spec writes them."""

from __future__ import annotations

import pytest

from sphinxext_glancecycle.readers.paths import PathInfo
from sphinxext_glancecycle.readers.profile import namespace, parse
from sphinxext_glancecycle.readers.specs import read_spec

SPEC = """\
=======
A title
=======

Implementation
==============

Assignee(s)
-----------

{}

Work Items
----------

* Do it.
"""


def _assignees(block: str) -> list[str]:
    with namespace():
        document = parse(SPEC.format(block), 'specs/2024.1/approved/glance/a.rst')
    spec = read_spec(document, 'specs/2024.1/approved/glance/a.rst',
                     PathInfo(cycle='2024.1', status='approved'))
    return spec.assignees


@pytest.mark.parametrize('block, expected', [
    ('Primary assignee:\n  <name@example.com>', ['name@example.com']),
    ('Primary assignee:\n  Name <name@example.com>', ['Name <name@example.com>']),
    ('Primary assignee:\n  ann<ann@example.com>', ['ann<ann@example.com>']),
    # the template's <launchpad-id> filled in
    ('Primary assignee:\n  <xing-yang>', ['xing-yang']),
    ('Primary assignee:\n  <ann, ann@example.com>', ['ann']),
    ('Primary assignee:\n  <ann, ann@example.com or ann@example.org>', ['ann']),
    ('Primary assignee:\n  <ann@example.com> (Annie)', ['ann@example.com']),
    ('Primary assignee:\n  Ann Lee (ann, ann@example.com), bob',
     ['Ann Lee (ann, ann@example.com)', 'bob']),
    ('Primary assignee:\n  Ann Lee, IRC: ann, LP: ann1', ['Ann Lee']),
    ('Primary assignee:\n  IRC: ann', ['ann']),
    # the template's placeholders, and nobody
    ('Primary assignee:\n  <launchpad-id or None>', []),
    ('Primary assignee:\n  <IRC handle, email address, or None>', []),
    ('Primary assignee:\n  None', []),
    # a paragraph rather than a definition list
    ('Primary assignee: Ann Lee <ann@example.com>', ['Ann Lee <ann@example.com>']),
    ('Primary assignee:\n\n* ann\n* bob', ['ann', 'bob']),
    ('Primary assignee:\n\n  1. ann (ann@example.com)\n  2. bob',
     ['ann (ann@example.com)', 'bob']),
])
def test_assignees(block, expected):
    assert _assignees(block) == expected
