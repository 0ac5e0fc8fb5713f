"""Speed of registry reconciliation (a script, not a test).

    python bench/registry_speed.py [--quick]

Reconciles 10 000 claimed blocks against a 1 000 000-row Verra export (target: < 2 s on a
2-core machine): ``credits.registry_match`` from a fresh run (the sweep, the categories of
the records, the flags), and ``credits.sufficiency`` on top of it. The export is also
stored in an engagement file's ``registry_record`` table, as ``veridesk registry add``
does, and the records the claimed blocks touch are loaded back from it as ``load_context``
loads them (target: well under 1 s, against seconds to read the export again). Absolute
times depend on the machine, so each is also printed as a ratio to the baseline measured
in the same run on the same data: reading the export alone
(:func:`desktop.registry.read.read_export` on its bytes). ``--quick``: 100 000 rows and
1 000 blocks.
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.registry.lookup import claimed_blocks, load_records
from desktop.registry.read import read_export
from desktop.registry.store import store_records
from desktop.rules import CheckContext
from desktop.rules.credits import check_sufficiency
from desktop.rules.prepared import Prepared
from desktop.rules.registry import check_registry_match

CLIENT = "Example Steel Corporation"
HEADER = ("Issuance Date,Sustainable Development Goals,Vintage Start,Vintage End,ID,Name,"
          "Country/Area,Project Type,Methodology,Total Vintage Quantity,Quantity Issued,"
          "Serial Number,Additional Certifications,Retirement/Cancellation Date,"
          "Retirement Beneficiary,Retirement Reason,Retirement Details,Inactivity Date")


def serial(start: int, end: int) -> str:
    return f"13557-{start}-{end}-VCS-VCU-1289-VER-TZ-1-2366-01012022-31122022-0"


def export(rows: int, rng: np.random.Generator) -> tuple[bytes, np.ndarray, np.ndarray,
                                                        np.ndarray]:
    """A Verra VCU export of ``rows`` consecutive blocks (70 % retired, a tenth of those
    for the client), with its block starts and ends and which are the client's."""
    size = rng.integers(1, 5000, rows)
    end = 100_000_000 + np.cumsum(size)
    start = end - size + 1
    retired = rng.random(rows) < 0.7
    ours = retired & (rng.random(rows) < 0.1)
    names = np.where(ours, CLIENT, np.array([f"Buyer {i % 997}" for i in range(rows)]))
    day = np.where(retired, "14/03/2025", "")
    lines = ["VCUs search results", HEADER]
    for s, e, q, r, d, nm in zip(start.tolist(), end.tolist(), size.tolist(), retired.tolist(),
                                 day.tolist(), names.tolist(), strict=True):
        ben = nm if r else ""
        lines.append(f'20/06/2023,,01/01/2022,31/12/2022,2366,Synthetic Project,Tanzania,Energy,'
                     f'VMR0006,"10,000,000","{q:,}",{serial(s, e)},ICVCM CCP,{d},{ben},'
                     f'Environmental Benefit,,')
    return ("\n".join(lines) + "\n").encode("utf-8"), start, end, ours


def claims(n: int, start: np.ndarray, end: np.ndarray, ours: np.ndarray,
           rng: np.random.Generator) -> pd.DataFrame:
    """``n`` claimed blocks: 90 % the client's retirements, the rest any block."""
    mine = rng.choice(np.flatnonzero(ours), int(n * 0.9), replace=False)
    pick = np.concatenate([mine, rng.choice(len(start), n - len(mine), replace=False)])
    s, e = start[pick].copy(), end[pick].copy()
    shift = rng.random(n) < 0.05  # a few partial or not found
    e[shift] += 10
    return pd.DataFrame({
        "row_no": np.arange(2, n + 2),
        "registry": "Verra",
        "serial": [serial(a, b) for a, b in zip(s.tolist(), e.tolist(), strict=True)],
        "quantity": (e - s + 1).astype(float),
        "vintage": "2022",
        "retired_on": "2025-03-14",
        "beneficiary": CLIENT,
    })


def stored(data: bytes, records_of, folder: Path) -> tuple[sqlite3.Connection, float]:
    """A new engagement file in ``folder`` holding the export as evidence and its records
    (the time to write the records and their index)."""
    from desktop.store.db import connect, create_schema

    conn = connect(folder / "bench.veridesk")
    create_schema(conn)
    name = "registry/verra.csv"
    digest = hashlib.sha256(data).hexdigest()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO evidence(path, sha256, size, media_type, data) "
                 "VALUES (?,?,?,?,?)", (name, digest, len(data), "text/csv", data))
    t = time.perf_counter()
    store_records(conn, name, digest, records_of)
    conn.execute("COMMIT")
    return conn, time.perf_counter() - t


def best_of(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    rows, n = (100_000, 1_000) if args.quick else (1_000_000, 10_000)
    rng = np.random.default_rng(15)
    data, start, end, ours = export(rows, rng)
    t = time.perf_counter()
    read = read_export(data, name="registry/verra.csv")
    records = read.records
    read_s = time.perf_counter() - t
    claimed = claims(n, start, end, ours, rng)
    ctx = CheckContext(
        engagement_type="carbon-neutrality", client=CLIENT, criteria=("ISO 14068-1:2023",),
        period_start=date(2024, 1, 1), period_end=date(2024, 12, 31),
        reported_emissions_tco2e=1000.0, credits=claimed, registry=records,
    )
    with tempfile.TemporaryDirectory(prefix="registry-bench-") as folder:
        conn, store_s = stored(data, read, folder=Path(folder))
        try:
            return report(rows, n, len(data), read_s, store_s, conn, ctx, claimed)
        finally:
            conn.close()


def report(rows: int, n: int, size: int, read_s: float, store_s: float,
           conn: sqlite3.Connection, ctx: CheckContext, claimed: pd.DataFrame) -> int:
    """Time the look-up and the checks, and print every figure with its ratio."""

    def lookup() -> object:  # what load_context does: parse the claims, look records up
        return load_records(conn, claimed_blocks(claimed))

    load_s = best_of(lookup, 3)
    touched = lookup()
    t = time.perf_counter()
    everything = load_records(conn)
    all_s = time.perf_counter() - t
    assert everything is not None and len(everything) == rows
    del everything
    from_table = CheckContext(
        **{**ctx.__dict__, "registry": touched,
           "registry_exports": (("registry/verra.csv", "Verra", rows),)})

    def match() -> None:
        check_registry_match(Prepared(ctx))

    def both() -> None:
        p = Prepared(ctx)
        check_registry_match(p)
        check_sufficiency(p)

    match_s = best_of(match, 3)
    both_s = best_of(both, 3)
    result = check_registry_match(Prepared(ctx))
    table_s = best_of(lambda: check_registry_match(Prepared(from_table)), 3)
    same = check_registry_match(Prepared(from_table)).figures == result.figures
    print(f"export: {rows:,} rows ({size / 2**20:.1f} MiB); claimed blocks: {n:,}")
    print(f"baseline, reading the export alone: {read_s:.2f} s")
    print(f"storing its records in registry_record (once, when added): {store_s:.2f} s  "
          f"(ratio {store_s / read_s:.3f})")
    print(f"load from the table, the {len(touched):,} records the claims touch (each check "
          f"run): {load_s:.3f} s  (ratio {load_s / read_s:.4f}; target well under 1 s: "
          f"{'ok' if load_s < 0.5 else 'SLOW'})")
    print(f"  for comparison, every record from the table: {all_s:.2f} s  "
          f"(ratio {all_s / read_s:.3f})")
    print(f"credits.registry_match on the looked-up records: {table_s:.3f} s  "
          f"(ratio {table_s / read_s:.4f}; same figures as on every record: {same})")
    print(f"credits.registry_match: {match_s:.3f} s  (ratio {match_s / read_s:.3f}; "
          f"target < 2 s: {'ok' if match_s < 2 else 'SLOW'})")
    print(f"  + credits.sufficiency: {both_s:.3f} s  (ratio {both_s / read_s:.3f})")
    f = result.figures
    print(f"  matched {f['matched']:,}, partial {f['partial']:,}, not found {f['not_found']:,}, "
          f"not retired {f['not_retired']:,}, foreign {f['foreign']:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
