"""GC2xx: rules for priorities pages and their priorities."""

from __future__ import annotations

import datetime

from sphinxext_glancecycle.model import PrioritiesPage, Priority, Severity
from sphinxext_glancecycle.readers.priorities import NOTHING
from sphinxext_glancecycle.readers.schedules import release_monday, shift
from sphinxext_glancecycle.readers.site import Site
from sphinxext_glancecycle.releases import milestone_of
from sphinxext_glancecycle.rules.registry import did_you_mean, rule
from sphinxext_glancecycle.sanitize import urlsplit

PAGE = 'priorities-page'
ITEM = 'priority'
#: a header the reader knows, per column role (readers.priorities.HEADERS)
COLUMN_NAMES = {'item': 'Priority Item', 'owners': 'Owner(s)', 'specs': 'Spec(s)',
                'milestone': 'Target Milestone'}
WEB_SCHEMES = ('http', 'https')
#: without a release schedule, the first milestone is taken to be in week R-20
FIRST_MILESTONE_WEEKS = 20


def _short(text: str, size: int = 40) -> str:
    return text if len(text) <= size else text[:size - 3] + '...'


def _problems(page: PrioritiesPage, *kinds: str):
    return [p for p in page.problems if p.kind in kinds]


@rule('GC201', 'priorities-missing-column', PAGE)
def missing_column(page: PrioritiesPage, policy, site: Site):
    """A priorities table lacks a required column (item, owners or specs; the
    profile may also require the milestone).

    Columns are found by header text, so other spellings (``Owners``,
    ``Primary Contacts``, ``Champions``...) count.
    """
    for problem in _problems(page, 'missing-column'):
        if problem.detail == 'no header row':
            yield problem.line, ("priorities table has no header row (add ':header-rows: 1' "
                                 "and a row 'Priority Item | Owner(s) | Spec(s)')"), problem.detail
            continue
        names = ', '.join(f"'{COLUMN_NAMES[role]}'" for role in problem.detail.split(', '))
        plural = 's' if ',' in problem.detail else ''
        yield problem.line, (f'priorities table has no {names} column{plural} (add it, '
                             'or rename its header to one the reader knows)'), problem.detail


@rule('GC202', 'priority-empty', ITEM)
def empty_priority(priority: Priority, policy):
    """A priority row has no item text."""
    if not priority.item.strip():
        yield priority.line, 'priority row has no item (name the priority or remove the row)'


@rule('GC203', 'priority-duplicate', PAGE)
def duplicate_priority(page: PrioritiesPage, policy, site: Site):
    """The same priority item appears twice on a page."""
    seen: dict[str, int | None] = {}
    for priority in page.priorities:
        key = ' '.join(priority.item.split()).lower()
        if not key:
            continue
        if key in seen:
            yield priority.line, (f"priority '{_short(priority.item)}' is listed twice (first "
                                  f"at line {seen[key]}; merge the two rows)"), key
        else:
            seen[key] = priority.line


@rule('GC204', 'priority-no-owner', ITEM)
def no_owner(priority: Priority, policy):
    """A priority's owner cell is empty or says nobody owns it (``unassigned``, ``None``)."""
    if priority.owner_text is None or priority.owners:
        return
    line = priority.cells.get('owners', priority.line)
    if priority.owner_text == NOTHING:
        yield line, (f"priority '{_short(priority.item)}' has no owner (find an owner, "
                     "or move it to 'Priorities without a clear plan')")
    elif not priority.owner_text.strip():
        yield line, (f"owner cell of '{_short(priority.item)}' is empty (name the owner "
                     "with a link to their profile, or write 'unassigned')")


@rule('GC205', 'priority-owner-unlinked', ITEM)
def unlinked_owner(priority: Priority, policy):
    """An owner is named without a link to a profile.

    Not in profiles whose pages name owners by plain nicks (``plain_owners``).
    """
    text = priority.owner_text
    if (text is None or any(owner.url for owner in priority.owners) or text == NOTHING
            or not text.strip() or policy.profile.priorities.plain_owners):
        return
    yield priority.cells.get('owners', priority.line), (
        f"owner '{_short(text)}' is not a link to a person (write `Name`_ and define "
        "'.. _Name: https://launchpad.net/~id' below the table)")


def _profile_shape(url: str) -> tuple[str, int]:
    """Host and path depth: ``https://launchpad.net/~ada`` -> ``('launchpad.net', 1)``."""
    parts = urlsplit(url)
    return parts.netloc.lower(), len([p for p in parts.path.split('/') if p])


@rule('GC206', 'priorities-unused-owner', PAGE)
def unused_owner(page: PrioritiesPage, policy, site: Site):
    """A profile link target is defined but no cell uses it.

    Profile targets are ``~id`` pages (Launchpad's) and targets shaped like
    the page's owner links (same host, same path depth).
    """
    shapes = {_profile_shape(person.url) for p in page.priorities for person in p.owners
              if person.url}
    for target in page.targets:
        profile = (urlsplit(target.url).path.startswith('/~')
                   or _profile_shape(target.url) in shapes)
        if profile and not target.used:
            yield target.line, (f"link target '{target.name}' is defined but never used "
                                "(remove it, or add the person to the priority they own)"
                                ), target.name


@rule('GC207', 'priority-spec-malformed', ITEM)
def malformed_spec(priority: Priority, policy):
    """A spec cell is neither ``None``, an http(s) URL, nor an in-repo reference."""
    text = priority.spec_text
    if text is None or text == NOTHING:
        return
    line = priority.cells.get('specs', priority.line)
    if not text.strip():
        yield line, (f"spec cell of '{_short(priority.item)}' is empty (link the spec, "
                     "or write 'None')")
        return
    if not priority.specs:
        yield line, (f"spec cell '{_short(text)}' is not a link (link the spec's review "
                     "or page, or write 'None')")
        return
    for link in priority.specs:
        scheme = urlsplit(link.target or '').scheme.lower()
        if scheme and scheme not in WEB_SCHEMES:
            yield line, (f"spec link '{_short(link.text)}' uses the '{scheme}:' scheme "
                         "(use an http or https URL)"), link.target
        elif scheme and not urlsplit(link.target).netloc:
            yield line, (f"spec link '{_short(link.target)}' is not a well-formed URL "
                         "(give a full https:// address)"), link.target


@rule('GC208', 'priority-reference-unresolved', PAGE)
def unresolved_reference(page: PrioritiesPage, policy, site: Site):
    """An in-repo reference (``:doc:``) names no document of the repository."""
    for link, line in page.links:
        target = link.target or ''
        if urlsplit(target).scheme or target.startswith('#'):
            continue
        if site.reference(target) is False:
            yield line, (f"reference '{_short(target, 60)}' names no document in the "
                         "repository (correct the path)"), target


@rule('GC209', 'priority-site-link-stale', PAGE)
def stale_site_link(page: PrioritiesPage, policy, site: Site):
    """A link into the site's own published URL reaches no page, anchor or redirect.

    The base URL is ``glancecycle_site_url``; redirects are read from
    ``glancecycle_redirects`` (an ``.htaccess``).  No network is used.
    """
    for link, line in page.links:
        resolution = site.resolve_url(link.target or '')
        if resolution is None:
            continue
        path = urlsplit(link.target).path
        if resolution.path is None:
            yield line, (f"link to '{path}' reaches no page of the tree and no redirect "
                         "covers it (point it at the spec's current page, or add a "
                         "Redirect to the .htaccess)"), link.target
        elif resolution.missing_anchor:
            yield line, (f"link to '{path}' names anchor '#{resolution.anchor}', which page "
                         f"'{resolution.path}' does not have (correct the anchor)"), link.target


@rule('GC210', 'priority-unknown-milestone', ITEM)
def unknown_milestone(priority: Priority, policy):
    """A target milestone is not one of the cycle's milestones.

    The milestones are ``glancecycle_milestones`` (``M1``, ``M2``, ``M3``).
    """
    value = (priority.milestone or '').strip()
    if (priority.milestone is None or value in policy.milestones
            or policy.profile.priorities.free_milestones):
        return
    line = priority.cells.get('milestone', priority.line)
    choices = ', '.join(policy.milestones)
    if not value:
        yield line, (f"priority '{_short(priority.item)}' has no target milestone "
                     f"(write one of {choices})")
        return
    hint = did_you_mean(value, policy.milestones)
    yield line, (f"target milestone '{_short(value)}' is not one of {choices} "
                 f"({hint + ' ' if hint else ''}use a name from glancecycle_milestones)")


def current_cycle(policy) -> str | None:
    """The cycle in development on ``policy.today``: the next one to release."""
    for series in policy.catalogue.cycles:
        if series.release_date and series.release_date >= policy.today:
            return series.key
    return None


def first_milestone(page: PrioritiesPage, policy, site: Site) -> datetime.date | None:
    """The first milestone of the page's cycle: from its release schedule (the official
    one, or the YAML a setting names), else week R-20."""
    weeks = site.release_schedule(page.cycle)
    cycle = policy.catalogue.get(page.cycle)
    if isinstance(weeks, list) and cycle is not None:
        for week in weeks:
            if any(milestone_of(event, cycle) == 'm1' for event in week.events):
                return week.start
    monday = release_monday(policy.catalogue, page.cycle)
    return shift(monday, weeks=-FIRST_MILESTONE_WEEKS) if monday else None


@rule('GC211', 'priorities-placeholder', PAGE, Severity.INFO)
def placeholder(page: PrioritiesPage, policy, site: Site):
    """The current cycle's priorities page is still a ``TODO`` after its first milestone.

    A reminder driven by the date, so info by default: an unchanged tree must
    not start failing ``-W`` as time passes.  Raise it with ``glancecycle_rules``.
    """
    if page.placeholder is None or page.cycle is None or page.cycle != current_cycle(policy):
        return
    due = first_milestone(page, policy, site)
    if due is not None and policy.today >= due:
        yield page.placeholder, (f'priorities page is still a placeholder after the first '
                                 f'milestone ({due.isoformat()}) (list the priorities '
                                 'agreed at the PTG)')


@rule('GC212', 'priorities-old-placeholder', PAGE, Severity.INFO)
def old_placeholder(page: PrioritiesPage, policy, site: Site):
    """A past cycle's priorities page was left a ``TODO`` placeholder."""
    if page.placeholder is None or page.cycle is None:
        return
    position = policy.catalogue.position(page.cycle)
    current = policy.catalogue.position(current_cycle(policy))
    if position is not None and (current is None or position < current):
        yield page.placeholder, ('priorities page of a past cycle is only a placeholder '
                                 '(fill it in from the PTG notes, or say there were none)')


@rule('GC213', 'priorities-other-cycle', PAGE)
def other_cycle(page: PrioritiesPage, policy, site: Site):
    """The page's prose names a different cycle than its own.

    In glance's pages that is a copy-paste mistake; profiles whose pages
    look back on earlier cycles turn it off (``other_cycle_prose``).
    """
    own = policy.catalogue.get(page.cycle)
    if own is None or not policy.profile.other_cycle_prose:
        return
    seen = set()
    for key, line in page.mentions:
        series = policy.catalogue.get(key)
        if series is None or series == own or (key, line) in seen:
            continue
        seen.add((key, line))
        yield line, (f"the {own.name.capitalize()} page names {series.name.capitalize()} "
                     f"(write {own.name.capitalize()}, or say why another cycle is meant)"), key


@rule('GC214', 'priorities-table-malformed', PAGE)
def malformed_table(page: PrioritiesPage, policy, site: Site):
    """A table on a priorities page was rejected by docutils (ragged rows, a broken grid).

    docutils reports the markup error too; this finding says that the
    table's priorities or dates were not read.
    """
    for problem in _problems(page, 'rejected-table'):
        yield problem.line, (f'a table could not be read: {_short(problem.detail, 100)} '
                             '(fix the table markup; its rows are not counted)')


@rule('GC215', 'priorities-unknown-cycle', PAGE)
def unknown_cycle(page: PrioritiesPage, policy, site: Site):
    """A priorities page does not say which known cycle it is for.

    The cycle comes from the file name (``<cycle>-priorities.rst``) or the
    ``cycle-priorities`` directive, and must be a series of the catalogue.
    """
    for problem in _problems(page, 'unknown-cycle'):
        if problem.detail:
            yield problem.line, (f"unknown cycle '{problem.detail}' (use a code name or "
                                 'release id, or add the series to glancecycle_series)')
        else:
            yield problem.line, ('priorities page names no cycle (call it '
                                 "'<cycle>-priorities.rst' or use '.. cycle-priorities:: "
                                 "<cycle>')")
