"""How big each run is: --smoke (harness check, seconds), --quick (under two minutes), --full (the published table)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bench import gui_sections, recompute

ALL_SHAPES = ("diabetes", "corr_1000x100", "corr_10000x200", "corr_100000x50", "corr_200x1000")


@dataclass(frozen=True)
class Mode:
    help: str
    install_glmnet: bool
    recompute: recompute.RecomputePlan
    strength_datasets: tuple[str, ...]
    strength_moves: int
    responsiveness_dataset: str
    startup_repeats: int
    memory_datasets: tuple[str, ...]

    def run_section(self, name: str, *, glmnet: bool, log, done: dict) -> dict:
        """Run section ``name`` at this size; ``glmnet`` says whether the R peer can run, ``done`` holds the
        sections already run (memory reuses the responsiveness run's peak)."""
        if name == "recompute":
            return recompute.run(replace(self.recompute, glmnet=glmnet), log)
        if name == "strength":
            return gui_sections.strength(self.strength_datasets, self.strength_moves, log)
        if name == "responsiveness":
            return gui_sections.responsiveness(self.responsiveness_dataset, log)
        if name == "startup":
            return gui_sections.startup(self.startup_repeats, log)
        if name == "memory":
            return gui_sections.memory(self.memory_datasets, log, done.get("responsiveness"))
        raise ValueError(f"unknown section {name!r}")


MODES = {
    "smoke": Mode(
        help="tiny: checks that the harness works (seconds; CI)",
        install_glmnet=False,
        recompute=recompute.RecomputePlan(datasets=("tiny",), repeats=1, glmnet=True, sklearn_datasets=("tiny",)),
        strength_datasets=("diabetes",), strength_moves=5, responsiveness_dataset="tiny", startup_repeats=1,
        memory_datasets=("diabetes",),
    ),
    "quick": Mode(
        help="every target, few repeats (under two minutes; the default)",
        install_glmnet=True,
        recompute=recompute.RecomputePlan(datasets=ALL_SHAPES, repeats=2, glmnet=True, glmnet_repeats=1,
                                          sklearn_datasets=("diabetes",)),
        strength_datasets=("diabetes", "corr_10000x200"), strength_moves=30,
        responsiveness_dataset="corr_100000x50", startup_repeats=2, memory_datasets=("diabetes", "corr_100000x50"),
    ),
    "full": Mode(
        help="every target, more repeats, every peer on every shape (the table in docs/performance.md)",
        install_glmnet=True,
        recompute=recompute.RecomputePlan(datasets=ALL_SHAPES, repeats=7, glmnet=True, sklearn_datasets=ALL_SHAPES),
        strength_datasets=("diabetes", "corr_10000x200"), strength_moves=200,
        responsiveness_dataset="corr_100000x50", startup_repeats=7, memory_datasets=("diabetes", "corr_100000x50"),
    ),
}
