"""``cycle-dashboard``, ``cycle-overview`` and ``people-index``: placeholders.

As in ``sphinx.ext.todo``, each directive leaves a node that is replaced at
``doctree-resolved``, when every document has been read (:mod:`.pages`),
and notes in the domain that its page holds one, so pages without one are
never searched.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from sphinxext_glancecycle.ext.state import state

logger = logging.getLogger('sphinxext_glancecycle')


class cycle_dashboard(nodes.General, nodes.Element):
    """Placeholder for the dashboard of the cycle in ``node['cycle']``."""


class cycle_overview(nodes.General, nodes.Element):
    """Placeholder for the table of every cycle."""


class people_index(nodes.General, nodes.Element):
    """Placeholder for the index of people."""


class CycleDashboard(SphinxDirective):
    """``.. cycle-dashboard:: <cycle>``"""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        cycle = state(self.env).policy.catalogue.get(self.arguments[0])
        if cycle is None:
            logger.warning('unknown cycle %r in cycle-dashboard (use a code name or release '
                           'id from the series catalogue, or add it to glancecycle_series)',
                           self.arguments[0], location=self.get_location(),
                           type='glancecycle', subtype='unknown-cycle')
            return []
        boards = self.env.get_domain('glancecycle').document(self.env.docname).dashboards
        if cycle.key not in boards:
            boards.append(cycle.key)
        return [cycle_dashboard(cycle=cycle.key)]


class CycleOverview(SphinxDirective):
    """``.. cycle-overview::``: every cycle the site has content for."""

    def run(self) -> list[nodes.Node]:
        self.env.get_domain('glancecycle').document(self.env.docname).overview = True
        return [cycle_overview()]


class PeopleIndex(SphinxDirective):
    """``.. people-index::``: who owns or is assigned what, across cycles."""

    def run(self) -> list[nodes.Node]:
        self.env.get_domain('glancecycle').document(self.env.docname).people_index = True
        return [people_index()]


def setup_placeholders(app: Sphinx) -> None:
    for node in (cycle_dashboard, cycle_overview, people_index):
        app.add_node(node)
    app.add_directive('cycle-dashboard', CycleDashboard)
    app.add_directive('cycle-overview', CycleOverview)
    app.add_directive('people-index', PeopleIndex)
