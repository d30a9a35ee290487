"""The validated settings every rule reads, shared by Sphinx and the CLI.

The Sphinx layer fills a :class:`Policy` from ``glancecycle_*`` values in
conf.py; the command line reads the same values without starting a build.
"""

from __future__ import annotations

import dataclasses
import datetime
import fnmatch
from pathlib import PurePosixPath
from typing import Any, Mapping

from sphinxext_glancecycle import settings
from sphinxext_glancecycle.catalogue import Catalogue
from sphinxext_glancecycle.core import Severity
from sphinxext_glancecycle.profile import GLANCE, Profile, infer
from sphinxext_glancecycle.readers.paths import shipped_in
from sphinxext_glancecycle.settings import DEFAULT_PRIORITIES, SPEC_LITE_FIELDS


def _default(key: str):
    return settings.BY_NAME[settings.PREFIX + key].default


@dataclasses.dataclass(frozen=True)
class Policy:
    """What the rules check against, and how loudly they report.

    The fields are the validated settings (:mod:`sphinxext_glancecycle.settings`
    declares and documents them) and what the tree says of itself.
    """

    projects: tuple[str, ...] = _default('projects')
    extra_fields: tuple[str, ...] = _default('extra_fields')
    impact_flags: tuple[str, ...] = _default('impact_flags')
    rules: Mapping[str, Severity] = dataclasses.field(default_factory=dict)
    enforce_from: str | None = None
    catalogue: Catalogue = dataclasses.field(default_factory=Catalogue.default)
    today: datetime.date = dataclasses.field(default_factory=settings.build_date)
    spec_template: str = settings.DEFAULT_TEMPLATE
    #: repository-relative glob of priorities pages
    priorities: str = DEFAULT_PRIORITIES
    milestones: tuple[str, ...] = _default('milestones')
    site_url: str | None = None
    #: the published site's ``.htaccess``, relative to the repository
    redirects: str | None = _default('redirects')
    #: cycle key -> ``schedule.yaml`` path (relative to conf.py)
    schedules: Mapping[str, str] = dataclasses.field(default_factory=dict)
    #: how the repository is kept (layout, templates, trackers, priorities pages)
    profile: Profile = GLANCE
    #: repository path of each spec a release folder links to -> that release
    shipped: Mapping[str, str] = dataclasses.field(default_factory=dict)
    #: display name -> the other names, nicks and ids that person goes by
    people: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    #: the baseline file, relative to the repository; None: no baseline
    baseline: str | None = _default('baseline')

    def is_priorities_page(self, source: str) -> bool:
        """Whether ``source`` is a priorities page (the setting's glob, or the profile's)."""
        if fnmatch.fnmatchcase(source, self.priorities):
            return True
        return (self.priorities == DEFAULT_PRIORITIES
                and any(fnmatch.fnmatchcase(source, g) for g in self.profile.priorities.pages)
                and not PurePosixPath(source).stem.upper().startswith('TEMPLATE'))

    @property
    def known_fields(self) -> frozenset[str]:
        return frozenset(SPEC_LITE_FIELDS) | {f.lower() for f in self.extra_fields}

    @classmethod
    def from_config(cls, values: Mapping[str, Any], root: str | None = None) -> Policy:
        """Validate conf.py values (keyed by their conf.py names) into a policy."""
        return cls.from_settings(settings.validate(values), root)

    @classmethod
    def from_settings(cls, clean: Mapping[str, Any], root: str | None = None) -> Policy:
        """A policy of validated settings (:func:`settings.validate`).

        ``root`` is the repository: with no ``glancecycle_profile``, its tree
        says which profile it follows, and its release folders what shipped.
        """
        profile = clean['profile'] or infer(root)
        template = clean['spec_template']
        if template == settings.DEFAULT_TEMPLATE:
            template = profile.templates.path
        values = {field.name: clean[field.name] for field in dataclasses.fields(cls)
                  if field.name in clean}
        values.update(catalogue=clean['series'], profile=profile, spec_template=template,
                      shipped=shipped_in(root, profile.layout) if root else {})
        return cls(**values)

    def severity(self, code: str, default: Severity, cycle: str | None) -> Severity:
        """The level a finding of rule ``code`` is reported at in ``cycle``.

        Findings of history are kept at info level so they do not fail ``-W``;
        they are still recorded.  History is the documents of no cycle
        (untargeted specs) and the cycles before ``enforce_from`` when it is
        set, else the cycles released before the build date.  A finding can
        so only go from warning to info as time passes, never the other way.
        """
        level = self.rules.get(code, default)
        if level > Severity.INFO and self.is_history(cycle):
            level = Severity.INFO
        return level

    def is_history(self, cycle: str | None) -> bool:
        """Whether findings of ``cycle`` are history rather than enforced."""
        position = self.catalogue.position(cycle)
        if position is None:
            return True
        if self.enforce_from:
            return position < self.catalogue.position(self.enforce_from)
        release = self.catalogue.get(cycle).release_date
        return release is not None and release < self.today
