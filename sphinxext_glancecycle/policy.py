"""The validated settings every rule reads, shared by Sphinx and the CLI.

The Sphinx layer fills a :class:`Policy` from ``glancecycle_*`` values in
conf.py; the command line reads the same values without starting a build.
"""

from __future__ import annotations

import dataclasses
import datetime
import fnmatch
import os
from pathlib import PurePosixPath
from typing import Any, Mapping

from sphinxext_glancecycle.catalogue import Catalogue
from sphinxext_glancecycle.model import Severity
from sphinxext_glancecycle.profile import GLANCE, Profile, ProfileError, from_setting, infer

SPEC_LITE_FIELDS = ('project', 'problem', 'solution', 'impacts', 'how', 'alternatives',
                    'timeline', 'link', 'reviewers', 'assignee')
IMPACT_FLAGS = ('APIImpact', 'ConfigImpact', 'DBImpact', 'DeprecationImpact', 'DocImpact',
                'NotificationImpact', 'PerformanceImpact', 'SecurityImpact', 'UpgradeImpact')

_SEQUENCE = frozenset({list, tuple})
MILESTONES = ('M1', 'M2', 'M3')
DEFAULT_PRIORITIES = 'priorities/*-priorities.rst'

#: conf.py name -> (default, accepted types); the single list of policy settings.
CONFIG_VALUES: dict[str, tuple[Any, frozenset]] = {
    'glancecycle_projects': ((), _SEQUENCE),
    'glancecycle_extra_fields': ((), _SEQUENCE),
    'glancecycle_impact_flags': (IMPACT_FLAGS, _SEQUENCE),
    'glancecycle_rules': ({}, frozenset({dict})),
    'glancecycle_enforce_from': (None, frozenset({str, type(None)})),
    'glancecycle_series': ((), _SEQUENCE),
    'glancecycle_today': (None, frozenset({str, type(None)})),
    'glancecycle_spec_template': ('specs/template.rst', frozenset({str})),
    'glancecycle_priorities': (DEFAULT_PRIORITIES, frozenset({str})),
    'glancecycle_milestones': (MILESTONES, _SEQUENCE),
    'glancecycle_site_url': (None, frozenset({str, type(None)})),
    'glancecycle_redirects': ('doc/source/_extra/.htaccess', frozenset({str, type(None)})),
    'glancecycle_schedules': ({}, frozenset({dict})),
    # display name -> other names, nicks and Launchpad ids of the same person
    'glancecycle_people': ({}, frozenset({dict})),
    # known findings reported at info level (sphinxext_glancecycle.baseline)
    'glancecycle_baseline': ('.glancecycle-baseline.json', frozenset({str, type(None)})),
    # a preset name or mapping (sphinxext_glancecycle.profile); None: read from the tree
    'glancecycle_profile': (None, frozenset({str, dict, Profile, type(None)})),
}


def build_date(text: str | None = None) -> datetime.date:
    """The date a build treats as today.

    ``text`` (``glancecycle_today``, ISO format) wins; then the reproducible
    builds convention ``SOURCE_DATE_EPOCH``; then the UTC date of the build.
    """
    if text:
        return datetime.date.fromisoformat(text.strip())
    epoch = os.environ.get('SOURCE_DATE_EPOCH')
    if epoch:
        moment = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
    else:
        moment = datetime.datetime.now(datetime.timezone.utc)
    return moment.date()


class PolicyError(ValueError):
    """A setting in conf.py has a value the tool cannot use."""


@dataclasses.dataclass(frozen=True)
class Policy:
    """What the rules check against, and how loudly they report."""

    projects: tuple[str, ...] = ()
    extra_fields: tuple[str, ...] = ()
    impact_flags: tuple[str, ...] = IMPACT_FLAGS
    rules: Mapping[str, Severity] = dataclasses.field(default_factory=dict)
    enforce_from: str | None = None
    catalogue: Catalogue = dataclasses.field(default_factory=Catalogue.default)
    today: datetime.date = dataclasses.field(default_factory=build_date)
    spec_template: str = 'specs/template.rst'
    #: repository-relative glob of priorities pages
    priorities: str = 'priorities/*-priorities.rst'
    milestones: tuple[str, ...] = MILESTONES
    site_url: str | None = None
    #: the published site's ``.htaccess``, relative to the repository
    redirects: str | None = 'doc/source/_extra/.htaccess'
    #: cycle key -> ``schedule.yaml`` path (relative to conf.py)
    schedules: Mapping[str, str] = dataclasses.field(default_factory=dict)
    #: how the repository is kept (layout, templates, trackers, priorities pages)
    profile: Profile = GLANCE
    #: repository path of each spec a release folder links to -> that release
    shipped: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def is_priorities_page(self, source: str) -> bool:
        """Whether ``source`` is a priorities page (the setting's glob, or the profile's)."""
        if fnmatch.fnmatchcase(source, self.priorities):
            return True
        return (self.priorities == DEFAULT_PRIORITIES
                and any(fnmatch.fnmatchcase(source, g) for g in self.profile.priorities.pages)
                and not PurePosixPath(source).stem.upper().startswith('TEMPLATE'))
    #: display name -> the other names, nicks and ids that person goes by
    people: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)

    @property
    def known_fields(self) -> frozenset[str]:
        return frozenset(SPEC_LITE_FIELDS) | {f.lower() for f in self.extra_fields}

    @classmethod
    def from_config(cls, values: Mapping[str, Any], root: str | None = None) -> Policy:
        """Build a policy from conf.py values, keyed by their conf.py names.

        ``root`` is the repository: with no ``glancecycle_profile``, its tree
        says which profile it follows, and its release folders what shipped.
        """
        from sphinxext_glancecycle.readers.paths import shipped_in
        from sphinxext_glancecycle.rules import registry

        def get(name):
            return values.get(name, CONFIG_VALUES[name][0])

        overrides = {}
        for code, level in dict(get('glancecycle_rules') or {}).items():
            if code not in registry.RULES:
                raise PolicyError(f'glancecycle_rules names unknown rule {code!r}')
            try:
                overrides[code] = Severity.parse(str(level))
            except ValueError as exc:
                raise PolicyError(f'glancecycle_rules[{code!r}]: {exc}') from None
        catalogue = Catalogue.default(get('glancecycle_series') or ())
        enforce_from = get('glancecycle_enforce_from')
        if enforce_from and catalogue.get(enforce_from) is None:
            raise PolicyError(f'glancecycle_enforce_from names unknown series {enforce_from!r} '
                              '(add it to glancecycle_series)')
        try:
            today = build_date(get('glancecycle_today'))
        except ValueError as exc:
            raise PolicyError(f'glancecycle_today: {exc} (use YYYY-MM-DD)') from None
        schedules = {}
        for key, path in dict(get('glancecycle_schedules') or {}).items():
            series = catalogue.get(str(key))
            if series is None:
                raise PolicyError(f'glancecycle_schedules names unknown series {key!r} '
                                  '(add it to glancecycle_series)')
            schedules[series.key] = str(path)
        try:
            profile = from_setting(get('glancecycle_profile')) or infer(root)
        except ProfileError as exc:
            raise PolicyError(str(exc)) from None
        template = get('glancecycle_spec_template')
        if template == CONFIG_VALUES['glancecycle_spec_template'][0]:
            template = profile.templates.path
        people = {}
        for name, others in dict(get('glancecycle_people') or {}).items():
            others = [others] if isinstance(others, str) else others
            if not isinstance(name, str) or not isinstance(others, (list, tuple)) or not all(
                    isinstance(other, str) for other in others):
                raise PolicyError(f'glancecycle_people[{name!r}]: give a list of the names, '
                                  "nicks and Launchpad ids of that person (e.g. "
                                  "{'Jane Doe': ['jdoe', 'jane']})")
            people[name] = tuple(others)
        return cls(
            people=people,
            profile=profile,
            shipped=shipped_in(root, profile.layout) if root else {},
            priorities=get('glancecycle_priorities'),
            milestones=tuple(get('glancecycle_milestones') or ()),
            site_url=get('glancecycle_site_url'),
            redirects=get('glancecycle_redirects'),
            schedules=schedules,
            today=today,
            spec_template=template,
            projects=tuple(get('glancecycle_projects') or ()),
            extra_fields=tuple(get('glancecycle_extra_fields') or ()),
            impact_flags=tuple(get('glancecycle_impact_flags') or ()),
            rules=overrides,
            enforce_from=enforce_from,
            catalogue=catalogue,
        )

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
