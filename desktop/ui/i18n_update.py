"""Regenerate the GUI's translations: ``python -m desktop.ui.i18n_update``.

1. ``lupdate`` (shipped in the PySide6 wheel) scans ``desktop/ui`` and updates
   ``resources/translations/veridesk_zh_TW.ts``, keeping existing translations;
2. translate any new ``<message>`` marked ``type="unfinished"`` (Qt Linguist, or by hand);
3. ``lrelease`` compiles the ``.ts`` to the ``.qm`` the app loads.

``--release-only`` skips step 1.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import PySide6

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "veridesk_zh_TW.ts"


def tool(name: str) -> str:
    path = Path(PySide6.__file__).parent / name
    return str(path if path.exists() else f"pyside6-{name}")


def sources() -> list[str]:
    ui = ROOT / "desktop" / "ui"
    return sorted(str(p) for p in ui.rglob("*.py") if p.name != "i18n_update.py")


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if "--release-only" not in args:
        subprocess.run(
            [tool("lupdate"), "-no-obsolete", "-locations", "none", *sources(), "-ts", str(TS)],
            check=True,
        )
    subprocess.run([tool("lrelease"), str(TS), "-qm", str(TS.with_suffix(".qm"))], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
