extensions = ['sphinxext_glancecycle']
exclude_patterns = ['_build']
glancecycle_today = '2024-01-20'
glancecycle_site_url = 'https://specs.example.org/openstack/demo-specs/'
glancecycle_redirects = '_extra/.htaccess'
