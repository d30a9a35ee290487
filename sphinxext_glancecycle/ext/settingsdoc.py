"""``.. glancecycle-settings:: <section>``: the settings reference, made from
:data:`sphinxext_glancecycle.settings.SETTINGS` so it cannot drift from the code."""

from __future__ import annotations

import inspect

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from sphinxext_glancecycle import settings


def confval_lines(setting: settings.Setting) -> list[str]:
    """A ``confval`` entry for ``setting``, as reStructuredText lines."""
    lines = [f'.. confval:: {setting.name}',
             f'   :type: ``{setting.shown_type}``',
             f'   :default: ``{setting.shown_default}``',
             '']
    lines += [f'   {line}' if line else '' for line in setting.help.strip().splitlines()]
    return lines + ['']


class SettingsDirective(SphinxDirective):
    """The ``confval`` entries of the settings of one guide section."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        section = self.arguments[0]
        if section not in settings.SECTIONS:
            raise self.error(f'unknown settings section {section!r} '
                             f'(use one of: {", ".join(settings.SECTIONS)})')
        # Re-read this page when the declarations change.
        self.env.note_dependency(inspect.getsourcefile(settings))
        lines = [line for setting in settings.SETTINGS if setting.section == section
                 for line in confval_lines(setting)]
        holder = nodes.Element()
        self.state.nested_parse(StringList(lines, source='<glancecycle settings>'),
                                0, holder)
        return holder.children


def setup_settingsdoc(app: Sphinx) -> None:
    app.add_directive('glancecycle-settings', SettingsDirective)
