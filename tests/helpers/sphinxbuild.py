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


#: An extension noting the process that reads each page (in ``pids.txt``), to
#: show that a ``-j N`` build really read in several processes.
PID_RECORDER = '''
import os


def _note_pid(app, doctree):
    with open(os.path.join(app.srcdir, 'pids.txt'), 'a') as out:
        out.write(f'{os.getpid()}\\n')


def setup(app):
    app.connect('doctree-read', _note_pid)
    return {'parallel_read_safe': True, 'parallel_write_safe': True}
'''
