"""Every rule's cases: code -> inputs, each with every ``(line, message)`` it yields, in order.

Pages are small reStructuredText files at a repository path (the path gives
cycle, status and project, as in a build). :func:`lite` writes the usual
one-per-file spec-lite so that its title is on line 2 and its fields on
lines 5, 7, 9, ... (one blank line between fields).
"""

from __future__ import annotations

import dataclasses

from sphinxext_glancecycle.profile import CINDER, IRONIC

from helpers.rules import LITE, POLICY, Case

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


#: Three entries of a many-per-file page (no ``project`` needed there).
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
        Case('flag-on-its-own-line', page(lite(*TIDY[:3], ':impacts: DocImpact,\n'
                                                           '   FooImpact')), [
            (12, "unknown impact flag 'FooImpact' (did you mean 'DocImpact'? use flags from "
                 "glancecycle_impact_flags, or 'None')")]),
        Case('none', page(lite(*TIDY[:3], ':impacts: None.')), []),
        Case('prose-left-to-gc109', page(lite(*TIDY[:3], ':impacts: Operators must act')), []),
    ],
    'GC109': [
        Case('flags', tidy_and(), []),
        Case('none', page(lite(*TIDY[:3], ':impacts: n/a')), []),
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
    ],
    'GC112': [
        Case('single-needs-none', tidy_and(), []),
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
        Case('prose-with-colon', tidy_and('Note: this is prose.'), []),
    ],
}

CASES: dict[str, list[Case]] = {**SPEC_LITES}
