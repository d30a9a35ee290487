extensions = ['sphinxext_glancecycle']
project = 'dashboard test'
glancecycle_projects = ['glance', 'glance_store', 'python-glanceclient']
glancecycle_today = '2024-01-20'
glancecycle_spec_template = 'specs/template.rst'
suppress_warnings = ['toc.not_included']
