"""The validated settings every rule reads, shared by Sphinx and the CLI.

The Sphinx layer fills a :class:`Policy` from ``glancecycle_*`` values in
conf.py; the command line reads the same values without starting a build.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
from typing import Any, Mapping

from sphinxext_glancecycle.catalogue import Catalogue
from sphinxext_glancecycle.model import Severity

SPEC_LITE_FIELDS = ('project', 'problem', 'solution', 'impacts', 'how', 'alternatives',
                    'timeline', 'link', 'reviewers', 'assignee')
IMPACT_FLAGS = ('APIImpact', 'ConfigImpact', 'DBImpact', 'DeprecationImpact', 'DocImpact',
                'NotificationImpact', 'PerformanceImpact', 'SecurityImpact', 'UpgradeImpact')

_SEQUENCE = frozenset({list, tuple})
MILESTONES = ('M1', 'M2', 'M3')

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
    'glancecycle_priorities': ('priorities/*-priorities.rst', frozenset({str})),
    'glancecycle_milestones': (MILESTONES, _SEQUENCE),
    'glancecycle_site_url': (None, frozenset({str, type(None)})),
    'glancecycle_redirects': ('doc/source/_extra/.htaccess', frozenset({str, type(None)})),
    'glancecycle_schedules': ({}, frozenset({dict})),
    # known findings reported at info level (sphinxext_glancecycle.baseline)
    'glancecycle_baseline': ('.glancecycle-baseline.json', frozenset({str, type(None)})),
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

    @property
    def known_fields(self) -> frozenset[str]:
        return frozenset(SPEC_LITE_FIELDS) | {f.lower() for f in self.extra_fields}

    @classmethod
    def from_config(cls, values: Mapping[str, Any]) -> Policy:
        """Build a policy from conf.py values, keyed by their conf.py names."""
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
        return cls(
            priorities=get('glancecycle_priorities'),
            milestones=tuple(get('glancecycle_milestones') or ()),
            site_url=get('glancecycle_site_url'),
            redirects=get('glancecycle_redirects'),
            schedules=schedules,
            today=today,
            spec_template=get('glancecycle_spec_template'),
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
