"""The aggregate pages: dashboards, the overview and the people index, built
at ``doctree-resolved`` from the domain's records as docutils nodes."""

from __future__ import annotations

import os

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.nodes import make_refnode

from sphinxext_glancecycle.ext.dashboard import data, people_index, render
from sphinxext_glancecycle.ext.dashboard.placeholders import (cycle_dashboard,
                                                              cycle_overview)
from sphinxext_glancecycle.ext.dashboard.placeholders import people_index as people_node
from sphinxext_glancecycle.ext.state import state

ROOT_CLASS = 'glancecycle-dashboard'
CSS_FILE = 'glancecycle.css'
STATIC = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(__file__))), 'static')


class Renderer:
    """Builds the content of one resolved document's placeholders."""

    def __init__(self, app: Sphinx, docname: str) -> None:
        self.app = app
        self.docname = docname
        self.state = state(app.env)
        self.policy = self.state.policy
        self.documents = app.env.get_domain('glancecycle').documents
        self.snapshot = self.state.snapshot()

    def link(self, todocname: str, anchor: str | None, content: nodes.Node) -> nodes.Node:
        return make_refnode(self.app.builder, self.docname, todocname, anchor, content)

    def person(self, who) -> nodes.Node:
        return people_index.person_link(self, who)

    def boards(self) -> dict[str, str]:
        """cycle key -> the page holding its dashboard."""
        return {key: doc for doc, key in data.located(self.documents, 'dashboards')}

    def dashboard(self, key: str) -> nodes.Node:
        cycle = self.policy.catalogue.get(key)
        info = self.snapshot.cycle(cycle)
        slug = data.slug(cycle.key)
        titles = self.app.env.titles
        root = nodes.container(classes=[ROOT_CLASS], ids=[f'glancecycle-dashboard-{slug}'])
        root += render.overview_head(info)
        if info.ptg:
            root += render.para('PTG summary: ', *[
                self.link(doc, None, nodes.inline(doc, titles[doc].astext()
                                                  if doc in titles else doc))
                for doc in info.ptg])
        for page in info.placeholders:
            root += render.para('The priorities page is still a placeholder: ',
                                self.link(page, None, nodes.inline(page, page)))

        def ident(text: str) -> str:
            return f'priority-{slug}-{data.slug(text)}'

        root += render.section('Schedule', f'schedule-{slug}', *render.schedule_tables(info))
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
        boards = self.boards()
        rows = []
        for cycle in data.cycles_with_content(self.documents, self.policy.catalogue):
            info = self.snapshot.cycle(cycle)
            name = cycle.name.capitalize()
            if cycle.key in boards:
                name = self.link(boards[cycle.key], None, nodes.inline(name, name))
            specs = sum(1 for w in info.works if w.kind == 'spec')
            rows.append(([cycle.release_id or render.NOTHING, name, render.day(cycle.release_date),
                          str(len(info.priorities)), str(specs), str(len(info.works) - specs),
                          str(len(info.findings)), str(len(info.placeholders))], []))
        root = nodes.container(classes=[ROOT_CLASS, 'glancecycle-overview'])
        root += render.table(['Release', 'Code name', 'Release date', 'Priorities', 'Specs',
                              'Spec-lites', 'Findings', 'Placeholder pages'], rows)
        return root

    def people(self) -> nodes.Node:
        return people_index.render_index(self)


def resolve_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    records = app.env.get_domain('glancecycle').documents.get(docname)
    if records is None or not records.has_aggregates:
        return
    renderer = Renderer(app, docname)
    for node in list(doctree.findall(cycle_dashboard)):
        node.replace_self(renderer.dashboard(node['cycle']))
    for node in list(doctree.findall(cycle_overview)):
        node.replace_self(renderer.overview())
    for node in list(doctree.findall(people_node)):
        node.replace_self(renderer.people())


def add_static_path(app: Sphinx, config) -> None:
    """Publish our stylesheet with the theme's, so HTML builders copy it."""
    config.html_static_path = [*config.html_static_path, STATIC]


def setup_pages(app: Sphinx) -> None:
    app.connect('doctree-resolved', resolve_placeholders)
    app.connect('config-inited', add_static_path)
    app.add_css_file(CSS_FILE)
