"""``cycle-toctree``: a toctree of the pages named after a cycle, newest first."""

from __future__ import annotations

import os

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.matching import patfilter

from sphinxext_glancecycle.ext.state import state


class CycleToctree(SphinxDirective):
    """A toctree of the pages matching a glob and named after a cycle, newest first.

    ``cycles/*`` lists ``cycles/2024.1``, ``cycles/pike``...; adding a cycle
    page puts it in the tree without editing the page holding this.
    """

    required_arguments = 1
    option_spec = {'maxdepth': directives.nonnegative_int, 'caption': directives.unchanged}

    def run(self) -> list[nodes.Node]:
        catalogue = state(self.env).policy.catalogue
        pattern = self.arguments[0]
        base = os.path.dirname(self.env.docname)
        pattern = os.path.normpath(os.path.join(base, pattern)).replace(os.sep, '/')
        found = sorted((name for name in patfilter(self.env.found_docs, pattern)
                        if catalogue.get(name.rsplit('/', 1)[-1]) is not None),
                       key=lambda name: -catalogue.position(name.rsplit('/', 1)[-1]))
        toctree = addnodes.toctree()
        toctree['parent'] = self.env.docname
        toctree['entries'] = [(None, name) for name in found]
        toctree['includefiles'] = found
        toctree['maxdepth'] = self.options.get('maxdepth', 1)
        toctree['caption'] = self.options.get('caption')
        toctree['glob'] = True
        toctree['hidden'] = False
        toctree['includehidden'] = False
        toctree['numbered'] = 0
        toctree['titlesonly'] = False
        self.env.glob_toctrees.add(self.env.docname)
        wrapper = nodes.compound(classes=['toctree-wrapper'])
        wrapper += toctree
        self.add_name(wrapper)
        return [wrapper]


def setup_toctree(app: Sphinx) -> None:
    app.add_directive('cycle-toctree', CycleToctree)
