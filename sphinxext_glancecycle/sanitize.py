"""Keep page text inert: no live script links, no raw control characters in output."""

from __future__ import annotations

import re
from urllib import parse

from docutils import nodes

UNSAFE_SCHEMES = frozenset({'javascript', 'data', 'vbscript'})
_IGNORED = re.compile(r'[\x00-\x20\x7f]+')
#: C0 controls but tab and newline, DEL and C1 controls (terminal escapes start with them)
_CONTROL = re.compile('[\x00-\x08\x0b-\x1f\x7f-\x9f]')
_SCHEME = re.compile(r'\s*([A-Za-z][A-Za-z0-9+.-]*):')


def urlsplit(url: str) -> parse.SplitResult:
    """:func:`urllib.parse.urlsplit` that never raises.

    A URL urllib rejects (an unbalanced ``[`` in the host, say) keeps its
    scheme and has no host, so it still counts as unsafe or malformed.
    """
    try:
        return parse.urlsplit(url)
    except ValueError:
        match = _SCHEME.match(url)
        scheme = match[1].lower() if match else ''
        return parse.SplitResult(scheme, '', url[match.end():] if match else url, '', '')


def is_unsafe(uri: str) -> bool:
    """True when ``uri`` would run code or embed content when followed."""
    return urlsplit(_IGNORED.sub('', uri)).scheme.lower() in UNSAFE_SCHEMES


def neutralize_links(tree: nodes.Node) -> int:
    """Replace every unsafe reference in ``tree`` by its plain text; return how many."""
    count = 0
    for ref in list(tree.findall(nodes.reference)):
        if is_unsafe(ref.get('refuri', '')):
            ref.replace_self(nodes.literal(ref.astext(), ref.astext()))
            count += 1
    for target in tree.findall(nodes.target):
        if is_unsafe(target.get('refuri', '')):
            del target['refuri']
    return count


def printable(text: str) -> str:
    """``text`` with control characters shown as ``\\xNN`` escapes, never raw.

    Page text reaches terminals (warnings) and calendar clients (.ics); a raw
    escape sequence there could rewrite what the reader sees.
    """
    return _CONTROL.sub(lambda match: f'\\x{ord(match.group()):02x}', text)
