"""The control panels: data and penalty. They write to the ``AppState`` only."""
