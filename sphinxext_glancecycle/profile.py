"""Repository profiles: how a specs repository is laid out and what its team checks.

A :class:`Profile` says where specs live and how a path gives their cycle,
status and project (:class:`Layout`), which template sections a spec must
keep and since when (:class:`Templates`), which tracker links count
(:class:`Trackers`), and how priorities pages are named and headed
(:class:`PrioritiesPages`). ``glancecycle_profile`` in conf.py names a
preset of :data:`PRESETS`, or gives a mapping ``{'preset': ..., 'layout':
{...}, ...}`` of changes to one; with no setting, :func:`infer` picks the
preset the tree looks like. Plain data: nothing here imports Sphinx.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import posixpath
import re
import string
from typing import Any, Mapping

#: What each tracker kind's links look like.
TRACKER_LINKS = {
    'blueprint': re.compile(r'^https?://(blueprints\.)?launchpad\.net/[^/]+/\+spec/\S+$'),
    'bug': re.compile(r'^https?://bugs\.launchpad\.net/(\S+/)?\+bug/\d+/?$'),
    'storyboard': re.compile(r'^https?://storyboard\.openstack\.org/#!/story/\d+/?$'),
}
#: Release-number folder names (``4.0``, ``18.2``; not release ids like ``2024.1``).
RELEASE_NUMBER = r'^\d{1,3}\.\d+$'


class ProfileError(ValueError):
    """``glancecycle_profile`` has a value the tool cannot use."""


@dataclasses.dataclass(frozen=True)
class Layout:
    """Where specs live and what their paths say."""

    #: the folder holding every spec
    root: str = 'specs'
    #: folders below a cycle folder that give the spec's status
    cycle_statuses: tuple[str, ...] = ('approved', 'implemented', 'untargeted')
    #: folders right below ``root`` that give a status and no cycle
    statuses: tuple[str, ...] = ('untargeted',)
    #: ``<cycle>-<suffix>`` folders: suffix -> status (``juno-implemented``)
    cycle_suffixes: Mapping[str, str] = dataclasses.field(default_factory=dict)
    #: names (a regular expression) of folders of symbolic links saying what
    #: shipped in a release; a spec linked from one has that release's cycle
    release_folders: str | None = None
    #: release -> cycle, for ``release_folders``
    releases: Mapping[str, str] = dataclasses.field(default_factory=dict)
    #: whether the folder below cycle and status names a project
    project_folders: bool = True
    #: globs of redirect files kept beside the specs, read like the ``.htaccess``: a line
    #: ``old.rst new.rst`` sends that folder's ``old.html`` to ``new.html`` (relative to
    #: the old page, as nova's build writes its refresh pages)
    redirect_files: tuple[str, ...] = ()
    #: where ``glancecycle new`` writes a spec: a folder below ``root``, ``{cycle}``
    #: standing for the cycle's folder named by its key (``2027.1``, ``pike``),
    #: ``{name}`` for one named by code name (``indri``), ``{project}`` for the
    #: project's folder; None when the layout has no place for new specs
    proposals: str | None = '{cycle}/approved/{project}'
    #: folders below ``root`` that list each new spec by a symbolic link to it too
    #: (ironic's ``not-implemented/``, whose index lists what is approved)
    proposal_links: tuple[str, ...] = ()

    def proposal_fields(self) -> frozenset[str]:
        """The placeholders ``proposals`` holds (``cycle``, ``name``, ``project``)."""
        return frozenset(field for _, field, _, _ in string.Formatter().parse(
            self.proposals or '') if field is not None)

    def proposal_folder(self, **values: str) -> str | None:
        """The folder ``glancecycle new`` writes to, ``values`` filling the placeholders
        of ``proposals``; None when the layout has no place for new specs."""
        if self.proposals is None:
            return None
        return posixpath.join(self.root, self.proposals.format(**values))


@dataclasses.dataclass(frozen=True)
class Templates:
    """The template a spec is written from, and which of its sections are required when."""

    #: the template, relative to the repository; ``{cycle}`` for one per cycle
    path: str = 'specs/template.rst'
    #: section -> the first cycle whose specs must have it (added to the template then)
    since: Mapping[str, str] = dataclasses.field(default_factory=dict)
    #: template sections no spec has to keep
    optional: tuple[str, ...] = ()
    #: status -> the only sections its specs must keep (drafts, backlog ideas)
    by_status: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    #: statuses whose specs are not held to the template (retired, abandoned)
    unchecked: tuple[str, ...] = ()
    #: the team writes spec-lites too (``glancecycle new spec-lite``)
    spec_lites: bool = True


@dataclasses.dataclass(frozen=True)
class Trackers:
    """The tracker links a spec may give (GC503)."""

    kinds: tuple[str, ...] = ('blueprint',)
    #: a comment line that says the spec needs no tracker link
    opt_out: str | None = None


@dataclasses.dataclass(frozen=True)
class PrioritiesPages:
    """Where priorities pages are and how their tables are headed."""

    #: repository-relative globs of priorities pages
    pages: tuple[str, ...] = ('priorities/*-priorities.rst',)
    #: role (``item``, ``owners``, ``specs``, ``milestone``) -> more header texts
    headers: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    #: roles every priorities table must have a column for
    required: tuple[str, ...] = ('item', 'owners', 'specs')
    #: owners are written as plain nicks, not links to profiles
    plain_owners: bool = False
    #: milestone cells hold the team's own targets, not ``glancecycle_milestones``
    free_milestones: bool = False
    #: pages hold other tables too: one with no item column is not a priorities table
    other_tables: bool = False


@dataclasses.dataclass(frozen=True)
class Profile:
    """How one specs repository is kept."""

    name: str = 'glance'
    layout: Layout = dataclasses.field(default_factory=Layout)
    templates: Templates = dataclasses.field(default_factory=Templates)
    trackers: Trackers = dataclasses.field(default_factory=Trackers)
    priorities: PrioritiesPages = dataclasses.field(default_factory=PrioritiesPages)
    #: prose naming another cycle is a copy-paste mistake (GC213)
    other_cycle_prose: bool = True

    def required_sections(self, sections: tuple[str, ...], cycle_position: int | None,
                          status: str | None, position_of,
                          learned: Mapping[str, str] | None = None) -> tuple[str, ...]:
        """The template ``sections`` a spec must keep, judged by the rules of its time.

        ``cycle_position`` is the spec's cycle in release order (None when
        unknown); ``position_of`` gives that of a cycle named in ``since``.
        ``learned`` maps sections to the first cycle the template's history
        asks them of (:meth:`~sphinxext_glancecycle.readers.templates.SpecTemplates.since`);
        the profile's own ``since`` wins over it. A section added in a later
        cycle than the spec's is not required; when the spec's cycle is
        unknown, neither is any section with a first cycle.
        """
        templates = self.templates
        if status in templates.unchecked:
            return ()
        if status in templates.by_status:
            wanted = {fold(s) for s in templates.by_status[status]}
            return tuple(s for s in sections if fold(s) in wanted)
        optional = {fold(s) for s in templates.optional}
        since = {fold(name): position_of(cycle)
                 for name, cycle in {**(learned or {}), **templates.since}.items()}
        required = []
        for section in sections:
            key = fold(section)
            if key in optional:
                continue
            if key in since and (cycle_position is None or since[key] is None
                                 or cycle_position < since[key]):
                continue
            required.append(section)
        return tuple(required)


@functools.lru_cache(maxsize=4096)  # each spec folds the same template headings again
def fold(text: str) -> str:
    """A heading as compared with the template: case, spacing and quote styles folded."""
    if not text.isascii():  # the curly quotes are not ASCII
        # one str.replace per quote: many times faster than str.translate on long text
        for curly, straight in QUOTES.items():
            text = text.replace(curly, straight)
    text = text.replace('`', '')
    return ' '.join(text.split()).rstrip(':').lower()


QUOTES = {'\u201c': '"', '\u201d': '"', '\u201e': '"', '\u2018': "'", '\u2019': "'",
          '\u00ab': '"', '\u00bb': '"'}

GLANCE = Profile()
CINDER = Profile(
    name='cinder',
    layout=Layout(cycle_statuses=(), statuses=('untargeted',), project_folders=False,
                  proposals='{cycle}'),
    # Most specs of a cycle have the section from Wallaby on; earlier ones
    # were written before the template asked for it.
    templates=Templates(since={'Active/Active HA impact': 'wallaby'}, spec_lites=False),
    priorities=PrioritiesPages(pages=()),
    other_cycle_prose=False,
)
IRONIC = Profile(
    name='ironic',
    layout=Layout(
        cycle_statuses=(),
        statuses=('approved', 'backlog', 'not-implemented', 'retired'),
        cycle_suffixes={'implemented': 'implemented'},
        release_folders=RELEASE_NUMBER,
        # The release-number folders under their cycle in ironic's index page.
        releases={
            '4.0': 'liberty', '4.2': 'liberty', '4.3': 'mitaka', '5.0': 'mitaka',
            '5.1': 'mitaka', '6.0': 'newton', '6.1': 'newton', '6.2': 'newton', '7.0': 'ocata',
            '8.0': 'pike', '9.0': 'pike', '9.1': 'pike', '9.2': 'queens', '10.0': 'queens',
            '10.1': 'queens', '11.0': 'rocky', '11.1': 'rocky', '12.0': 'stein',
            '12.1': 'stein', '13.0': 'train', '14.0': 'ussuri', '15.0': 'ussuri',
            '15.1': 'victoria', '15.2': 'victoria', '16.0': 'victoria', '16.1': 'wallaby',
            '17.0': 'wallaby', '18.0': 'xena', '18.1': 'xena', '18.2': 'xena',
            '22.0': '2023.2', '24.1': '2024.1', '26.1': '2024.2', '28.0': '2025.1',
            '29.0': '2025.1', '31.0': '2025.2', '33.0': '2026.1', '35.0': '2026.1',
            '36.0': '2026.2',
        },
        project_folders=False,
        # proposed in approved/ and linked from not-implemented/, as ironic's README
        # says; the cycle comes when a release folder links the spec
        proposals='approved',
        proposal_links=('not-implemented',),
    ),
    # As ironic's own tests/test_titles.py: backlog ideas need only these two
    # sections; the client subsections were renamed and added over the years.
    templates=Templates(
        optional=('"openstack baremetal" CLI', '"openstacksdk"'),
        by_status={'backlog': ('Problem description', 'Proposed change')},
        unchecked=('retired', 'not-implemented', 'implemented'),
        spec_lites=False,
    ),
    trackers=Trackers(kinds=('storyboard', 'bug', 'blueprint'), opt_out='.. lint: norfe'),
    priorities=PrioritiesPages(
        pages=('priorities/*-priorities.rst', 'priorities/*-workitems.rst',
               'priorities/*-themes.rst'),
        headers={'item': ('Name', 'Theme', 'Stretch Goals'),
                 'owners': ('Responsible parties',), 'specs': ('Tracking',)},
        required=('item', 'owners'),
        plain_owners=True,
        free_milestones=True,
        other_tables=True,
    ),
    other_cycle_prose=False,
)
NOVA = Profile(
    name='nova',
    layout=Layout(cycle_statuses=('approved', 'implemented'),
                  statuses=('abandoned', 'backlog'), project_folders=False,
                  redirect_files=('specs/*/redirects',), proposals='{cycle}/approved'),
    templates=Templates(path='specs/{cycle}-template.rst', unchecked=('abandoned',),
                        spec_lites=False),
    priorities=PrioritiesPages(pages=()),
    other_cycle_prose=False,
)
MANILA = Profile(
    name='manila',
    layout=Layout(cycle_statuses=(), statuses=('release_independent',),
                  project_folders=False, proposals='{name}'),
    priorities=PrioritiesPages(pages=()),
    other_cycle_prose=False,
)
#: The layouts seen in OpenStack specs repositories, by name.
PRESETS: dict[str, Profile] = {p.name: p for p in (GLANCE, CINDER, IRONIC, NOVA, MANILA)}


def from_setting(value: Any) -> Profile | None:
    """The profile ``glancecycle_profile`` declares; None when it declares none.

    ``value`` is a preset name, a :class:`Profile`, or a mapping with an
    optional ``preset`` and changes to its parts (``layout``, ``templates``,
    ``trackers``, ``priorities`` as mappings of field -> value;
    ``other_cycle_prose``).
    """
    if value is None or isinstance(value, Profile):
        return value
    if isinstance(value, str):
        return _preset(value)
    if not isinstance(value, Mapping):
        raise ProfileError('glancecycle_profile must be a preset name or a mapping '
                           f'(got {type(value).__name__})')
    changes = dict(value)
    profile = _preset(str(changes.pop('preset', 'glance')))
    parts = {}
    for name, given in changes.items():
        if name not in {f.name for f in dataclasses.fields(Profile)} or name == 'name':
            raise ProfileError(f'glancecycle_profile has no part {name!r}')
        current = getattr(profile, name)
        if dataclasses.is_dataclass(current):
            if not isinstance(given, Mapping):
                raise ProfileError(f'glancecycle_profile[{name!r}] must be a mapping')
            known = {f.name for f in dataclasses.fields(current)}
            unknown = sorted(set(given) - known)
            if unknown:
                raise ProfileError(f'glancecycle_profile[{name!r}] has no field {unknown[0]!r} '
                                   f"(fields: {', '.join(sorted(known))})")
            given = dataclasses.replace(current, **{
                k: tuple(v) if isinstance(v, list) else v for k, v in given.items()})
        parts[name] = given
    return dataclasses.replace(profile, name=f'{profile.name} (customised)', **parts)


def _preset(name: str) -> Profile:
    try:
        return PRESETS[name]
    except KeyError:
        raise ProfileError(f'glancecycle_profile names unknown preset {name!r} '
                           f"(use one of: {', '.join(PRESETS)})") from None


def infer(root: str | os.PathLike | None) -> Profile:
    """The preset a repository's tree looks like; glance's when nothing tells.

    Read from the folders right below ``specs/``: release-number folders or
    ``approved``/``backlog`` beside no cycle folders mean ironic's layout,
    ``release_independent`` manila's, ``abandoned`` nova's, and cycle
    folders holding specs directly (no status folders) cinder's.
    """
    if root is None:
        return GLANCE
    specs = os.path.join(root, 'specs')
    try:
        names = set(os.listdir(specs))
    except OSError:
        return GLANCE
    if any(re.match(RELEASE_NUMBER, name) for name in names) or {
            'backlog', 'not-implemented'} <= names:
        return IRONIC
    if 'release_independent' in names:
        return MANILA
    if 'abandoned' in names:
        return NOVA
    statuses = set(GLANCE.layout.cycle_statuses)
    cycle_folders = [n for n in names if n not in statuses and n != 'untargeted'
                     and os.path.isdir(os.path.join(specs, n))]
    if cycle_folders and not any(
            os.path.isdir(os.path.join(specs, n, s)) for n in cycle_folders for s in statuses):
        return CINDER
    return GLANCE
