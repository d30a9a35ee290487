"""Every rule's cases: code -> inputs, each with every ``(line, message)`` it yields, in order.

Pages are small reStructuredText files at a repository path (the path gives
cycle, status and project, as in a build). The page builders put things on
lines one can count: :func:`lite` (spec-lites), :func:`priorities` (a
priorities table), :func:`schedule` ("Important dates") and :func:`spec`
(a full spec) each say where in their docstring. A case with ``xfail`` shows
a known defect of its rule; it does not count as the rule's case.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Mapping

from sphinxext_glancecycle.catalogue import Catalogue
from sphinxext_glancecycle.profile import CINDER, IRONIC
from sphinxext_glancecycle.policy import Policy
from sphinxext_glancecycle.readers.site import FileSite, Site
from sphinxext_glancecycle.readers.specs import read_template
from sphinxext_glancecycle.readers.templates import SpecTemplates

from helpers.rules import LITE, POLICY, ROOTS, Case

GLANCE_STORE = 'specs/2024.1/approved/glance_store/lite.rst'
#: the four fields of a tidy spec-lite, on lines 5, 7, 9 and 11
TIDY = (':project: glance', ':problem: Something is slow.', ':solution: Make it fast.',
        ':impacts: DocImpact, UpgradeImpact')


def lite(*fields: str, title: str = 'Spec Lite: Tidy') -> str:
    """A one-per-file spec-lite: ``title`` on line 2, field ``n`` on line ``5 + 2n``."""
    rule = '=' * len(title)
    return f'{rule}\n{title}\n{rule}\n\n' + '\n\n'.join(fields) + '\n'


def page(text: str, source: str = LITE) -> dict[str, str]:
    return {source: text}


def tidy_and(*more: str) -> dict[str, str]:
    """The tidy spec-lite with ``more`` fields from line 13 on."""
    return page(lite(*TIDY, *more))


#: Five entries of a many-per-file page (no ``project`` needed there), closed in every way.
MULTI = """\
=======
Entries
=======

Closed properly
---------------

:problem: One.

:solution: One.

:impacts: None

End of Closed properly
++++++++++++++++++++++

Never closed
------------

:problem: Two.

:solution: Two.

:impacts: None

Closed by another name
----------------------

:problem: Three.

:solution: Three.

:impacts: None

End of a different entry
++++++++++++++++++++++++

Closed without End of
---------------------

:problem: Four.

:solution: Four.

:impacts: None

Closed without End of
+++++++++++++++++++++

Keep "quotes" -- and dashes
---------------------------

:problem: Five.

:solution: Five.

:impacts: None

End of `Keep "quotes" -- and dashes`
++++++++++++++++++++++++++++++++++++
"""
MULTI_SOURCE = 'specs/2024.1/approved/glance/spec-lites.rst'
#: a ``spec-lite`` directive without ``solution`` (and, like every directive, no project)
DIRECTIVE = """\
======
Lites
======

.. spec-lite:: By directive

   :problem: Something is slow.

   :impacts: None
"""

SPEC_LITES = {
    'GC101': [
        Case('tidy', tidy_and(), []),
        Case('missing-solution-and-project', page(lite(':problem: Slow.', ':impacts: None')), [
            (2, "spec-lite 'Tidy' has no ':solution:' field (add ':solution: ...' to its "
                'field list)'),
            (2, "spec-lite 'Tidy' has no ':project:' field (add ':project: ...' to its "
                'field list)')]),
        # an empty field is present (GC104 reports it), a colon-less one too (GC115)
        Case('empty-and-broken-count-as-present', page(lite(
            ':project: glance', ':problem: Slow.', ':solution:', 'impacts: None')), []),
        # entries of a many-per-file page need no project
        Case('many-per-file-needs-no-project', page(MULTI, MULTI_SOURCE), []),
        Case('directive', page(DIRECTIVE, 'specs/2024.1/approved/glance/lites.rst'), [
            (5, "spec-lite 'By directive' has no ':solution:' field (add ':solution: ...' to its "
                'field list)')]),
    ],
    'GC102': [
        Case('tidy', tidy_and(':how: Carefully.', ':assignee: someone'), []),
        Case('close-to-a-known-name', tidy_and(':alternative: None'), [
            (13, "unknown field ':alternative:' (did you mean 'alternatives'?)")]),
        Case('names-are-case-folded', tidy_and(':Alternatives: None'), []),
        Case('far-from-every-name', tidy_and(':frobnicate: yes'), [
            (13, "unknown field ':frobnicate:' (use a field of the spec-lite template, or add "
                 'it to glancecycle_extra_fields in conf.py)')]),
        Case('extra-field-from-conf', tidy_and(':dependencies: None'), [],
             policy=dataclasses.replace(POLICY, extra_fields=('Dependencies',))),
    ],
    'GC103': [
        Case('tidy', tidy_and(), []),
        Case('problem-twice', tidy_and(':problem: Again.'), [
            (13, "field ':problem:' is repeated (first at line 7; merge the two into one "
                 'field)')]),
        Case('three-times-each-reported', tidy_and(':how: A.', ':how: B.', ':how: C.'), [
            (15, "field ':how:' is repeated (first at line 13; merge the two into one field)"),
            (17, "field ':how:' is repeated (first at line 13; merge the two into one field)")]),
    ],
    'GC104': [
        Case('tidy', tidy_and(':how: None'), []),
        Case('empty-optional-field', tidy_and(':how:'), [
            (13, "field ':how:' is empty (fill it in, write 'None', or remove an optional "
                 'field)')]),
    ],
    'GC105': [
        Case('tidy', tidy_and(), []),
        Case('template-text', tidy_and(':how: <Describe the change here>'), [
            (13, "field ':how:' still holds the template text '<Describe the change here>' "
                 '(replace it with your own text)')]),
        Case('long-template-text-shortened',
             tidy_and(':how: Done by <Describe every step of the change in full detail>'), [
                 (13, "field ':how:' still holds the template text "
                      "'<Describe every step of the change in...' (replace it with your own "
                      'text)')]),
        # one word in brackets is no placeholder (a name, an address)
        Case('one-word-in-brackets', tidy_and(':how: Ask <Nova> first.'), []),
        Case('lower-case-words', tidy_and(':how: Keep <this and that> apart.'), []),
    ],
    'GC106': [
        Case('tidy', tidy_and(), []),
        Case('case-differs', page(lite(':project: Glance', *TIDY[1:])), [
            (5, "project 'Glance' is not one of glance, glance_store, python-glanceclient "
                "(did you mean 'glance'? use a name from glancecycle_projects)")]),
        Case('unknown-project', page(lite(':project: nova', *TIDY[1:])), [
            (5, "project 'nova' is not one of glance, glance_store, python-glanceclient "
                '(use a name from glancecycle_projects)')]),
        Case('no-projects-configured', page(lite(':project: nova', *TIDY[1:])), [],
             policy=dataclasses.replace(POLICY, projects=())),
        Case('empty-project', page(lite(':project:', *TIDY[1:])), []),
    ],
    'GC107': [
        Case('tidy', tidy_and(), []),
        Case('other-folder', page(lite(*TIDY), GLANCE_STORE), [
            (5, "project 'glance' does not match the folder 'glance_store' (move the file "
                'or correct the field)')]),
        Case('unknown-project-left-to-gc106', page(lite(':project: Glance', *TIDY[1:])), []),
        # cinder keeps no project folders: nothing to compare with
        Case('cinder-layout', page(lite(*TIDY), 'specs/2024.1/lite.rst'), [],
             policy=dataclasses.replace(POLICY, profile=CINDER)),
    ],
    'GC108': [
        Case('tidy', tidy_and(), []),
        Case('misspelt-flag', page(lite(*TIDY[:3], ':impacts: DocImpact, UpgardeImpact')), [
            (11, "unknown impact flag 'UpgardeImpact' (did you mean 'UpgradeImpact'? use "
                 "flags from glancecycle_impact_flags, or 'None')")]),
        Case('case-differs', page(lite(*TIDY[:3], ':impacts: docimpact')), [
            (11, "unknown impact flag 'docimpact' (did you mean 'DocImpact'? use flags from "
                 "glancecycle_impact_flags, or 'None')")]),
        Case('flag-on-its-own-line', page(lite(*TIDY[:3],
                                               ':impacts: DocImpact,\n   FooImpact')), [
            (12, "unknown impact flag 'FooImpact' (did you mean 'DocImpact'? use flags from "
                 "glancecycle_impact_flags, or 'None')")]),
        Case('none', page(lite(*TIDY[:3], ':impacts: None.')), []),
        Case('prose-left-to-gc109', page(lite(*TIDY[:3], ':impacts: Operators must act')), []),
        Case('letters-swapped', page(lite(*TIDY[:3], ':impacts: DocImpcat, APIImpact')), [
            (11, "unknown impact flag 'DocImpcat' (did you mean 'DocImpact'? use flags from "
                 "glancecycle_impact_flags, or 'None')")]),
        Case('split-in-two', page(lite(*TIDY[:3], ':impacts: Doc Impact; Upgrade impact')), [
            (11, "unknown impact flag 'Doc Impact' (did you mean 'DocImpact'? use flags from "
                 "glancecycle_impact_flags, or 'None')"),
            (11, "unknown impact flag 'Upgrade impact' (did you mean 'UpgradeImpact'? use "
                 "flags from glancecycle_impact_flags, or 'None')")]),
        Case('space-separated-flags', page(lite(*TIDY[:3], ':impacts: DocImpact APIImpact')),
             []),
        Case('close-to-two-flags-is-prose', page(lite(*TIDY[:3], ':impacts: Impact')), []),
    ],
    'GC109': [
        Case('flags', tidy_and(), []),
        Case('none', page(lite(*TIDY[:3], ':impacts: n/a')), []),
        Case('misspelt-flags-are-not-prose', page(lite(*TIDY[:3], ':impacts: Doc Impact')), []),
        Case('phrase-with-impact', page(lite(*TIDY[:3], ':impacts: Minimal impact')), [
            (11, "impacts is prose, not a list of flags (write a comma list such as "
                 "'DocImpact, UpgradeImpact' or 'None', and move the explanation to ':how:')")]),
        Case('prose', page(lite(*TIDY[:3], ':impacts: Operators must act')), [
            (11, "impacts is prose, not a list of flags (write a comma list such as "
                 "'DocImpact, UpgradeImpact' or 'None', and move the explanation to ':how:')")]),
    ],
    'GC110': [
        Case('url', tidy_and(':link: https://review.opendev.org/c/openstack/glance/+/1'), []),
        Case('change-id-any-case', tidy_and(
            ':link: change-id: I0123456789abcdef0123456789abcdef01234567'), []),
        Case('none', tidy_and(':link: None'), []),
        Case('short-change-id', tidy_and(':link: Change-Id: I123'), [
            (13, "'I123' is not a Change-Id (write 'Change-Id: I' followed by 40 hex digits)")]),
        Case('one-of-two-change-ids-short', tidy_and(
            ':link: Change-Id: I0123456789abcdef0123456789abcdef01234567, Change-Id: Ibad'), [
            (13, "'Ibad' is not a Change-Id (write 'Change-Id: I' followed by 40 hex digits)")]),
        Case('one-of-two-change-ids-short-spaced', tidy_and(
            ':link: Change-Id: I0123456789abcdef0123456789abcdef01234567 Change-Id: Ibad'), [
            (13, "'Ibad' is not a Change-Id (write 'Change-Id: I' followed by 40 hex digits)")]),
        Case('words-reported-once', tidy_and(':link: the review'), [
            (13, "link 'the' is not a URL or a Change-Id (give the review URL, "
                 "'Change-Id: I...', or 'None')")]),
        Case('template-text-left-to-gc105', tidy_and(':link: <Link to the review>'), []),
    ],
    'GC111': [
        Case('tidy', tidy_and(':link: https://review.opendev.org/c/1',
                              ':assignee: admin@example.org'), []),
        Case('javascript-link', tidy_and(':link: javascript:alert(1)'), [
            (13, "field ':link:' links with the 'javascript:' scheme (use an http or https "
                 'URL)')]),
        Case('data-link-in-prose', tidy_and(':how: See `this <data:text/html,hi>`_.'), [
            (13, "field ':how:' links with the 'data:' scheme (use an http or https URL)")]),
        Case('word-with-colon-is-no-url', tidy_and(
            ':link: Review: https://review.opendev.org/c/1'), []),
    ],
    'GC112': [
        Case('single-needs-none', tidy_and(), []),
        Case('directive-needs-none', page(DIRECTIVE, 'specs/2024.1/approved/glance/lites.rst'),
             []),
        Case('closed', page(MULTI, MULTI_SOURCE), [], index=0),
        Case('never-closed', page(MULTI, MULTI_SOURCE), [
            (17, "spec-lite 'Never closed' has no end marker (add a heading 'End of `Never "
                 "closed`' after its fields)")], index=1),
    ],
    'GC113': [
        Case('single-has-none', tidy_and(), []),
        Case('closed', page(MULTI, MULTI_SOURCE), [], index=0),
        Case('other-title', page(MULTI, MULTI_SOURCE), [
            (35, "end marker 'End of a different entry' does not match the title 'Closed by "
                 "another name' (copy the entry's title into the marker)")], index=2),
        Case('no-end-of', page(MULTI, MULTI_SOURCE), [
            (47, "end marker 'Closed without End of' does not start with 'End of' (write "
                 "'End of `Closed without End of`')")], index=3),
        # smart quotes and markup do not make a marker differ
        Case('typography-ignored', page(MULTI, MULTI_SOURCE), [], index=4),
    ],
    'GC114': [
        Case('prefixed', tidy_and(), []),
        Case('no-prefix', page(lite(*TIDY, title='Tidy proposal')), [
            (2, "title 'Tidy proposal' has no prefix (write 'Spec Lite: Tidy proposal' so "
                'readers and tools know what it is)')]),
        Case('prefix-case-differs', page(lite(*TIDY, title='spec lite: Tidy')), [
            (2, "title 'Tidy' starts with 'spec lite:' (write 'Spec Lite: Tidy' so readers "
                'and tools know what it is)')]),
        Case('many-per-file-needs-none', page(MULTI, MULTI_SOURCE), []),
    ],
    'GC115': [
        Case('tidy', tidy_and(), []),
        Case('lost-colon', page(lite(*TIDY[:3], 'impacts: DocImpact')), [
            (11, "'impacts: ...' is a paragraph, not a field (write ':impacts: DocImpact')")]),
        # only known field names: other 'word: text' paragraphs are prose
        Case('prose-with-colon', tidy_and('note: this is prose.'), []),
    ],
}


PRIORITIES = 'priorities/2024.1-priorities.rst'
PRIORITIES_2023 = 'priorities/2023.2-priorities.rst'
HEADER = ('Priority Item', 'Owner(s)', 'Spec(s)', 'Target')
ADA = '.. _Ada Byron: https://launchpad.net/~ada'
#: a tidy row: item, owner, spec and milestone cells
ROW = ('Tidy row', '`Ada Byron`_', 'None', 'M1')


def priorities(*rows: tuple[str, ...], targets: tuple[str, ...] = (ADA,),
               header: tuple[str, ...] = HEADER, prose: str = 'What we mean to do.',
               source: str = PRIORITIES) -> dict[str, str]:
    """A priorities page: title on line 2, prose on line 5, the header row from line 10.

    Each row of four cells takes four lines: row ``n`` starts on line
    ``14 + 4n`` (its owner cell one line down, and so on); the link targets
    follow the table, one a line, after one blank line.
    """
    lines = ['=========================', '2024.1 Project Priorities',
             '=========================', '', prose, '', '.. list-table::',
             '   :header-rows: 1', '']
    for row in (header, *rows):
        lines += [f'   * - {row[0]}'.rstrip()] + [f'     - {cell}'.rstrip() for cell in row[1:]]
    lines += [''] + list(targets)
    return {source: '\n'.join(lines) + '\n'}


PLACEHOLDER = """\
=========================
{cycle} Project Priorities
=========================

TODO(ptl): fill this in after the PTG
"""
#: the test root whose tree the link rules look into
LINKED = ROOTS / 'test-priorities-rules'
ON_DISK = FileSite(root=str(LINKED), base_url='https://specs.example.org/openstack/demo-specs/',
                   redirects=str(LINKED / '_extra' / '.htaccess'))
SITE_SPECS = 'https://specs.example.org/openstack/demo-specs/specs/2023.2'
IRONIC_POLICY = dataclasses.replace(POLICY, profile=IRONIC)

PRIORITY_RULES = {
    'GC201': [
        Case('all-columns', priorities(ROW), []),
        Case('other-header-spellings', priorities(
            ('Tidy row', '`Ada Byron`_', 'None'),
            header=('Priority', 'Primary Contacts', 'Specs')), []),
        Case('no-spec-column', priorities(('Tidy row', '`Ada Byron`_'),
                                          header=('Priority Item', 'Owner(s)')), [
            (10, "priorities table has no 'Spec(s)' column (add it, or rename its header to "
                 'one the reader knows)')]),
        Case('two-columns-missing', priorities(('Tidy row', 'M1'),
                                               header=('Priority Item', 'Target')), [
            (10, "priorities table has no 'Owner(s)', 'Spec(s)' columns (add it, or rename "
                 'its header to one the reader knows)')]),
        # ironic's tables need no spec column, and name their columns in their own words
        Case('ironic-needs-no-spec-column', priorities(
            ('Tidy row', 'rloo'), header=('Name', 'Responsible parties'),
            source='priorities/2024.1-workitems.rst'), [], policy=IRONIC_POLICY),
    ],
    'GC202': [
        Case('tidy', priorities(ROW), [], index=0),
        Case('empty-item', priorities(ROW, ('', '`Ada Byron`_', 'None', 'M2')), [
            (19, 'priority row has no item (name the priority or remove the row)')], index=1),
    ],
    'GC203': [
        Case('tidy', priorities(ROW, ('Other row', *ROW[1:])), []),
        Case('twice-with-other-case-and-spacing', priorities(
            ROW, ('Other row', *ROW[1:]), ('tidy  Row', *ROW[1:])), [
            (22, "priority 'tidy Row' is listed twice (first at line 14; merge the two "
                 'rows)')]),
        Case('empty-items-left-to-gc202', priorities(('', *ROW[1:]), ('', *ROW[1:])), []),
    ],
    'GC204': [
        Case('linked-owner', priorities(ROW), []),
        Case('unassigned', priorities(('Tidy row', 'unassigned', 'None', 'M1')), [
            (15, "priority 'Tidy row' has no owner (find an owner, or move it to 'Priorities "
                 "without a clear plan')")]),
        Case('seeking-owner', priorities(('Tidy row', 'was Ada, seeking new owner', 'None',
                                          'M1')), [
            (15, "priority 'Tidy row' has no owner (find an owner, or move it to 'Priorities "
                 "without a clear plan')")]),
        # an empty cell has no line of its own: its row's
        Case('empty-cell', priorities(('Tidy row', '', 'None', 'M1')), [
            (14, "owner cell of 'Tidy row' is empty (name the owner with a link to their "
                 "profile, or write 'unassigned')")]),
        Case('plain-name-left-to-gc205', priorities(('Tidy row', 'Jane Doe', 'None', 'M1')),
             []),
    ],
    'GC205': [
        Case('linked-owner', priorities(ROW), []),
        Case('plain-name', priorities(('Tidy row', 'Jane Doe', 'None', 'M1')), [
            (15, "owner 'Jane Doe' is not a link to a person (write `Name`_ and define "
                 "'.. _Name: https://launchpad.net/~id' below the table)")]),
        Case('nobody-left-to-gc204', priorities(('Tidy row', 'TBD', 'None', 'M1')), []),
        # ironic's pages name owners by their IRC nicks
        Case('ironic-plain-nicks', priorities(
            ('Tidy row', 'rloo, dtantsur'), header=('Name', 'Responsible parties'),
            source='priorities/2024.1-workitems.rst'), [], policy=IRONIC_POLICY),
    ],
    'GC206': [
        Case('every-target-used', priorities(ROW), []),
        Case('unused-launchpad-target', priorities(
            ROW, targets=(ADA, '.. _Ghost Person: https://launchpad.net/~ghost')), [
            (20, "link target 'Ghost Person' is defined but never used (remove it, or add "
                 'the person to the priority they own)')]),
        Case('unused-target-shaped-like-owners', priorities(
            ('Tidy row', '`Ada`_', 'None', 'M1'),
            targets=('.. _Ada: https://people.example.org/ada',
                     '.. _Bob: https://people.example.org/bob')), [
            (20, "link target 'Bob' is defined but never used (remove it, or add the person "
                 'to the priority they own)')]),
        # an unused link to a review is no profile
        Case('unused-review-target', priorities(
            ROW, targets=(ADA, '.. _old spec: https://review.example.org/c/1')), []),
    ],
    'GC207': [
        Case('none', priorities(ROW), []),
        Case('no-spec-yet', priorities(('Tidy row', '`Ada Byron`_', 'No Spec yet', 'M1')), []),
        Case('link', priorities(('Tidy row', '`Ada Byron`_', '`spec <https://r.example.org/1>`_',
                                 'M1')), []),
        Case('doc-reference', priorities(
            ('Tidy row', '`Ada Byron`_', ':doc:`../specs/2024.1/approved/glance/x`', 'M1')), []),
        Case('prose', priorities(('Tidy row', '`Ada Byron`_', 'see the etherpad', 'M1')), [
            (16, "spec cell 'see the etherpad' is not a link (link the spec's review or page, "
                 "or write 'None')")]),
        Case('empty', priorities(('Tidy row', '`Ada Byron`_', '', 'M1')), [
            (14, "spec cell of 'Tidy row' is empty (link the spec, or write 'None')")]),
        Case('javascript', priorities(
            ('Tidy row', '`Ada Byron`_', '`bad link <javascript:alert(1)>`_', 'M1')), [
            (16, "spec link 'bad link' uses the 'javascript:' scheme (use an http or https "
                 'URL)')]),
        Case('no-host', priorities(('Tidy row', '`Ada Byron`_', '`odd <https:nowhere>`_',
                                    'M1')), [
            (16, "spec link 'https:nowhere' is not a well-formed URL (give a full https:// "
                 'address)')]),
    ],
    'GC208': [
        Case('existing-document', priorities(
            ('Tidy row', '`Ada Byron`_', ':doc:`../specs/2023.2/approved/glance/landing`',
             'M1')), [], context=ON_DISK),
        Case('missing-document', priorities(
            ('Tidy row', '`Ada Byron`_', ':doc:`../specs/2023.2/approved/glance/gone`', 'M1')), [
            (16, "reference 'specs/2023.2/approved/glance/gone' names no document in the "
                 'repository (correct the path)')], context=ON_DISK),
        # a relative URL is relative to the page, as a browser reads it
        Case('relative-url-from-the-page', priorities(
            ('Tidy row', '`Ada Byron`_', '`landing <../specs/2023.2/approved/glance/'
             'landing.html>`_', 'M1'), source=PRIORITIES_2023), [], context=ON_DISK),
        # a site that knows no tree says nothing
        Case('no-tree-known', priorities(
            ('Tidy row', '`Ada Byron`_', ':doc:`../specs/2023.2/approved/glance/gone`', 'M1')),
            [], context=Site()),
    ],
    'GC209': [
        Case('page-and-anchor', priorities(
            ('Tidy row', '`Ada Byron`_', '`landing`_', 'M1'),
            targets=(ADA, f'.. _landing: {SITE_SPECS}/approved/glance/landing.html#plan')),
            [], context=ON_DISK),
        Case('other-scheme-and-redirect', priorities(
            ('Tidy row', '`Ada Byron`_', '`done`_', 'M1'),
            targets=(ADA, '.. _done: ' + SITE_SPECS.replace('https', 'http')
                     + '/approved/glance/done.html')), [], context=ON_DISK),
        Case('vanished-page', priorities(
            ('Tidy row', '`Ada Byron`_', '`gone`_', 'M1'),
            targets=(ADA, f'.. _gone: {SITE_SPECS}/approved/glance/vanished.html')), [
            (20, "link to '/openstack/demo-specs/specs/2023.2/approved/glance/vanished.html' "
                 'reaches no page of the tree and no redirect covers it (point it at the '
                 "spec's current page, or add a Redirect to the .htaccess)")], context=ON_DISK),
        Case('missing-anchor', priorities(
            ('Tidy row', '`Ada Byron`_', '`landing`_', 'M1'),
            targets=(ADA, f'.. _landing: {SITE_SPECS}/approved/glance/landing.html#nowhere')), [
            (20, "link to '/openstack/demo-specs/specs/2023.2/approved/glance/landing.html' "
                 "names anchor '#nowhere', which page 'specs/2023.2/approved/glance/landing' "
                 'does not have (correct the anchor)')], context=ON_DISK),
        Case('no-site-url', priorities(
            ('Tidy row', '`Ada Byron`_', '`gone`_', 'M1'),
            targets=(ADA, f'.. _gone: {SITE_SPECS}/approved/glance/vanished.html')), [],
            context=FileSite(root=str(LINKED))),
    ],
    'GC210': [
        Case('known', priorities(ROW), []),
        Case('unknown', priorities(('Tidy row', '`Ada Byron`_', 'None', 'M4')), [
            (17, "target milestone 'M4' is not one of M1, M2, M3 (use a name from "
                 'glancecycle_milestones)')]),
        Case('case-differs', priorities(('Tidy row', '`Ada Byron`_', 'None', 'm2')), [
            (17, "target milestone 'm2' is not one of M1, M2, M3 (did you mean 'M2'? use a "
                 'name from glancecycle_milestones)')]),
        Case('empty', priorities(('Tidy row', '`Ada Byron`_', 'None', '')), [
            (14, "priority 'Tidy row' has no target milestone (write one of M1, M2, M3)")]),
        Case('no-milestone-column', priorities(
            ('Tidy row', '`Ada Byron`_', 'None'), header=HEADER[:3]), []),
        Case('conf-milestones', priorities(('Tidy row', '`Ada Byron`_', 'None', 'M4')), [],
             policy=dataclasses.replace(POLICY, milestones=('M1', 'M2', 'M3', 'M4'))),
        Case('ironic-free-milestones', priorities(
            ('Tidy row', 'rloo', 'None', 'Q3'),
            header=('Name', 'Responsible parties', 'Tracking', 'Milestone'),
            source='priorities/2024.1-workitems.rst'), [], policy=IRONIC_POLICY),
    ],
    'GC211': [
        Case('filled-in', priorities(ROW), []),
        Case('placeholder-after-first-milestone', {PRIORITIES: PLACEHOLDER.format(
            cycle='2024.1')}, [
            (5, 'priorities page is still a placeholder after the first milestone '
                '(2023-11-13) (list the priorities agreed at the PTG)')]),
        Case('placeholder-before-first-milestone', {PRIORITIES: PLACEHOLDER.format(
            cycle='2024.1')}, [], policy=dataclasses.replace(
                POLICY, today=datetime.date(2023, 11, 12))),
        Case('past-cycle-left-to-gc212', {'priorities/2023.1-priorities.rst':
                                          PLACEHOLDER.format(cycle='2023.1')}, []),
    ],
    'GC212': [
        Case('current-cycle', {PRIORITIES: PLACEHOLDER.format(cycle='2024.1')}, []),
        Case('next-cycle', {'priorities/2024.2-priorities.rst':
                            PLACEHOLDER.format(cycle='2024.2')}, []),
        Case('past-cycle', {'priorities/2023.1-priorities.rst':
                            PLACEHOLDER.format(cycle='2023.1')}, [
            (5, 'priorities page of a past cycle is only a placeholder (fill it in from the '
                'PTG notes, or say there were none)')]),
    ],
    'GC213': [
        Case('own-cycle', priorities(ROW, prose='Agreed at the Caracal PTG.'), []),
        Case('other-cycle', priorities(ROW, prose='Agreed at the Bobcat PTG for 2023.2.'), [
            (5, 'the Caracal page names Bobcat (write Caracal, or say why another cycle is '
                'meant)')]),
        Case('summit-is-a-place', priorities(ROW, prose='Met at the Austin Summit.'), []),
        # cinder's and ironic's pages look back on earlier cycles
        Case('cinder-looks-back', priorities(ROW, prose='Carried over from Bobcat.'), [],
             policy=dataclasses.replace(POLICY, profile=CINDER)),
    ],
    'GC214': [
        Case('tidy', priorities(ROW), []),
        Case('short-row', priorities(ROW, ('Short row', '`Ada Byron`_')), [
            (7, 'a table could not be read: Error parsing content block for the '
                '\u201clist-table\u201d directive: uniform two-level bullet list expecte... (fix '
                'the table markup; its rows are not counted)')]),
    ],
    'GC215': [
        Case('cycle-in-file-name', priorities(ROW), []),
        Case('code-name-in-file-name', priorities(
            ROW, source='priorities/caracal-priorities.rst'), []),
        Case('no-cycle', priorities(ROW, source='priorities/someday-priorities.rst'), [
            (2, "priorities page names no cycle (call it '<cycle>-priorities.rst' or use "
                "'.. cycle-priorities:: <cycle>')")]),
        Case('unknown-directive-cycle', {'priorities/someday-priorities.rst': """\
Someday
=======

.. cycle-priorities:: someday

   .. list-table::
      :header-rows: 1

      * - Priority Item
        - Owner(s)
        - Spec(s)
      * - Far away
        - `Ada <https://launchpad.net/~ada>`__
        - None
"""}, [(4, "unknown cycle 'someday' (use a code name or release id, or add the series to "
            'glancecycle_series)')]),
    ],
}


#: the 2024.1 (Caracal) dates as its pages give them: Fridays, release on Apr 03
DATES = (('R-20', 'Nov 17', 'Caracal-1 milestone'), ('R-12', 'Jan 12', 'Caracal-2 milestone'),
         ('R-5', 'Mar 01', 'Caracal-3 milestone'), ('R-0', 'Apr 05', 'Caracal release'))


def schedule(*rows: tuple[str, str, str], header: tuple[str, str, str] = (
        'Milestone', 'Week of', 'What'), source: str = PRIORITIES) -> dict[str, str]:
    """A priorities page's "Important dates": header row on line 11, row ``n`` on ``14 + 3n``."""
    lines = ['=========================', '2024.1 Project Priorities',
             '=========================', '', 'Important dates', '---------------', '',
             '.. list-table::', '   :header-rows: 1', '']
    for row in (header, *rows):
        lines += [f'   * - {row[0]}', f'     - {row[1]}', f'     - {row[2]}']
    return {source: '\n'.join(lines) + '\n'}


def dated(index: int, date: str) -> tuple[tuple[str, str, str], ...]:
    """:data:`DATES` with row ``index`` dated ``date``."""
    return tuple((c, date if n == index else d, w) for n, (c, d, w) in enumerate(DATES))


CARACAL_YAML = Site(schedules={
    '2024.1': str(ROOTS / 'test-schedules' / 'releases' / 'caracal.yaml')})
NO_WEEKS = Site(schedules={'2024.1': str(ROOTS.parent / 'helpers' / 'data' / 'no-weeks.yaml')})
SOMEDAY = 'priorities/someday-priorities.rst'
UNDATED = 'priorities/2099.1-priorities.rst'
UNDATED_POLICY = Policy.from_config({'glancecycle_series': [{'name': 'nodate',
                                                             'release_id': '2099.1'}],
                                     'glancecycle_today': '2024-01-20'})

SCHEDULE_RULES = {
    'GC301': [
        Case('column-names', schedule(*DATES), []),
        Case('dates-in-header', schedule(*DATES[1:], header=DATES[0]), [
            (11, 'the header row of this schedule holds a date, not column names (add a row '
                 "'Milestone | Week of | What' above it)")]),
    ],
    'GC302': [
        Case('fridays', schedule(*DATES), []),
        # older pages give the Monday of each week
        Case('mondays-and-fridays', schedule(*dated(1, 'Jan 08')), []),
        Case('one-week-off', schedule(*dated(2, 'Mar 08')), [
            (20, "R-5 is dated 'Mar 08' (Fri 2024-03-08), 56 days after R-12 (Jan 12) where 49 "
                 'were expected (write Mar 01, or correct the countdown)')]),
        Case('first-row-off', schedule(*dated(0, 'Nov 24')), [
            (14, "R-20 is dated 'Nov 24' (Fri 2023-11-24), not in week R-20 of a release in "
                 'the week of Apr 01 (write Nov 17, or correct the countdown)')]),
    ],
    'GC303': [
        Case('agrees-with-yaml', schedule(*DATES), [], context=CARACAL_YAML),
        Case('no-yaml-for-the-cycle', schedule(*dated(1, 'Jan 19')), []),
        Case('outside-the-yaml-week', schedule(*dated(1, 'Jan 19')), [
            (17, "R-12 'Jan 19' is outside that week of the release schedule (Jan 08 to Jan 12) "
                 '(copy the date from the release schedule)')], context=CARACAL_YAML),
        Case('same-date-on-two-rows', schedule(
            ('R-20', 'Nov 17', 'Caracal-1'), ('R-19', 'Nov 17', 'Oops'), DATES[1]), [
            (17, "R-19 'Nov 17' is outside that week of the release schedule (Nov 20 to Nov 24) "
                 '(copy the date from the release schedule)')], context=CARACAL_YAML),
        Case('unreadable-yaml', schedule(*DATES), [
            (11, "release schedule not checked: no-weeks.yaml has no 'cycle' list of weeks "
                 '(fix the YAML file)')], context=NO_WEEKS),
    ],
    'GC304': [
        Case('own-names', schedule(*DATES), []),
        Case('own-name-any-case', schedule(('R-20', 'Nov 17', 'caracal-1 milestone')), []),
        Case('other-code-name', schedule(('R-20', 'Nov 17', 'Bobcat-1 milestone'), *DATES[1:]), [
            (14, "'Bobcat-1 milestone' names Bobcat, but this is the Caracal schedule (write "
                 'Caracal)')]),
        Case('other-letter', schedule(*DATES[:2], ('R-5', 'Mar 01', 'B-3 milestone')), [
            (20, "'B-3 milestone' is not a Caracal milestone (write C-3 milestone)")]),
    ],
    'GC305': [
        Case('real-dates', schedule(*DATES), []),
        Case('ranges-and-spellings', schedule(('R-9 through R-7', 'January 29 through Feb 16',
                                               'Bug squash'), ('R-5', 'Friday, March 1st',
                                                               'Freeze')), []),
        Case('no-such-day', schedule(*dated(1, 'Feb 30')), [
            (17, "'Feb 30' is not a real date (write a month and day such as 'Nov 17', or "
                 "'Nov 17 through Nov 21')")]),
        Case('not-a-date', schedule(*dated(1, 'soon')), [
            (17, "'soon' is not a real date (write a month and day such as 'Nov 17', or "
                 "'Nov 17 through Nov 21')")]),
    ],
    'GC306': [
        Case('countdowns', schedule(*DATES), []),
        Case('lower-case-and-plus', schedule(('r-20', 'Nov 17', 'Caracal-1'),
                                             ('R+1', 'Apr 12', 'After the release')), []),
        Case('not-a-countdown', schedule(*DATES[:3], ('Week 0', 'Apr 05', 'Caracal release')), [
            (23, "countdown 'Week 0' is not 'R-<weeks>' (write e.g. 'R-5', 'R-0' or 'R-9 "
                 "through R-7')")]),
    ],
    'GC307': [
        Case('release-week', schedule(*DATES), []),
        Case('every-row-a-week-late', schedule(
            ('R-20', 'Nov 24', 'x'), ('R-12', 'Jan 19', 'x'), ('R-5', 'Mar 08', 'x'),
            ('R-0', 'Apr 12', 'x')), [
            (11, 'the dates put the Caracal release in the week of 2024-04-08, but it is on '
                 '2024-04-03 (correct the dates, or the release date in glancecycle_series)')]),
        Case('series-from-conf', schedule(
            ('R-20', 'Nov 24', 'x'), ('R-12', 'Jan 19', 'x'), ('R-5', 'Mar 08', 'x'),
            ('R-0', 'Apr 12', 'x')), [], policy=dataclasses.replace(
                POLICY, catalogue=Catalogue.default([{'name': 'caracal', 'release_id': '2024.1',
                                                      'release_date': '2024-04-10'}]))),
    ],
    'GC309': [
        Case('dates-of-this-era', schedule(*DATES), []),
        Case('end-of-the-calendar', schedule(*dated(1, '9999-12-31')), [
            (17, "R-12 '9999-12-31' puts the release week beyond the years 1 to 9999 that "
                 'dates can hold (write the date its countdown names, or correct the '
                 'countdown)')]),
    ],
    'GC310': [
        Case('every-row-dated', schedule(*DATES), []),
        Case('blank-date', schedule(*dated(1, '')), [
            (17, 'R-12 has no date (write the date of its week, or remove the row)')]),
    ],
    'GC311': [
        Case('cycle-with-a-release-date', schedule(*DATES), []),
        Case('cycle-without-one', {UNDATED: schedule(*DATES)[PRIORITIES].replace(
            '2024.1 Project', '2099.1 Project')}, [
            (11, "the Nodate cycle has no release date, so the dates of this schedule are not "
                 "placed in a year (add its 'release_date' to glancecycle_series, or write "
                 "each date with its year, such as 'Nov 17, 2025')")],
            policy=UNDATED_POLICY),
    ],
    'GC308': [
        Case('known-cycle', schedule(*DATES), []),
        Case('page-of-no-cycle', schedule(*DATES, source=SOMEDAY), [
            (11, 'schedule of no cycle: its dates are not checked (name a known cycle, or add '
                 'it to glancecycle_series)')]),
        Case('directive-names-unknown-cycle', {'specs/dates.rst': """\
Dates
=====

.. cycle-schedule:: 2099.9

   .. list-table::

      * - R-3
        - Mar 08
        - something
"""}, [(8, "schedule of '2099.9': its dates are not checked (name a known cycle, or add it "
            'to glancecycle_series)')]),
    ],
}


def owned(url: str, source: str = PRIORITIES, name: str = 'Ada Byron') -> dict[str, str]:
    """A priorities page whose one row (line 14) ``name`` owns, linked to ``url``."""
    return priorities(('Tidy row', f'`{name}`_', 'None', 'M1'), targets=(f'.. _{name}: {url}',),
                      source=source)


PEOPLE_RULES = {
    'GC401': [
        Case('one-profile', {**owned('https://launchpad.net/~ada'),
                             **owned('https://launchpad.net/~ada', PRIORITIES_2023)}, []),
        Case('one-profile-written-two-ways', {
            **owned('https://launchpad.net/~ada'),
            **owned('http://www.launchpad.net/~ada/', PRIORITIES_2023)}, []),
        Case('two-profiles', {**owned('https://launchpad.net/~ada2'),
                              **owned('https://launchpad.net/~ada', PRIORITIES_2023)}, [
            (14, "'Ada Byron' links to 2 different Launchpad profiles: ~ada at "
                 'priorities/2023.2-priorities.rst:14, ~ada2 at '
                 'priorities/2024.1-priorities.rst:14 (link the name to one profile '
                 'everywhere)')]),
        # names are matched without case and spacing; the first page read names the person
        Case('same-name-other-case', {
            **owned('https://launchpad.net/~ada', PRIORITIES_2023),
            **owned('https://launchpad.net/~ada2', name='ada  byron')}, [
            (14, "'Ada Byron' links to 2 different Launchpad profiles: ~ada at "
                 'priorities/2023.2-priorities.rst:14, ~ada2 at '
                 'priorities/2024.1-priorities.rst:14 (link the name to one profile '
                 'everywhere)')]),
    ],
}

BLUEPRINT = 'https://blueprints.launchpad.net/glance/+spec/big-change'
SPEC = 'specs/2024.1/approved/glance/big-change.rst'
TEMPLATE = ('Problem description', 'Proposed change', 'Alternatives', 'Data model impact')


def spec(*sections: str, tracker: str = BLUEPRINT, source: str = SPEC,
         texts: Mapping[str, str] | None = None) -> dict[str, str]:
    """A full spec: title on line 2, ``tracker`` on line 5, heading ``n`` on line ``7 + 5n``
    and its one-line text (``texts``, else ``None``) on line ``10 + 5n``."""
    lines = ['==========', 'Big change', '==========', '', tracker, '']
    for heading in sections:
        lines += [heading, '=' * len(heading), '', (texts or {}).get(heading, 'None'), '']
    return {source: '\n'.join(lines)}


CINDER_POLICY = dataclasses.replace(POLICY, profile=CINDER)
HA = 'Active/Active HA impact'
STORY = 'https://storyboard.openstack.org/#!/story/2001'

SPEC_RULES = {
    'GC501': [
        Case('every-section', spec(*TEMPLATE), [], context=TEMPLATE),
        Case('case-and-colon-folded', spec('problem Description:', *TEMPLATE[1:]), [],
             context=TEMPLATE),
        Case('no-template', spec('Problem description'), []),
        Case('two-missing', spec('Problem description', 'Proposed change'), [
            (2, "section 'Alternatives' of the spec template is missing (add it, with 'None' "
                'when there is nothing to say)'),
            (2, "section 'Data model impact' of the spec template is missing (add it, with "
                "'None' when there is nothing to say)")], context=TEMPLATE),
        Case('misspelt-left-to-gc502', spec('Problem description', 'Proposed change',
                                            'Alternative', 'Data model impact'), [],
             context=TEMPLATE),
        # cinder's template asks for the HA section from Wallaby on
        Case('cinder-before-the-section', spec(*TEMPLATE, source='specs/victoria/big.rst'), [],
             context=TEMPLATE + (HA,), policy=CINDER_POLICY),
        Case('cinder-since-the-section', spec(*TEMPLATE, source='specs/wallaby/big.rst'), [
            (2, "section 'Active/Active HA impact' of the spec template is missing (add it, "
                "with 'None' when there is nothing to say)")],
             context=TEMPLATE + (HA,), policy=CINDER_POLICY),
        # ironic's backlog ideas keep only the first two sections; retired specs none
        Case('ironic-backlog', spec('Problem description', 'Proposed change', tracker=STORY,
                                    source='specs/backlog/big.rst'), [],
             context=TEMPLATE, policy=IRONIC_POLICY),
        Case('ironic-backlog-needs-the-change', spec('Problem description', tracker=STORY,
                                                     source='specs/backlog/big.rst'), [
            (2, "section 'Proposed change' of the spec template is missing (add it, with "
                "'None' when there is nothing to say)")], context=TEMPLATE, policy=IRONIC_POLICY),
        Case('ironic-optional-client-section', spec(*TEMPLATE, tracker=STORY,
                                                    source='specs/approved/big.rst'), [],
             context=TEMPLATE + ('\u201copenstack baremetal\u201d CLI',), policy=IRONIC_POLICY),
        Case('ironic-retired', spec('Problem description', tracker=STORY,
                                    source='specs/retired/big.rst'), [],
             context=TEMPLATE, policy=IRONIC_POLICY),
    ],
    'GC502': [
        Case('every-section', spec(*TEMPLATE), [], context=TEMPLATE),
        Case('other-headings', spec(*TEMPLATE, 'Notes'), [], context=TEMPLATE),
        Case('misspelt', spec('Problem description', 'Proposed change', 'Alternative',
                              'Data Model Impacts'), [
            (17, "heading 'Alternative' is not a section of the spec template (did you mean "
                 "'Alternatives'?)"),
            (22, "heading 'Data Model Impacts' is not a section of the spec template (did you "
                 "mean 'Data model impact'?)")], context=TEMPLATE),
        # a look-alike beside the real section misspells nothing
        Case('look-alike-beside-the-section', spec(*TEMPLATE, 'Alternative'), [],
             context=TEMPLATE),
        Case('no-template', spec('Problem description', 'Alternative'), []),
    ],
    'GC503': [
        Case('blueprint', spec(*TEMPLATE), []),
        Case('no-link', spec(*TEMPLATE, tracker='No link yet.'), [
            (2, "no Launchpad blueprint URL found (add "
                "'https://blueprints.launchpad.net/<project>/+spec/<name>' below the title)")]),
        Case('bug-is-not-a-blueprint', spec(*TEMPLATE, tracker='https://bugs.launchpad.net/'
                                                               'glance/+bug/1'), [
            (2, "no Launchpad blueprint URL found (add "
                "'https://blueprints.launchpad.net/<project>/+spec/<name>' below the title)")]),
        # ironic takes a story, a bug or a blueprint, and a comment saying it needs none
        Case('ironic-story', spec(*TEMPLATE, tracker=STORY, source='specs/approved/big.rst'),
             [], policy=IRONIC_POLICY),
        Case('ironic-opted-out', spec(*TEMPLATE, tracker='.. lint: norfe',
                                      source='specs/approved/big.rst'), [],
             policy=IRONIC_POLICY),
        Case('ironic-no-link', spec(*TEMPLATE, tracker='No link yet.',
                                    source='specs/approved/big.rst'), [
            (2, "no tracker URL found (add 'https://storyboard.openstack.org/#!/story/<number>' "
                "or 'https://bugs.launchpad.net/<project>/+bug/<number>' or "
                "'https://blueprints.launchpad.net/<project>/+spec/<name>' below the title, or "
                "write '.. lint: norfe' if it needs none)")], policy=IRONIC_POLICY),
    ],
}


#: a template with a subsection, and a spec written from it (line numbers below)
NESTED_TEMPLATE = read_template("""\
=================
Title of the Spec
=================

Problem description
===================

A detailed description of the problem.

Proposed change
===============

Here is where you cover the change you propose to make in detail.

Alternatives
------------

What other ways could we do this thing?
""")
NESTED_SPEC = f"""\
==========
Big change
==========

{BLUEPRINT}

Problem description
===================

Slow.

Proposed change
===============

Fast.

Alternatives
------------

None.
"""

SPEC_RULES['GC504'] = [
    Case('hierarchy-kept', {SPEC: NESTED_SPEC}, [], context=NESTED_TEMPLATE),
    Case('subsection-at-the-top', {SPEC: NESTED_SPEC.replace(
        'Alternatives\n------------', 'Alternatives\n============')}, [
        (17, "top-level heading 'Alternatives' breaks the template's hierarchy: the template "
             "has it under 'Proposed change' (make it a subsection of 'Proposed change', "
             'underlined as the other subsections there)')], context=NESTED_TEMPLATE),
]
SPEC_RULES['GC505'] = [
    Case('own-words', {SPEC: NESTED_SPEC}, [], context=NESTED_TEMPLATE),
    Case('instructions-left-in', {SPEC: NESTED_SPEC.replace(
        'Slow.', 'A detailed description of the problem.')}, [
        (10, "section 'Problem description' keeps a paragraph ('A detailed description of the "
             "problem.') of the template's text unchanged (replace it with the spec's own "
             'words, or delete)')], context=NESTED_TEMPLATE),
]

#: a template per cycle (nova's layout): 2023.2's, and 2024.2's, which adds 'Upgrade impact'
PER_CYCLE = SpecTemplates(str(ROOTS / 'test-templates-per-cycle'), 'specs/{cycle}-template.rst',
                          Catalogue.default())
CHANGE = ('Problem description', 'Proposed change')
SPEC_RULES['GC501'] += [
    # a spec of 2024.1 is written from 2023.2's template, the newest before its cycle
    Case('per-cycle-newest-before', spec(*CHANGE, source='specs/2024.1/approved/glance/a.rst'),
         [], context=PER_CYCLE),
    Case('per-cycle-own', spec(*CHANGE, source='specs/2024.2/approved/glance/a.rst'), [
        (2, "section 'Upgrade impact' of the spec template is missing (add it, with 'None' "
            'when there is nothing to say)')], context=PER_CYCLE),
    # no template before 2023.2: not compared with a later one (the check says so once)
    Case('per-cycle-none-before', spec('Problem description',
                                       source='specs/2023.1/approved/glance/a.rst'),
         [], context=PER_CYCLE),
]
SPEC_RULES['GC505'] += [
    Case('per-cycle-own-text', spec(*CHANGE, source='specs/2024.1/approved/glance/a.rst',
                                    texts={'Proposed change': 'Say what you propose to change.'}),
         [(15, "section 'Proposed change' keeps a paragraph ('Say what you propose to change.') "
               "of the template's text unchanged (replace it with the spec's own words, or "
               'delete)')], context=PER_CYCLE),
    # the text of a later cycle's template is not this spec's template text
    Case('per-cycle-later-text', spec(
        *CHANGE, 'Upgrade impact', source='specs/2024.1/approved/glance/a.rst',
        texts={'Upgrade impact': 'Say how operators upgrade to it.'}), [], context=PER_CYCLE),
    Case('per-cycle-later-text-in-its-cycle', spec(
        *CHANGE, 'Upgrade impact', source='specs/2024.2/approved/glance/a.rst',
        texts={'Upgrade impact': 'Say how operators upgrade to it.'}),
         [(20, "section 'Upgrade impact' keeps a paragraph ('Say how operators upgrade to it.') "
               "of the template's text unchanged (replace it with the spec's own words, or "
               'delete)')], context=PER_CYCLE),
]

CASES: dict[str, list[Case]] = {**SPEC_LITES, **PRIORITY_RULES, **SCHEDULE_RULES,
                                **PEOPLE_RULES, **SPEC_RULES}
