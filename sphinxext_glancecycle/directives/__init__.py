"""Directives for new content, written on docutils alone so the CLI can parse them too."""

from docutils.parsers.rst import directives

from sphinxext_glancecycle.directives.cycles import (CyclePrioritiesDirective,
                                                     CycleScheduleDirective)
from sphinxext_glancecycle.directives.speclite import SpecLiteDirective
from sphinxext_glancecycle.directives.tasks import ReleasePhaseDirective, ReleaseTasksDirective

DIRECTIVES = {
    'spec-lite': SpecLiteDirective,
    'cycle-priorities': CyclePrioritiesDirective,
    'cycle-schedule': CycleScheduleDirective,
    'release-tasks': ReleaseTasksDirective,
    'release-phase': ReleasePhaseDirective,
}


def register_with_docutils() -> None:
    """Make the directives known to a plain docutils parser (the CLI)."""
    for name, directive in DIRECTIVES.items():
        directives.register_directive(name, directive)
