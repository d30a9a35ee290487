"""The people index: who owns which priority and is assigned which work.

Owners come from priorities pages (display name and Launchpad profile);
assignees from specs (Launchpad ids) and spec-lites (free text).  An
assignee written as someone's Launchpad id is filed under that person.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from sphinxext_glancecycle.ext.dashboard import render
from sphinxext_glancecycle.rules.people import launchpad_id

if TYPE_CHECKING:
    from sphinxext_glancecycle.ext.dashboard.pages import Renderer


def person_link(renderer: Renderer, who) -> nodes.Node:
    """An owner's name linked to the people index, or to their profile when there is none."""
    name = getattr(who, 'name', str(who))
    pages = sorted(doc for doc, records in renderer.documents.items() if records.people_index)
    content = nodes.inline(name, name)
    if pages:
        return renderer.link(pages[0], renderer.snapshot.people.anchor(name), content)
    return render.external(getattr(who, 'url', None), name)


def render_index(renderer: Renderer) -> nodes.Node:
    people = renderer.snapshot.people
    root = nodes.container(classes=['glancecycle-dashboard', 'glancecycle-people'])
    boards = renderer.boards()
    rows = []
    for entry in people.entries():
        name = nodes.inline(entry.name, entry.name, ids=[entry.anchor])
        also = sorted(set(entry.aliases) - set(entry.ids), key=str.casefold)
        if also:
            name += nodes.Text(f' (also {", ".join(also)})')
        ids = [render.external(url, launchpad_id(url) or url) for url in entry.urls]
        if entry.conflict:
            ids.append(nodes.strong('', ' (different Launchpad ids for one name)'))
        work = []
        for role in entry.roles:
            page = boards.get(role.cycle) if role.kind == 'owner' else role.docname
            content = nodes.inline(role.label, role.label)
            work.append(renderer.link(page, role.anchor, content) if page else content)
        rows.append(([name, ids, work], ['glancecycle-conflict'] if entry.conflict else []))
    if not rows:
        root += render.para('No people found.')
        return root
    root += render.table(['Name', 'Launchpad', 'Owns or is assigned'], rows)
    return root
