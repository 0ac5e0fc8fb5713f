"""The UI-side view of one open engagement: the file, its subject, cached check results.

Every write the pages make goes through :meth:`Session.write` (or, for work done in a
worker on its own connection, :meth:`Session.notify` once it has succeeded): the session
then emits its one ``changed`` signal with the kind of change (:class:`Change`). The
window re-runs the checks once per burst of changes and updates the header and the
status bar; every page refreshes what it shows (see ``Page.follow``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal

from desktop.errors import LockedError
from desktop.store.db import Engagement, open_file
from desktop.subject import Subject, subject

if TYPE_CHECKING:
    from desktop.rules import CheckResult

STATES = ("draft", "review", "signed")

T = TypeVar("T")


class Change(StrEnum):
    """What a write changed: what ``Session.changed`` carries."""

    ANSWERS = "answers"  # a checklist answer, its note or its override reason
    EVIDENCE = "evidence"  # the evidence linked to an answer
    FINDINGS = "findings"
    MISSTATEMENTS = "misstatements"
    TEAM = "team"
    OPINION = "opinion"
    SIGNATURES = "signatures"  # a signature made or withdrawn (the state moves with it)
    CHECKS = "checks"  # fresh check results (no record changed)
    PLANNING = "planning"  # a risk assessment, a sample plan or a sample result
    ALL = "all"


# the records the computed checks read: a change to them makes the cached results stale
CHECK_INPUTS = frozenset({Change.MISSTATEMENTS, Change.PLANNING, Change.ALL})


class _Notifier(QObject):
    changed = Signal(str)  # a Change


@dataclass
class Session:
    engagement: Engagement
    subject: Subject
    results: list[CheckResult] | None = None
    locked_elsewhere: bool = False
    _info: dict[str, object] = field(default_factory=dict)
    _notifier: _Notifier = field(default_factory=_Notifier, repr=False, compare=False)

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

    @property
    def changed(self):
        """``changed(kind)``: emitted after every successful write, and when fresh check
        results arrive (``Change.CHECKS``)."""
        return self._notifier.changed

    def write(self, kind: Change | str, fn: Callable[[], T]) -> T:
        """Run the engine call ``fn`` (a write on this session's connection) and, when it
        succeeds, announce the change; an exception propagates and announces nothing."""
        result = fn()
        self.notify(kind)
        return result

    def notify(self, kind: Change | str) -> None:
        """Announce a change already made (e.g. by a worker on its own connection)."""
        kind = Change(kind)
        self._info.clear()  # the engagement row (its state) may have moved
        if kind in CHECK_INPUTS:
            self.results = None  # stale: the window runs the checks again
        self._notifier.changed.emit(kind.value)

    def set_results(self, results: list[CheckResult] | None) -> None:
        """Fresh check results: kept, and announced as ``Change.CHECKS``."""
        self.results = results
        self._notifier.changed.emit(Change.CHECKS.value)

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
