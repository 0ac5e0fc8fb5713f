"""What an engagement is about: read straight from the engagement row (no pandas, so a
window can show it before the engine has loaded)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Subject:
    """What an engagement is about, for reports and window titles."""

    id: str
    type: str
    title: str
    title_zh: str | None
    client: str | None
    period_start: str
    period_end: str

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "title": self.title}


def subject(conn: sqlite3.Connection) -> Subject:
    row = conn.execute(
        "SELECT subject_id, engagement_type, title, title_zh, client, period_start, period_end "
        "FROM engagement"
    ).fetchone()
    return Subject(*row)
