"""The findings about people (GC4xx), which need every document of the build.

They are made once per build when reading is over (``env-updated``, before
the environment is pickled), baselined, logged at the page they are about
and stored in the domain, where the dashboards, the overview and the export
find them like every other finding.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sphinxext_glancecycle.ext import baseline, report
from sphinxext_glancecycle.ext.state import state
from sphinxext_glancecycle.rules.people import people_findings


def check_people(app: Sphinx, env: BuildEnvironment) -> None:
    built = state(env)
    domain = env.get_domain('glancecycle')
    # the snapshot the people are read from must not hold the last build's GC4xx
    before, domain.data['repository'] = domain.data['repository'], []
    built.forget_snapshot()
    snapshot = built.snapshot()
    found, domain.data['repository_baselined'] = baseline.apply(
        built, people_findings(snapshot.people, built.policy))
    domain.data['repository'] = found
    snapshot.add_repository_findings(found)
    by_source = snapshot.by_source
    built.changes.note_findings(
        before, found, lambda source: domain.documents[by_source[source]].cycles()
        if source in by_source else set())
    if built.changes.read or built.changes.data:
        for finding in found:
            report.log(finding, by_source.get(finding.source, finding.source))


def setup_people(app: Sphinx) -> None:
    app.connect('env-updated', check_people)
