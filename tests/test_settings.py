"""Settings are declared once: the build and the command line validate them
alike, and the guide's reference is generated from the declarations."""

from __future__ import annotations

import pytest
from sphinx.errors import ConfigError

from sphinxext_glancecycle import settings

from helpers.repo import make_repo, run

#: conf.py line -> the error both the build and the command line give
BAD = [
    ("glancecycle_projects = 'glance'",
     "glancecycle_projects is a str; give a list of strings, e.g. ['glance']"),
    ('glancecycle_projects = [1, 2]',
     'glancecycle_projects holds 1, a int; give only strings'),
    ("glancecycle_series = [{'release_id': '2027.2'}]",
     "glancecycle_series [0] has no 'name' (the series' code name)"),
    ("glancecycle_series = [{'name': 'x', 'release_date': '2027-02-30'}]",
     "glancecycle_series [0] 'release_date' '2027-02-30' is not a date (use YYYY-MM-DD)"),
    ("glancecycle_rules = {'GC999': 'off'}", "glancecycle_rules names unknown rule 'GC999'"),
    ("glancecycle_rules = {'GC101': 2}",
     "glancecycle_rules ['GC101'] is a int; give off, info or warning"),
    ("glancecycle_enforce_from = 'nope'",
     "glancecycle_enforce_from names unknown series 'nope' (add it to glancecycle_series)"),
    ("glancecycle_today = '2024-13-01'",
     'glancecycle_today month must be in 1..12 (use YYYY-MM-DD, or a valid '
     'SOURCE_DATE_EPOCH)'),
    ("glancecycle_schedules = {'bobcat': 3}",
     "glancecycle_schedules ['bobcat'] is a int; give a path"),
    ("glancecycle_show_findings = 'yes'",
     'glancecycle_show_findings is a str; give True or False'),
    ("glancecycle_profile = 'nova-ish'", None),
]


@pytest.mark.parametrize('line, message', BAD)
def test_the_build_and_the_command_line_give_one_same_error(
        make_app, tmp_path, monkeypatch, capsys, line, message):
    conf = f"extensions = ['sphinxext_glancecycle']\n{line}\n"
    repo = make_repo(tmp_path / 'repo', {}, conf)
    status, out, err = run(monkeypatch, capsys, repo, 'check')
    assert status == 2 and out == [] and len(err) == 1
    cli = err[0].removeprefix('glancecycle: error: doc/source/conf.py: ')
    with pytest.raises(ConfigError) as raised:
        make_app('html', srcdir=repo / 'doc' / 'source', freshenv=True)
    assert str(raised.value) == cli
    if message is not None:
        assert cli == message
    assert cli.startswith(line.split()[0])


def test_schedules_map_code_names_to_the_release_id():
    clean = settings.validate({'glancecycle_schedules': {'bobcat': 'bobcat.yaml'}})
    assert clean['schedules'] == {'2023.2': 'bobcat.yaml'}


def test_defaults_validate_to_themselves():
    clean = settings.validate({})
    for setting in settings.SETTINGS:
        if setting.key not in ('series', 'today', 'rules', 'profile'):
            assert clean[setting.key] == setting.default, setting.name


@pytest.mark.sphinx('html', testroot='settingsdoc')
def test_the_reference_has_an_entry_per_setting(app):
    app.build()
    assert app.warning.getvalue() == ''
    std = app.env.domains['std']
    documented = {name for (kind, name) in std.objects if kind == 'confval'}
    assert documented == set(settings.BY_NAME)
    html = (app.outdir / 'index.html').read_text('utf-8')
    assert 'glancecycle_projects = [&#39;glance&#39;' in html or \
        "glancecycle_projects</span> <span class=\"o\">=" in html


@pytest.mark.parametrize('lines, expected', [
    ([], None),
    (["html_baseurl = 'https://docs.example.org/specs/'"], 'https://docs.example.org/specs/'),
    (["openstackdocs_repo_name = 'openstack/glance-specs'"], None),  # no theme, no guess
    (["extensions = ['openstackdocstheme']", "openstackdocs_repo_name = 'openstack/glance-specs'"],
     'https://specs.openstack.org/openstack/glance-specs/'),
    (["html_baseurl = 'https://docs.example.org/'", "glancecycle_site_url = ''"], None),
])
def test_the_site_url_defaults_to_where_conf_py_says_the_site_is(lines, expected):
    namespace = {}
    exec('\n'.join(lines), namespace)
    assert settings.validate(namespace)['site_url'] == expected


def test_the_build_and_the_command_line_derive_the_same_site_url(make_app, tmp_path):
    from sphinxext_glancecycle.cli import confpy
    from sphinxext_glancecycle.ext.state import state

    conf = ("extensions = ['sphinxext_glancecycle']\n"
            "html_baseurl = 'https://docs.example.org/specs/'\n")
    repo = make_repo(tmp_path / 'repo', {}, conf)
    app = make_app('html', srcdir=repo / 'doc' / 'source', freshenv=True)
    assert state(app.env).policy.site_url == 'https://docs.example.org/specs/'
    assert confpy.load(repo).policy.site_url == 'https://docs.example.org/specs/'
