"""NodeIndex: what each reader asks of it is what ``findall`` finds, in the same order."""

from docutils import nodes
from docutils.core import publish_doctree

from sphinxext_glancecycle.readers.nodeindex import NodeIndex

PAGE = '''\
Title
=====

First paragraph, with a `link <https://example.org>`_.

Section
-------

.. note:: A paragraph inside an admonition.

Sub-section
~~~~~~~~~~~

* an item

.. a comment

Last paragraph.
'''


def _document() -> nodes.document:
    return publish_doctree(PAGE, settings_overrides={'report_level': 5})


def test_one_class_is_found_in_document_order():
    document = _document()
    assert NodeIndex(document).of(nodes.paragraph) == list(document.findall(nodes.paragraph))


def test_several_classes_are_merged_in_document_order():
    document = _document()
    kinds = (nodes.title, nodes.paragraph, nodes.reference)
    expected = list(document.findall(lambda node: isinstance(node, kinds)))
    assert [type(node) for node in expected][:3] == [nodes.title, nodes.paragraph,
                                                     nodes.reference]
    assert NodeIndex(document).of(*kinds) == expected


def test_a_base_class_finds_its_subclasses():
    document = _document()
    expected = list(document.findall(nodes.TextElement))
    assert len({type(node) for node in expected}) > 1
    assert NodeIndex(document).of(nodes.TextElement) == expected


def test_the_root_is_found_and_a_missing_class_finds_nothing():
    document = _document()
    index = NodeIndex(document)
    assert index.of(nodes.document) == [document]
    assert index.of(nodes.table) == []


def test_positions_follow_document_order():
    document = _document()
    placed = NodeIndex(document).placed(nodes.section, nodes.paragraph)
    assert [node for _, node in placed] == list(
        document.findall(lambda node: isinstance(node, (nodes.section, nodes.paragraph))))
    positions = [position for position, _ in placed]
    assert positions == sorted(set(positions))
