"""Small specs repositories on disk, and the command line run in one."""

from __future__ import annotations

from pathlib import Path

from sphinxext_glancecycle.cli import main

CONF = """\
extensions = ['sphinxext_glancecycle']
glancecycle_projects = ['glance', 'glance_store', 'python-glanceclient']
# in the 2024.1 cycle, so its findings are enforced rather than history
glancecycle_today = '2024-01-20'
"""
GOOD = """\
===========================
Spec Lite: A tidy proposal
===========================

:project: glance

:problem: Something is slow.

:solution: Make it fast.

:impacts: DocImpact, UpgradeImpact

:link: https://review.opendev.org/c/openstack/glance/+/123456
"""
BAD = """\
==========================
Spec Lite: Untidy proposal
==========================

:project: Glance

:problem: Something is slow.

:solution: Make it fast.

:impacts: DocImpact
"""
GLANCE = 'specs/2024.1/approved/glance'


def make_repo(root: Path, files: dict[str, str], conf: str = CONF) -> Path:
    """A specs repository laid out like glance-specs (doc/source links to specs/)."""
    source = root / 'doc' / 'source'
    source.mkdir(parents=True)
    (root / '.git').mkdir()
    (source / 'conf.py').write_text(conf, encoding='utf-8')
    (source / 'index.rst').write_text('Specs\n=====\n', encoding='utf-8')
    (root / 'specs').mkdir()
    (root / 'priorities').mkdir()
    (source / 'specs').symlink_to(Path('..', '..', 'specs'))
    (source / 'priorities').symlink_to(Path('..', '..', 'priorities'))
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding='utf-8')
    return root


def run(monkeypatch, capsys, where: Path, *argv: str) -> tuple[int, list[str], list[str]]:
    monkeypatch.chdir(where)
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out.splitlines(), err.splitlines()
