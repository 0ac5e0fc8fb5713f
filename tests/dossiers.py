"""Build small dossiers on disk for tests."""

from __future__ import annotations

from pathlib import Path

NEUTRALITY = """format = "veridesk-dossier/1"
[engagement]
type = "carbon-neutrality"
criteria = ["PAS 2060:2014"]
client = "Test Co."
[subject]
id = "T-1"
title = "Test subject"
[period]
start = 2024-01-01
end = 2024-12-31
[claim]
reported_emissions_tco2e = 100.0
"""

VERIFICATION = """format = "veridesk-dossier/1"
[engagement]
type = "verification"
criteria = ["ISO 14064-3:2019"]
programme = "TW-MOENV"
client = "Test Co."
[subject]
id = "V-1"
title = "Test project"
[period]
start = 2024-01-01
end = 2024-12-31
[claim]
reported_er_tco2e = 100.0
"""

INVENTORY_HEADER = "source_id,scope,category,tco2e,included,exclusion_reason"


def make_dossier(
    folder: Path,
    manifest: str = NEUTRALITY,
    files: dict[str, bytes | str] | None = None,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dossier.toml").write_text(manifest, encoding="utf-8")
    for name, content in (files or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8", newline="")
        else:
            path.write_bytes(content)
    return folder


def inventory_dossier(folder: Path, inventory: bytes | str, name: str = "inventory.csv") -> Path:
    return make_dossier(folder, NEUTRALITY, {name: inventory})
