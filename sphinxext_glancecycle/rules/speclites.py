"""GC1xx: rules for spec-lites."""

from __future__ import annotations

import difflib
import re

from sphinxext_glancecycle.model import Severity, SpecLite
from sphinxext_glancecycle.rules.registry import did_you_mean, rule
from sphinxext_glancecycle.sanitize import urlsplit

KIND = 'spec-lite'
MANDATORY = ('problem', 'solution', 'impacts')
NONE_VALUES = {'none', 'n/a'}
#: ``<Capitalised words...>``; the words are checked apart from the match so
#: that a long value with an unclosed ``<`` costs linear time.
PLACEHOLDER = re.compile(r'<[A-Z][^<>]*>')
FLAG = re.compile(r'^\w+Impact$', re.IGNORECASE)
CHANGE_ID = re.compile(r'^I[0-9a-f]{40}$')
#: a ``Change-Id:`` and its value, which ends at a space, comma or semicolon
CHANGE_ID_TEXT = re.compile(r'Change-Id:\s*([^\s,;]+)', re.IGNORECASE)
SAFE_SCHEMES = ('http', 'https')
#: docutils turns a bare e-mail address into a mailto: link; that is fine.
LINK_SCHEMES = SAFE_SCHEMES + ('mailto',)


def _is_none(value: str) -> bool:
    return value.strip().rstrip('.').lower() in NONE_VALUES


def _scheme(url: str) -> str:
    return urlsplit(url.strip()).scheme.lower()


@rule('GC101', 'missing-field', KIND)
def missing_field(lite: SpecLite, policy):
    """A mandatory field is missing.

    ``problem``, ``solution`` and ``impacts`` are mandatory in every layout;
    a one-per-file spec-lite also needs ``project``.
    """
    names = {f.name for f in lite.fields}
    wanted = MANDATORY + (('project',) if lite.layout == SpecLite.LAYOUT_SINGLE else ())
    for name in wanted:
        if name not in names:
            yield lite.line, (f"spec-lite '{lite.title}' has no ':{name}:' field "
                              f"(add ':{name}: ...' to its field list)"), name


@rule('GC102', 'unknown-field', KIND)
def unknown_field(lite: SpecLite, policy):
    """A field name is not one spec-lites use.

    Known names are the template's fields plus ``glancecycle_extra_fields``.
    """
    known = policy.known_fields
    for field in lite.fields:
        if field.name not in known:
            fix = did_you_mean(field.name, sorted(known)) or (
                'use a field of the spec-lite template, or add it to '
                'glancecycle_extra_fields in conf.py')
            yield field.line, f"unknown field ':{field.name}:' ({fix})", field.name


@rule('GC103', 'duplicate-field', KIND)
def duplicate_field(lite: SpecLite, policy):
    """A field appears more than once in the same spec-lite."""
    seen: dict[str, int | None] = {}
    for field in lite.fields:
        if field.name in seen:
            yield field.line, (f"field ':{field.name}:' is repeated (first at line "
                               f"{seen[field.name]}; merge the two into one field)"), field.name
        else:
            seen[field.name] = field.line


@rule('GC104', 'empty-field', KIND)
def empty_field(lite: SpecLite, policy):
    """A field has no value."""
    for field in lite.fields:
        if not field.value.strip():
            yield field.line, (f"field ':{field.name}:' is empty "
                               "(fill it in, write 'None', or remove an optional field)"
                               ), field.name


def _placeholder(value: str) -> re.Match | None:
    """The first ``<Capitalised words>`` template placeholder in ``value``."""
    return next((m for m in PLACEHOLDER.finditer(value)
                 if any(c.isspace() for c in m.group())), None)


@rule('GC105', 'placeholder-text', KIND)
def placeholder_text(lite: SpecLite, policy):
    """A template placeholder (``<...>``) was left in a value."""
    for field in lite.fields:
        match = _placeholder(field.value)
        if match:
            text = match.group()
            line = field.line_of(text.split()[0])
            text = text if len(text) <= 40 else text[:37] + '...'
            yield line, (f"field ':{field.name}:' still holds the template text "
                         f"'{text}' (replace it with your own text)"), field.name


@rule('GC106', 'unknown-project', KIND)
def unknown_project(lite: SpecLite, policy):
    """The ``project`` field names a project outside ``glancecycle_projects``.

    The comparison is case-sensitive, as repository names are.
    """
    field = lite.field('project')
    if field is None or not policy.projects or not field.value:
        return
    if field.value not in policy.projects:
        hint = did_you_mean(field.value, policy.projects)
        choices = ', '.join(policy.projects)
        yield field.line, (f"project '{field.value}' is not one of {choices} "
                           f"({hint + ' ' if hint else ''}use a name from "
                           "glancecycle_projects)")


@rule('GC107', 'project-mismatch', KIND)
def project_mismatch(lite: SpecLite, policy):
    """The ``project`` field disagrees with the directory the file is in.

    A project outside ``glancecycle_projects`` is left to GC106.
    """
    field = lite.field('project')
    if field is None or not field.value or not lite.project:
        return
    if policy.projects and field.value not in policy.projects:
        return
    if field.value != lite.project:
        yield field.line, (f"project '{field.value}' does not match the folder "
                           f"'{lite.project}' (move the file or correct the field)")


#: how alike a word must be to a known flag to be read as a misspelling of it
#: (``DocImpcat``); below this a word is prose
CLOSE_TO_FLAG = 0.85


def _closest_flag(word: str, flags) -> str | None:
    """The one known flag ``word`` is a misspelling of, or None when none or two are close."""
    ratios = sorted(((difflib.SequenceMatcher(None, word.lower(), flag.lower()).ratio(), flag)
                     for flag in flags), reverse=True)
    if not ratios or ratios[0][0] < CLOSE_TO_FLAG:
        return None
    if len(ratios) > 1 and ratios[0][0] - ratios[1][0] < 0.1:
        return None  # two flags are about as close: a hint would be a guess
    return ratios[0][1]


def _flags(value: str, flags) -> list[tuple[str, str | None]] | None:
    """The flags ``value`` lists, each with the known flag it means, or None for prose.

    Items are separated by commas or semicolons, words by spaces.  A flag is
    read as written (``DocImpact``), misspelt (``DocImpcat``, ``docimpact``)
    or split in two (``Doc Impact``); the second element is the known flag
    it means, when one is clearly meant, else the word itself if it is known.
    """
    read = []
    for item in re.split(r'[,;]+', value.strip().rstrip('.')):
        words = item.split()
        if not words:
            continue
        joined = ''.join(words)
        if len(words) > 1 and _meant(joined, flags):
            read.append((' '.join(words), _meant(joined, flags)))
            continue
        for word in words:
            if word not in flags and not FLAG.match(word) and not _closest_flag(word, flags):
                return None
            read.append((word, _meant(word, flags)))
    return read


def _meant(word: str, flags) -> str | None:
    if word in flags:
        return word
    folded = {flag.lower(): flag for flag in flags}
    return folded.get(word.lower()) or _closest_flag(word, flags)


@rule('GC108', 'unknown-impact', KIND)
def unknown_impact(lite: SpecLite, policy):
    """An ``impacts`` flag is not in the ``*Impact`` vocabulary.

    The vocabulary is ``glancecycle_impact_flags``; a flag that is clearly a
    misspelling of one (``DocImpcat``, ``docimpact``, ``Doc Impact``) is
    reported with the flag it means.
    """
    field = lite.field('impacts')
    if field is None or _is_none(field.value):
        return
    for written, meant in _flags(field.value, policy.impact_flags) or ():
        if written in policy.impact_flags:
            continue
        hint = f"did you mean '{meant}'?" if meant else did_you_mean(written, policy.impact_flags)
        yield field.line_of(written), (
            f"unknown impact flag '{written}' ({hint + ' ' if hint else ''}"
            "use flags from glancecycle_impact_flags, or 'None')"), written


@rule('GC109', 'prose-impacts', KIND, Severity.INFO)
def prose_impacts(lite: SpecLite, policy):
    """``impacts`` is prose rather than a list of ``*Impact`` flags or ``None``."""
    field = lite.field('impacts')
    if field is None or not field.value or _is_none(field.value):
        return
    if _flags(field.value, policy.impact_flags) is None:
        yield field.line, ("impacts is prose, not a list of flags (write a comma list "
                           "such as 'DocImpact, UpgradeImpact' or 'None', and move the "
                           "explanation to ':how:')")


@rule('GC110', 'malformed-link', KIND)
def malformed_link(lite: SpecLite, policy):
    """``link`` is neither ``None``, a URL nor ``Change-Id: I<40 hex digits>``."""
    field = lite.field('link')
    if field is None or not field.value or _is_none(field.value):
        return
    if _placeholder(field.value):
        return  # still the template's text: GC105 says so
    text = field.value
    for match in CHANGE_ID_TEXT.finditer(text):
        if not CHANGE_ID.match(match.group(1)):
            yield field.line_of(match.group(1)), (
                f"'{match.group(1)}' is not a Change-Id (write "
                "'Change-Id: I' followed by 40 hex digits)"), match.group(1)
    if field.urls:
        return  # a named hyperlink; GC111 judges its scheme
    rest = CHANGE_ID_TEXT.sub(' ', text)
    for token in re.split(r'[\s,]+', rest):
        token = token.strip('()<>.;')
        if token and not _scheme(token):
            yield field.line_of(token), (f"link '{token}' is not a URL or a Change-Id "
                                         "(give the review URL, 'Change-Id: I...', or 'None')"
                                         ), token
            break


@rule('GC111', 'unsafe-link', KIND)
def unsafe_link(lite: SpecLite, policy):
    """A field links with a scheme other than http or https (or mailto).

    Such links (``javascript:``, ``data:``...) are never rendered live.
    """
    for field in lite.fields:
        urls = list(field.urls)
        if field.name == 'link':
            # a word ending in a colon ('Review:') is a label, not a URL
            urls += [word for word in CHANGE_ID_TEXT.sub(' ', field.value).split()
                     if _scheme(word) and not word.endswith(':')]
        first: dict[str, str] = {}
        for url in urls:
            first.setdefault(_scheme(url), url)
        for scheme, url in first.items():
            if scheme and scheme not in LINK_SCHEMES:
                yield field.line_of(url), (f"field ':{field.name}:' links with the '{scheme}:' "
                                           "scheme (use an http or https URL)"
                                           ), f'{field.name} {scheme}'


@rule('GC112', 'missing-end-marker', KIND)
def missing_end_marker(lite: SpecLite, policy):
    """An entry of a many-per-file spec-lite page has no ``End of`` line."""
    if lite.layout == SpecLite.LAYOUT_MULTI and lite.end_marker is None:
        yield lite.line, (f"spec-lite '{lite.title}' has no end marker (add a heading "
                          f"'End of `{lite.title}`' after its fields)")


#: What smart quotes make of ASCII punctuation, undone: a marker written in
#: backquotes gets them while a title in ``literal`` markup does not.
_TYPOGRAPHIC = str.maketrans({'\u2013': '--', '\u2014': '---', '\u2018': "'",
                              '\u2019': "'", '\u201c': '"', '\u201d': '"',
                              '\u2026': '...'})


def _comparable(title: str) -> str:
    return ' '.join(title.translate(_TYPOGRAPHIC).split()).lower()


@rule('GC113', 'end-marker-mismatch', KIND)
def end_marker_mismatch(lite: SpecLite, policy):
    """The end marker is not ``End of`` followed by its entry's title.

    Titles are compared without markup and spacing; a closing heading that
    repeats the title without ``End of`` is reported too.
    """
    marker = lite.end_marker
    if marker is None or lite.layout != SpecLite.LAYOUT_MULTI:
        return
    if not marker.prefixed:
        yield marker.line, (f"end marker '{marker.text}' does not start with 'End of' "
                            f"(write 'End of `{lite.title}`')")
    elif _comparable(marker.text) != _comparable(lite.title):
        yield marker.line, (f"end marker 'End of {marker.text}' does not match the title "
                            f"'{lite.title}' (copy the entry's title into the marker)")


@rule('GC114', 'title-prefix', KIND)
def title_prefix(lite: SpecLite, policy):
    """A one-per-file spec-lite's title does not start with ``Spec Lite:``."""
    if lite.layout != SpecLite.LAYOUT_SINGLE or lite.title_prefix == 'Spec Lite':
        return
    if lite.title_prefix:
        found = f"starts with '{lite.title_prefix}:'"
    else:
        found = 'has no prefix'
    yield lite.line, (f"title '{lite.title}' {found} (write 'Spec Lite: {lite.title}' "
                      "so readers and tools know what it is)")


@rule('GC115', 'broken-field', KIND)
def broken_field(lite: SpecLite, policy):
    """A ``name: value`` line lost its leading colon and is not a field."""
    for field in lite.fields:
        if field.broken:
            yield field.line, (f"'{field.name}: ...' is a paragraph, not a field "
                               f"(write ':{field.name}: {field.value[:30]}')"), field.name
