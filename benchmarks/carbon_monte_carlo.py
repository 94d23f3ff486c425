"""Monte Carlo speed: 10,000 draws for one farm (goal: under one second).

Baseline, measured in the same run: one deterministic footprint of the same farm, timed over a
few repetitions and scaled to 10,000 runs, i.e. what a Monte Carlo that re-ran the whole
calculation per draw would cost. Printed: both times and their ratio.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from ipcenter.carbon import footprint, monte_carlo, read_farm_json

EXAMPLE = (
    Path(__file__).resolve().parents[1]
    / "src"
    / "ipcenter"
    / "data"
    / "carbon"
    / "examples"
    / "inner_mongolia_housed.json"
)
DRAWS = 10_000
BASELINE_RUNS = 50


def best_of(repeats: int, action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    farm = read_farm_json(EXAMPLE)
    footprint(farm)  # load the tables once, outside both timings
    monte_carlo(farm, n=100, seed=0)

    mc_seconds = best_of(5, lambda: monte_carlo(farm, n=DRAWS, seed=1))
    start = time.perf_counter()
    for _ in range(BASELINE_RUNS):
        footprint(farm)
    one_run = (time.perf_counter() - start) / BASELINE_RUNS
    naive_seconds = one_run * DRAWS

    print(f"carbon monte carlo: {DRAWS} draws in {mc_seconds * 1000:.1f} ms (goal < 1000 ms)")
    print(
        f"baseline: one deterministic footprint {one_run * 1000:.2f} ms x {DRAWS} = "
        f"{naive_seconds:.1f} s"
    )
    print(f"ratio baseline / monte carlo: {naive_seconds / mc_seconds:.0f}x")
    print("goal met" if mc_seconds < 1.0 else "GOAL MISSED")


if __name__ == "__main__":
    main()
