"""One class per view; each reads the ``AppState`` and never another view."""
