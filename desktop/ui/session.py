"""The UI-side view of one open engagement: the file, its subject, cached check results."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.errors import LockedError
from desktop.store.db import Engagement, open_file
from desktop.subject import Subject, subject

if TYPE_CHECKING:
    from desktop.rules import CheckResult

STATES = ("draft", "review", "signed")


@dataclass
class Session:
    engagement: Engagement
    subject: Subject
    results: list[CheckResult] | None = None
    locked_elsewhere: bool = False
    _info: dict[str, object] = field(default_factory=dict)

    @classmethod
    def open(cls, path: str | Path) -> Session:
        """Open for writing; if another process holds the file, open it read-only."""
        locked = False
        try:
            eng = open_file(path, write=True)
        except LockedError:
            eng = open_file(path, write=False)
            locked = True
        try:
            subj = subject(eng.conn)
        except BaseException:
            eng.close()
            raise
        return cls(eng, subj, None, locked)

    @property
    def path(self) -> Path:
        return Path(self.engagement.path)

    @property
    def conn(self) -> sqlite3.Connection:
        return self.engagement.conn

    @property
    def state(self) -> str:
        row = self.conn.execute("SELECT state FROM engagement").fetchone()
        return row[0] if row else "draft"

    @property
    def read_only(self) -> bool:
        return self.locked_elsewhere or not self.engagement.writable or self.state == "signed"

    def info(self) -> dict[str, object]:
        """The engagement row as a dict (cached; the row changes only through the engine)."""
        if not self._info:
            cur = self.conn.execute("SELECT * FROM engagement")
            names = [d[0] for d in cur.description]
            row = cur.fetchone() or ()
            self._info = dict(zip(names, row, strict=False))
        return self._info

    def result(self, code: str) -> CheckResult | None:
        for r in self.results or ():
            if r.code == code:
                return r
        return None

    def lead(self) -> str | None:
        """The lead verifier's name, when the team has been recorded."""
        exists = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'team_member'"
        ).fetchone()
        if not exists:
            return None
        row = self.conn.execute(
            "SELECT name FROM team_member WHERE role = 'lead' ORDER BY id LIMIT 1"
        ).fetchone()
        return row[0] if row else None

    def count(self, table: str) -> int:
        return self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def close(self) -> None:
        self.engagement.close()
