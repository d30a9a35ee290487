"""The dashboard, the overview and the people index as doctrees, compared with snapshots.

The snapshots in ``golden/doctrees`` are the resolved docutils nodes (what any
theme renders), a line each as :func:`outline` writes them, so a change to
what the pages say shows here as a diff of nodes, not of theme HTML. After a
reviewed change, write them anew with
``GLANCECYCLE_UPDATE_SNAPSHOTS=1 pytest tests/test_dashboard_snapshots.py``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from docutils import nodes

from helpers.sphinxbuild import build

SNAPSHOTS = Path(__file__).parent / 'golden' / 'doctrees'
PAGES = {
    'dashboard-2024.1': ('cycles/2024.1', 'glancecycle-dashboard'),
    'dashboard-2023.2': ('cycles/2023.2', 'glancecycle-dashboard'),
    'overview': ('overview', 'glancecycle-overview'),
    'people': ('people', 'glancecycle-people'),
}


def shown(value) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return ' '.join(map(str, value)) if isinstance(value, list) else str(value)


def outline(node: nodes.Node, depth: int = 0) -> list[str]:
    """The lines of ``node``'s tree: a tag with its attributes, or a text, a line each.

    Like :meth:`docutils.nodes.Node.pformat`, but the same on every docutils
    (0.22 writes ``internal="1"`` where 0.21 writes ``"True"``).
    """
    pad = '    ' * depth
    if isinstance(node, nodes.Text):
        return [pad + line for line in node.astext().splitlines() or ['']]
    attributes = ''.join(f' {name}="{shown(value)}"'
                         for name, value in sorted(node.attributes.items())
                         if value not in ([], '', None))
    lines = [f'{pad}<{node.tagname}{attributes}>']
    for child in node.children:
        lines += outline(child, depth + 1)
    return lines


@pytest.fixture(scope='module')
def resolved(rootdir, tmp_path_factory):
    """The resolved doctree of each aggregate page of the dashboard root."""
    srcdir = tmp_path_factory.mktemp('snapshots') / 'src'
    shutil.copytree(rootdir / 'test-dashboard', srcdir)
    app = build(srcdir)
    resolved = {}
    for name, (docname, _) in PAGES.items():
        # as the writer gets it: references resolved, placeholders replaced
        doctree = app.env.get_doctree(docname)
        app.env.apply_post_transforms(doctree, docname)
        resolved[name] = doctree
    return resolved


@pytest.mark.parametrize('name', sorted(PAGES))
def test_aggregate_page_matches_its_snapshot(resolved, name):
    css = PAGES[name][1]
    [root] = [node for node in resolved[name].findall(nodes.container)
              if css in node['classes']]
    text = '\n'.join(outline(root)) + '\n'
    snapshot = SNAPSHOTS / f'{name}.txt'
    if os.environ.get('GLANCECYCLE_UPDATE_SNAPSHOTS'):
        snapshot.write_text(text, 'utf-8')
    assert text == snapshot.read_text('utf-8')
