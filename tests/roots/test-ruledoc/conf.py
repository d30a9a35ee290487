extensions = ['sphinxext_glancecycle']
