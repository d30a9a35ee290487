"""GC504 (a top-level heading breaking the template's hierarchy) and GC505 (template text
left in a full spec), on small templates and specs, with exact lines and messages."""

from __future__ import annotations

from sphinxext_glancecycle.analysis import analyse
from sphinxext_glancecycle.model import Severity
from sphinxext_glancecycle.policy import Policy
from sphinxext_glancecycle.readers.paths import PathInfo
from sphinxext_glancecycle.readers.profile import namespace, parse
from sphinxext_glancecycle.readers.specs import read_spec, read_template
from sphinxext_glancecycle.rules.specs import check_hierarchy, check_template_text

SOURCE = 'specs/2024.1/approved/glance/example.rst'
TEMPLATE = read_template("""\
=================
Title of the Spec
=================

Include the URL of your launchpad blueprint:

https://blueprints.launchpad.net/glance/+spec/example

Introduction paragraph -- why are we doing this?

Problem description
===================

A detailed description of the problem.

Proposed change
===============

Here is where you cover the change you propose to make in detail.

Alternatives
------------

What other ways could we do this thing?

Data model impact
-----------------

Changes which require modifications to the data model often have a wider impact.

Implementation
==============

Assignee(s)
-----------

Who is leading the writing of the code?

Primary assignee:
  <launchpad-id or None>

Questions this section answers include:

* Does this change touch sensitive data?

* Does the API microversion need to increment?

* Expected error http response code(s)

  * A description for each possible error code should be included.
""")


def _spec(text: str):
    with namespace():
        document = parse(text, SOURCE)
    return read_spec(document, SOURCE, PathInfo(cycle='2024.1', status='approved'), TEMPLATE)


def test_the_template_knows_where_each_heading_sits():
    assert TEMPLATE.sections == ('Problem description', 'Proposed change', 'Alternatives',
                                 'Data model impact', 'Implementation', 'Assignee(s)')
    assert dict(TEMPLATE.parents) == {
        'problem description': None, 'proposed change': None, 'implementation': None,
        'alternatives': 'Proposed change', 'data model impact': 'Proposed change',
        'assignee(s)': 'Implementation'}


HEADING_TAKES_IN = """\
=======
A title
=======

Problem description
===================

Slow.

Proposed change
===============

Make it fast.

Challenges
==========

Many.

Alternatives
------------

None.

Data model impact
-----------------

None.

Implementation
==============

Me.
"""


def test_a_heading_that_takes_in_another_sections_subsections():
    assert list(check_hierarchy(_spec(HEADING_TAKES_IN), None, ())) == [
        (15, "top-level heading 'Challenges' breaks the template's hierarchy: it takes in "
             "'Alternatives', 'Data model impact', which the template has under 'Proposed "
             "change' (make it a subsection of 'Proposed change', underlined as the other "
             "subsections there)")]


def test_subsections_written_at_the_top_level_are_one_finding():
    text = HEADING_TAKES_IN.replace('Challenges\n==========\n\nMany.\n\n', '').replace(
        '-----------------', '=================').replace('------------', '============')
    assert list(check_hierarchy(_spec(text), None, ())) == [
        (15, "top-level headings 'Alternatives', 'Data model impact' break the template's "
             "hierarchy: the template has them under 'Proposed change' (make them "
             "subsections of 'Proposed change', underlined as the other subsections there)")]
    one = text.replace('Data model impact\n=================\n\nNone.\n\n', '')
    assert list(check_hierarchy(_spec(one), None, ())) == [
        (15, "top-level heading 'Alternatives' breaks the template's hierarchy: the template "
             "has it under 'Proposed change' (make it a subsection of 'Proposed change', "
             "underlined as the other subsections there)")]


def test_a_renamed_section_keeping_its_subsections_is_no_hierarchy_break():
    # 'Proposed chage' takes the place of the missing section: a misspelling (GC502)
    text = HEADING_TAKES_IN.replace('Challenges\n==========\n\nMany.\n\n', '').replace(
        'Proposed change\n===============', 'Proposed chage\n==============')
    assert list(check_hierarchy(_spec(text), None, ())) == []
    # the hierarchy as the template has it, and extra headings of the spec's own
    kept = HEADING_TAKES_IN.replace('Challenges\n==========\n\nMany.\n\n', '').replace(
        'Implementation\n==============', 'Appendix\n========')
    assert list(check_hierarchy(_spec(kept), None, ())) == []


LEFT_IN = """\
=======
A title
=======

Include the URL of your launchpad blueprint:

https://blueprints.launchpad.net/glance/+spec/a-title

Introduction paragraph -- why are we doing this?

Problem description
===================

A detailed description of the problem.

Proposed change
===============

Make it fast.

Implementation
==============

Assignee(s)
-----------

Who is leading the writing of the code?

Primary assignee:
  <launchpad-id or None>

Questions this section answers include:

* Does this change touch sensitive data?

  No.

* Does the API microversion need to increment?

Yes, and:

* Expected error http response code(s)

  * 404 when there is none.
"""


def test_template_text_left_in_is_reported_once_per_section():
    assert list(check_template_text(_spec(LEFT_IN), None, ())) == [
        # as the page reads: smart quotes make the dashes one
        (9, "the introduction keeps a paragraph ('Introduction paragraph \u2013 why are we "
            "d...') of the template's text unchanged (replace it with the spec's own words, "
            "or delete)"),
        (14, "section 'Problem description' keeps a paragraph ('A detailed description of "
             "the problem.') of the template's text unchanged (replace it with the spec's own "
             "words, or delete)"),
        (27, "section 'Assignee(s)' keeps 3 paragraphs (from 'Who is leading the writing of "
             "the code?') of the template's text unchanged (replace them with the spec's "
             "own words, or delete)"),
    ]
    # the question, the lead-in and the placeholder under 'Assignee(s)' are left in; kept to
    # introduce the spec's own text are the lead-in over the URL, the questions and the
    # item over their answers; 'Make it fast.' is too short to tell


def test_template_text_is_info_and_the_hierarchy_a_warning():
    policy = Policy.from_config({'glancecycle_enforce_from': '2024.1'})
    with namespace():
        text = HEADING_TAKES_IN.replace('Slow.', 'A detailed description of the problem.')
        report = analyse(parse(text, SOURCE), SOURCE, policy, TEMPLATE)
    assert [(f.line, f.code, f.severity) for f in report.findings
            if f.code in ('GC504', 'GC505')] == [
        (8, 'GC505', Severity.INFO), (15, 'GC504', Severity.WARNING)]


def test_a_quick_look_at_the_source_never_misses_template_text():
    assert TEMPLATE.could_be_in(LEFT_IN)
    assert not TEMPLATE.could_be_in(HEADING_TAKES_IN)
    # the words in a row, whatever the lines, case and markup around them
    assert TEMPLATE.could_be_in('* **Does** this change\n  touch `sensitive <https://x.example>`_'
                                ' :term:`data`?')
    assert not TEMPLATE.could_be_in('Does this change touch data? It is sensitive.')
    # an escaped space joins words the source shows apart; a table's cells share lines
    assert TEMPLATE.could_be_in('Who\\ is leading')
    assert TEMPLATE.could_be_in('+---+\n| a |\n+---+\n')
    assert not read_template('Title\n=====\n\nSection\n-------\n\nNone.\n').could_be_in(LEFT_IN)
