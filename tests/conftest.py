import atexit
import os
import shutil
import tempfile

# Every test runs headless: the offscreen platform, set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# RegLab's log file goes to a temporary folder, never the user's (gui.log; subprocesses inherit it).
if "REGLAB_LOG_DIR" not in os.environ:
    os.environ["REGLAB_LOG_DIR"] = tempfile.mkdtemp(prefix="reglab-test-log-")
    atexit.register(shutil.rmtree, os.environ["REGLAB_LOG_DIR"], ignore_errors=True)
