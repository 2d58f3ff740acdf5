"""What the numbers were measured on: CPU, cores, memory, load, and the versions that matter."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def _first_line_with(path: str, prefix: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip() if ":" in line else line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return "unknown"


def load_average() -> list[float]:
    """1, 5 and 15 minute load averages (other engineers' work shows up here)."""
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else []


def describe(glmnet: str | None = None) -> dict:
    """CPU model, core count, RAM, OS, load average, and the versions of Python and the numerical stack."""
    import numpy
    import PySide6
    import pyqtgraph
    import scipy
    import sklearn
    from threadpoolctl import threadpool_info

    mem_kb = _first_line_with("/proc/meminfo", "MemTotal").split()[0]
    blas = [f"{info.get('internal_api')} {info.get('version')} ({info.get('num_threads')} threads)"
            for info in threadpool_info() if info.get("user_api") == "blas"]
    return {
        "cpu": _first_line_with("/proc/cpuinfo", "model name"),
        "cores": os.cpu_count(),
        "ram_gib": round(int(mem_kb) / 2**20, 1) if mem_kb.isdigit() else None,
        "os": _first_line_with("/etc/os-release", "PRETTY_NAME") + f", kernel {platform.release()}",
        "python": platform.python_version(),
        "numpy": numpy.__version__, "scipy": scipy.__version__, "scikit-learn": sklearn.__version__,
        "PySide6": PySide6.__version__, "pyqtgraph": pyqtgraph.__version__,
        "blas": "; ".join(blas) or "unknown",
        "glmnet": glmnet or "not available",
        "load_average": load_average(),
    }
