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
        #: class -> the positions of its elements in ``_elements``
        self._by_class: dict[type, list[int]] = {}
        for position, node in enumerate(self._elements):
            self._by_class.setdefault(type(node), []).append(position)

    def _positions(self, kinds: tuple[type[nodes.Element], ...]) -> list[int]:
        found = [positions for cls, positions in self._by_class.items()
                 if issubclass(cls, kinds)]
        if len(found) == 1:
            return found[0]
        return sorted(position for positions in found for position in positions)

    def of(self, *kinds: type[nodes.Element]) -> list[nodes.Element]:
        """Every element of one of ``kinds``, in document order (as ``findall`` finds them)."""
        elements = self._elements
        return [elements[position] for position in self._positions(kinds)]

    def placed(self, *kinds: type[nodes.Element]) -> list[tuple[int, nodes.Element]]:
        """(position in document order, element) of every element of one of ``kinds``."""
        elements = self._elements
        return [(position, elements[position]) for position in self._positions(kinds)]
