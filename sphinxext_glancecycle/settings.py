"""Every ``glancecycle_*`` setting, declared once.

Each :class:`Setting` has its conf.py name, default, validator, help text
and scope. The Sphinx layer registers and validates them from here, the
command line validates the values it reads from conf.py with the same
:func:`validate`, :class:`~sphinxext_glancecycle.policy.Policy` is made
from the validated values, and the guide's settings reference is
generated from the help texts. Plain Python: nothing here imports Sphinx
or docutils.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
from typing import Any, Callable, Mapping

from sphinxext_glancecycle.catalogue import Catalogue
from sphinxext_glancecycle.core import Severity
from sphinxext_glancecycle.profile import Profile, ProfileError, from_setting

SPEC_LITE_FIELDS = ('project', 'problem', 'solution', 'impacts', 'how', 'alternatives',
                    'timeline', 'link', 'reviewers', 'assignee')
IMPACT_FLAGS = ('APIImpact', 'ConfigImpact', 'DBImpact', 'DeprecationImpact', 'DocImpact',
                'NotificationImpact', 'PerformanceImpact', 'SecurityImpact', 'UpgradeImpact')
MILESTONES = ('M1', 'M2', 'M3')
DEFAULT_PRIORITIES = 'priorities/*-priorities.rst'
DEFAULT_TEMPLATE = 'specs/template.rst'
PREFIX = 'glancecycle_'

#: The guide's sections, in order: key -> heading.
SECTIONS = {
    'checked': 'What is checked',
    'severity': 'How loudly findings are reported',
    'site': 'Site settings',
}


class SettingError(ValueError):
    """A setting has a value the tool cannot use; the message names it."""


#: A validator turns a conf.py value into the value the tool uses, or raises
#: ``ValueError`` saying what is wrong; it sees the values validated before it.
Validator = Callable[[Any, Mapping[str, Any]], Any]


@dataclasses.dataclass(frozen=True)
class Setting:
    """One conf.py setting."""

    #: the name without ``glancecycle_``; also the :class:`Policy` field
    key: str
    default: Any
    #: the types conf.py may give (Sphinx checks them too)
    types: tuple[type, ...]
    validate: Validator
    #: reStructuredText for the guide
    help: str
    #: 'checked' and 'severity' settings make the policy; 'site' ones only
    #: where the build reads and renders
    section: str
    #: the type as the guide shows it
    shown_type: str

    @property
    def name(self) -> str:
        return PREFIX + self.key

    @property
    def shown_default(self) -> str:
        if isinstance(self.default, tuple):
            return repr(list(self.default))
        return repr(self.default)


def _type_name(value: Any) -> str:
    return type(value).__name__


def _strings(value: Any, earlier: Mapping[str, Any]) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise ValueError(f'is a {_type_name(value)}; give a list of strings, '
                         f'e.g. [{value!r}]' if isinstance(value, str) else
                         f'is a {_type_name(value)}; give a list of strings')
    for item in value:
        if not isinstance(item, str):
            raise ValueError(f'holds {item!r}, a {_type_name(item)}; give only strings')
    return tuple(value)


def _text(value: Any, earlier: Mapping[str, Any]) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f'is {value!r}; give a non-empty string')
    return value


def _optional_text(value: Any, earlier: Mapping[str, Any]) -> str | None:
    return None if value is None or value == '' else _text(value, earlier)


def _flag(value: Any, earlier: Mapping[str, Any]) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f'is a {_type_name(value)}; give True or False')
    return value


def _mapping(value: Any, what: str) -> Mapping:
    if not isinstance(value, Mapping):
        raise ValueError(f'is a {_type_name(value)}; give a dict of {what}')
    return value


def _rules(value: Any, earlier: Mapping[str, Any]) -> dict[str, Severity]:
    levels = {}
    for code, level in _mapping(value, "rule codes to levels, e.g. {'GC104': 'info'}").items():
        # The rules, and the readers and docutils they use, load only when a
        # conf.py overrides one: a warm ``glancecycle check`` needs neither.
        from sphinxext_glancecycle.rules import RULES

        if code not in RULES:
            raise ValueError(f'names unknown rule {code!r}')
        if not isinstance(level, str):
            raise ValueError(f'[{code!r}] is a {_type_name(level)}; give off, info or warning')
        try:
            levels[code] = Severity.parse(level)
        except ValueError as exc:
            raise ValueError(f'[{code!r}]: {exc}') from None
    return levels


def _date(value: Any) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f'is a {_type_name(value)}')
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f'{value!r} is not a date (use YYYY-MM-DD)') from None


def _series(value: Any, earlier: Mapping[str, Any]) -> Catalogue:
    if isinstance(value, (str, Mapping)) or not isinstance(value, (list, tuple)):
        raise ValueError(f'is a {_type_name(value)}; give a list of dicts, e.g. '
                         "[{'name': 'indri', 'release_id': '2027.1', "
                         "'release_date': '2027-03-24'}]")
    entries = []
    for index, entry in enumerate(value):
        where = f'[{index}]'
        if not isinstance(entry, Mapping):
            raise ValueError(f'{where} is a {_type_name(entry)}; give a dict with a name')
        name = entry.get('name')
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"{where} has no 'name' (the series' code name)")
        release_id = entry.get('release_id')
        if release_id is not None and not isinstance(release_id, str):
            raise ValueError(f"{where} 'release_id' is a {_type_name(release_id)}; "
                             "give a string such as '2027.1'")
        date = entry.get('release_date')
        if date is not None:
            try:
                date = _date(date)
            except ValueError as exc:
                raise ValueError(f"{where} 'release_date' {exc}") from None
        entries.append({'name': name.strip(), 'release_id': release_id, 'release_date': date})
    return Catalogue.default(entries)


def _enforce_from(value: Any, earlier: Mapping[str, Any]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f'is a {_type_name(value)}; give a release id or code name')
    if earlier['series'].get(value) is None:
        raise ValueError(f'names unknown series {value!r} (add it to glancecycle_series)')
    return value


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


def _today(value: Any, earlier: Mapping[str, Any]) -> datetime.date:
    if value is not None and not isinstance(value, str):
        raise ValueError(f'is a {_type_name(value)}; give a date as YYYY-MM-DD')
    try:
        return build_date(value)
    except (ValueError, OverflowError, OSError) as exc:
        raise ValueError(f'{exc} (use YYYY-MM-DD, or a valid SOURCE_DATE_EPOCH)') from None


def _schedules(value: Any, earlier: Mapping[str, Any]) -> dict[str, str]:
    paths = {}
    for key, path in _mapping(value, "cycles to schedule.yaml paths").items():
        series = earlier['series'].get(key) if isinstance(key, str) else None
        if series is None:
            raise ValueError(f'names unknown series {key!r} (add it to glancecycle_series)')
        if not isinstance(path, str):
            raise ValueError(f'[{key!r}] is a {_type_name(path)}; give a path')
        paths[series.key] = path
    return paths


def _people(value: Any, earlier: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    people = {}
    for name, others in _mapping(value, 'names to their other names').items():
        others = [others] if isinstance(others, str) else others
        if not isinstance(name, str) or not isinstance(others, (list, tuple)) or not all(
                isinstance(other, str) for other in others):
            raise ValueError(f'[{name!r}]: give a list of the names, nicks and Launchpad ids '
                             "of that person (e.g. {'Jane Doe': ['jdoe', 'jane']})")
        people[name] = tuple(others)
    return people


def _profile(value: Any, earlier: Mapping[str, Any]) -> Profile | None:
    try:
        return from_setting(value)
    except ProfileError as exc:
        raise ValueError(str(exc).removeprefix('glancecycle_profile').lstrip(': ')) from None


SETTINGS: tuple[Setting, ...] = (
    Setting('projects', (), (list, tuple), _strings, """
The projects a spec-lite may name in its ``:project:`` field, spelt
exactly as in the ``specs/<cycle>/<status>/<project>/`` folders. The
comparison is case-sensitive; a near miss gets a suggestion. For Glance:

.. code-block:: python

   glancecycle_projects = ['glance', 'glance_store', 'python-glanceclient']
""", 'checked', 'list[str]'),
    Setting('extra_fields', (), (list, tuple), _strings, """
Field names accepted in a spec-lite on top of the template's own
(``project``, ``problem``, ``solution``, ``impacts``, ``how``,
``alternatives``, ``timeline``, ``link``, ``reviewers`` and
``assignee``). Use it when your team has agreed on an extra field,
rather than turning off the unknown-field rule.
""", 'checked', 'list[str]'),
    Setting('impact_flags', IMPACT_FLAGS, (list, tuple), _strings, """
The flags an ``:impacts:`` field may list. Setting it replaces the
default list, so repeat the defaults you want to keep.
""", 'checked', 'list[str]'),
    Setting('spec_template', DEFAULT_TEMPLATE, (str,), _text, """
The full-spec template, relative to the repository root, with
``{cycle}`` for one template per cycle. Full specs are compared with its
section headings, as it was when their cycle was open (see
:ref:`glancecycle-template-time`). Left at its default, the repository's
profile says where the template is.
""", 'checked', 'str'),
    Setting('priorities', DEFAULT_PRIORITIES, (str,), _text, """
A pattern, relative to the repository root, for the priorities pages.
The cycle of a page comes from its name, ``<cycle>-priorities.rst``.
Its tables of priorities and of important dates are read and checked.
Left at its default, the profile's page patterns count too.
""", 'checked', 'str'),
    Setting('milestones', MILESTONES, (list, tuple), _strings, """
The target milestones a priority may name.
""", 'checked', 'list[str]'),
    Setting('site_url', None, (str, type(None)), _optional_text, """
The address where the site is published, for example
``'https://specs.openstack.org/openstack/glance-specs/'``. With it, a
link from a priorities page to the site itself is checked against the
pages of the build and the redirects below, without using the network.
When unset, Sphinx's ``html_baseurl`` is used, else, when the
``openstackdocstheme`` extension is loaded, the specs.openstack.org
address of ``openstackdocs_repo_name``. Set it to ``''`` to check no
such links.
""", 'checked', 'str'),
    Setting('redirects', 'doc/source/_extra/.htaccess', (str, type(None)), _optional_text, """
The ``.htaccess`` file of the published site, relative to the
repository root. A link to a page that moved is fine when one of its
redirects covers it. ``None`` when the site has no redirects. The
profile's redirect files (``layout``'s ``redirect_files``; the ``nova``
preset reads ``specs/*/redirects``, lines ``old.rst new.rst`` relative to
the file's folder) are followed as well.
""", 'checked', 'str'),
    Setting('series', (), (list, tuple), _series, """
Release series to add to the catalogue shipped with the extension, which
lists every OpenStack series from Austin on, with its release id and
release date. Add a series here when your repository already has a
folder for one that the installed version does not know yet, with its
planned release date:

.. code-block:: python

   glancecycle_series = [
       {'name': '<code name>', 'release_id': '2027.2', 'release_date': '2027-09-29'},
   ]

An entry with the name of a shipped series replaces it. The six series
after the last one shipped are estimated (named by their release id,
``YYYY.1`` and ``YYYY.2``, released every 26 weeks) until an entry here
or a newer version of the extension names and dates them.
""", 'severity', 'list[dict]'),
    Setting('schedules', {}, (dict,), _schedules, """
For each cycle, the path (relative to ``conf.py``) of a local copy of
its ``schedule.yaml`` from the ``openstack/releases`` repository. The
dates on that cycle's priorities page are then compared with it:

.. code-block:: python

   glancecycle_schedules = {'2024.1': 'schedules/caracal.yaml'}
""", 'checked', 'dict[str, str]'),
    Setting('people', {}, (dict,), _people, """
The other names, nicks and Launchpad ids of a person, for what the
pages cannot tell. The people index already files a name under the
Launchpad profile a priorities table links it to, and under the nick a
page gives as ``Name <nick>`` or ``Name (nick)``; ids that differ only in
punctuation are kept apart unless listed here:

.. code-block:: python

   glancecycle_people = {'Jane Doe': ['jdoe', 'jane-d', 'J. Doe']}
""", 'checked', 'dict[str, list[str]]'),
    Setting('profile', None, (str, dict, Profile, type(None)), _profile, """
How the repository is kept: a preset name (``'glance'``, ``'cinder'``,
``'ironic'``, ``'nova'``, ``'manila'``), or a mapping of changes to one,
for example::

   glancecycle_profile = {
       'preset': 'ironic',
       'trackers': {'kinds': ['storyboard'], 'opt_out': '.. lint: norfe'},
       'templates': {'since': {'Ramdisk impact': 'pike'}},
   }

The parts are ``layout`` (status folders, ``<cycle>-implemented``
folders, release folders of symbolic links and the cycle of each
release, ``proposals``: the folder ``glancecycle new`` writes a spec
in, ``proposal_links``: folders linking to each new spec),
``templates`` (the template path, ``since``: the first cycle whose
specs must keep a section, which wins over the template's git history,
``optional``, ``by_status``, ``unchecked``, ``spec_lites``; see
:ref:`glancecycle-template-time`), ``trackers`` (``blueprint``, ``bug``,
``storyboard``)
and ``priorities`` (page globs, more header texts per column,
``plain_owners``, ``free_milestones``), plus ``other_cycle_prose``
(GC213). ``None`` reads the preset from the tree: release-number
folders mean ironic's layout, cycle folders holding specs directly
cinder's, and so on (see ``sphinxext_glancecycle/profile.py`` for each
preset's values).
""", 'checked', 'str, dict or None'),
    Setting('rules', {}, (dict,), _rules, """
Changes the severity of single rules, by code: ``'off'`` drops the
finding, ``'info'`` reports it without failing ``-W``, ``'warning'``
makes it fail ``-W``. See :ref:`glancecycle-severity`.
""", 'severity', 'dict[str, str]'),
    Setting('enforce_from', None, (str, type(None)), _enforce_from, """
The first cycle whose findings are reported at warning level, as a
release id (``'2024.1'``) or a code name (``'caracal'``). Findings in
older cycles, and in pages that belong to no cycle, are reported at info
level and still recorded. When unset, the cycles released before the
build date are the older ones. See :ref:`glancecycle-legacy`.
""", 'severity', 'str'),
    Setting('today', None, (str, type(None)), _today, """
The date, as ``YYYY-MM-DD``, that the build treats as today when it
decides which cycle is current. When unset, the ``SOURCE_DATE_EPOCH``
environment variable is used if present, and the real date otherwise.
Set it in tests and in builds that must be reproducible.
""", 'severity', 'str'),
    Setting('baseline', '.glancecycle-baseline.json', (str, type(None)), _optional_text, """
The baseline file, relative to the repository root, that
``glancecycle baseline`` writes. Findings it lists are reported at info
level by the build and by ``glancecycle check``; entries that no longer
match a finding are reported as stale. A missing file means no baseline;
``None`` turns the feature off. See :doc:`/adoption`.
""", 'severity', 'str'),
    Setting('show_findings', False, (bool,), _flag, """
Puts a "Review findings" box under the title of each spec-lite that has
findings, listing them. Combined with ``--keep-going``, a preview build
of a change shows reviewers every problem on the rendered page. The
command line ignores it.
""", 'site', 'bool'),
    Setting('repo_root', None, (str, type(None)), _optional_text, """
The repository root, relative to the folder holding ``conf.py``. Paths
in findings and in ``glancecycle.json`` are given relative to it. When
unset, the folder above ``doc/source`` is used, or the source folder when
the site lives elsewhere. The command line reads it too.
""", 'site', 'str'),
)

BY_NAME = {setting.name: setting for setting in SETTINGS}
#: Other conf.py values the settings' defaults are made from.
SPHINX_VALUES = ('html_baseurl', 'extensions', 'openstackdocs_repo_name')
SPECS_SITE = 'https://specs.openstack.org/'


def published_url(values: Mapping[str, Any]) -> str | None:
    """Where conf.py says the site is published, when ``glancecycle_site_url`` does not."""
    base = values.get('html_baseurl')
    if isinstance(base, str) and base.strip():
        return base.strip()
    repository = values.get('openstackdocs_repo_name')
    if ('openstackdocstheme' in (values.get('extensions') or ())
            and isinstance(repository, str) and repository.strip('/ ')):
        return SPECS_SITE + repository.strip('/ ') + '/'
    return None


def validate(values: Mapping[str, Any]) -> dict[str, Any]:
    """The validated value of every setting, keyed by :attr:`Setting.key`.

    ``values`` maps conf.py names to what conf.py gave; a missing name takes
    its default. Raises :class:`SettingError` naming the first bad setting.
    """
    clean: dict[str, Any] = {}
    for setting in SETTINGS:
        value = values.get(setting.name, setting.default)
        try:
            clean[setting.key] = setting.validate(value, clean)
        except ValueError as exc:
            raise SettingError(f'{setting.name} {exc}') from None
    if values.get(PREFIX + 'site_url') is None:
        clean['site_url'] = published_url(values)
    return clean


def repository_root(confdir: str, srcdir: str, value: str | None) -> str:
    """The folder paths in findings are relative to.

    ``glancecycle_repo_root`` (relative to conf.py) when set; otherwise the
    folder above ``doc/source``, or the source folder itself.
    """
    if value:
        return os.path.realpath(os.path.join(confdir, value))
    srcdir = os.path.realpath(srcdir)
    head, source = os.path.split(srcdir)
    if source == 'source' and os.path.basename(head) == 'doc':
        return os.path.dirname(head)
    return srcdir
