"""GC5xx: full specs against the repository's own template.

The context of these rules is the tuple of section headings the template
asks for (see :func:`sphinxext_glancecycle.readers.specs.read_template`);
with no template, only the rules that need none report.
"""

from __future__ import annotations

import difflib

from sphinxext_glancecycle.model import Spec
from sphinxext_glancecycle.readers.specs import normalize_heading
from sphinxext_glancecycle.rules.registry import rule

#: How alike a heading and a template section must be to count as a misspelling.
CLOSENESS = 0.8


def _misspellings(spec: Spec, template: tuple[str, ...]) -> list[tuple[str, int | None, str]]:
    """(heading, line, template section) for headings that misspell a missing section."""
    wanted = {normalize_heading(text): text for text in template}
    have = {normalize_heading(text) for text, _ in spec.sections}
    missing = {key: text for key, text in wanted.items() if key not in have}
    found = []
    for text, line in spec.sections:
        key = normalize_heading(text)
        if key in wanted:
            continue
        close = difflib.get_close_matches(key, list(missing), n=1, cutoff=CLOSENESS)
        if close:
            found.append((text, line, missing.pop(close[0])))
    return found


@rule('GC501', 'spec-section-missing', 'spec')
def check_missing_sections(spec: Spec, policy, template):
    """A section of the spec template is missing from the spec.

    The template asks every spec to keep all of its sections, writing
    ``None`` where there is nothing to say.
    """
    if not template:
        return
    have = {normalize_heading(text) for text, _ in spec.sections}
    misspelt = {normalize_heading(section) for _, _, section in _misspellings(spec, template)}
    for section in dict.fromkeys(template):
        key = normalize_heading(section)
        if key not in have and key not in misspelt:
            yield spec.line, (f"section '{section}' of the spec template is missing "
                              f"(add it, with 'None' when there is nothing to say)")


@rule('GC502', 'spec-section-misspelt', 'spec')
def check_misspelt_sections(spec: Spec, policy, template):
    """A heading looks like a template section but is spelt differently.

    Tools and readers look sections up by their template name.
    """
    if not template:
        return
    for text, line, section in _misspellings(spec, template):
        yield line, (f"heading '{text}' is not a section of the spec template "
                     f"(did you mean '{section}'?)")


@rule('GC503', 'spec-no-blueprint', 'spec')
def check_blueprint(spec: Spec, policy, template):
    """The spec does not link to its Launchpad blueprint.

    The template asks for the blueprint URL right below the title.
    """
    if spec.blueprint is None:
        yield spec.line, ('no Launchpad blueprint URL found (add '
                          "'https://blueprints.launchpad.net/<project>/+spec/<name>' "
                          'below the title)')
