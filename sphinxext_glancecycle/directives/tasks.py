"""``release-tasks`` and ``release-phase``: what the team does in each stretch of a cycle.

::

    .. release-tasks::

       .. release-phase:: Between Milestone-1 and Milestone-2
          :starts: m1
          :ends: m2

          #. Review stable backports.

A phase starts and ends at milestones of whichever cycle it is shown for
(``start``, ``m1``, ``m2``, ``m3``, ``rc1``, ``final``); the dashboard turns
them into real dates from that cycle's schedule.
"""

from __future__ import annotations

from typing import Callable, Iterable

from docutils import nodes
from docutils.parsers.rst import Directive, directives

from sphinxext_glancecycle.model import ReleasePhase

#: The milestones a phase can start or end at, in cycle order.
MILESTONES = ('start', 'm1', 'm2', 'm3', 'rc1', 'final')
TASKS_CLASS = 'glancecycle-release-tasks'
PHASE_CLASS = 'glancecycle-release-phase'


def milestone(argument: str) -> str:
    """Option converter: one of :data:`MILESTONES`, case folded."""
    value = directives.unchanged_required(argument).strip().lower()
    if value not in MILESTONES:
        raise ValueError(f'{value!r} is not a milestone (use one of: {", ".join(MILESTONES)})')
    return value


class ReleaseTasksDirective(Directive):
    """A container for the ``release-phase`` directives of a page."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        container = nodes.container(classes=[TASKS_CLASS])
        self.state.nested_parse(self.content, self.content_offset, container)
        return [container]


class ReleasePhaseDirective(Directive):
    """One phase: a title, the milestones it spans and its tasks."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {'starts': milestone, 'ends': milestone}

    def run(self) -> list[nodes.Node]:
        title_text = ' '.join(self.arguments[0].split())
        source, line = self.state_machine.get_source_and_line(self.lineno)
        section = nodes.section(classes=[PHASE_CLASS])
        section.source, section.line = source, line
        section['glancecycle_starts'] = self.options.get('starts', '')
        section['glancecycle_ends'] = self.options.get('ends', '')
        title = nodes.title(title_text, title_text)
        title.source, title.line = source, line
        section += title
        section['names'].append(nodes.fully_normalize_name(title_text))
        self.state.document.note_implicit_target(section, section)
        self.state.nested_parse(self.content, self.content_offset, section)
        return [section]


def read_release_phases(sections: Iterable[nodes.section],
                        source: str | Callable[[], str]) -> list[ReleasePhase]:
    """The phases written with ``release-phase`` among a document's ``sections``, in order.

    ``source`` is the document's path, or a function giving it when needed.
    """
    phases = []
    for section in sections:
        if PHASE_CLASS not in section['classes']:
            continue
        if callable(source):
            source = source()
        items = next(iter(section.findall(nodes.enumerated_list)), None)
        if items is None:
            items = next(iter(section.findall(nodes.bullet_list)), None)
        tasks = ([' '.join(item.astext().split()) for item in items.children]
                 if items is not None else [])
        phases.append(ReleasePhase(
            title=section[0].astext(),
            source=source,
            line=section.line,
            starts=section['glancecycle_starts'] or None,
            ends=section['glancecycle_ends'] or None,
            tasks=tasks,
            anchor=section['ids'][0] if section['ids'] else None,
        ))
    return phases
