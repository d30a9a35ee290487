extensions = ['sphinxext_glancecycle']
glancecycle_projects = ['glance', 'glance_store', 'python-glanceclient']
glancecycle_extra_fields = ['dependencies']
