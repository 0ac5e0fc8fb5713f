"""Speed of drawing a monetary-unit sample of a 1 000 000-row population, against one
``numpy.cumsum`` + ``numpy.searchsorted`` pass over the same amounts, in the same run.

    python bench/sample_speed.py [--rows N] [--repeat R]

Times (a) the baseline: cumsum of the amounts and a searchsorted of 100 points, and (b)
:func:`desktop.planning.sampling.draw` on the population (four parameter strata, the key
items, the per-stratum systematic selection). Prints the best times and their ratio
(target <= 20: the plan does a few vectorised passes per stratum, no loop per row). A
benchmark, not a test.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.planning.sampling import UNASSESSED, Basis, Population, draw
from desktop.planning.settings import SamplingSettings


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    rng = np.random.default_rng(1)
    n = args.rows
    amounts = rng.gamma(2.0, 1.0, n)
    names = np.array(["EG", "EF", "FC", "NCV"], dtype=object)[np.arange(n) % 4]
    pop = Population(
        "monitoring",
        np.arange(2, n + 2),
        names,
        amounts,
        np.full(n, UNASSESSED, np.int8),
        stratum=names,
    )
    basis = Basis(2.0, float(amounts.sum()))
    settings = SamplingSettings()
    points = np.linspace(0, amounts.sum(), 100)
    base = _best(lambda: np.searchsorted(np.cumsum(amounts), points), args.repeat)
    plan = draw(pop, basis, settings, 7)
    t = _best(lambda: draw(pop, basis, settings, 7), args.repeat)
    print(f"rows {n:,}; sample size {plan['sample_size']}, key items {len(plan['key_items'])}")
    print(f"baseline cumsum+searchsorted: {base * 1000:.1f} ms")
    print(f"draw (4 strata):              {t * 1000:.1f} ms")
    print(f"ratio: {t / base:.1f} (target <= 20)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
