"""The benchmark harness (bench/): its accuracy measures, its timing summary, and a --smoke run end to end.

Correctness only: no timing is asserted (the machine is shared and noisy).
"""

import json

import numpy as np
import pytest
from numpy.testing import assert_allclose

from bench import accuracy, report
from bench.timing import Timing, time_repeats
from core.penalties import L1, L2


@pytest.fixture(scope="module")
def problem():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 8)) @ rng.normal(size=(8, 8)) + 3.0
    y = X @ rng.normal(size=8) + rng.normal(size=60)
    return accuracy.centred_problem(X, y)


def test_centred_problem_standardizes_with_population_std(problem):
    Xs, yc = problem
    assert_allclose(Xs.mean(axis=0), 0.0, atol=1e-12)
    assert_allclose(Xs.std(axis=0), 1.0)
    assert_allclose(yc.mean(), 0.0, atol=1e-12)


def test_kkt_violation_is_tiny_at_a_tight_lasso_solution(problem):
    Xs, yc = problem
    n = len(yc)
    lambdas = np.abs(Xs.T @ yc).max() / n * np.array([0.5, 0.1, 0.01])
    coefs = [L1.sklearn_estimator(lam, n, tol=1e-14, max_iter=100_000, fit_intercept=False).fit(Xs, yc).coef_
             for lam in lambdas]
    assert accuracy.lasso_kkt_violation(Xs, yc, lambdas, coefs) < 1e-8


def test_kkt_violation_of_all_zero_coefficients_has_its_closed_form(problem):
    # At w = 0 the largest |gradient| is lam_max, so at lam = lam_max / 2 the violation is lam_max / lam - 1 = 1.
    Xs, yc = problem
    lam_max = np.abs(Xs.T @ yc).max() / len(yc)
    p = Xs.shape[1]
    assert_allclose(accuracy.lasso_kkt_violation(Xs, yc, [lam_max / 2], np.zeros((1, p))), 1.0)
    assert accuracy.lasso_kkt_violation(Xs, yc, [lam_max * 1.01], np.zeros((1, p))) == 0.0


@pytest.mark.parametrize("shape", [(60, 8), (20, 50)], ids=["n>p", "p>n"])
def test_ridge_reference_equals_scikit_learn(shape):
    rng = np.random.default_rng(1)
    Xs, yc = accuracy.centred_problem(rng.normal(size=shape), rng.normal(size=shape[0]))
    n = shape[0]
    lambdas = np.array([10.0, 0.1, 1e-3])
    expected = [L2.sklearn_estimator(lam, n, fit_intercept=False, solver="svd").fit(Xs, yc).coef_ for lam in lambdas]
    assert_allclose(accuracy.ridge_reference(Xs, yc, lambdas), expected, rtol=1e-8, atol=1e-12)


def test_ridge_coef_error_measures_a_known_perturbation(problem):
    Xs, yc = problem
    lambdas = np.array([1.0, 0.01])
    reference = accuracy.ridge_reference(Xs, yc, lambdas)
    assert accuracy.ridge_coef_error(Xs, yc, lambdas, reference) < 1e-12
    perturbed = reference.copy()
    perturbed[1, 3] += 1e-3
    assert_allclose(accuracy.ridge_coef_error(Xs, yc, lambdas, perturbed), 1e-3 / np.abs(reference).max(), rtol=1e-6)


def test_time_repeats_calls_warmup_then_repeats_and_summarises():
    calls = []
    timing, result = time_repeats(lambda: calls.append(1) or len(calls), repeats=4, warmup=2)
    assert len(calls) == 6 and result == 6
    assert len(timing.samples) == 4 and all(s >= 0 for s in timing.samples)
    summary = Timing((3.0, 1.0, 2.0, 10.0))
    assert summary.median == 2.5 and summary.best == 1.0
    assert_allclose(summary.p95, np.percentile([1, 2, 3, 10], 95))


def test_format_table_aligns_columns():
    text = report.format_table(["a", "long header"], [["wide cell", "x"], ["y", "z"]])
    lines = text.splitlines()
    assert len(lines) == 4 and len({len(line) for line in lines}) == 1
    assert lines[0].startswith("| a ")


def test_smoke_run_writes_every_section(tmp_path, capsys):
    from bench import run

    out = tmp_path / "smoke.json"
    assert run.main(["--smoke", "--no-setup", "--json", str(out)]) == 0
    results = json.loads(out.read_text())
    assert set(results["sections"]) == set(run.SECTIONS)
    rows = results["sections"]["recompute"]["rows"]
    assert [row["dataset"] for row in rows] == ["correlated 100 x 20"]
    for row in rows:
        assert row["reglab"]["n"] == 1 and row["reglab"]["median"] > 0
        # RegLab's own paths must pass the accuracy bar the benchmark holds glmnet to.
        assert row["reglab_accuracy"]["l1_kkt"] < 1e-5
        assert row["reglab_accuracy"]["l2_coef"] < 1e-6
        assert row["sklearn"]["median"] > 0
        if results["glmnet_skipped"] is None:
            assert row["glmnet"]["n"] == 1 and row["ratio_glmnet"] > 0
    printed = capsys.readouterr().out
    assert "correlated 100 x 20" in printed and results["machine"]["cores"] >= 1
