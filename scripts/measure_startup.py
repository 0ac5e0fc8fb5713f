"""Start-up times of the frozen app against the source run (numbers for docs/build.md).

    python3 scripts/measure_startup.py [--runs 5] [--engagement FILE] [--cold]

For each of ``dist/VeriDesk/veridesk`` and the installed ``veridesk`` (the source run):
wall time of ``--version``, and of ``gui FILE`` up to the first window, headless
(``QT_QPA_PLATFORM=offscreen``; the offscreen plugin writes "This plugin does not support
propagateSizeHints()" to stderr when a top-level window is shown). Prints the median and
the first run (the first run after a build or boot is the coldest). ``--cold`` drops the
page cache before every run (root on Linux only).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FROZEN = REPO / "dist" / "VeriDesk" / ("veridesk.exe" if sys.platform == "win32" else "veridesk")


def drop_caches() -> None:
    subprocess.run(["sync"], check=False)
    Path("/proc/sys/vm/drop_caches").write_text("3\n")


def version_time(exe: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run([*exe, "--version"], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def window_time(exe: list[str], engagement: Path, limit: float = 60.0) -> float | None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    t = time.perf_counter()
    proc = subprocess.Popen(
        [*exe, "gui", str(engagement)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    shown = None
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            if "propagateSizeHints" in line:
                shown = time.perf_counter() - t
                break
            if time.perf_counter() - t > limit:
                break
    finally:
        proc.kill()  # the GUI does not end on SIGTERM while idle (see docs/build.md)
        proc.wait()
    return shown


def report(name: str, times: list[float | None]) -> None:
    ok = [x for x in times if x is not None]
    if not ok:
        print(f"  {name:<28} no result")
        return
    first = "—" if times[0] is None else f"{times[0]:.2f}"
    print(f"  {name:<28} median {statistics.median(ok):.2f} s   first {first} s   (n={len(ok)})")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--engagement", type=Path)
    ap.add_argument("--cold", action="store_true")
    args = ap.parse_args()
    runs = {"frozen": [str(FROZEN)], "source": [shutil.which("veridesk") or "veridesk"]}
    if not FROZEN.exists():
        print(f"{FROZEN} does not exist: pyinstaller --noconfirm build.spec")
        return 2
    for name, exe in runs.items():
        print(f"{name}: {' '.join(exe)}")
        v, w = [], []
        for _ in range(args.runs):
            if args.cold:
                drop_caches()
            v.append(version_time(exe))
        report("--version", v)
        if args.engagement:
            for _ in range(args.runs):
                if args.cold:
                    drop_caches()
                w.append(window_time(exe, args.engagement))
            report("gui FILE → first window", w)
    return 0


if __name__ == "__main__":
    sys.exit(main())
