"""Speed and memory of ``veridesk check`` on a 1 000 000-row monitoring table, against one
SQL aggregation scan of the same table, measured in the same run.

    python bench/check_speed.py [--rows N] [--repeat R] [--keep DIR]

Builds a metered dossier once (100 meters read hourly, with planted duplicates, gaps,
spikes, a meter whose calibration lapses, a ``meters.csv`` and a calculation), imports
it, then times (a) ``SELECT parameter, meter_id, count(*), sum(value) FROM monitoring
GROUP BY parameter, meter_id`` and (b) the check path (``load_context`` + ``run_checks``),
each in a fresh interpreter. Prints the best times, their ratio (target <= 4), the peak
RSS of (b) (target <= 200 MiB), and the slowest checks. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
METERS = 100

MANIFEST = """format = "veridesk-dossier/1"
[engagement]
type = "verification"
criteria = ["ISO 14064-3:2019", "AMS-II.C"]
programme = "TW-MOENV"
client = "Bench Co."
[subject]
id = "BENCH-CHECK"
title = "Benchmark metered project"
[period]
start = 2024-01-01
end = {end}
[claim]
reported_er_tco2e = {claim}
[monitoring.frequency]
EG_saved = "hourly"
"""

CALCULATION = """[[line]]
name = "BE"
formula = "sum(EG_saved) * EF_grid"

[result]
formula = "BE"
"""

# (a) and (b), each run in a fresh interpreter that prints its own time and peak RSS
BASELINE = """
import resource, sqlite3, sys, time
conn = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
t = time.perf_counter()
conn.execute("SELECT parameter, meter_id, count(*), sum(value) FROM monitoring "
             "GROUP BY parameter, meter_id").fetchall()
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
CHECK = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
from desktop.engagement import load_context
from desktop.rules import CHECKS, run_checks
from desktop.rules.prepared import Prepared
from desktop.store.db import open_file
import desktop.rules.engine, desktop.store.monitoring  # imports are not the work measured
t = time.perf_counter()
with open_file(sys.argv[1]) as eng:
    ctx = load_context(eng.conn)
    t_load = time.perf_counter() - t
    results = run_checks(ctx)
total = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
# per check, on a fresh Prepared (shared work lands on the first check that needs it)
p, each = Prepared(ctx), {}
for code, fn in CHECKS.items():
    s = time.perf_counter(); fn(p); each[code] = time.perf_counter() - s
status = {r.code: [r.status, r.figures.get("tco2e_at_stake")] for r in results
          if r.code.startswith("monitoring.")}
print(json.dumps({"total": total, "load": t_load, "rss": rss, "each": each,
                  "status": status}))
"""


def make_dossier(folder: Path, rows: int) -> Path:
    """``rows`` hourly readings of 100 meters (interleaved, as a logger exports them)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(1)
    hours = -(-(rows - 1) // METERS)
    start = datetime(2024, 1, 1)
    end = (start + timedelta(hours=hours)).date() - timedelta(days=1)  # the last full day
    with open(folder / "monitoring.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["parameter", "timestamp", "value", "unit", "meter_id", "evidence"])
        w.writerow(["EF_grid", "2024-01-01", "0.494", "tCO2/MWh", "", ""])
        n, total = 1, 0.0
        for h in range(hours):
            ts = (start + timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M")
            for m in range(METERS):
                if n >= rows:
                    break
                if m == 7 and 500 <= h < 520:  # a 20-hour gap on one meter
                    continue
                value = rng.random() * 0.01 + 0.02
                if h % 997 == 0 and m == 3:  # spikes
                    value *= 40
                row = ["EG_saved", ts, f"{value:.5f}", "MWh", f"M-{m:03d}", ""]
                w.writerow(row)
                n += 1
                total += value
                if h % 1999 == 0 and m == 11 and n < rows:  # a duplicated reading
                    w.writerow(row)
                    n += 1
    (folder / "dossier.toml").write_text(
        MANIFEST.format(end=end.isoformat(), claim=round(total * 0.494, 2)), encoding="utf-8")
    (folder / "calculation.toml").write_text(CALCULATION, encoding="utf-8")
    expiry = (start + timedelta(hours=hours // 2)).date().isoformat()
    with open(folder / "meters.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["meter_id", "serial", "calibrated_on", "valid_until", "accuracy_pct",
                    "capacity"])
        for m in range(METERS):
            until = expiry if m == 5 else "2030-12-31"  # M-005's calibration lapses
            w.writerow([f"M-{m:03d}", f"SN-{m:05d}", "2023-12-01", until, "0.5", "0.5"])
    return folder


def run(code: str, *args: str) -> str:
    return subprocess.run([sys.executable, "-c", code, *args], check=True,
                          capture_output=True, text=True).stdout


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="build the engagement here (reused if there)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        eng = work / f"check-{args.rows}.veridesk"
        if not eng.exists():
            dossier = make_dossier(work / f"dossier-{args.rows}", args.rows)
            subprocess.run([sys.executable, "-m", "desktop.cli", "import", str(dossier), "-o",
                            str(eng)], check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        print(f"{args.rows:,} monitoring rows in {eng.stat().st_size / 2**20:.1f} MiB")
        base, ours, peak, last = [], [], 0, {}
        for _ in range(args.repeat):
            base.append(float(run(BASELINE, str(eng)).split()[0]))
            last = json.loads(run(CHECK, str(eng), str(ROOT)))
            ours.append(last["total"])
            peak = max(peak, last["rss"])
        b, o = min(base), min(ours)
        print(f"(a) one SQL aggregation scan   {b:6.2f} s")
        print(f"(b) load_context + run_checks  {o:6.2f} s   (load {last['load']:.2f} s)")
        print(f"ratio                          {o / b:6.2f}   (target <= 4)")
        print(f"peak RSS of (b)                {peak / 1024:6.1f} MiB (target <= 200)")
        slow = sorted(last["each"].items(), key=lambda kv: -kv[1])[:5]
        print("slowest checks: " + ", ".join(f"{c} {t:.2f} s" for c, t in slow))
        for code, (status, stake) in last["status"].items():
            print(f"  {code:24s} {status:5s} tCO2e at stake {stake}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
