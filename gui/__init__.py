"""RegLab's user interface: PySide6 + pyqtgraph. State, compute controller, panels and views."""
