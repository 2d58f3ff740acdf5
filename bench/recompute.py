"""Section "recompute": RegLab's full recompute against R's glmnet and against plain scikit-learn, with accuracy.

Per dataset, side by side in one run: RegLab (the GUI's job, median over repeats), glmnet (timed inside R,
median over repeats) and the scikit-learn a user writes. Accuracy of each path: the largest lasso KKT
violation relative to lam (L1) and the largest coefficient difference from a tight ridge solution relative
to the largest coefficient (L2), both computed here from the returned coefficients.
"""

from __future__ import annotations

from dataclasses import dataclass

from threadpoolctl import threadpool_limits

from bench import data
from bench.accuracy import centred_problem, lasso_kkt_violation, ridge_coef_error
from bench.glmnet import run_glmnet
from bench.reglab import default_settings, reglab_recompute
from bench.sklearn_peer import sklearn_recompute
from bench.timing import time_repeats
from core.penalties import L1, L2

TARGET_RATIO = 0.5


@dataclass(frozen=True)
class RecomputePlan:
    """Which datasets, how many repeats, and which peers run where."""

    datasets: tuple[str, ...]
    repeats: int
    glmnet: bool
    sklearn_datasets: tuple[str, ...]
    glmnet_repeats: int | None = None  # default: as many as RegLab
    sklearn_repeats: int = 1


def run(plan: RecomputePlan, log) -> dict:
    """Measure every dataset of ``plan``; return ``{"rows": [...], "notes": [...]}`` for the report."""
    settings = default_settings()
    with threadpool_limits(1):  # like the GUI's workers; R's glmnet is single-threaded too
        rows = [_measure(name, plan, settings, log) for name in plan.datasets]
    notes = ["times: seconds for L1 and L2 together (paths, fits at the current strength, hold-out and 5-fold CV "
             "curves); RegLab runs the GUI's own job (gui/jobs.py); all three on one thread (RegLab and scikit-learn "
             "with one BLAS thread, as the GUI's workers; glmnet is single-threaded)",
             "accuracy: L1 = max KKT violation / lam over the path; L2 = max |w - w_tight| / max |w_tight| over the "
             "path; (R, g, s) = (RegLab, glmnet, scikit-learn with its default tol, loop of fits))"]
    if not plan.glmnet:
        notes.append("glmnet: skipped (see setup message)")
    return {"rows": rows, "notes": notes}


def _measure(name: str, plan: RecomputePlan, settings, log) -> dict:
    dataset = data.load(name)
    X, y = dataset.X, dataset.y
    log(f"recompute: {data.label(name)}: RegLab x{plan.repeats}")
    reglab_time, paths = time_repeats(lambda: reglab_recompute(dataset, settings), plan.repeats)
    row = {"dataset": data.label(name), "n": dataset.n_samples, "p": dataset.n_features,
           "reglab": reglab_time.as_dict(),
           "reglab_accuracy": _accuracy(X, y, paths[L1].lambdas, paths[L1].coefs, paths[L2].lambdas, paths[L2].coefs)}
    train, val = data.holdout_indices(dataset.n_samples)
    if plan.glmnet:
        repeats = plan.glmnet_repeats or plan.repeats
        log(f"recompute: {data.label(name)}: glmnet x{repeats} (inside R)")
        peer = run_glmnet(X, y, train, repeats)
        row["glmnet"] = peer.total.as_dict()
        row["glmnet_l1"], row["glmnet_l2"] = peer.l1.as_dict(), peer.l2.as_dict()
        # glmnet fitted y / std(y): judge it on that problem (both measures are scale-free).
        row["glmnet_accuracy"] = _accuracy(X, y / y.std(), peer.lambdas_l1, peer.coefs_l1,
                                           peer.lambdas_l2, peer.coefs_l2)
        row["ratio_glmnet"] = reglab_time.median / peer.total.median
    if name in plan.sklearn_datasets:
        log(f"recompute: {data.label(name)}: scikit-learn x{plan.sklearn_repeats}")
        sk_time, sk = time_repeats(lambda: sklearn_recompute(X, y, train, val, paths[L1].lambdas,
                                                             paths[L2].lambdas), plan.sklearn_repeats, warmup=0)
        row["sklearn"] = sk_time.as_dict()
        row["sklearn_accuracy"] = _accuracy(X, y, paths[L1].lambdas, sk.coefs_l1, paths[L2].lambdas, sk.coefs_l2)
        row["sklearn_warnings"] = sk.n_warnings
        row["ratio_sklearn"] = reglab_time.median / sk_time.median
    row["met"] = _target_met(row)
    return row


def _accuracy(X, y, lambdas_l1, coefs_l1, lambdas_l2, coefs_l2) -> dict:
    Xs, yc = centred_problem(X, y)
    return {"l1_kkt": lasso_kkt_violation(Xs, yc, lambdas_l1, coefs_l1),
            "l2_coef": ridge_coef_error(Xs, yc, lambdas_l2, coefs_l2)}


def _target_met(row: dict) -> bool | None:
    """RegLab / glmnet <= 0.5 at an accuracy no worse than glmnet's; None when glmnet did not run."""
    if "glmnet" not in row:
        return None
    ours, theirs = row["reglab_accuracy"], row["glmnet_accuracy"]
    accurate = ours["l1_kkt"] <= max(theirs["l1_kkt"], 1e-6) and ours["l2_coef"] <= max(theirs["l2_coef"], 1e-6)
    return row["ratio_glmnet"] <= TARGET_RATIO and accurate


def table(section: dict) -> tuple[list[str], list[list[str]]]:
    """Headers and text rows for the printed table."""
    headers = ["dataset", "RegLab s", "glmnet s", "sklearn s", "RegLab/glmnet", "RegLab/sklearn",
               "L1 KKT/lam (R, g, s)", "L2 coef err (R, g, s)", "<=0.5 met"]
    rows = []
    for row in section["rows"]:
        accuracies = [row.get(key) for key in ("reglab_accuracy", "glmnet_accuracy", "sklearn_accuracy")]
        rows.append([
            row["dataset"],
            _seconds(row.get("reglab")), _seconds(row.get("glmnet")), _seconds(row.get("sklearn")),
            _ratio(row.get("ratio_glmnet")), _ratio(row.get("ratio_sklearn")),
            ", ".join(_sci(a, "l1_kkt") for a in accuracies),
            ", ".join(_sci(a, "l2_coef") for a in accuracies),
            {True: "met", False: "NOT met", None: "n/a"}[row["met"]],
        ])
    return headers, rows


def _seconds(timing) -> str:
    return "-" if timing is None else f"{timing['median']:.3f}"


def _ratio(value) -> str:
    return "-" if value is None else f"{value:.2f}"


def _sci(accuracy, key) -> str:
    return "-" if accuracy is None else f"{accuracy[key]:.0e}"
