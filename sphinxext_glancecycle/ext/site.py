"""The site as the build knows it: a page's anchors are the ids of its built doctree.

Links into the published site (GC209) are judged on the anchors Sphinx
itself gives a page, with every directive and role of the build, instead of
a second parse. Pages that may hold such links (``glancecycle_priorities``)
are read after the others, so the doctrees they ask about are already
built; a page still waiting to be read in this run has no known anchors
(the link is not judged rather than judged on an old doctree).
"""

from __future__ import annotations

import fnmatch

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sphinxext_glancecycle.readers.site import FileSite


class BuildSite(FileSite):
    """A :class:`~sphinxext_glancecycle.readers.site.Site` backed by ``env``'s doctrees.

    A linked page outside the build's sources (under the repository root
    only) has no doctree; its anchors are read from its file.
    """

    def __init__(self, *args, env: BuildEnvironment, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.env = env
        #: documents this run has yet to read
        self.pending: set[str] = set()
        self._built: dict[str, frozenset[str] | None] = {}

    def starts_reading(self, docnames: list[str]) -> None:
        """This run reads ``docnames``: their anchors are unknown until they are read."""
        self.pending = set(docnames)
        # pages of an earlier run in this process may have changed
        self._built.clear()
        self._anchors.clear()

    def anchors(self, path: str) -> frozenset[str] | None:
        filename = self.document(path)
        if filename is None:
            return None
        self._consult(filename)
        docname = self.env.path2doc(filename)
        if docname is None or docname not in self.env.found_docs:
            return super().anchors(path)
        if docname in self.pending or docname not in self.env.all_docs:
            self.unanswered = True
            return None
        if docname not in self._built:
            try:
                tree = self.env.get_doctree(docname)
            except OSError:
                self._built[docname] = None
            else:
                self._built[docname] = frozenset(
                    id_ for node in tree.findall(nodes.Element) for id_ in node['ids'])
        return self._built[docname]


def read_linking_pages_last(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Order the documents to read so priorities pages come after the pages they link."""
    built = env.get_domain('glancecycle').state
    pattern = built.policy.priorities
    docnames.sort(key=lambda docname: fnmatch.fnmatchcase(built.source_of(docname), pattern))
    built.site.starts_reading(docnames)


def note_read(app: Sphinx, doctree: nodes.document) -> None:
    app.env.get_domain('glancecycle').state.site.pending.discard(app.env.docname)


def setup_site(app: Sphinx) -> None:
    # after the other env-before-read-docs handlers, which may leave pages out
    app.connect('env-before-read-docs', read_linking_pages_last, priority=900)
    app.connect('doctree-read', note_read, priority=100)
