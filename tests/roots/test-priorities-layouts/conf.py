extensions = ['sphinxext_glancecycle']
glancecycle_today = '2024-01-20'
