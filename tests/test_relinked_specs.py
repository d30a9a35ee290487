"""A spec linked into a later cycle's folder (approved again) belongs to both cycles,
and its findings are reported once, at the file."""

from __future__ import annotations

import json
import os
import re

from helpers.repo import BAD, CONF, make_repo, run
from helpers.sphinxbuild import ESCAPES

OLD = 'specs/2023.2/approved/glance/untidy.rst'
NEW = 'specs/2024.1/approved/glance/untidy.rst'
DASHBOARD = ':orphan:\n\n{key}\n{line}\n\n.. cycle-dashboard:: {key}\n'


def relinked_repo(tmp_path):
    repo = make_repo(tmp_path / 'repo', {
        OLD: BAD,
        'doc/source/cycles/2024.1.rst': DASHBOARD.format(key='2024.1', line='=' * 6),
        'doc/source/cycles/2023.2.rst': DASHBOARD.format(key='2023.2', line='=' * 6),
    }, CONF + "glancecycle_enforce_from = '2023.2'\n")
    (repo / NEW).parent.mkdir(parents=True)
    os.symlink(os.path.join('..', '..', '..', '2023.2', 'approved', 'glance', 'untidy.rst'),
               repo / NEW)
    return repo


def test_a_relinked_spec_lite_counts_in_both_cycles_and_is_reported_once(
        make_app, tmp_path, monkeypatch, capsys):
    repo = relinked_repo(tmp_path)
    app = make_app('html', srcdir=repo / 'doc' / 'source', freshenv=True)
    app.build()
    export = json.loads((app.outdir / 'glancecycle.json').read_text('utf-8'))
    assert sorted((lite['source'], lite['cycle']) for lite in export['spec_lites']) == [
        (OLD, '2023.2'), (OLD, '2024.1')]
    counts = {cycle['key']: cycle['spec_lites'] for cycle in export['cycles']}
    assert counts == {'2024.1': 1, '2023.2': 1}
    codes = [(f['source'], f['code']) for f in export['findings']]
    assert codes == [(OLD, 'GC106')]
    logged = re.findall(r'GC1\d\d', ESCAPES.sub('', app.warning.getvalue()))
    assert logged == ['GC106']
    # the 2024.1 dashboard links the page at its place in 2024.1
    board = (app.outdir / 'cycles' / '2024.1.html').read_text('utf-8')
    assert 'href="../specs/2024.1/approved/glance/untidy.html' in board

    status, out, err = run(monkeypatch, capsys, repo, 'check')
    assert status == 1
    assert [line.split(': ')[1].split()[0] for line in out] == ['GC106']
