"""``cycle-priorities`` and ``cycle-schedule``: tables that name their cycle.

Both wrap their content (a list-table) in a container that carries the
cycle, so the priorities and schedule readers judge them with the same
rules as legacy pages, on pages anywhere in the tree.  ``cycle-schedule``
can instead render the weeks of an ``openstack/releases``-style
``schedule.yaml``: named with ``:yaml:`` (relative to the page), or by
``glancecycle_schedules`` in conf.py (the build and the command line alike).
"""

from __future__ import annotations

import os

from docutils import nodes
from docutils.parsers.rst import Directive, directives

from sphinxext_glancecycle.readers import priorities, schedules
from sphinxext_glancecycle.releases import read_release_schedule


class _CycleTable(Directive):
    required_arguments = 1
    has_content = True
    css_class = ''
    kind = ''

    def _container(self) -> nodes.container:
        container = nodes.container(classes=[self.css_class])
        container['cycle'] = self.arguments[0].strip()
        container.source, container.line = self.state_machine.get_source_and_line(self.lineno)
        return container

    def _wrap(self) -> list[nodes.Node]:
        container = self._container()
        self.state.nested_parse(self.content, self.content_offset, container)
        if not any(isinstance(node, nodes.table) for node in container.findall(nodes.table)):
            error = self.state_machine.reporter.error(
                f'{self.name} holds no table (write a list-table of the {self.kind} '
                'inside it)', line=self.lineno)
            return [container, error]
        return [container]


class CyclePrioritiesDirective(_CycleTable):
    """A cycle's priorities as a list-table, with the cycle named explicitly."""

    css_class = priorities.DIRECTIVE_CLASS
    kind = 'priorities'

    def run(self) -> list[nodes.Node]:
        return self._wrap()


class CycleScheduleDirective(_CycleTable):
    """A cycle's important dates: its own list-table, or the weeks of a schedule YAML."""

    option_spec = {'yaml': directives.path}
    css_class = schedules.DIRECTIVE_CLASS
    kind = 'dates'

    def run(self) -> list[nodes.Node]:
        if self.content:
            return self._wrap()
        path = self._yaml_path()
        if path is None:
            return [self.state_machine.reporter.error(
                f'{self.name} {self.arguments[0]} has neither a table nor a schedule YAML '
                "(give ':yaml: path', a list-table, or name the YAML in glancecycle_schedules)",
                line=self.lineno)]
        self.state.document.settings.record_dependencies.add(path)
        weeks = read_release_schedule(path)
        if isinstance(weeks, str):
            return [self.state_machine.reporter.error(weeks, line=self.lineno)]
        container = self._container()
        container += self._table(weeks)
        return [container]

    def _yaml_path(self) -> str | None:
        source, _ = self.state_machine.get_source_and_line(self.lineno)
        if 'yaml' in self.options:
            return os.path.join(os.path.dirname(source or '.'), self.options['yaml'])
        # cycle (release id or code name) -> absolute path, as the build's
        # state or the command line resolved glancecycle_schedules
        configured = getattr(self.state.document.settings, 'glancecycle_schedules', None) or {}
        return configured.get(self.arguments[0].strip().lower())

    def _table(self, weeks) -> nodes.table:
        shown = [week for week in weeks if week.events] or list(weeks)
        table = nodes.table()
        group = nodes.tgroup(cols=3)
        table += group
        for width in (15, 20, 65):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        group += head
        head += self._row(('Countdown', 'Week of', 'What'))
        body = nodes.tbody()
        group += body
        for week in shown:
            label = ('' if week.weeks is None
                     else f'R-{week.weeks}' if week.weeks >= 0 else f'R+{-week.weeks}')
            body += self._row((label, f'{week.start:%b} {week.start.day:02d}',
                               ', '.join(week.events)))
        return table

    def _row(self, texts) -> nodes.row:
        row = nodes.row()
        source, line = self.state_machine.get_source_and_line(self.lineno)
        for text in texts:
            para = nodes.paragraph(text, text)
            para.source, para.line = source, line
            row += nodes.entry('', para)
        return row
