"""The Sphinx layer: configuration, domain, collection, reporting and export."""
