"""Keep links with script-bearing schemes from ever becoming live."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from docutils import nodes

UNSAFE_SCHEMES = frozenset({'javascript', 'data', 'vbscript'})
_IGNORED = re.compile(r'[\x00-\x20\x7f]+')


def is_unsafe(uri: str) -> bool:
    """True when ``uri`` would run code or embed content when followed."""
    return urlsplit(_IGNORED.sub('', uri)).scheme.lower() in UNSAFE_SCHEMES


def neutralize_links(tree: nodes.Node) -> int:
    """Replace every unsafe reference in ``tree`` by its plain text; return how many."""
    count = 0
    linked = list(tree.findall(lambda node: isinstance(node, (nodes.reference, nodes.target))
                               and 'refuri' in node))
    for node in linked:
        if not is_unsafe(node['refuri']):
            continue
        if isinstance(node, nodes.reference):
            node.replace_self(nodes.literal(node.astext(), node.astext()))
            count += 1
        else:
            del node['refuri']
    return count
