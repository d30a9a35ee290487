extensions = ['sphinxext_glancecycle']
exclude_patterns = ['_build']
glancecycle_today = '2024-01-20'
glancecycle_schedules = {'2023.2': 'releases/bobcat.yaml'}
