"""How big each run is: --smoke (harness check, seconds), --quick (under two minutes), --full (the published table)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bench import recompute

ALL_SHAPES = ("diabetes", "corr_1000x100", "corr_10000x200", "corr_100000x50", "corr_200x1000")


@dataclass(frozen=True)
class Mode:
    help: str
    install_glmnet: bool
    recompute: recompute.RecomputePlan

    def run_section(self, name: str, *, glmnet: bool, log) -> dict:
        """Run section ``name`` at this size; ``glmnet`` says whether the R peer can run."""
        if name == "recompute":
            return recompute.run(replace(self.recompute, glmnet=glmnet), log)
        raise ValueError(f"unknown section {name!r}")


MODES = {
    "smoke": Mode(
        help="tiny: checks that the harness works (seconds; CI)",
        install_glmnet=False,
        recompute=recompute.RecomputePlan(datasets=("diabetes", "tiny"), repeats=1, glmnet=True,
                                          sklearn_datasets=("diabetes", "tiny")),
    ),
    "quick": Mode(
        help="every target, few repeats (under two minutes; the default)",
        install_glmnet=True,
        recompute=recompute.RecomputePlan(datasets=ALL_SHAPES, repeats=3, glmnet=True,
                                          sklearn_datasets=("diabetes", "corr_1000x100")),
    ),
    "full": Mode(
        help="every target, more repeats, every peer on every shape (the table in docs/performance.md)",
        install_glmnet=True,
        recompute=recompute.RecomputePlan(datasets=ALL_SHAPES, repeats=7, glmnet=True, sklearn_datasets=ALL_SHAPES),
    ),
}
