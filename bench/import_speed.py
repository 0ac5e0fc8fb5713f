"""Import speed and memory: ``veridesk import`` of a 1 000 000-row monitoring table against
``sqlite3``'s own ``.import`` of the same CSV, measured in the same run.

    python bench/import_speed.py [--rows N] [--repeat R]

Prints the best wall time of each, their ratio (target <= 1.5, stretch 1.3) and the
import's peak RSS (target <= 200 MiB). A benchmark, not a test: nothing asserts on time.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MANIFEST = """format = "veridesk-dossier/1"
[engagement]
type = "verification"
criteria = ["ISO 14064-3:2019"]
programme = "TW-MOENV"
client = "Bench Co."
[subject]
id = "BENCH-1"
title = "Benchmark project"
[period]
start = 2024-01-01
end = 2024-12-31
[claim]
reported_er_tco2e = 1000.0
"""


def make_dossier(folder: Path, rows: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dossier.toml").write_text(MANIFEST, encoding="utf-8")
    rng = random.Random(1)
    with open(folder / "monitoring.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["parameter", "timestamp", "value", "unit", "meter_id", "evidence"])
        for i in range(rows):
            w.writerow(
                [
                    f"EG_{i % 7}",
                    f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:00",
                    f"{rng.random() * 1000:.3f}",
                    "MWh",
                    f"M-{i % 50}",
                    "",
                ]
            )
    return folder


def timed(cmd: list[str]) -> tuple[float, int]:
    """Wall time and the child's peak RSS in KiB (Linux ru_maxrss)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - t
    return elapsed, max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    sqlite_cli = shutil.which("sqlite3")
    if not sqlite_cli:
        print("sqlite3 command-line tool not found: install it (Debian: sqlite3)")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        dossier = make_dossier(tmpdir / "dossier", args.rows)
        csv_path = dossier / "monitoring.csv"
        print(f"{args.rows:,} rows, {csv_path.stat().st_size / 2**20:.1f} MiB of CSV")
        base_times, ours_times, peak = [], [], 0
        for i in range(args.repeat):
            db = tmpdir / f"base{i}.db"
            t, _ = timed([sqlite_cli, str(db), ".mode csv", f".import {csv_path} monitoring"])
            base_times.append(t)
            out = tmpdir / f"ours{i}.veridesk"
            cmd = [sys.executable, "-m", "desktop.cli", "import", str(dossier), "-o", str(out)]
            # ru_maxrss of children is the max over all of them: run ours in a fresh shell
            # so the figure is this import's own peak.
            t2, _ = timed(cmd)
            ours_times.append(t2)
            rss = subprocess.run(
                [
                    "/usr/bin/env",
                    "python3",
                    "-c",
                    "import resource,subprocess,sys;subprocess.run(sys.argv[1:],check=True,"
                    "stdout=subprocess.DEVNULL);"
                    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)",
                    *cmd[:-1],
                    str(tmpdir / f"rss{i}.veridesk"),
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
            peak = max(peak, int(rss))
        base, ours = min(base_times), min(ours_times)
        print(f"sqlite3 .import        {base:6.2f} s")
        print(f"veridesk import        {ours:6.2f} s   (types validated, evidence hashed)")
        print(f"ratio                  {ours / base:6.2f}   (target <= 1.5, stretch 1.3)")
        print(f"peak RSS of the import {peak / 1024:6.1f} MiB (target <= 200)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
