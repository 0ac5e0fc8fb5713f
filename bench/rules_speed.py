"""Speed of the rules engine on synthetic data (a script, not a test).

    python bench/rules_speed.py [--quick]

1. ``run_checks`` on a carbon-neutrality claim with 100 000 inventory sources and 50 000
   credit blocks (target: < 0.5 s on a 2-core machine);
2. the same with 10 000 / 100 000 / 1 000 000 credit blocks, to show near-linear growth.

Absolute times depend on the machine, so each is also printed as a ratio to baselines
measured in the same run on the same data: ``sorted()`` of the serial strings, and
pandas reading the inventory back from an in-memory CSV.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.rules import CheckContext, run_checks

CLIENT = "Example Steel Corporation"


def inventory(n: int, rng: np.random.Generator) -> pd.DataFrame:
    activity = rng.uniform(1, 1000, n).round(2)
    ef = rng.uniform(0.001, 0.5, n).round(5)
    tco2e = (activity * ef).round(3)
    tco2e[0] = tco2e.sum() * 0.2  # one big source, below 50 %
    noisy = rng.random(n) < 0.01
    tco2e[noisy] *= 1.05  # 1 % of the rows disagree with activity × ef
    scope = rng.choice([1, 2, 3], n, p=[0.2, 0.1, 0.7])
    included = ~((scope == 3) & (rng.random(n) < 0.002))
    reason = np.where(included, None, "below 1 % of total; estimate")
    return pd.DataFrame(
        {
            "row_no": np.arange(2, n + 2),
            "source_id": [f"S{i:06d}" for i in range(n)],
            "scope": scope,
            "category": "stationary combustion",
            "description": "synthetic source",
            "activity": activity,
            "activity_unit": "GJ",
            "ef": ef,
            "ef_unit": "tCO2e/GJ",
            "tco2e": tco2e,
            "included": included,
            "exclusion_reason": reason,
            "evidence": None,
        }
    )


def credits(n: int, rng: np.random.Generator) -> pd.DataFrame:
    size = rng.integers(1, 1000, n)
    start = 1_000_000 + np.concatenate(([0], np.cumsum(size + 3)[:-1]))
    end = start + size - 1
    j = n // 2
    start[j + 5] = end[j]  # one overlap: block j + 5 is of the same series as block j
    scheme = np.arange(n) % 5
    serial = np.empty(n, dtype=object)
    registry = np.empty(n, dtype=object)
    for i in range(n):
        s, e = int(start[i]), int(end[i])
        k = scheme[i]
        if k == 0:
            serial[i], registry[i] = f"TW-2-1-{s:09d}-{e:09d}-00-00-A{i % 9999999:07d}", "TW-MOENV"
        elif k == 1:
            serial[i] = f"13557-{s}-{e}-VCS-VCU-1289-VER-TZ-1-2366-01012023-31122023-0"
            registry[i] = "Verra"
        elif k == 2:
            serial[i], registry[i] = f"GS1-1-KE-GS7495-16-2023-30645-{s}-{e}", "Gold Standard"
        elif k == 3:
            serial[i], registry[i] = f"ACR-US-934-2023-2891-{s} to {e}", "ACR"
        else:
            serial[i] = f"CAR-1-US-1480-46-1156-FL-2023-10272-{s} to {e}"
            registry[i] = "CAR"
    return pd.DataFrame(
        {
            "row_no": np.arange(2, n + 2),
            "registry": registry,
            "serial": serial,
            "quantity": (end - start + 1).astype(float),
            "vintage": "2023",
            "project_id": "P1",
            "credit_type": "reduction",
            "retired_on": "2025-03-14",
            "beneficiary": CLIENT,
            "purpose": "carbon-neutral product",
        }
    )


def context(inv: pd.DataFrame, cred: pd.DataFrame) -> CheckContext:
    return CheckContext(
        engagement_type="carbon-neutrality",
        client=CLIENT,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        reported_emissions_tco2e=float(inv.loc[inv["included"], "tco2e"].sum()),
        inventory=inv,
        credits=cred,
    )


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="skip the 1 000 000-block run")
    args = ap.parse_args()
    rng = np.random.default_rng(20240101)
    inv = inventory(100_000, rng)
    cred = credits(50_000, rng)
    csv = inv.to_csv(index=False)
    serials = cred["serial"].tolist()

    t_run = best(lambda: run_checks(context(inv, cred)), 5)
    t_sort = best(lambda: sorted(serials), 5)
    t_read = best(lambda: pd.read_csv(io.StringIO(csv)), 3)
    statuses = {r.code: r.status for r in run_checks(context(inv, cred))}
    print("run_checks, 100 000 sources + 50 000 credit blocks")
    print(f"  time                          {t_run * 1000:8.1f} ms   (target < 500 ms)")
    print(f"  baseline sorted(50k serials)  {t_sort * 1000:8.1f} ms   ratio {t_run / t_sort:6.1f}x")
    print(f"  baseline read_csv(100k rows)  {t_read * 1000:8.1f} ms   ratio {t_run / t_read:6.2f}x")
    print(f"  statuses: {statuses}")

    print("\nscaling with credit blocks (inventory 100 000 sources)")
    print(f"  {'blocks':>9} {'run_checks':>11} {'µs/block':>9} {'sorted()':>9} {'ratio':>7}")
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    t_inv = best(lambda: run_checks(context(inv, cred.iloc[:0])), 3)
    for n in sizes:
        c = credits(n, rng)
        s = c["serial"].tolist()
        ctx = context(inv, c)
        t = best(lambda ctx=ctx: run_checks(ctx), 3 if n < 1_000_000 else 1)
        ts = best(lambda s=s: sorted(s), 3)
        per = (t - t_inv) / n * 1e6
        print(f"  {n:>9,} {t * 1000:9.1f}ms {per:9.2f} {ts * 1000:7.1f}ms {t / ts:7.1f}")
    print("  (µs/block excludes the inventory-only time measured with an empty credits table)")


if __name__ == "__main__":
    main()
