"""Medians over repeats: the only kind of number this suite reports on a shared, noisy machine."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Timing:
    """Summary of repeated measurements in seconds (``samples`` keeps every one of them)."""

    samples: tuple[float, ...]

    @property
    def median(self) -> float:
        return float(np.median(self.samples))

    @property
    def p95(self) -> float:
        return float(np.percentile(self.samples, 95))

    @property
    def best(self) -> float:
        return float(np.min(self.samples))

    def as_dict(self) -> dict:
        return {"median": self.median, "p95": self.p95, "min": self.best, "n": len(self.samples),
                "samples": list(self.samples)}


def time_repeats(func, repeats: int, warmup: int = 1) -> tuple[Timing, object]:
    """Call ``func()`` ``warmup`` times untimed, then ``repeats`` times timed; return the timing and the last result."""
    result = None
    for _ in range(warmup):
        result = func()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = func()
        samples.append(time.perf_counter() - start)
    return Timing(tuple(samples)), result
