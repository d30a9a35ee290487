"""Rewrite exactly the aggregate pages whose data changed.

Sphinx rewrites the documents it reads.  A dashboard shows other
documents' data, so when a document is read (or removed) the cycles its
records belonged to before and after are noted, and ``env-get-updated``
returns the dashboards of those cycles, plus the overview and people
pages, and the dashboards whose priorities name a spec or spec-lite that
was read.  A build that reads nothing rewrites none of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinxext_glancecycle.ext import config
from sphinxext_glancecycle.ext.dashboard.data import document_cycles, located

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Kinds that are page furniture, not cycle data.
FURNITURE = frozenset({'dashboards', 'overviews', 'people_indexes'})
#: Kinds the overview and the people index do not show.
DASHBOARD_ONLY = frozenset({'release_phases'})


class Changes:
    """Cycles touched by the documents of this build, and whether any data moved."""

    def __init__(self) -> None:
        self.read: list[str] = []
        self.docs: set[str] = set()
        self.cycles: set[str] = set()
        self.data = False
        self.totals = False
        self.phases = False

    def note(self, app: Sphinx, docname: str) -> None:
        records = app.env.get_domain('glancecycle').documents.get(docname, {})
        data = {kind: items for kind, items in records.items()
                if kind not in FURNITURE and items}
        if not data:
            return
        self.data = True
        self.docs.add(docname)
        self.totals = self.totals or bool(set(data) - DASHBOARD_ONLY)
        self.phases = self.phases or bool(data.get('release_phases'))
        self.cycles.update(data.get('ptg', ()))
        source = ((lambda: config.source_of(app, docname))
                  if docname in app.env.found_docs else None)
        self.cycles |= document_cycles(data, source, config.policy(app).catalogue)


def changes(app: Sphinx) -> Changes:
    if not hasattr(app, 'glancecycle_changes'):
        app.glancecycle_changes = Changes()
    return app.glancecycle_changes


def before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    changes(app).read = list(docnames)


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    changes(app).note(app, docname)


def updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The aggregate pages to rewrite because of what this build read."""
    seen = changes(app)
    for docname in seen.read:
        seen.note(app, docname)
    app.glancecycle_changes = Changes()
    if not seen.data:
        return []
    from sphinxext_glancecycle.ext.dashboard import snapshot

    documents = env.get_domain('glancecycle').documents
    catalogue = config.policy(app).catalogue
    pages = set()
    for docname, key in located(documents, 'dashboards'):
        if seen.phases or key in seen.cycles:
            pages.add(docname)
            continue
        # A priority can name a spec of another cycle.
        view = snapshot(app).cycle(catalogue.get(key))
        if any(match.work.docname in seen.docs for priority in view.priorities
               for match in priority.matches if match.work is not None):
            pages.add(docname)
    if seen.totals:
        pages |= {docname for docname, _ in located(documents, 'overviews')}
        pages |= {docname for docname, _ in located(documents, 'people_indexes')}
    return sorted(pages)


def setup_incremental(app: Sphinx) -> None:
    app.connect('env-before-read-docs', before_read)
    app.connect('env-purge-doc', purge)
    app.connect('env-get-updated', updated)
