"""Sphinx extension for OpenStack-style specs repositories.

Add ``'sphinxext_glancecycle'`` to ``extensions`` in conf.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinxext_glancecycle.version import __version__

if TYPE_CHECKING:  # the command line imports this package without Sphinx
    from sphinx.application import Sphinx

#: Bump when the records kept in the environment change shape.
ENV_VERSION = 2


def setup(app: Sphinx) -> dict[str, Any]:
    from sphinxext_glancecycle.directives import DIRECTIVES
    from sphinxext_glancecycle.ext.baseline import setup_baseline
    from sphinxext_glancecycle.ext.calendar import setup_calendar
    from sphinxext_glancecycle.ext.collect import setup_collect
    from sphinxext_glancecycle.ext.dashboard.incremental import setup_incremental
    from sphinxext_glancecycle.ext.dashboard.pages import setup_pages
    from sphinxext_glancecycle.ext.dashboard.placeholders import setup_placeholders
    from sphinxext_glancecycle.ext.dashboard.toctree import setup_toctree
    from sphinxext_glancecycle.ext.domain import GlancecycleDomain
    from sphinxext_glancecycle.ext.export import setup_export
    from sphinxext_glancecycle.ext.feed import setup_feed
    from sphinxext_glancecycle.ext.links import setup_links
    from sphinxext_glancecycle.ext.people import setup_people
    from sphinxext_glancecycle.ext.report import setup_report
    from sphinxext_glancecycle.ext.ruledoc import setup_ruledoc
    from sphinxext_glancecycle.ext.settingsdoc import setup_settingsdoc
    from sphinxext_glancecycle.ext.site import setup_site
    from sphinxext_glancecycle.ext.state import setup_state

    setup_state(app)
    app.add_domain(GlancecycleDomain)
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
    setup_report(app)
    setup_baseline(app)
    setup_collect(app)
    setup_links(app)
    setup_people(app)
    setup_placeholders(app)
    setup_toctree(app)
    setup_pages(app)
    setup_incremental(app)
    setup_export(app)
    setup_calendar(app)
    setup_feed(app)
    setup_ruledoc(app)
    setup_settingsdoc(app)
    setup_site(app)
    return {
        'version': __version__,
        'env_version': ENV_VERSION,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
