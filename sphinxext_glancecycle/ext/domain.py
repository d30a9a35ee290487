"""The ``glancecycle`` domain: per-document cycle data that survives ``-j N``."""

from __future__ import annotations

from typing import Any, Iterable

from sphinx.domains import Domain


class GlancecycleDomain(Domain):
    """Holds, per document, what the readers found and the findings.

    ``data['documents'][docname]`` maps a kind (``spec_lites``, ``findings``,
    ...) to a list of model records; features add kinds without touching
    the purge and merge logic here.
    """

    name = 'glancecycle'
    label = 'Release cycle'
    initial_data: dict[str, Any] = {'documents': {}}

    @property
    def documents(self) -> dict[str, dict[str, list]]:
        return self.data['documents']

    def store(self, docname: str, kind: str, records: Iterable) -> None:
        """Keep ``records`` of ``kind`` for ``docname`` (replacing earlier ones)."""
        self.documents.setdefault(docname, {})[kind] = list(records)

    def records(self, kind: str) -> list:
        """Every record of ``kind``, in document name order."""
        return [record for docname in sorted(self.documents)
                for record in self.documents[docname].get(kind, ())]

    def clear_doc(self, docname: str) -> None:
        self.documents.pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata['documents']:
                self.documents[docname] = otherdata['documents'][docname]

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        return []
