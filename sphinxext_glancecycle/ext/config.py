"""conf.py values of the extension and the policy they make."""

from __future__ import annotations

import os

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from sphinxext_glancecycle.policy import CONFIG_VALUES, Policy, PolicyError

SITE_VALUES = {
    # name: (default, types)
    'glancecycle_show_findings': (False, frozenset({bool})),
    'glancecycle_repo_root': (None, frozenset({str, type(None)})),
}


def _make_policy(app: Sphinx, config: Config) -> None:
    values = {name: getattr(config, name) for name in CONFIG_VALUES}
    try:
        app.glancecycle_policy = Policy.from_config(values, root=repo_root(app))
    except PolicyError as exc:
        raise ConfigError(str(exc)) from None


def setup_config(app: Sphinx) -> None:
    for name, (default, types) in {**CONFIG_VALUES, **SITE_VALUES}.items():
        app.add_config_value(name, default, 'env', types)
    app.connect('config-inited', _make_policy)


def policy(app: Sphinx) -> Policy:
    """The policy of this build, made from conf.py when the config was read."""
    return app.glancecycle_policy


def _find_repo_root(app: Sphinx) -> str:
    if app.config.glancecycle_repo_root:
        return os.path.realpath(os.path.join(app.confdir, app.config.glancecycle_repo_root))
    srcdir = os.path.realpath(app.srcdir)
    head, source = os.path.split(srcdir)
    if source == 'source' and os.path.basename(head) == 'doc':
        return os.path.dirname(head)
    return srcdir


def repo_root(app: Sphinx) -> str:
    """The folder paths in findings are relative to.

    ``glancecycle_repo_root`` (relative to conf.py) when set; otherwise the
    folder above ``doc/source``, or the source folder itself.
    """
    if not hasattr(app, 'glancecycle_repo_root'):
        app.glancecycle_repo_root = _find_repo_root(app)
    return app.glancecycle_repo_root


def _real_folder(app: Sphinx, folder: str) -> str:
    if not hasattr(app, 'glancecycle_folders'):
        app.glancecycle_folders = {}
    real = app.glancecycle_folders.get(folder)
    if real is None:
        real = app.glancecycle_folders[folder] = os.path.realpath(folder)
    return real


def source_of(app: Sphinx, docname: str) -> str:
    """A document's real path relative to the repository, with ``/``."""
    if not hasattr(app, 'glancecycle_sources'):
        app.glancecycle_sources = {}
    cached = app.glancecycle_sources.get(docname)
    if cached is None:
        found = str(app.env.doc2path(docname))
        real = (os.path.realpath(found) if os.path.islink(found) else
                os.path.join(_real_folder(app, os.path.dirname(found)),
                             os.path.basename(found)))
        path = os.path.relpath(real, repo_root(app))
        if path.startswith(os.pardir):
            path = os.path.relpath(found, app.srcdir)
        cached = app.glancecycle_sources[docname] = path.replace(os.sep, '/')
    return cached


def spec_template_path(app: Sphinx) -> str:
    """Where the spec template named by ``glancecycle_spec_template`` is."""
    return os.path.join(repo_root(app), policy(app).spec_template)


def spec_template(app: Sphinx) -> tuple[str, tuple[str, ...]] | None:
    """The spec template's title and sections, read once per build; None if absent."""
    if not hasattr(app, 'glancecycle_spec_template'):
        from sphinxext_glancecycle.readers.specs import read_template

        path = spec_template_path(app)
        try:
            with open(path, encoding='utf-8') as source:
                app.glancecycle_spec_template = read_template(source.read(), path)
        except (OSError, UnicodeDecodeError):
            app.glancecycle_spec_template = None
    return app.glancecycle_spec_template


def site(app: Sphinx):
    """The repository and published site as the rules see them, made once per build.

    ``glancecycle_redirects`` is relative to the repository; the
    ``glancecycle_schedules`` paths are relative to conf.py.
    """
    if not hasattr(app, 'glancecycle_site'):
        from sphinxext_glancecycle.ext.site import BuildSite

        app.glancecycle_site = BuildSite.configured(policy(app), repo_root(app), app.srcdir,
                                                    app.confdir, env=app.env,
                                                    prolog=app.config.rst_prolog or '',
                                                    epilog=app.config.rst_epilog or '')
    return app.glancecycle_site
