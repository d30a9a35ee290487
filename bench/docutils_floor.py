"""Parse files with docutils alone, on every CPU, and check nothing.

The time this takes is a floor for any check that reads those files with
docutils: ``bench/cli_speed.py`` runs it on copies of what ``glancecycle
check`` gives docutils (pages parsed whole, and the outlines of the others). Settings
follow Sphinx's reader: no document title promotion, smart quotes on; they are made
once per process, as a check makes them, so the floor holds only the parsing::

    python bench/docutils_floor.py FILE [FILE ...]
"""

from __future__ import annotations

import copy
import multiprocessing
import os
import sys

from docutils.core import publish_doctree
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.readers.standalone import Reader
from docutils.writers.null import Writer

SETTINGS = {'doctitle_xform': False, 'sectsubtitle_xform': False, 'smart_quotes': True,
            'report_level': 5, 'halt_level': 5, 'warning_stream': False}


def _settings():
    settings = get_default_settings(Parser, Reader, Writer)
    for name, value in SETTINGS.items():
        setattr(settings, name, value)
    return settings


_SETTINGS = None


def parse(path: str) -> None:
    global _SETTINGS
    if _SETTINGS is None:
        _SETTINGS = _settings()
    with open(path, encoding='utf-8-sig', errors='replace') as source:
        publish_doctree(source.read(), source_path=path, settings=copy.copy(_SETTINGS))


def main() -> None:
    files = sys.argv[1:]
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else 1
    with multiprocessing.get_context('fork').Pool(cpus) as pool:
        pool.map(parse, files, chunksize=max(1, len(files) // (cpus * 4)))


if __name__ == '__main__':
    main()
