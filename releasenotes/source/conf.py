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

"""Sphinx configuration of the sphinxext-glancecycle release notes.

reno reads the notes from git history: a note appears once it is
committed, under the first tagged release that contains it, or under
"Unreleased" when it came after the latest tag. Before the first tag reno
lists every note under version 0.0.0. So this build needs a git clone with
its history and tags, unlike the specs site.
"""

extensions = [
    'openstackdocstheme',
    'reno.sphinxext',
]

project = 'sphinxext-glancecycle Release Notes'
copyright = 'sphinxext-glancecycle developers'

html_theme = 'openstackdocs'
openstackdocs_repo_name = 'openstack/sphinxext-glancecycle'
openstackdocs_auto_name = False
openstackdocs_auto_version = False
