"""GC5xx: full specs against the repository's own template.

The context of these rules is the tuple of section headings the spec must
keep: those of the template it was written from (its cycle's, where the
repository keeps one per cycle), less the sections the template asked for
only after the spec's cycle, by the profile or the template's git history
(:mod:`sphinxext_glancecycle.readers.templates`); the spec's hierarchy and
template text were read against that same template. With no template, only
the rules that need none report.
"""

from __future__ import annotations

import difflib
import functools

from sphinxext_glancecycle.model import Severity, Spec
from sphinxext_glancecycle.readers.specs import normalize_heading
from sphinxext_glancecycle.rules.registry import rule

#: How alike a heading and a template section must be to count as a misspelling.
CLOSENESS = 0.8


@functools.lru_cache(maxsize=16)
def _misspellings(sections: tuple[tuple[str, int | None], ...], template: tuple[str, ...]
                  ) -> tuple[tuple[str, int | None, str], ...]:
    """(heading, line, template section) for the headings among a spec's ``sections`` that
    misspell a missing section (kept for a few specs: GC501 and GC502 both ask)."""
    wanted = {normalize_heading(text): text for text in template}
    have = {normalize_heading(text) for text, _ in sections}
    missing = {key: text for key, text in wanted.items() if key not in have}
    found = []
    for text, line in sections:
        key = normalize_heading(text)
        if key in wanted:
            continue
        close = difflib.get_close_matches(key, list(missing), n=1, cutoff=CLOSENESS)
        if close:
            found.append((text, line, missing.pop(close[0])))
    return tuple(found)


@rule('GC501', 'spec-section-missing', 'spec')
def check_missing_sections(spec: Spec, policy, template):
    """A section of the spec template is missing from the spec.

    The template asks every spec to keep all of its sections, writing
    ``None`` where there is nothing to say. A spec is held to the template
    as it was when its cycle was open: a section added later is not asked
    of it.
    """
    if not template:
        return
    have = {normalize_heading(text) for text, _ in spec.sections}
    misspelt = {normalize_heading(section)
                for _, _, section in _misspellings(tuple(spec.sections), template)}
    for section in dict.fromkeys(template):
        key = normalize_heading(section)
        if key not in have and key not in misspelt:
            yield spec.line, (f"section '{section}' of the spec template is missing "
                              f"(add it, with 'None' when there is nothing to say)"), section


@rule('GC502', 'spec-section-misspelt', 'spec')
def check_misspelt_sections(spec: Spec, policy, template):
    """A heading looks like a template section but is spelt differently.

    Tools and readers look sections up by their template name.
    """
    if not template:
        return
    for text, line, section in _misspellings(tuple(spec.sections), template):
        yield line, (f"heading '{text}' is not a section of the spec template "
                     f"(did you mean '{section}'?)"), text


#: How to write a link of each tracker kind, for the hint.
TRACKER_EXAMPLES = {
    'blueprint': "'https://blueprints.launchpad.net/<project>/+spec/<name>'",
    'bug': "'https://bugs.launchpad.net/<project>/+bug/<number>'",
    'storyboard': "'https://storyboard.openstack.org/#!/story/<number>'",
}


@rule('GC503', 'spec-no-blueprint', 'spec')
def check_blueprint(spec: Spec, policy, template):
    """The spec does not link to its tracker (a Launchpad blueprint by default).

    The template asks for the tracker URL right below the title; the
    profile's ``trackers`` say which kinds of link count
    (:mod:`sphinxext_glancecycle.profile`), and whether a comment lets a
    spec opt out.
    """
    trackers = policy.profile.trackers
    if spec.tracker is not None or spec.tracker_optional:
        return
    if trackers.kinds == ('blueprint',):
        yield spec.line, ('no Launchpad blueprint URL found (add '
                          f"{TRACKER_EXAMPLES['blueprint']} below the title)")
        return
    examples = ' or '.join(TRACKER_EXAMPLES[kind] for kind in trackers.kinds
                           if kind in TRACKER_EXAMPLES)
    opt_out = f", or write '{trackers.opt_out}' if it needs none" if trackers.opt_out else ''
    yield spec.line, f'no tracker URL found (add {examples} below the title{opt_out})'


def _short(text: str, size: int = 40) -> str:
    return text if len(text) <= size else text[:size - 3] + '...'


def _names(headings: tuple[str, ...], most: int = 3) -> str:
    named = ', '.join(f"'{text}'" for text in headings[:most])
    return named + (f' and {len(headings) - most} more' if len(headings) > most else '')


@rule('GC504', 'spec-heading-misplaced', 'spec')
def check_hierarchy(spec: Spec, policy, template):
    """A top-level heading breaks the section hierarchy of the spec template.

    A heading written at the level of the template's own sections, when the
    template has it below another section, or when it is no section of the
    template and takes in subsections of another (``Alternatives``... fall
    under it instead of under ``Proposed change``). Team linters that compare
    a spec's sections with the template's (ironic's ``tests/test_titles.py``)
    fail on it.
    """
    for headings, line, owner, taken in spec.misplaced:
        if taken:
            yield line, (f"top-level heading '{headings[0]}' breaks the template's hierarchy: "
                         f"it takes in {_names(taken)}, which the template has under "
                         f"'{owner}' (make it a subsection of '{owner}', underlined as the "
                         "other subsections there)")
        elif len(headings) == 1:
            yield line, (f"top-level heading '{headings[0]}' breaks the template's hierarchy: "
                         f"the template has it under '{owner}' (make it a subsection of "
                         f"'{owner}', underlined as the other subsections there)")
        else:
            yield line, (f"top-level headings {_names(headings)} break the template's "
                         f"hierarchy: the template has them under '{owner}' (make them "
                         f"subsections of '{owner}', underlined as the other subsections "
                         "there)")


@rule('GC505', 'spec-template-text', 'spec', Severity.INFO)
def check_template_text(spec: Spec, policy, template):
    """The spec keeps paragraphs of the template's instructions word for word.

    A paragraph of four words or more that is the template's own text
    (spacing, case and quote styles aside) was left in while the spec was
    written: the reader gets instructions where the spec's content belongs.
    Reported once per section, at its first such paragraph.
    """
    for section, line, count, first in spec.template_text:
        what = f"a paragraph ('{_short(first)}')" if count == 1 else (
            f"{count} paragraphs (from '{_short(first)}')")
        place = f"section '{section}'" if section else 'the introduction'
        yield line, (f"{place} keeps {what} of the template's text unchanged (replace "
                     f"{'it' if count == 1 else 'them'} with the spec's own words, or "
                     "delete)")
