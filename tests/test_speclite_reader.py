"""The spec-lite reader on plain docutils doctrees (the command line's basis)."""

from __future__ import annotations

from docutils.core import publish_doctree

from sphinxext_glancecycle.catalogue import Catalogue
from sphinxext_glancecycle.policy import Policy
from sphinxext_glancecycle.readers.paths import locate
from sphinxext_glancecycle.readers.speclites import read_spec_lites

KNOWN = Policy().known_fields
SETTINGS = {'report_level': 5, 'halt_level': 5}


def read(text: str, source: str = 'specs/2024.1/approved/glance/x.rst'):
    document = publish_doctree(text, settings_overrides=SETTINGS)
    return [entry.record for entry in read_spec_lites(document, source, KNOWN)]


SINGLE = """\
=============================
Spec Lite: Read from docinfo
=============================

:project: glance

:problem: Something is
          slow.

:solution: Make it fast.

..
  Optional sections

:link: https://review.opendev.org/c/1

impacts: DocImpact
"""


def test_single_file_fields_come_from_docinfo_and_later_field_lists():
    document = publish_doctree(SINGLE, settings_overrides=SETTINGS)
    assert document.next_node(lambda n: n.tagname == 'docinfo') is not None
    [lite] = read(SINGLE)
    assert (lite.title, lite.title_prefix, lite.layout, lite.line) == (
        'Read from docinfo', 'Spec Lite', 'single', 2)
    assert [(f.name, f.line, f.broken) for f in lite.fields] == [
        ('project', 5, False), ('problem', 7, False), ('solution', 10, False),
        ('link', 15, False), ('impacts', 17, True)]
    assert lite.value('problem') == 'Something is slow.'
    assert lite.field('link').urls == ['https://review.opendev.org/c/1']
    assert lite.value('impacts') is None  # broken fields are not fields


def test_lite_spec_prefix_and_no_prefix():
    [old] = read('Lite Spec: Old\n--------------\n\n:problem: x\n')
    assert (old.title, old.title_prefix, old.line) == ('Old', 'Lite Spec', 1)
    [bare] = read('Bare title\n==========\n\n:problem: x\n')
    assert (bare.title, bare.title_prefix, bare.layout) == ('Bare title', None, 'single')


ONE_ENTRY = """\
================
Glance Spec Lite
================

Replace one library with another
--------------------------------

:problem: The old one is unmaintained.

:solution: Replace it.

:impacts: None

`End of` Replace one library with another
+++++++++++++++++++++++++++++++++++++++++
"""


def test_many_per_file_with_one_entry_promoted_to_subtitle():
    document = publish_doctree(ONE_ENTRY, settings_overrides=SETTINGS)
    assert document.next_node(lambda n: n.tagname == 'subtitle') is not None
    [lite] = read(ONE_ENTRY, 'specs/ocata/approved/glance/lite-specs.rst')
    assert (lite.title, lite.layout) == ('Replace one library with another', 'multi')
    # docutils drops the subtitle's line; the entry falls back to its first field
    assert lite.line == 8
    assert [(f.name, f.line) for f in lite.fields] == [
        ('problem', 8), ('solution', 10), ('impacts', 12)]
    assert (lite.end_marker.text, lite.end_marker.line) == (
        'Replace one library with another', 14)


MANY = """\
Proposals
=========

<Title of your Spec Lite>
-------------------------

:problem: <What is the driver to make the change.>

End of Template
+++++++++++++++

First
-----

:problem: One.

End of `First`
++++++++++++++

Second
------

:problem: Two.

End of Second
+++++++++++++

Third
-----

:problem: Three.

`End of` Third
++++++++++++++

Fourth
------

:problem: Four.
"""


def test_many_per_file_end_marker_spellings_and_templates():
    lites = read(MANY)
    assert [(lite.title, lite.layout, lite.line) for lite in lites] == [
        ('First', 'multi', 12), ('Second', 'multi', 20),
        ('Third', 'multi', 28), ('Fourth', 'multi', 36)]
    markers = [(lite.end_marker.text, lite.end_marker.line) if lite.end_marker else None
               for lite in lites]
    assert markers == [('First', 17), ('Second', 25), ('Third', 33), None]


def test_a_template_file_holds_no_entries():
    assert read(MANY, 'specs/spec-lite-template.rst') == []
    assert read(SINGLE, 'specs/2024.1/approved/glance/template.rst') == []


def test_template_end_marker_does_not_close_an_earlier_entry():
    text = ('Proposals\n=========\n\nReal\n----\n\n:problem: x\n\n'
            '<Your template>\n---------------\n\n:problem: y\n\n'
            'End of Template\n+++++++++++++++\n')
    [lite] = read(text)
    assert (lite.title, lite.end_marker) == ('Real', None)


def test_no_problem_field_is_no_spec_lite():
    assert read('A full spec\n===========\n\n:status: approved\n\nText.\n') == []


def test_cycle_status_and_project_from_the_path():
    catalogue = Catalogue.default()
    where = locate('specs/2024.1/approved/glance_store/x.rst', catalogue)
    assert (where.cycle, where.status, where.project) == ('2024.1', 'approved', 'glance_store')
    where = locate('specs/pike/implemented/glance/x.rst', catalogue)
    assert (where.cycle, where.status, where.project) == ('pike', 'implemented', 'glance')
    where = locate('specs/untargeted/python-glanceclient/x.rst', catalogue)
    assert (where.cycle, where.status, where.project) == (
        None, 'untargeted', 'python-glanceclient')
    assert locate('doc/source/index.rst', catalogue) == type(where)()


def test_markup_in_a_title_is_no_template():
    [lite] = read('Spec Lite: <script>alert(1)</script>\n'
                  '=====================================\n\n:problem: x\n')
    assert lite.title == '<script>alert(1)</script>'
    [lite] = read('Spec Lite: Use <b> tags\n=======================\n\n:problem: x\n')
    assert lite.title == 'Use <b> tags'
    template = 'Spec Lite: <Your Title Here>\n============================\n\n:problem: x\n'
    assert read(template) == []
