"""The tests carry their own data: nothing outside the clone is read."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# What a test reading outside the clone would contain (assembled, so that this guard does
# not match itself): the team's shared folder, its override variable, deep parent paths.
_SHARED = "shared"
OUTSIDE = re.compile("|".join([
    re.escape(f"{_SHARED}/examples"), "VERIDESK_" + "EXAMPLES", re.escape(f"../{_SHARED}"),
    re.escape(f"/work/{_SHARED}"), r"parents\[[3-9]\]",
]))


def test_no_test_reads_outside_the_clone():
    offenders = []
    for path in sorted((REPO / "tests").rglob("*.py")):
        if path == Path(__file__).resolve():
            continue
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if OUTSIDE.search(line):
                offenders.append(f"{path.relative_to(REPO)}:{no}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_sample_dossiers_are_in_the_repository():
    from tests.conftest import EXAMPLES

    assert REPO in EXAMPLES.resolve().parents
    for name in ("neutral-steel", "led-retrofit", "solar-pdd"):
        assert (EXAMPLES / name / "dossier.toml").is_file(), name
