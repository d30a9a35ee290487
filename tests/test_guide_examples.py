"""The examples in the user guide build cleanly and mean what the guide says."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

EXAMPLE = Path(__file__).parents[1] / 'doc' / 'source' / 'guide' / 'examples' / 'lite-specs.txt'


def test_spec_lite_directive_example(make_app, tmp_path):
    page = tmp_path / 'specs' / '2026.1' / 'approved' / 'glance' / 'lite-specs.rst'
    page.parent.mkdir(parents=True)
    shutil.copyfile(EXAMPLE, page)
    (tmp_path / 'conf.py').write_text(
        "extensions = ['sphinxext_glancecycle']\n"
        "glancecycle_projects = ['glance', 'glance_store', 'python-glanceclient']\n")
    (tmp_path / 'index.rst').write_text(
        'Example\n=======\n\n.. toctree::\n\n   specs/2026.1/approved/glance/lite-specs\n')
    app = make_app('html', srcdir=tmp_path)
    app.build()
    assert app.warning.getvalue() == ''
    data = json.loads((app.outdir / 'glancecycle.json').read_text('utf-8'))
    assert [(s['title'], s['project'], s['cycle']) for s in data['spec_lites']] == [
        ('Report pending migrations in db sync', 'glance', '2026.1'),
        ('Name the store in upload log messages', 'glance', '2026.1'),
    ]
    assert data['findings'] == []
    html = (app.outdir / 'specs/2026.1/approved/glance/lite-specs.html').read_text('utf-8')
    assert 'id="report-pending-migrations-in-db-sync"' in html


def test_every_setting_is_in_the_generated_reference():
    from sphinxext_glancecycle import settings

    guide = (EXAMPLE.parents[1] / 'configuration.rst').read_text('utf-8')
    sections = re.findall(r'^\.\. glancecycle-settings:: (\w+)$', guide, re.MULTILINE)
    assert sections == list(settings.SECTIONS)
    assert {setting.section for setting in settings.SETTINGS} == set(settings.SECTIONS)
    # no hand-written entry beside the generated ones
    assert '.. confval::' not in guide
