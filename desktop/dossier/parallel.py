"""Load a large, simple CSV on two cores: the second half in a child process.

A file can be split at a line break only when no record spans lines: it has no quote
character and no bare carriage return. The child parses the second half into its own
temporary SQLite file while this process loads the first half; the child's rows are then
copied in with one ``INSERT … SELECT`` (C speed). Any anomaly (a ragged or blank record,
a decoding error) makes the caller redo the whole file on the careful, per-record path.
"""

from __future__ import annotations

import contextlib
import csv
import io
import multiprocessing
import os
import sqlite3
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MIN_BYTES = 16 * 1024 * 1024
_SCAN = 1 << 20
SPLITTABLE_ENCODINGS = ("utf-8", "utf-8-sig", "cp950")  # 0x0A never inside a character


@dataclass(frozen=True)
class Split:
    """Byte ranges of the two halves and the spreadsheet row the second one starts at."""

    body_start: int
    middle: int
    end: int
    second_row: int


def plan_split(path: Path, encoding: str) -> Split | None:
    """Where to cut ``path`` in two, or None when it is small or not safely splittable."""
    size = path.stat().st_size
    if size < MIN_BYTES or encoding not in SPLITTABLE_ENCODINGS or (os.cpu_count() or 1) < 2:
        return None
    with open(path, "rb") as f:
        header = f.readline()
        body_start = len(header)
        newlines = 0
        middle = None
        pos = body_start
        while chunk := f.read(_SCAN):
            if b'"' in chunk:
                return None
            # Line ends are LF or CRLF; a bare CR (a line end to the reader) is not split.
            # A CRLF cut between two chunks is allowed for (the read size is even).
            if b"\r" in chunk:
                bare = chunk.count(b"\r") - chunk.count(b"\r\n")
                if bare > (1 if chunk.endswith(b"\r") else 0):
                    return None
            if middle is None and pos + len(chunk) >= size // 2:
                cut = chunk.find(b"\n", max(size // 2 - pos, 0))
                if cut >= 0:
                    middle = pos + cut + 1
                    newlines += chunk.count(b"\n", 0, cut + 1)
            if middle is None:
                newlines += chunk.count(b"\n")
            pos += len(chunk)
    if middle is None or middle >= size:
        return None
    return Split(body_start, middle, size, second_row=2 + newlines)


class _Slice(io.RawIOBase):
    """A read-only window ``[start, end)`` of a file."""

    def __init__(self, path: Path, start: int, end: int):
        self._f = open(path, "rb")  # noqa: SIM115 - closed in close()
        self._f.seek(start)
        self._left = end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if self._left <= 0:
            return 0
        view = memoryview(buffer)[: self._left]
        n = self._f.readinto(view)
        self._left -= n
        return n

    def close(self) -> None:
        self._f.close()
        super().close()


def slice_reader(
    path: Path, start: int, end: int, encoding: str, delim: str
) -> tuple[io.TextIOWrapper, csv.Reader]:
    raw = io.BufferedReader(_Slice(path, start, end), buffer_size=1 << 20)
    enc = "utf-8" if encoding == "utf-8-sig" else encoding
    text = io.TextIOWrapper(raw, encoding=enc, newline="")
    return text, csv.reader(text, delimiter=delim, skipinitialspace=True)


def _child(
    path: str,
    start: int,
    end: int,
    encoding: str,
    delim: str,
    first_row: int,
    db_path: str,
    ddl: str,
    args: tuple,
) -> tuple[bool, bool]:
    """In the child: load ``[start, end)`` into a new SQLite file.

    Returns whether every record was well formed, and whether every value is valid.
    """
    from desktop.dossier.bulk import is_clean, load_fast

    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        conn.execute("PRAGMA page_size = 16384")  # as the engagement file's
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute(ddl)
        conn.execute("BEGIN")
        text, reader = slice_reader(Path(path), start, end, encoding, delim)
        with text:
            try:
                ok = load_fast(conn, *args, reader, lambda: None, first_row=first_row)
            except (csv.Error, UnicodeDecodeError):
                ok = False
        conn.execute("COMMIT")
        return ok, ok and is_clean(conn, args[0], args[1])
    finally:
        conn.close()


def die_with_parent(parent: int) -> None:
    """Pool initializer: end this loader when the process that started it ends.

    A parent killed with SIGKILL cannot stop its pool; without this the loader would
    finish its half and die on a broken pipe with a traceback. Linux asks the kernel for
    a signal when the parent goes (``PR_SET_PDEATHSIG``); elsewhere a thread watches the
    parent's PID. Either way the loader leaves silently.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent went before the request took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            threading.Event().wait(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def start_method() -> str:
    """``fork`` when this process is single-threaded (the CLI), else ``spawn``.

    A forked child starts at once, where a spawned one first starts an interpreter and
    imports the loader (a few tenths of a second). Forking is only safe with no other
    thread about: one could hold SQLite's or the allocator's lock at the moment of the
    fork, so a process with Qt loaded (the GUI, whose pages read SQLite) always spawns.
    """
    if (
        "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
        and "PySide6.QtCore" not in sys.modules
    ):
        return "fork"
    return "spawn"


def load_split(
    conn: sqlite3.Connection,
    table: str,
    path: Path,
    encoding: str,
    delim: str,
    split: Split,
    args: tuple,
    tick: Callable[[], None],
    report: Callable[[int, int], None] | None = None,
) -> tuple[bool, bool]:
    """Load both halves: whether every record was well formed (else the caller redoes the
    file carefully), and whether both halves' values are valid (each scanned its own)."""
    from desktop.dossier.bulk import is_clean, load_fast

    main_db = Path(conn.execute("PRAGMA database_list").fetchone()[2])
    part_db = main_db.with_name(main_db.name + ".part2")
    with contextlib.suppress(FileNotFoundError):
        part_db.unlink()
    ddl = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    ctx = multiprocessing.get_context(start_method())
    with ctx.Pool(1, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        pending = pool.apply_async(
            _child,
            (
                str(path),
                split.middle,
                split.end,
                encoding,
                delim,
                split.second_row,
                str(part_db),
                ddl,
                args,
            ),
        )
        try:
            text, reader = slice_reader(path, split.body_start, split.middle, encoding, delim)
            half = max(split.middle - split.body_start, 1)
            window = text.buffer.raw  # the _Slice: how far this half has been read

            def tick_and_report() -> None:
                tick()
                if report is not None:  # both halves advance alike: this one stands for both
                    read = half - max(window._left, 0)
                    report(split.body_start + (split.end - split.body_start) * read // half,
                           split.end)

            with text:
                ok = load_fast(conn, *args, reader, tick_and_report, first_row=2)
            clean = ok and is_clean(conn, args[0], args[1])  # while the child scans its half
            child_ok, child_clean = pending.get()
            ok = ok and child_ok
            if ok:
                # Attached until the connection closes: SQLite refuses DETACH while the
                # import's transaction is open.
                conn.execute("ATTACH DATABASE ? AS part2", (str(part_db),))
                conn.execute(f"INSERT INTO main.{table} SELECT * FROM part2.{table}")
            return ok, ok and clean and child_clean
        finally:
            pool.terminate()
            with contextlib.suppress(OSError):  # still open on Windows: the importer retries
                part_db.unlink()
