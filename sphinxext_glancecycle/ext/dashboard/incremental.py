"""Rewrite exactly the aggregate pages whose data changed.

Sphinx rewrites the documents it reads.  A dashboard shows other
documents' data, so when a document is read (or removed) the cycles its
records belonged to before and after are noted (:class:`.data.Changes`),
and ``env-get-updated`` returns the dashboards of those cycles, plus the
overview and people pages, and the dashboards whose priorities name a spec
or spec-lite that was read.  A build that reads nothing rewrites none of them.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sphinxext_glancecycle.ext.dashboard.data import Changes, located
from sphinxext_glancecycle.ext.state import state


def before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    state(env).changes.read = list(docnames)


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    state(env).changes.note(docname, env.get_domain('glancecycle').documents.get(docname))


def updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The aggregate pages to rewrite because of what this build read."""
    built = state(env)
    documents = env.get_domain('glancecycle').documents
    seen, built.changes = built.changes, Changes()
    for docname in seen.read:
        seen.note(docname, documents.get(docname))
    if not seen.data:
        return []
    catalogue = built.policy.catalogue
    pages = set()
    for docname, key in located(documents, 'dashboards'):
        if seen.phases or key in seen.cycles:
            pages.add(docname)
            continue
        # A priority can name a spec of another cycle.
        view = built.snapshot().cycle(catalogue.get(key))
        if any(match.work.docname in seen.docs for priority in view.priorities
               for match in priority.matches if match.work is not None):
            pages.add(docname)
    if seen.totals:
        pages |= {docname for docname, records in documents.items()
                  if records.overview or records.people_index}
    return sorted(pages)


def setup_incremental(app: Sphinx) -> None:
    app.connect('env-before-read-docs', before_read)
    app.connect('env-purge-doc', purge)
    app.connect('env-get-updated', updated)
