extensions = ['sphinxext_glancecycle']
exclude_patterns = ['_build']
glancecycle_today = '2024-01-20'
glancecycle_site_url = 'https://specs.example.org/openstack/demo-specs/'
glancecycle_redirects = '_extra/.htaccess'
# the bad rows sit on the released 2023.2 page: enforce it rather than keep it as history
glancecycle_enforce_from = '2023.2'
# the late-placeholder reminder is info by default; this repo raises it
glancecycle_rules = {'GC211': 'warning'}
