extensions = ['sphinxext_glancecycle']
exclude_patterns = ['_build']
glancecycle_today = '2024-01-20'
# enforce the 2023.2 and 2024.2 pages, released since
glancecycle_enforce_from = '2023.2'
glancecycle_schedules = {'2023.2': 'releases/bobcat.yaml'}
