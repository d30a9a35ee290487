"""The package version, kept apart so packaging can read it without imports."""

__version__ = '0.1.0'
