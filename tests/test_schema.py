"""The schema snapshot that new files start from matches the migrations."""

from __future__ import annotations

from desktop.store.db import SNAPSHOT
from desktop.store.snapshot import snapshot_sql


def test_schema_snapshot_is_current():
    assert SNAPSHOT.read_text(encoding="utf-8") == snapshot_sql(), (
        "run `python -m desktop.store.snapshot` after changing desktop/store/schema.py"
    )
