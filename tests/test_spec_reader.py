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


PARAGRAPHS = """\
Plain words here.

**Bold** lead, then text.

*Two words* in emphasis.

``literal`` first and `a link <https://example.com>`_ after.

(The space ends the first node) and more.

One

:abbr:`LIFO (last-in, first-out)` starts this one.

\\ Escaped start, then text.

Word\\ joined by an escaped space.

“Curly” quotes, “then more”.
"""


def test_first_word_is_that_of_the_whole_text():
    """The shortcut through the leftmost text node gives the first word of ``astext()``."""
    from docutils import nodes

    from sphinxext_glancecycle.readers.specs import _first_word

    with profile.namespace():
        document = profile.parse(PARAGRAPHS, SOURCE)
    paragraphs = list(document.findall(nodes.paragraph))
    assert len(paragraphs) == 10
    assert [_first_word(p) for p in paragraphs] == [
        (p.astext().split(None, 1) or [''])[0] for p in paragraphs]


def test_template_paragraphs_pass_the_first_word_test():
    """A page paragraph that folds to a template paragraph is never ruled out by its first
    word, whatever its case, quotes, backquotes or closing colon."""
    from sphinxext_glancecycle.readers.specs import read_template

    template = read_template('Title\n=====\n\nSection\n-------\n\n'
                             '``Note``: the “template” asks this of you.\n\n'
                             'Describe: the change you propose.\n\nNone\n')
    assert template.paragraphs
    for word in ('Note:', 'note', '``Note``:', 'NOTE', 'Describe:', 'describe', '``', '::'):
        assert template.may_begin(word), word
    assert not template.may_begin('Other')
