import os

# Every test runs headless: the offscreen platform, set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
