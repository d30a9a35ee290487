# Both tools on one small tree: every case where check and the build once disagreed.
extensions = ['sphinxext_glancecycle']
glancecycle_repo_root = '.'
exclude_patterns = ['_build', 'specs/*/draft-[0-9]*.rst']
glancecycle_today = '2024-01-20'
glancecycle_projects = ['glance']
glancecycle_site_url = 'https://specs.example.org/openstack/demo-specs/'
glancecycle_redirects = '_extra/.htaccess'
glancecycle_schedules = {'2023.2': 'releases/bobcat.yaml', '2024.1': 'releases/caracal.yaml'}
rst_prolog = """
.. |project| replace:: glance
"""
