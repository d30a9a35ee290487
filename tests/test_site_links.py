"""Relative links read against the page holding them, and nova's redirect files."""

from __future__ import annotations

from pathlib import Path

from sphinxext_glancecycle.analysis import analyse
from sphinxext_glancecycle.matching import WorkIndex
from sphinxext_glancecycle.policy import Policy
from sphinxext_glancecycle.readers.profile import namespace, parse
from sphinxext_glancecycle.readers.site import FileSite, Site, relative_to

BASE = 'https://specs.openstack.org/openstack/nova-specs'
PAGE = """\
=================
Caracal priorities
=================

See `the old spec <../specs/2023.2/approved/old.html>`_, `this page's notes <notes.rst>`_,
`a lost one <../specs/2023.2/approved/lost.html#design>`_ and `the moved spec
<{base}/specs/2023.2/approved/moved.html>`_.
""".format(base=BASE)


def _tree(root: Path) -> Path:
    """A nova-like tree: a spec moved from approved/ to implemented/ by a redirect file."""
    for name, text in {
            'specs/2023.2/approved/old.rst': 'Old\n===\n\nPart\n----\n',
            'specs/2023.2/implemented/moved.rst': 'Moved\n=====\n\nPart\n----\n',
            'specs/2023.2/redirects': ('# moved when it merged\n'
                                       'approved/moved.rst ../implemented/moved.rst\n'
                                       'approved/away.rst https://example.org/away.html\n'),
            'priorities/2024.1-priorities.rst': PAGE}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_relative_targets_are_read_against_their_page():
    assert relative_to('../2023.2/foo.html', 'specs/2024.1/approved/bar.rst') == (
        'specs/2024.1/2023.2/foo.html')
    assert relative_to('foo.rst#part', 'specs/2024.1/bar.rst') == 'specs/2024.1/foo.rst#part'
    for kept in ('https://example.org/a.html', '/specs/a.html', '#part', 'mailto:a@b.example'):
        assert relative_to(kept, 'specs/2024.1/bar.rst') == kept


def test_relative_links_of_a_priorities_page(tmp_path):
    root = _tree(tmp_path)
    site = FileSite(root=str(root), base_url=BASE, redirect_files=('specs/*/redirects',))
    with namespace():
        document = parse(PAGE, 'priorities/2024.1-priorities.rst')
    report = analyse(document, 'priorities/2024.1-priorities.rst',
                     Policy.from_config({'glancecycle_profile': 'nova'}), site=site)
    # the old spec is found from the page's folder; the notes are not beside the page; the
    # moved spec is followed through the redirect file
    assert [(f.line, f.code, f.message) for f in report.findings if f.code in (
        'GC208', 'GC209')] == [
        (5, 'GC208', "reference 'priorities/notes.rst' names no document in the repository "
                     "(correct the path)"),
        (5, 'GC208', "reference 'specs/2023.2/approved/lost.html#design' names no document in "
                     "the repository (correct the path)")]
    assert str(root / 'specs' / '2023.2' / 'redirects') in report.dependencies


def test_redirect_files_send_old_pages_to_new_ones(tmp_path):
    root = _tree(tmp_path)
    site = FileSite(root=str(root), base_url=BASE, redirect_files=('specs/*/redirects',))
    moved = site.resolve_url(f'{BASE}/specs/2023.2/approved/moved.html#part')
    assert (moved.path, moved.anchor, moved.redirected) == (
        'specs/2023.2/implemented/moved', 'part', True)
    assert site.redirect('/openstack/nova-specs/specs/2023.2/approved/away.html') == (
        'https://example.org/away.html')
    assert site.redirect('/openstack/nova-specs/specs/2023.2/approved/old.html') is None
    # without the profile's redirect files, the old page reaches nothing
    plain = FileSite(root=str(root), base_url=BASE)
    assert plain.resolve_url(f'{BASE}/specs/2023.2/approved/moved.html').path is None


def test_the_nova_preset_reads_redirect_files(tmp_path):
    root = _tree(tmp_path)
    policy = Policy.from_config({'glancecycle_profile': 'nova', 'html_baseurl': BASE})
    site = Site.configured(policy, str(root), str(root), str(root))
    assert site.redirect_files == ('specs/*/redirects',)
    works = WorkIndex([], redirect=site.redirect)
    assert works._page(f'{BASE}/specs/2023.2/approved/moved.html')[:1] == (
        'specs/2023.2/implemented/moved',)
