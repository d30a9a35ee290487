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


#: The longest text a link that arrived as a file can hold.
LINK_TEXT_LIMIT = 200


def _link_target(path: Path) -> str | None:
    """The target named by a file that stands for a symbolic link, or None."""
    if path.stat().st_size > LINK_TEXT_LIMIT:
        return None
    try:
        text = path.read_text(encoding='utf-8').strip()
    except UnicodeDecodeError:
        return None
    if not text or any(c.isspace() for c in text) or text.startswith('..\n'):
        return None
    return text if text.startswith('.') or text.endswith('.rst') else None


def stage_repository(corpus: Path, where: Path, conf_lines: str) -> Path:
    """Copy a whole specs repository to ``where`` with its links made real.

    The files that stand for links become symlinks to the targets they name
    (dangling ones too, as upstream); ``conf_lines`` is appended to the
    repository's own ``doc/source/conf.py``, which keeps only the lines
    loading no theme or extension we do not install. Returns the copy.
    """
    import shutil

    shutil.copytree(corpus, where, symlinks=True)
    for path in sorted(where.rglob('*')):
        if path.is_file() and not path.is_symlink():
            target = _link_target(path)
            if target is not None:
                path.unlink()
                path.symlink_to(target)
    conf = where / 'doc' / 'source' / 'conf.py'
    conf.write_text(README_CONF + conf_lines, encoding='utf-8')
    return where


#: What a team's conf.py holds after following the README (their other
#: extensions and theme are not installed here).
README_CONF = """\
project = 'specs'
exclude_patterns = ['_build', '**/template.rst']
extensions = ['sphinxext_glancecycle']
"""


#: The lines the README tells a team to add to its own conf.py.
README_LINES = """
# -- added as the README says ----------------------------------------------------
extensions.append('sphinxext_glancecycle')
glancecycle_projects = ['glance', 'glance_store', 'python-glanceclient']
"""


def dashboard_pages(corpus: Path) -> dict[str, str]:
    """``doc/source/cycles/``: a dashboard page per cycle folder of ``corpus``, an index
    page with the overview and a people page with the people index (the ``files`` of
    :func:`stage_real_build`)."""
    keys = sorted({path.name for path in (corpus / 'specs').iterdir() if path.is_dir()}
                  - {'api', 'untargeted'})
    pages = {f'doc/source/cycles/{key}.rst':
             f':orphan:\n\n{key}\n{"=" * len(key)}\n\n.. cycle-dashboard:: {key}\n'
             for key in keys}
    pages['doc/source/cycles/index.rst'] = ':orphan:\n\nCycles\n======\n\n.. cycle-overview::\n'
    pages['doc/source/cycles/people.rst'] = ':orphan:\n\nPeople\n======\n\n.. people-index::\n'
    return pages


def stage_real_build(corpus: Path, conf: Path, where: Path, conf_lines: str = '',
                     files: dict[str, str] | None = None,
                     readme_lines: str = README_LINES) -> Path:
    """Copy ``corpus`` to ``where`` as the real repository builds: links made real, its
    own ``conf.py`` (``conf``) plus the README's lines (``readme_lines``; empty for a
    build without the extension) and ``conf_lines``, ``files`` (path -> text) added,
    and all of it committed to git, as openstackdocstheme wants a checkout. Extensions
    of that conf.py that are not installed are left out. Returns the copy."""
    import importlib.util
    import subprocess

    stage_repository(corpus, where, '')
    for name, text in (files or {}).items():
        (where / name).parent.mkdir(parents=True, exist_ok=True)
        (where / name).write_text(text, encoding='utf-8')
    missing = [name for name in ('yasfb',) if importlib.util.find_spec(name) is None]
    # not every repository lists them (ironic-specs has no yasfb)
    dropped = (f'extensions[:] = [name for name in extensions if name not in {missing!r}]\n'
               if missing else '')
    (where / 'doc' / 'source' / 'conf.py').write_text(
        conf.read_text(encoding='utf-8') + readme_lines + dropped + conf_lines,
        encoding='utf-8')
    git = ['git', '-C', str(where), '-c', 'user.name=corpus', '-c', 'user.email=corpus@test',
           '-c', 'commit.gpgsign=false']
    for command in (['init', '-q'], ['add', '-A'], ['commit', '-q', '-m', 'corpus']):
        subprocess.run(git + command, check=True, capture_output=True)
    return where
