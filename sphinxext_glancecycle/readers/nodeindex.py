"""One walk over a doctree, shared by the readers that each want a few kinds of node.

A page is read by several readers (spec-lites, the full spec, tables,
links, release phases), and each wants every node of a few classes. Asked
of a :class:`NodeIndex`, the tree is walked once, not once per reader and
class.
"""

from __future__ import annotations

from docutils import nodes


class NodeIndex:
    """The elements of ``tree`` by class, in document order, from one walk.

    The index shows the tree as it was when it was made: make another after
    adding or removing nodes.
    """

    def __init__(self, tree: nodes.Element) -> None:
        #: every element of the tree, in document order
        self._elements: list[nodes.Element] = list(tree.findall(nodes.Element))
        self._by_class: dict[type, list[nodes.Element]] = {}
        for node in self._elements:
            self._by_class.setdefault(type(node), []).append(node)

    def of(self, *kinds: type[nodes.Element]) -> list[nodes.Element]:
        """Every element of one of ``kinds``, in document order (as ``findall`` finds them)."""
        classes = [cls for cls in self._by_class if issubclass(cls, kinds)]
        if len(classes) == 1:
            return list(self._by_class[classes[0]])
        if not classes:
            return []
        return [node for node in self._elements if isinstance(node, kinds)]

    def placed(self, *kinds: type[nodes.Element]) -> list[tuple[int, nodes.Element]]:
        """(position in document order, element) of every element of one of ``kinds``."""
        return [(position, node) for position, node in enumerate(self._elements)
                if isinstance(node, kinds)]
