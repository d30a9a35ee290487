# Licensed under the Apache License, Version 2.0 (the "License"); you may
# not use this file except in compliance with the License. You may obtain
# a copy of the License at
#
#      http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
# WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
# License for the specific language governing permissions and limitations
# under the License.

"""Sphinx configuration of the sphinxext-glancecycle specs site."""

import logging

extensions = [
    'openstackdocstheme',
    'sphinxext_glancecycle',
]

project = 'sphinxext-glancecycle'
copyright = 'sphinxext-glancecycle developers'

# Authors copy the templates into a cycle folder; they are not pages.
exclude_patterns = [
    'specs/template.rst',
    'specs/spec-lite-template.rst',
]

# -- openstackdocstheme -------------------------------------------------------

html_theme = 'openstackdocs'
openstackdocs_repo_name = 'openstack/sphinxext-glancecycle'
# A specs site is not versioned: keep the name above and skip pbr's version
# lookup, which warns when the package metadata cannot be found.
openstackdocs_auto_name = False
openstackdocs_auto_version = False

# The theme shows the commit a page was built from. Without a git checkout
# (an unpacked sdist or tarball, or no git binary) it cannot know it, says
# "gitsha: unknown" in the footer and logs a plain WARNING, which -W turns
# into a failed build. A missing commit id is not a problem in the content,
# so that one record, and only that one, is logged at info level instead.
_NO_GITSHA = '[openstackdocstheme] cannot get gitsha from git repository'


def _no_gitsha_is_not_an_error(record):
    if record.levelno == logging.WARNING and record.msg == _NO_GITSHA:
        record.levelno, record.levelname = logging.INFO, 'INFO'
    return True


logging.getLogger('sphinx.openstackdocstheme.ext').addFilter(_no_gitsha_is_not_an_error)

# -- sphinxext_glancecycle ----------------------------------------------------

glancecycle_projects = ['glance', 'glance_store', 'python-glanceclient']
