"""The R glmnet peer: setup (Debian's r-cran-glmnet), data hand-over, and reading back its timings and paths."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.timing import Timing

PEER_SCRIPT = Path(__file__).with_name("glmnet_peer.R")
DEBIAN_PACKAGE = "r-cran-glmnet"


@dataclass(frozen=True)
class GlmnetRun:
    """glmnet's full recompute timed inside R, and its paths on the standardized scale.

    ``l1``/``l2`` time one penalty each (cv.glmnet + hold-out path), ``total`` their sum per repeat;
    ``lambdas_*`` (k,) and ``coefs_*`` (k, p) are glmnet's own grid and path, coefficients multiplied by the
    population std of each column so they compare with RegLab's standardized coefficients.
    """

    total: Timing
    l1: Timing
    l2: Timing
    lambdas_l1: np.ndarray
    coefs_l1: np.ndarray
    lambdas_l2: np.ndarray
    coefs_l2: np.ndarray


def glmnet_missing_reason() -> str | None:
    """None when Rscript can load glmnet, else a sentence saying what is missing."""
    if shutil.which("Rscript") is None:
        return "Rscript not found (Debian: apt-get install r-cran-glmnet)"
    probe = subprocess.run(["Rscript", "-e", "suppressPackageStartupMessages(library(glmnet))"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        return "R cannot load glmnet (Debian: apt-get install r-cran-glmnet): " + probe.stderr.strip()[-200:]
    return None


def ensure_glmnet(log=print) -> str | None:
    """Install Debian's r-cran-glmnet with apt-get when it is missing; return None when glmnet works, else why not."""
    reason = glmnet_missing_reason()
    if reason is None:
        return None
    if shutil.which("apt-get") is None:
        return reason + "; no apt-get on this system: install R and glmnet by hand"
    prefix = [] if os.geteuid() == 0 else (["sudo", "-n"] if shutil.which("sudo") else None)
    if prefix is None:
        return reason + "; not root and no sudo: run `apt-get install r-cran-glmnet` as root"
    log(f"setup: installing {DEBIAN_PACKAGE} with apt-get (once; takes a minute or two)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (["apt-get", "update", "-qq"],
                    ["apt-get", "install", "-y", "-qq", "--no-install-recommends", DEBIAN_PACKAGE]):
        done = subprocess.run(prefix + command, capture_output=True, text=True, env=env)
        if done.returncode != 0:
            return f"{reason}; `{' '.join(command)}` failed: {done.stderr.strip()[-300:]}"
    return glmnet_missing_reason()


def glmnet_version() -> str:
    """R's and glmnet's versions, e.g. 'R 4.2.2, glmnet 4.1.6'."""
    done = subprocess.run(["Rscript", "-e", 'cat(paste0(R.version$major, ".", R.version$minor), '
                           'as.character(packageVersion("glmnet")))'], capture_output=True, text=True, check=True)
    r_version, glmnet = done.stdout.split()
    return f"R {r_version}, glmnet {glmnet}"


def run_glmnet(X, y, train_index, repeats: int) -> GlmnetRun:
    """Time glmnet's full recompute on (X, y) inside R, ``repeats`` times after writing the data once.

    Parameters
    ----------
    X : ndarray (n, p), raw features (glmnet standardizes them itself, with the population std like RegLab)
    y : ndarray (n,)
    train_index : ndarray of int, 0-based rows of the hold-out training part
    repeats : int
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    n, p = X.shape
    with tempfile.TemporaryDirectory(prefix="reglab-glmnet-") as folder:
        data = Path(folder)
        (data / "dims.txt").write_text(f"{n} {p}\n")
        np.asfortranarray(X).ravel(order="F").astype("<f8").tofile(data / "X.bin")
        # Unit population sd: glmnet then scales y by exactly 1, so its ridge lambda means RegLab's lambda.
        (y / y.std()).astype("<f8").tofile(data / "y.bin")
        (np.sort(np.asarray(train_index)) + 1).astype("<i4").tofile(data / "train.bin")
        subprocess.run(["Rscript", str(PEER_SCRIPT), str(data), str(repeats)], check=True,
                       capture_output=True, text=True)
        seconds = np.loadtxt(data / "times.txt", ndmin=2)
        scale = X.std(axis=0)
        l1 = _read_path(data, "a1", p, scale)
        l2 = _read_path(data, "a0", p, scale)
    return GlmnetRun(total=Timing(tuple(seconds.sum(axis=1))), l1=Timing(tuple(seconds[:, 0])),
                     l2=Timing(tuple(seconds[:, 1])), lambdas_l1=l1[0], coefs_l1=l1[1],
                     lambdas_l2=l2[0], coefs_l2=l2[1])


def _read_path(data: Path, tag: str, n_features: int, scale) -> tuple[np.ndarray, np.ndarray]:
    """glmnet's lambdas (k,) and coefficients (k, p) on the standardized scale."""
    lambdas = np.fromfile(data / f"lambda_{tag}.bin", dtype="<f8")
    beta = np.fromfile(data / f"beta_{tag}.bin", dtype="<f8").reshape(len(lambdas), n_features)
    return lambdas, beta * scale
