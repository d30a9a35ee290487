"""Links of priorities pages that waited for the pages they lead to.

A link into the published site is judged on the linked page's built doctree
(:class:`~sphinxext_glancecycle.ext.site.BuildSite`). When that page is still
to be read (read later, or in another process of a parallel build), the
priorities page's rules are run again once reading is over, so a parallel
build reports what a serial one does.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sphinxext_glancecycle.ext import baseline, report
from sphinxext_glancecycle.ext.state import state
from sphinxext_glancecycle.model import Finding
from sphinxext_glancecycle.rules import registry
from sphinxext_glancecycle.rules.priorities import PAGE


def judge_waiting_links(app: Sphinx, env: BuildEnvironment) -> None:
    """Run the rules of the priorities pages whose links waited for a page to be read.

    Every page has been read now (and, in a parallel build, merged), so the
    links are judged on every built doctree: a parallel build reports what a
    serial one does.
    """
    built = state(env)
    built.site.pending.clear()
    for docname, records in sorted(env.get_domain('glancecycle').documents.items()):
        if not records.waiting:
            continue
        records.waiting = False
        found = []
        for page in records.priorities_pages:
            asking = built.site.asking()
            found += registry.check(PAGE, page, built.policy, source=records.source,
                                    cycle=page.cycle, context=asking)
            # what env.note_dependency does for the document being read (Sphinx
            # 8.1 has no docname= for any other)
            env.dependencies.setdefault(docname, set()).update(
                env.srcdir / dependency for dependency in asking.consulted)
        found, used = baseline.apply(built, found)
        anchors = dict(zip(records.findings, records.finding_anchors))
        records.findings = sorted([*records.findings, *found], key=Finding.sort_key)
        records.finding_anchors = [anchors.get(finding) for finding in records.findings]
        records.baselined = [*records.baselined, *used]
        for finding in found:
            report.log(finding, docname)


def setup_links(app: Sphinx) -> None:
    # before the findings about people, which the dashboards show with these
    app.connect('env-updated', judge_waiting_links, priority=400)
