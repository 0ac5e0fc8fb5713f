"""Open and create engagement files: pragmas, schema check and migration, the write lock."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.errors import MessageError
from desktop.store.lock import WriteLock

if TYPE_CHECKING:
    import sqlite_utils

APPLICATION_ID = 0x56455244  # "VERD": marks a file as a VeriDesk engagement
MIGRATION_SET = "veridesk"
# The schema's migrations in order (``desktop.store.schema`` registers exactly these): an
# up-to-date file is recognised without importing sqlite-utils, which pulls in pandas.
MIGRATION_NAMES = (
    "001_initial", "002_judgements", "003_signatures", "004_certificates", "005_registry",
    "006_meters",
    "007_planning",
    "008_investment", "009_methodology",
)

SUFFIX = ".veridesk"


def connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    """A connection with the engagement file's pragmas; explicit transactions only."""
    if readonly:
        uri = path.resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


SNAPSHOT = Path(__file__).with_name("schema.sql")


def create_schema(conn: sqlite3.Connection) -> None:
    """Lay out a brand-new engagement file (used on the temporary file of an import).

    Runs ``schema.sql``, the snapshot of every migration applied to an empty file
    (``python -m desktop.store.snapshot`` writes it; a test checks it is current). This
    keeps sqlite-utils — and the pandas it imports — off the import's start-up path.
    """
    conn.execute("PRAGMA page_size = 16384")
    conn.executescript(SNAPSHOT.read_text(encoding="utf-8"))


def is_engagement(conn: sqlite3.Connection) -> bool:
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    except sqlite3.DatabaseError:
        return False
    return app_id == APPLICATION_ID


class Engagement:
    """An open engagement file: a connection, its sqlite-utils view, and the write lock."""

    def __init__(self, path: Path, conn: sqlite3.Connection, lock: WriteLock | None):
        self.path = path
        self.conn = conn
        self._lock = lock
        self._owns_lock = True
        self.migrated_backup: Path | None = None

    def sibling(self) -> Engagement:
        """A second connection to the same file under this one's write lock, for a worker
        thread (a connection is never used from two threads). Closing it keeps the lock."""
        eng = Engagement(self.path, connect(self.path, readonly=not self.writable), self._lock)
        eng._owns_lock = False
        return eng

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """A sqlite-utils view of the connection (imported on first use: it pulls in pandas)."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    @property
    def writable(self) -> bool:
        return self._lock is not None

    def close(self) -> None:
        if self._lock is not None:
            # back to a rollback journal at rest (see ``open_file``); a reader still open
            # keeps WAL on, which is harmless: the next writer's close switches it
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("PRAGMA journal_mode = DELETE")
        try:
            self.conn.close()
        finally:
            if self._lock and self._owns_lock:
                self._lock.release()
            self._lock = None

    def __enter__(self) -> Engagement:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_file(path: str | Path, write: bool = False, *, integrity: bool = False) -> Engagement:
    """Open an engagement file; for writing, take the lock. An older schema is migrated
    first (after a backup copy), whichever way the file is opened.

    A damaged file (unreadable pages, a missing table or engagement row) is refused with
    ``engagement.damaged``; ``integrity`` also runs SQLite's ``quick_check`` over every
    page first (a full read of the file: the CLI asks for it, the GUI does not).
    """
    p = Path(path)
    if p.is_dir():
        raise MessageError("path.is_folder", path=str(p))
    if not p.is_file():
        raise MessageError("path.not_found", path=str(p))
    try:
        backup_path = _migrate_if_needed(p)
    except sqlite3.DatabaseError as exc:
        raise damaged(p, exc) from None
    lock = None
    if write:
        lock = WriteLock(p)
        lock.acquire()
    try:
        conn = connect(p, readonly=not write)
        try:
            if integrity:
                check_integrity(conn, p)
            check_structure(conn, p)
            if write:  # readers and this writer side by side while the file is open
                conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise damaged(p, exc) from None
        except BaseException:
            conn.close()
            raise
        eng = Engagement(p, conn, lock)
        eng.migrated_backup = backup_path
        return eng
    except BaseException:
        if lock:
            lock.release()
        raise


def damaged(path: Path, error: object) -> MessageError:
    """The error for a file SQLite cannot read as it should."""
    return MessageError("engagement.damaged", path=str(path), error=error)


def _expected_tables() -> frozenset[str]:
    import re

    text = SNAPSHOT.read_text(encoding="utf-8")
    return frozenset(re.findall(r'CREATE TABLE "?(\w+)"?', text))


def check_structure(conn: sqlite3.Connection, path: Path) -> None:
    """Every table of the schema is there, and exactly one engagement row."""
    present = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    missing = sorted(_expected_tables() - present)
    if missing:
        raise damaged(path, "missing table " + ", ".join(missing))
    rows = conn.execute("SELECT count(*) FROM engagement").fetchone()[0]
    if rows != 1:
        raise damaged(path, f"{rows} engagement records instead of 1")


def check_integrity(conn: sqlite3.Connection, path: Path) -> None:
    """SQLite's ``quick_check`` over every page: refuse a file it finds damaged."""
    lines = [
        line.strip()
        for (row,) in conn.execute("PRAGMA quick_check(3)")
        for line in str(row).splitlines()
        if line.strip() and not line.startswith("***")
    ]
    if lines != ["ok"]:
        raise damaged(path, "; ".join(lines))


def applied_migrations(conn: sqlite3.Connection) -> list[str] | None:
    """Names of the schema migrations applied to the file, in order (None: no record)."""
    try:
        rows = conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id",
            (MIGRATION_SET,),
        ).fetchall()
    except sqlite3.OperationalError:
        return None
    return [name for (name,) in rows]


def _migrate_if_needed(path: Path) -> Path | None:
    """Check the file is ours and current; migrate an older one. Returns the backup."""
    conn = connect(path, readonly=True)
    try:
        if not is_engagement(conn):
            if _sqlite_header(path) and path.stat().st_size > 100:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # says why
            raise MessageError("engagement.not_engagement", path=str(path))
        # (in any order: a migration numbered between two applied ones runs after them)
        if sorted(applied_migrations(conn) or ()) == sorted(MIGRATION_NAMES):
            return None  # the usual case, answered without sqlite-utils
        import sqlite_utils

        from desktop.store import schema

        db = sqlite_utils.Database(conn)
        unknown = schema.unknown_migrations(db)
        if unknown:
            known = len(schema.known_migrations())
            raise MessageError(
                "engagement.too_new", path=str(path), found=known + len(unknown), supported=known
            )
        if not schema.pending_migrations(db):
            return None
    finally:
        conn.close()
    with WriteLock(path):
        conn = connect(path)
        try:
            saved = backup(path, conn)
            try:
                schema.migrate(sqlite_utils.Database(conn))
            except BaseException as exc:
                # the file is as it was: keep no copy per failed attempt
                saved.unlink(missing_ok=True)
                if isinstance(exc, sqlite3.Error):
                    raise MessageError(
                        "engagement.migration_failed", path=str(path), error=exc
                    ) from exc
                raise
        finally:
            conn.close()
    return saved


def backup(path: Path, conn: sqlite3.Connection) -> Path:
    """Copy the file beside itself before a migration, with SQLite's online backup."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    dest = path.with_name(f"{path.stem}.backup-{stamp}{path.suffix}")
    target = sqlite3.connect(str(dest))
    try:
        conn.backup(target)
    finally:
        target.close()
    return dest


def _sqlite_header(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(16) == b"SQLite format 3\x00"
