"""Stage the real glance-specs documents as a buildable specs repository.

The shared copy of the corpus lost its symbolic links (they arrived as text
files naming their targets), so ``doc/source/specs`` and
``doc/source/priorities`` are linked anew, and a conf.py of ours points the
repository root back at the corpus, so paths in findings read
``specs/...`` as they would upstream. Used by the corpus tests and by
``bench/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

LINKED = ('specs', 'priorities')
CONF = """\
extensions = {extensions!r}
project = 'glance-specs'
exclude_patterns = ['**/template.rst', '**/spec-lite-template.rst']
suppress_warnings = ['toc.no_title']
glancecycle_projects = ['glance', 'glance_store', 'python-glanceclient']
glancecycle_enforce_from = '2026.2'
glancecycle_repo_root = {root!r}
"""


def stage(corpus: Path, where: Path,
          extensions: Sequence[str] = ('sphinxext_glancecycle',)) -> Path:
    """Make ``where`` a specs repository showing ``corpus``; return its ``doc/source``."""
    source = where / 'doc' / 'source'
    source.mkdir(parents=True)
    for name in LINKED:
        (where / name).symlink_to(corpus / name, target_is_directory=True)
    for item in (corpus / 'doc' / 'source').iterdir():
        target = Path('..', '..', item.name) if item.name in LINKED else item
        (source / item.name).symlink_to(target)
    (source / 'conf.py').write_text(
        CONF.format(extensions=list(extensions), root=str(corpus)), encoding='utf-8')
    return source
