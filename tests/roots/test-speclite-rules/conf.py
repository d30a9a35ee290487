extensions = ['sphinxext_glancecycle']
glancecycle_projects = ['glance', 'glance_store', 'python-glanceclient']
glancecycle_extra_fields = ['dependencies']
# a date in the 2024.1 cycle, so its findings are enforced, not history
glancecycle_today = '2024-01-20'
