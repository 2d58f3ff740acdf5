"""RegLab's data files: the icon in its sizes, the help page, the Linux desktop entry.

Find them with `resource_path`, never with a path relative to the current directory.
"""

from pathlib import Path

# The folder of this module is the resource folder in all three layouts: a source checkout, an installed
# package (setuptools package-data) and a PyInstaller bundle (the spec collects the files into
# <bundle>/resources beside the frozen module, whose __file__ PyInstaller points there).
_FOLDER = Path(__file__).resolve().parent


def resource_path(name):
    """Return the absolute path of the resource `name` (e.g. "help.html", "icons/reglab-64.png").

    Raises FileNotFoundError, naming the folder searched, when the resource is missing (a broken install
    or a bundle built without it).
    """
    path = _FOLDER / name
    if not path.is_file():
        raise FileNotFoundError(f"RegLab resource {name!r} is missing from {_FOLDER}")
    return path
