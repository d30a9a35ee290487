"""The aggregate pages: cycle dashboards, the overview of cycles and the people index.

Each part is a module with its own ``setup_<feature>``; this package holds
nothing itself, so any of them imports alone.
"""
