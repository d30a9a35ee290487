extensions = ['sphinxext_glancecycle']
glancecycle_projects = ['glance', 'glance_store', 'python-glanceclient']
