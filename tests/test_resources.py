"""resources/: the lookup helper, the icon in every format, the desktop entry and the help page."""

import configparser
import importlib.util
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

from resources import resource_path

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "resources"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
BLUE, VERMILLION = (0x00, 0x72, 0xB2), (0xD5, 0x5E, 0x00)  # Okabe-Ito


def _make_icons():
    spec = importlib.util.spec_from_file_location("make_icons", ROOT / "packaging" / "make_icons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rgba(image):
    """A QImage as an (h, w, 4) uint8 array in R, G, B, A order."""
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_RGBA8888)
    array = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return array[:, : 4 * image.width()].reshape(image.height(), image.width(), 4).copy()


def _share_near(rgba, colour, tolerance=12):
    """Share of the opaque pixels within `tolerance` of `colour` in every channel."""
    opaque = rgba[..., 3] == 255
    close = np.all(np.abs(rgba[..., :3].astype(int) - colour) <= tolerance, axis=-1)
    return (close & opaque).sum() / opaque.sum()


# resource_path ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["help.html", "reglab.svg", "reglab.ico", "reglab.icns", "reglab.desktop",
                                  "INSTALL-desktop.md", "icons/reglab-16.png", "icons/reglab-512.png"])
def test_resource_path_finds_each_shipped_file(name):
    path = resource_path(name)
    assert path.is_absolute()
    assert path == (RESOURCES / name).resolve()
    assert path.stat().st_size > 0


def test_resource_path_does_not_depend_on_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert resource_path("help.html") == (RESOURCES / "help.html").resolve()


def test_resource_path_names_the_missing_file():
    with pytest.raises(FileNotFoundError, match="no-such-file.txt"):
        resource_path("no-such-file.txt")


@pytest.mark.slow  # a subprocess
def test_resource_path_works_from_an_installed_copy(tmp_path):
    # An installed package or a frozen bundle holds a copy of the folder elsewhere: the copy finds its own files.
    shutil.copytree(RESOURCES, tmp_path / "resources", ignore=shutil.ignore_patterns("__pycache__"))
    code = (f"import sys; sys.path.insert(0, {str(tmp_path)!r}); from resources import resource_path; "
            f"print(resource_path('icons/reglab-64.png'))")
    result = subprocess.run([sys.executable, "-I", "-c", code], cwd=tmp_path, capture_output=True, text=True,
                            check=True)
    assert Path(result.stdout.strip()) == (tmp_path / "resources" / "icons" / "reglab-64.png").resolve()


# the icon ----------------------------------------------------------------------------------------------------

def test_svg_is_valid_and_square(qapp):
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(resource_path("reglab.svg")))
    assert renderer.isValid()
    box = renderer.viewBoxF()
    assert box.width() == box.height() > 0


@pytest.mark.parametrize("size", PNG_SIZES)
def test_png_icons_have_their_size_transparent_corners_and_both_colours(qapp, size):
    from PySide6.QtGui import QImage

    image = QImage(str(resource_path(f"icons/reglab-{size}.png")))
    assert (image.width(), image.height()) == (size, size)
    rgba = _rgba(image)
    assert rgba[0, 0, 3] == rgba[0, -1, 3] == rgba[-1, 0, 3] == rgba[-1, -1, 3] == 0
    if size >= 32:  # smaller sizes are mostly anti-aliased edges
        assert _share_near(rgba, BLUE) > 0.1
        assert _share_near(rgba, VERMILLION) > 0.3


def test_committed_rasters_match_the_svg(qapp):
    # Catches an SVG edited without running packaging/make_icons.py again.
    from PySide6.QtGui import QImage
    from PySide6.QtSvg import QSvgRenderer

    make_icons = _make_icons()
    renderer = QSvgRenderer(str(resource_path("reglab.svg")))
    for size in (16, 64):
        fresh = _rgba(QImage.fromData(make_icons.render_png(renderer, size)))
        committed = _rgba(QImage(str(resource_path(f"icons/reglab-{size}.png"))))
        assert np.abs(fresh.astype(int) - committed).max() <= 2, size


@pytest.mark.parametrize("name, sizes", [
    ("reglab.ico", {16, 24, 32, 48, 64, 128, 256}),
    ("reglab.icns", {16, 32, 64, 128, 256, 512, 1024}),
])
def test_icon_containers_hold_every_size(qapp, name, sizes):
    # Qt's own ICO and ICNS readers are the independent check of the hand-written containers.
    from PySide6.QtGui import QImageReader

    reader = QImageReader(str(resource_path(name)))
    assert reader.canRead(), reader.errorString()
    found = set()
    for index in range(reader.imageCount()):
        assert reader.jumpToImage(index)
        image = reader.read()
        assert not image.isNull(), reader.errorString()
        assert image.width() == image.height()
        found.add(image.width())
    assert found == sizes


def test_ico_writer_marks_256_as_zero():
    # In an ICO directory entry a width of 0 means 256; Qt's reader above relies on it.
    data = _make_icons().ico_bytes({256: b"\x89PNG-payload"})
    assert data[:6] == b"\x00\x00\x01\x00\x01\x00"
    assert data[6] == data[7] == 0
    assert data[-12:] == b"\x89PNG-payload"


# the desktop entry -------------------------------------------------------------------------------------------

def _desktop_entry():
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # desktop entry keys are case-sensitive
    parser.read(resource_path("reglab.desktop"), encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_runs_the_installed_command_with_the_icon():
    tomllib = pytest.importorskip("tomllib")
    entry = _desktop_entry()
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["gui-scripts"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "RegLab"
    assert entry["Exec"].split()[0] in scripts
    assert entry["Terminal"] == "false"
    assert {"Education", "Science"} <= set(entry["Categories"].rstrip(";").split(";"))
    assert entry["Categories"].endswith(";")
    assert resource_path(f"icons/{entry['Icon']}-256.png").exists()


@pytest.mark.slow  # a subprocess
def test_desktop_entry_passes_the_freedesktop_validator():
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip("desktop-file-validate is not installed (Debian package desktop-file-utils)")
    result = subprocess.run([validator, str(resource_path("reglab.desktop"))], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower()


# the help page -----------------------------------------------------------------------------------------------

class _TagBalance(HTMLParser):
    VOID = {"meta", "br", "img", "hr", "link", "input"}

    def __init__(self):
        super().__init__()
        self.open, self.errors = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open.pop() != tag:
            self.errors.append(tag)


def test_help_page_is_balanced_html():
    checker = _TagBalance()
    checker.feed(resource_path("help.html").read_text(encoding="utf-8"))
    assert checker.errors == [] and checker.open == []


def test_help_page_explains_every_view_and_the_keys(qapp):
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml(resource_path("help.html").read_text(encoding="utf-8"))
    text = document.toPlainText()
    for heading in ("Strength: budget or lambda", "Coefficient paths", "Coefficient bars", "Validation error",
                    "Constraint view", "Keys"):
        assert heading in text
    for key in ("Page Up", "Home", "F11"):
        assert key in text


def test_help_page_covers_stability_the_zero_count_and_the_edit_menu_and_claims_no_more(qapp):
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml(resource_path("help.html").read_text(encoding="utf-8"))
    text = " ".join(document.toPlainText().split())
    for words in ("Stability (bootstrap)", "How often exactly 0?", "Edit > Undo", "Reset to defaults", "Edit > Copy",
                  "Export view", "Ctrl+Z", "Ctrl+Shift+Z", ".tsv"):
        assert words in text
    # A lasso coefficient can leave the model again (s3 on diabetes): it does not stay on the axis.
    assert "stay exactly on the axis" not in text and "leave the model again" in text
    # The budget's unit is each model's own unpenalized fit, not the least-squares fit for all.
    assert "same model's unpenalized fit" in text and "smallest L1 norm" in text
