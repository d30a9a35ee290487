"""The ``glancecycle`` domain: per-document cycle data that survives ``-j N``."""

from __future__ import annotations

from typing import Any, Iterable

from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from sphinxext_glancecycle.ext import roles as xref


class GlancecycleDomain(Domain):
    """Holds, per document, what the readers found and the findings.

    ``data['documents'][docname]`` maps a kind (``spec_lites``, ``findings``,
    ...) to a list of model records; features add kinds without touching
    the purge and merge logic here.
    """

    name = 'glancecycle'
    label = 'Release cycle'
    initial_data: dict[str, Any] = {'documents': {}}
    object_types = {typ: ObjType(typ, role) for typ, role in xref.TYPES.items()}
    roles = {role: XRefRole(warn_dangling=True) for role in xref.TYPES.values()}

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

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        """Resolve ``:glancecycle:<role>:`` references (see :mod:`.roles`)."""
        kind = next((t for t, role in xref.TYPES.items() if role == typ), None)
        found = xref.find(self.documents, xref.catalogue(env.config), kind, target)
        if found is None:
            return None
        return make_refnode(builder, fromdocname, found.docname, found.anchor or None,
                            contnode, found.dispname)

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        return []

    def get_objects(self):
        for target in xref.targets(self.documents, xref.catalogue(self.env.config)):
            yield (target.name, target.dispname, target.type, target.docname, target.anchor, 1)
