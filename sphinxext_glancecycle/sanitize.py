"""Keep page text inert: no live script links, no raw control characters in output.

Plain Python (no docutils), so the command line's warm path can use it; the
build replaces unsafe links in doctrees with :func:`is_unsafe`
(:func:`sphinxext_glancecycle.ext.collect.neutralize_links`).
"""

from __future__ import annotations

import re
from urllib import parse

UNSAFE_SCHEMES = frozenset({'javascript', 'data', 'vbscript'})
_IGNORED = re.compile(r'[\x00-\x20\x7f]+')
#: C0 controls, DEL and C1 controls (terminal escapes start with them); tabs and
#: line breaks too, since every output is one line per finding
_CONTROL = re.compile('[\x00-\x1f\x7f-\x9f]')
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
    if ':' not in uri or uri.startswith(('https:', 'http:')):
        return False  # no scheme, or a safe one: most links of a page, told without parsing
    return urlsplit(_IGNORED.sub('', uri)).scheme.lower() in UNSAFE_SCHEMES


def printable(text: str) -> str:
    """``text`` with control characters shown as ``\\xNN`` escapes, never raw.

    Page text reaches terminals (warnings, ``glancecycle`` output) and calendar
    clients (.ics); a raw escape sequence there could rewrite what the reader sees.
    """
    return _CONTROL.sub(lambda match: f'\\x{ord(match.group()):02x}', text)
