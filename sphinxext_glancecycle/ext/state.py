"""What one build works out once from conf.py and the tree.

The settings are validated when the configuration is read, so a bad value
stops the build with one configuration error naming it. When the builder
is ready, a :class:`BuildState` is made and handed to the domain of the
build's environment: Sphinx makes that object anew on every run and never
pickles it, so nothing here outlives the run or hides on the application.
Everything else reaches it through :func:`state`.
"""

from __future__ import annotations

import dataclasses
import functools
import os

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError

from sphinxext_glancecycle import settings
from sphinxext_glancecycle.ext.dashboard.data import Changes, Snapshot
from sphinxext_glancecycle.ext.site import BuildSite
from sphinxext_glancecycle.policy import Policy
from sphinxext_glancecycle.readers.templates import SpecTemplates

#: The docutils setting the ``cycle-schedule`` directive finds its YAML by.
SCHEDULES_SETTING = 'glancecycle_schedules'


def _values(config: Config) -> dict:
    values = {setting.name: config[setting.name] for setting in settings.SETTINGS}
    # openstackdocs_repo_name is known only when the theme's extension registered it
    values.update({name: getattr(config, name, None) for name in settings.SPHINX_VALUES})
    return values


def validate_settings(app: Sphinx, config: Config) -> None:
    """Stop the build with one line naming a setting whose value cannot be used."""
    try:
        settings.validate(_values(config))
    except settings.SettingError as exc:
        raise ConfigError(str(exc)) from None


@dataclasses.dataclass
class BuildState:
    """The policy, repository, site and spec template of one build, and the
    snapshot of its records that the dashboards, export and calendars show."""

    policy: Policy
    #: the folder paths in findings are relative to
    root: str
    env: BuildEnvironment
    show_findings: bool
    site: BuildSite
    #: what this build's reading touched (:mod:`.dashboard.incremental`)
    changes: Changes = dataclasses.field(default_factory=Changes)
    #: the baseline file's digest and entries, once read (:mod:`.baseline`)
    baseline: tuple | None = None
    _sources: dict[str, str] = dataclasses.field(default_factory=dict, repr=False)
    _snapshot: Snapshot | None = dataclasses.field(default=None, repr=False)
    _folders: dict[str, str] = dataclasses.field(default_factory=dict, repr=False)
    _unlinked_sources: set[str] | None = dataclasses.field(default=None, repr=False)

    @classmethod
    def make(cls, app: Sphinx) -> BuildState:
        config = app.config
        root = settings.repository_root(str(app.confdir), str(app.srcdir),
                                        config.glancecycle_repo_root)
        try:
            policy = Policy.from_config(_values(config), root=root)
        except settings.SettingError as exc:
            raise ConfigError(str(exc)) from None
        site = BuildSite.configured(policy, root, str(app.srcdir), str(app.confdir),
                                    env=app.env, prolog=config.rst_prolog or '',
                                    epilog=config.rst_epilog or '')
        return cls(policy=policy, root=root, env=app.env, site=site,
                   show_findings=config.glancecycle_show_findings)

    def source_of(self, docname: str) -> str:
        """A document's real path relative to the repository, with ``/``."""
        cached = self._sources.get(docname)
        if cached is None:
            found = str(self.env.doc2path(docname))
            real = (os.path.realpath(found) if os.path.islink(found) else
                    os.path.join(self._real_folder(os.path.dirname(found)),
                                 os.path.basename(found)))
            path = os.path.relpath(real, self.root)
            if path.startswith(os.pardir):
                path = os.path.relpath(found, self.env.srcdir)
            cached = self._sources[docname] = path.replace(os.sep, '/')
        return cached

    def linked_at(self, docname: str) -> str | None:
        """The repository path a page that is a symbolic link stands at (a spec
        linked into a later cycle's folder when it was approved again); None
        for a page that is no link."""
        found = str(self.env.doc2path(docname))
        if not os.path.islink(found):
            return None
        alias = os.path.join(self._real_folder(os.path.dirname(found)), os.path.basename(found))
        path = os.path.relpath(alias, self.root)
        return None if path.startswith(os.pardir) else path.replace(os.sep, '/')

    def is_read_elsewhere(self, source: str) -> bool:
        """Whether a page of this build that is no link is the file at ``source``."""
        if self._unlinked_sources is None:
            self._unlinked_sources = {self.source_of(docname) for docname in self.env.found_docs
                                      if not os.path.islink(self.env.doc2path(docname))}
        return source in self._unlinked_sources

    def path(self, source: str) -> str:
        """Where a finding's ``source`` (see :meth:`source_of`) is on disk."""
        in_repository = os.path.join(self.root, source)
        if os.path.exists(in_repository):
            return in_repository
        return os.path.join(self.env.srcdir, source)

    def _real_folder(self, folder: str) -> str:
        # one realpath per folder, not per page: the corpus has thousands
        real = self._folders.get(folder)
        if real is None:
            real = self._folders[folder] = os.path.realpath(folder)
        return real

    @functools.cached_property
    def spec_templates(self) -> SpecTemplates:
        """The spec templates, read as ``glancecycle check`` reads them."""
        return SpecTemplates(self.root, self.policy.spec_template, self.policy.catalogue)

    def snapshot(self) -> Snapshot:
        """The domain's records sorted out for the aggregate pages, once reading is over."""
        if self._snapshot is None:
            domain = self.env.get_domain('glancecycle')
            policy = self.policy
            self._snapshot = Snapshot(domain.documents, policy.catalogue, policy.today,
                                      policy.people, self.site.redirect,
                                      self.site.release_schedule)
            self._snapshot.add_repository_findings(domain.repository_findings)
        return self._snapshot

    def forget_snapshot(self) -> None:
        """The records changed: the next :meth:`snapshot` sorts them out again."""
        self._snapshot = None

    @property
    def baseline_path(self) -> str | None:
        name = self.policy.baseline
        return os.path.join(self.root, name) if name else None


def state(env: BuildEnvironment) -> BuildState:
    """The state of the build ``env`` belongs to."""
    return env.get_domain('glancecycle').state


def make_state(app: Sphinx) -> None:
    built = BuildState.make(app)
    app.env.get_domain('glancecycle').state = built
    # The cycle-schedule directive is docutils-only: it finds its YAML here,
    # by release id or code name as GC303 does.
    app.env.settings[SCHEDULES_SETTING] = built.site.schedule_paths(built.policy.catalogue)


def read_template_history(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Read the spec template's history once, before a parallel build forks its readers."""
    if docnames:
        state(env).spec_templates.since()


def setup_state(app: Sphinx) -> None:
    for setting in settings.SETTINGS:
        app.add_config_value(setting.name, setting.default, 'env',
                             frozenset(setting.types))
    app.connect('config-inited', validate_settings)
    app.connect('builder-inited', make_state)
    app.connect('env-before-read-docs', read_template_history)
