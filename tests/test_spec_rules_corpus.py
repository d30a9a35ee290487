"""GC504 and GC505 on the real glance-, cinder- and ironic-specs trees, with each
repository's own template: every finding listed here was read by hand and is true.

GC504 agrees with the repositories' own linters wherever they look: ironic's
``tests/test_titles.py`` fails on ``nic-firmware-updates.rst`` only for it (and on
``vxlan-support.rst`` for a renamed section, which is GC502's); cinder's checks the
same structure, for Juno and Kilo only, and would fail on the three specs below.
"""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

from sphinxext_glancecycle.cli.outline import outline
from sphinxext_glancecycle.readers.paths import PathInfo
from sphinxext_glancecycle.readers.profile import namespace, parse
from sphinxext_glancecycle.readers.specs import read_spec, read_template
from sphinxext_glancecycle.rules.specs import check_hierarchy, check_template_text

SHARED = Path(__file__).parent.parent.parent / 'shared' / 'corpus'
MISPLACED = {
    'glance-specs': [('specs/rocky/approved/glance/image-import/image-import-refactor.rst', 645)],
    'cinder-specs': [('specs/xena/expose-cinder-user-visible-extra-specs-spec.rst', 121),
                     ('specs/yoga/nvme-multipath.rst', 230),
                     ('specs/yoga/optimize-upload-volume-to-rbd-store.rst', 57)],
    'ironic-specs': [('specs/approved/nic-firmware-updates.rst', 52)],
}
#: spec -> findings of GC505 (one per section keeping template text)
TEMPLATE_TEXT = {
    'glance-specs': {'specs/juno/refactoring-glance-logging.rst': 1,
                     'specs/liberty/glanceclient/session-objects.rst': 1,
                     'specs/newton/approved/glance/deprecate-registry.rst': 1,
                     'specs/rocky/approved/glance/image-import/image-import-refactor.rst': 1},
    'cinder-specs': {'specs/liberty/replication_v2.rst': 12,
                     'specs/mitaka/brick-extend-attached-volume.rst': 1,
                     'specs/mitaka/cheesecake.rst': 11,
                     'specs/newton/differentiate-thick-thin-in-scheduler.rst': 1},
    'ironic-specs': {'specs/approved/async-metrics.rst': 1,
                     'specs/approved/ironic-ml2-integration.rst': 1,
                     'specs/approved/nic-firmware-updates.rst': 2,
                     'specs/approved/service-steps.rst': 1,
                     'specs/approved/shard-key.rst': 1,
                     'specs/approved/smartnics-to-dpus.rst': 1},
}


@pytest.mark.parametrize('name', sorted(MISPLACED))
def test_corpus_findings(name):
    root = SHARED / name
    if not (root / 'specs').is_dir():
        pytest.skip(f'{name} not found in {SHARED}')
    template = read_template((root / 'specs' / 'template.rst').read_text('utf-8'))
    misplaced, left = [], collections.Counter()
    for path in sorted((root / 'specs').rglob('*.rst')):
        if path.is_symlink():
            continue
        try:
            text = path.read_text('utf-8')
        except UnicodeDecodeError:
            continue
        source = path.relative_to(root).as_posix()
        if not template.could_be_in(text):
            # as glancecycle check reads it: headings only, unless it may keep template text
            text = outline(text) or text
        with namespace():
            spec = read_spec(parse(text, source), source, PathInfo(status='any'), template)
        if spec is None:
            continue
        misplaced += [(source, line) for line, _ in check_hierarchy(spec, None, ())]
        left[source] += len(list(check_template_text(spec, None, ())))
    assert misplaced == MISPLACED[name]
    assert {source: count for source, count in left.items() if count} == TEMPLATE_TEXT[name]
