"""``cycle-dashboard``, ``cycle-overview`` and ``people-index`` pages.

As in ``sphinx.ext.todo``, a directive leaves a placeholder node and the
page content is built at ``doctree-resolved`` from the domain's data, so it
sees every document of the build.  Unlike ``todo``, pages that show changed
data are rewritten on incremental builds (see :mod:`.incremental`).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from sphinxext_glancecycle.directives.tasks import read_release_phases
from sphinxext_glancecycle.readers.speclites import title_line
from sphinxext_glancecycle.ext import config
from sphinxext_glancecycle.ext.calendar import setup_calendar
from sphinxext_glancecycle.ext import roles as xref
from sphinxext_glancecycle.ext.dashboard import data, incremental, render

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger('sphinxext_glancecycle')

ROOT_CLASS = 'glancecycle-dashboard'
CSS_FILE = 'glancecycle.css'
STATIC = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(__file__))), 'static')


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
        cycle = xref.catalogue(self.config).get(self.arguments[0])
        if cycle is None:
            logger.warning('unknown cycle %r in cycle-dashboard (use a code name or release '
                           'id from the series catalogue, or add it to glancecycle_series)',
                           self.arguments[0], location=self.get_location(),
                           type='glancecycle', subtype='unknown-cycle')
            return []
        note_placeholder(self.env, 'dashboards', cycle.key)
        return [cycle_dashboard(cycle=cycle.key)]


class CycleOverview(SphinxDirective):
    """``.. cycle-overview::``: every cycle the site has content for."""

    def run(self) -> list[nodes.Node]:
        note_placeholder(self.env, 'overviews', self.env.docname)
        return [cycle_overview()]


class PeopleIndex(SphinxDirective):
    """``.. people-index::``: who owns or is assigned what, across cycles."""

    def run(self) -> list[nodes.Node]:
        note_placeholder(self.env, 'people_indexes', self.env.docname)
        return [people_index()]


def note_placeholder(env, kind: str, value: str) -> None:
    """Record in the domain, as todo.py does, that this document holds a placeholder.

    Pages without one are then never searched for placeholders.
    """
    documents = env.get_domain('glancecycle').documents
    records = documents.setdefault(env.docname, {}).setdefault(kind, [])
    if value not in records:
        records.append(value)


class CycleToctree(SphinxDirective):
    """A toctree of the pages matching a glob and named after a cycle, newest first.

    ``cycles/*`` lists ``cycles/2024.1``, ``cycles/pike``...; adding a cycle
    page puts it in the tree without editing the page holding this.
    """

    required_arguments = 1
    option_spec = {'maxdepth': directives.nonnegative_int, 'caption': directives.unchanged}

    def run(self) -> list[nodes.Node]:
        from sphinx import addnodes
        from sphinx.util.matching import patfilter

        catalogue = xref.catalogue(self.config)
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


def finding_anchors(doctree: nodes.document, findings: list) -> list[str | None]:
    """For each finding, the id of the last section starting at or before its line."""
    starts = sorted((title_line(section[0]), section['ids'][0])
                    for section in doctree.findall(nodes.section)
                    if section['ids'] and section.children
                    and isinstance(section[0], nodes.title) and section[0].line)
    anchors = []
    for finding in findings:
        before = [ident for line, ident in starts if finding.line and line <= finding.line]
        anchors.append(before[-1] if before else None)
    return anchors


def read_document(app: Sphinx, doctree: nodes.document) -> None:
    """Note the placeholders, release phases and PTG page a document holds."""
    env = app.env
    domain = env.get_domain('glancecycle')
    docname = env.docname
    if domain.documents.get(docname, {}).get('dashboards'):
        # A dashboard repeats what other pages say: search finds it there.
        env.metadata[docname].setdefault('nosearch', '')
    findings = domain.documents.get(docname, {}).get('findings')
    if findings:
        domain.store(docname, 'finding_anchors', finding_anchors(doctree, findings))
    phases = read_release_phases(doctree, lambda: config.source_of(app, docname))
    if phases:
        domain.store(docname, 'release_phases', phases)
    parts = docname.split('/')
    cycle = config.policy(app).catalogue.get(parts[-1])
    if len(parts) > 1 and parts[-2] == 'ptg' and cycle is not None:
        domain.store(docname, 'ptg', [cycle.key])


def snapshot(app: Sphinx) -> data.Snapshot:
    """The domain's data sorted out for dashboards, once per build (after reading)."""
    if getattr(app, 'glancecycle_snapshot', None) is None:
        documents = app.env.get_domain('glancecycle').documents
        policy = config.policy(app)
        sources = {docname: config.source_of(app, docname) for docname in documents}
        app.glancecycle_snapshot = data.Snapshot(documents, policy.catalogue, policy.today,
                                                 sources, policy.people,
                                                 config.site(app).redirect)
    return app.glancecycle_snapshot


def forget_snapshot(app: Sphinx, env) -> None:
    """Reading is over: the next dashboard sees this build's data."""
    app.glancecycle_snapshot = None


class Renderer:
    """Builds the content of one resolved document's placeholders."""

    def __init__(self, app: Sphinx, docname: str) -> None:
        self.app = app
        self.docname = docname
        self.policy = config.policy(app)
        self.domain = app.env.get_domain('glancecycle')

    def link(self, todocname: str, anchor: str | None, content: nodes.Node) -> nodes.Node:
        return make_refnode(self.app.builder, self.docname, todocname, anchor, content)

    def person(self, who) -> nodes.Node:
        from sphinxext_glancecycle.ext import people

        return people.person_link(self, who)

    def dashboard(self, key: str) -> nodes.Node:
        cycle = self.policy.catalogue.get(key)
        info = snapshot(self.app).cycle(cycle)
        slug = data.slug(cycle.key)
        root = nodes.container(classes=[ROOT_CLASS], ids=[f'glancecycle-dashboard-{slug}'])
        root += render.overview_head(info)
        if info.ptg:
            root += render.para('PTG summary: ', *[
                self.link(doc, None, nodes.inline(doc, self.app.env.titles[doc].astext()
                                                  if doc in self.app.env.titles else doc))
                for doc in info.ptg])
        for page in info.placeholders:
            root += render.para('The priorities page is still a placeholder: ',
                                self.link(page, None, nodes.inline(page, page)))

        def ident(text: str) -> str:
            return f'priority-{slug}-{data.slug(text)}'

        root += render.section('Schedule', f'schedule-{slug}', render.schedule_table(info))
        root += render.section('Priorities', f'priorities-{slug}',
                               render.priorities_table(info, self.link, self.person, ident))
        root += render.section('Specs and spec-lites', f'works-{slug}',
                               *render.works_tables(info.works, self.link))
        root += render.section('Not mentioned by any priority', f'unprioritised-{slug}',
                               render.unprioritised_list(info, self.link))
        root += render.section('Release-cycle tasks', f'tasks-{slug}',
                               render.phases_table(info, self.link))
        root += render.section('Findings', f'findings-{slug}',
                               render.findings_list(info, self.link))
        return root

    def overview(self) -> nodes.Node:
        catalogue = self.policy.catalogue
        documents = self.domain.documents
        boards = {key: doc for doc, key in data.located(documents, 'dashboards')}
        rows = []
        for cycle in data.cycles_with_content(documents, catalogue):
            info = snapshot(self.app).cycle(cycle)
            name = cycle.name.capitalize()
            if cycle.key in boards:
                name = self.link(boards[cycle.key], None, nodes.inline(name, name))
            specs = sum(1 for w in info.works if w.kind == 'spec')
            placeholders = len(info.placeholders)
            rows.append(([cycle.release_id or render.NOTHING, name, render.day(cycle.release_date),
                          str(len(info.priorities)), str(specs), str(len(info.works) - specs),
                          str(len(info.findings)), str(placeholders)], []))
        root = nodes.container(classes=[ROOT_CLASS, 'glancecycle-overview'])
        root += render.table(['Release', 'Code name', 'Release date', 'Priorities', 'Specs',
                              'Spec-lites', 'Findings', 'Placeholder pages'], rows)
        return root

    def people(self) -> nodes.Node:
        from sphinxext_glancecycle.ext import people

        return people.render_index(self)


def resolve_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    documents = app.env.get_domain('glancecycle').documents.get(docname, {})
    if not documents.keys() & {'dashboards', 'overviews', 'people_indexes'}:
        return
    renderer = Renderer(app, docname)
    for node in list(doctree.findall(cycle_dashboard)):
        node.replace_self(renderer.dashboard(node['cycle']))
    for node in list(doctree.findall(cycle_overview)):
        node.replace_self(renderer.overview())
    for node in list(doctree.findall(people_index)):
        node.replace_self(renderer.people())


def check_people(app: Sphinx, env) -> None:
    """Log the GC4xx findings, which need every document (after reading)."""
    from sphinxext_glancecycle.ext import baseline, report
    from sphinxext_glancecycle.rules.people import people_findings

    domain = env.get_domain('glancecycle')
    by_source = {config.source_of(app, docname): docname for docname in domain.documents}
    found = people_findings(snapshot(app).people, config.policy(app))
    for finding in baseline.lower_repository(app, found):
        report.log(finding, by_source.get(finding.source, finding.source))


def add_static_path(app: Sphinx, config) -> None:
    """Publish our stylesheet with the theme's, so HTML builders copy it."""
    config.html_static_path = [*config.html_static_path, STATIC]


def setup_dashboard(app: Sphinx) -> None:
    for node in (cycle_dashboard, cycle_overview, people_index):
        app.add_node(node)
    app.add_directive('cycle-dashboard', CycleDashboard)
    app.add_directive('cycle-overview', CycleOverview)
    app.add_directive('people-index', PeopleIndex)
    app.add_directive('cycle-toctree', CycleToctree)
    app.connect('doctree-read', read_document)
    app.connect('env-updated', forget_snapshot)
    app.connect('doctree-resolved', resolve_placeholders)
    app.connect('config-inited', add_static_path)
    app.connect('env-check-consistency', check_people)
    setup_calendar(app)
    app.add_css_file(CSS_FILE)
    incremental.setup_incremental(app)
