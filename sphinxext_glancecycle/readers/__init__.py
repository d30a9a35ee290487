"""Readers turn docutils doctrees into model records (no Sphinx import)."""
