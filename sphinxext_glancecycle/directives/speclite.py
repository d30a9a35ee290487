"""``.. spec-lite:: Title`` followed by the same field list as the legacy layouts."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import Directive

from sphinxext_glancecycle.readers.speclites import DIRECTIVE_CLASS


class SpecLiteDirective(Directive):
    """A spec-lite as a titled section, validated like the legacy layouts."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        title_text = ' '.join(self.arguments[0].split())
        source, line = self.state_machine.get_source_and_line(self.lineno)
        section = nodes.section(classes=[DIRECTIVE_CLASS])
        section.source, section.line = source, line
        inline, messages = self.state.inline_text(title_text, self.lineno)
        title = nodes.title(title_text, '', *inline)
        # docutils reports a title at its underline; keep that convention.
        title.source, title.line = source, line + 1
        section += title
        section['names'].append(nodes.fully_normalize_name(title_text))
        self.state.document.note_implicit_target(section, section)
        self.state.nested_parse(self.content, self.content_offset, section)
        return [section, *messages]
