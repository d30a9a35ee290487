"""Helpers shared by the tests that run whole Sphinx builds."""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

#: the colour codes Sphinx puts around warnings
ESCAPES = re.compile(r'\x1b\[[0-9;]*m')


def build(srcdir: Path, **options) -> SphinxTestApp:
    """A finished HTML build of ``srcdir``; its output and logs stay readable."""
    app = SphinxTestApp('html', srcdir=srcdir, **options)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def findings_of(app: SphinxTestApp, prefix: str) -> set[tuple[str, int, str]]:
    """``(file, line, code)`` of every logged warning whose code starts with ``prefix``."""
    found = set()
    for line in ESCAPES.sub('', app.warning.getvalue()).splitlines():
        match = re.search(r'([\w.-]+\.rst):(\d+): WARNING: (GC\d+) ', line)
        if match and match[3].startswith(prefix):
            found.add((match[1], int(match[2]), match[3]))
    return found
