"""Full specs read from their doctree: the primary assignee in each way specs write it."""

from __future__ import annotations

import pytest

from sphinxext_glancecycle.catalogue import Catalogue
from sphinxext_glancecycle.readers import profile
from sphinxext_glancecycle.readers.paths import locate
from sphinxext_glancecycle.readers.specs import read_spec

SOURCE = 'specs/2024.1/approved/glance/faster.rst'
SPEC = """\
=============
Faster images
=============

Work Items
==========

{assignee}

Other contributors: Jane Roe (IRC: jroe)
"""


@pytest.mark.parametrize('assignee, expected', [
    ('Primary assignee:\n  jdoe', ['jdoe']),                       # a definition
    ('Primary assignee:\n  jdoe, asmith', ['jdoe', 'asmith']),
    ('Primary assignee: John Doe (IRC: jdoe)', ['John Doe (IRC: jdoe)']),   # one line
    ('Primary assignee: <launchpad-id or None>', []),              # the template's text
    ('Primary assignee: None', []),
    ('Primary assignee:', []),
])
def test_primary_assignee(assignee, expected):
    with profile.namespace():
        document = profile.parse(SPEC.format(assignee=assignee), SOURCE)
    spec = read_spec(document, SOURCE, locate(SOURCE, Catalogue.default()))
    assert spec.assignees == expected
