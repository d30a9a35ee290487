"""The ``glancecycle`` domain: the one store of what the build found.

``data['documents']`` maps each docname to its
:class:`~sphinxext_glancecycle.model.DocumentRecords`, kept in the pickled
environment and merged after parallel reads; ``data['repository']`` holds
the findings that look across documents (GC4xx), made once per build when
every document has been read. The build's :class:`.BuildState` hangs on the
domain object, which Sphinx makes anew for each run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from sphinxext_glancecycle.ext import xref
from sphinxext_glancecycle.ext.dashboard.data import located
from sphinxext_glancecycle.model import DocumentRecords, Finding

if TYPE_CHECKING:
    from sphinxext_glancecycle.ext.state import BuildState


class GlancecycleDomain(Domain):
    """Holds, per document, what the readers found and the findings."""

    name = 'glancecycle'
    label = 'Release cycle'
    initial_data: dict[str, Any] = {'documents': {}, 'repository': [],
                                    'repository_baselined': [], 'baseline_digest': ''}
    object_types = {typ: ObjType(typ, role) for typ, role in xref.TYPES.items()}
    roles = {role: XRefRole(warn_dangling=True) for role in xref.TYPES.values()}
    #: set when the builder is ready (:mod:`.state`)
    state: BuildState

    @property
    def documents(self) -> dict[str, DocumentRecords]:
        return self.data['documents']

    @property
    def repository_findings(self) -> list[Finding]:
        """The findings that look across documents, as the last check made them."""
        return self.data['repository']

    def document(self, docname: str) -> DocumentRecords:
        """The records of ``docname``, made empty on first use."""
        records = self.documents.get(docname)
        if records is None:
            records = self.documents[docname] = DocumentRecords()
        return records

    def records(self, kind: str) -> list:
        """Every record of ``kind``, in docname order."""
        return [record for _, record in located(self.documents, kind)]

    def clear_doc(self, docname: str) -> None:
        self.documents.pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata['documents']:
                self.documents[docname] = otherdata['documents'][docname]

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        """Resolve ``:glancecycle:<role>:`` references (see :mod:`.xref`)."""
        kind = next((t for t, role in xref.TYPES.items() if role == typ), None)
        found = xref.find(self.documents, self.state.policy.catalogue, kind, target)
        if found is None:
            return None
        return make_refnode(builder, fromdocname, found.docname, found.anchor or None,
                            contnode, found.dispname)

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        return []

    def get_objects(self):
        for target in xref.targets(self.documents, self.state.policy.catalogue):
            yield (target.name, target.dispname, target.type, target.docname, target.anchor, 1)
