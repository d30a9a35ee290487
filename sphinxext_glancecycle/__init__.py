"""Sphinx extension for OpenStack-style specs repositories.

Add ``'sphinxext_glancecycle'`` to ``extensions`` in conf.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinxext_glancecycle.version import __version__

if TYPE_CHECKING:  # the command line imports this package without Sphinx
    from sphinx.application import Sphinx

#: Bump when the records kept in the environment change shape.
ENV_VERSION = 1


def setup(app: Sphinx) -> dict[str, Any]:
    from sphinxext_glancecycle.directives import DIRECTIVES
    from sphinxext_glancecycle.ext.collect import setup_collect
    from sphinxext_glancecycle.ext.config import setup_config
    from sphinxext_glancecycle.ext.dashboard import setup_dashboard
    from sphinxext_glancecycle.ext.domain import GlancecycleDomain
    from sphinxext_glancecycle.ext.export import setup_export
    from sphinxext_glancecycle.ext.report import setup_report
    from sphinxext_glancecycle.ext.ruledoc import setup_ruledoc
    from sphinxext_glancecycle.ext.site import setup_site

    setup_config(app)
    app.add_domain(GlancecycleDomain)
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
    setup_collect(app)
    setup_report(app)
    setup_export(app)
    setup_dashboard(app)
    setup_ruledoc(app)
    setup_site(app)
    return {
        'version': __version__,
        'env_version': ENV_VERSION,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
