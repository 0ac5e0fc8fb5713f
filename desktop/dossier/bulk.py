"""Load one dossier table (CSV or XLSX) into its SQLite table, validating every value.

The hot path is built for million-row monitoring tables: CSV records go from the C
``csv`` reader through C-level ``itemgetter``/``map``/``zip`` pipelines into multi-row
``INSERT`` statements, and SQLite's column affinity does the number conversion. Values
that did not convert are then found with one query per column and either repaired in
Python (thousands separators, blanks) or reported with their row and column.

Rows keep their spreadsheet row number in ``row_no`` (the header is row 1 in a CSV).
A file with blank or ragged records takes the slower, per-record path, which reports
each ragged record exactly.
"""

from __future__ import annotations

import csv
import io
import math
import operator
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain, islice, tee
from pathlib import Path
from typing import Any

from desktop.dossier.parallel import load_split, plan_split
from desktop.dossier.tables import (
    FALSE_WORDS,
    TRUE_WORDS,
    Column,
    TableSpec,
    header_index,
    header_key,
)
from desktop.dossier.textfile import detect_delimiter, detect_encoding, read_first_line
from desktop.errors import Cancelled, Problem

CHUNK_ROWS = 32_768
ROWS_PER_STATEMENT = 32
MAX_PROBLEMS = 50
XLSX_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
# No emission, activity, quantity or reading of a real dossier comes near 10^15; larger
# (or infinite) values are typing or export errors and would overflow SQLite's integers.
MAX_MAGNITUDE = 1e15
MAX_EXACT = 2**53  # whole floats below this are stored as integers
MIN_YEAR, MAX_YEAR = 1900, 2199

Progress = Callable[[int, int], None]  # (done, total) in bytes or rows
CancelCheck = Callable[[], bool]


@dataclass
class LoadResult:
    """What loading one table produced."""

    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    columns: tuple[str, ...] = ()
    ignored_columns: tuple[str, ...] = ()


class _TooManyProblems(Exception):
    pass


class _Problems:
    """Collects problems for one file, up to a cap, then counts the rest."""

    def __init__(self, label: str):
        self.label = label
        self.items: list[Problem] = []
        self.more = 0

    def add(self, key: str, row: int | None = None, column: str | None = None, **params: Any):
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(Problem(key, file=self.label, row=row, column=column, params=params))
        else:
            self.more += 1

    def finish(self) -> list[Problem]:
        out = list(self.items)
        if self.more:
            out.append(Problem("table.more", params={"count": self.more, "file": self.label}))
        return out


def load_table(
    conn: sqlite3.Connection,
    spec: TableSpec,
    path: Path,
    label: str,
    sheet: str | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> LoadResult:
    """Insert ``path`` into table ``spec.name`` (which must be empty); validate it.

    Problems are returned, not raised: the caller decides (and rolls back).
    """
    problems = _Problems(label)
    check: CancelCheck = cancelled or (lambda: False)
    if path.suffix.lower() in XLSX_SUFFIXES:
        return _load_xlsx(conn, spec, path, sheet, problems, progress, check)
    encoding = detect_encoding(path)
    if encoding is None:
        problems.add("table.encoding")
        return LoadResult(problems=problems.finish())
    delim = detect_delimiter(read_first_line(path, encoding))
    return _load_csv(conn, spec, path, encoding, delim, problems, progress, check)


# --- header -------------------------------------------------------------------------


def _map_header(
    spec: TableSpec, header: list[Any], problems: _Problems
) -> tuple[list[str], list[int], list[str]] | None:
    index = header_index(spec)
    found: dict[str, int] = {}
    ignored: list[str] = []
    for i, cell in enumerate(header):
        key = header_key(cell)
        if not key:
            continue
        name = index.get(key)
        if name is None:
            ignored.append(str(cell))
        elif name in found:
            problems.add(
                "table.duplicate_column",
                first=str(header[found[name]]).strip(),
                second=str(cell).strip(),
                name=name,
            )
        else:
            found[name] = i
    shown = ", ".join(str(h).strip() for h in header if str(h or "").strip()) or "—"
    for col in spec.columns:
        if col.required and col.name not in found:
            problems.add("table.missing_column", name=col.name, found=shown)
    if problems.items:
        return None
    cols = [c.name for c in spec.columns if c.name in found]
    return cols, [found[c] for c in cols], ignored


# --- CSV ----------------------------------------------------------------------------


def _load_csv(
    conn: sqlite3.Connection,
    spec: TableSpec,
    path: Path,
    encoding: str,
    delim: str,
    problems: _Problems,
    progress: Progress | None,
    cancelled: CancelCheck,
) -> LoadResult:
    total = path.stat().st_size or 1
    with open(path, "rb") as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        reader = csv.reader(text, delimiter=delim, skipinitialspace=True)
        try:
            header = next(reader, None)
        except (csv.Error, UnicodeDecodeError) as exc:
            _decode_problem(problems, exc, encoding, raw)
            return LoadResult(problems=problems.finish())
        if not header:
            problems.add("table.empty")
            return LoadResult(problems=problems.finish())
        mapping = _map_header(spec, header, problems)
        if mapping is None:
            return LoadResult(problems=problems.finish())
        cols, idx, ignored = mapping

        def tick() -> None:
            if cancelled():
                raise Cancelled()
            if progress:
                progress(min(raw.tell(), total), total)

        conn.execute("SAVEPOINT bulk")
        # the fast path needs a required number column to carry its guard (meters has none)
        guarded = any(spec.column(c).required and spec.column(c).kind in ("real", "int")
                      for c in cols)
        split = plan_split(path, encoding) if len(idx) > 1 and guarded else None
        clean = False  # True: both halves of a split load scanned their own values
        try:
            if split:
                args = (spec, cols, idx, len(header))
                def cancel_only() -> None:  # progress comes from the half being read
                    if cancelled():
                        raise Cancelled()

                fast_ok, clean = load_split(
                    conn, spec.name, path, encoding, delim, split, args, cancel_only,
                    (lambda done, _tot: progress(min(done, total), total)) if progress else None,
                )
            else:
                fast_ok = len(idx) > 1 and guarded and load_fast(
                    conn, spec, cols, idx, len(header), reader, tick
                )
        except (csv.Error, UnicodeDecodeError) as exc:
            conn.execute("ROLLBACK TO bulk")
            conn.execute("RELEASE bulk")
            _decode_problem(problems, exc, encoding, raw)
            return LoadResult(problems=problems.finish())
        if fast_ok:
            conn.execute("RELEASE bulk")
            if may_be_padded(path, encoding, delim):
                _trim(conn, spec.name, cols)
                clean = False  # trimming may have blanked a value: scan again
        else:
            conn.execute("ROLLBACK TO bulk")
            conn.execute("RELEASE bulk")
            text.detach()  # keep ``raw`` open: the fast path's reader is dropped
            raw.seek(0)
            text = io.TextIOWrapper(raw, encoding=encoding, newline="")
            reader = csv.reader(text, delimiter=delim, skipinitialspace=True)
            next(reader)
            try:
                _load_slow(conn, spec, cols, idx, len(header), _numbered(reader), problems, tick)
            except (csv.Error, UnicodeDecodeError) as exc:
                _decode_problem(problems, exc, encoding, raw)
                return LoadResult(problems=problems.finish())
        if progress:
            progress(total, total)
    _validate(conn, spec, cols, problems, clean=clean)
    rows = conn.execute(f"SELECT count(*) FROM {spec.name}").fetchone()[0]
    return LoadResult(rows, problems.finish(), tuple(cols), tuple(ignored))


PAD_SAMPLE_BYTES = 1 << 20


def may_be_padded(path: Path, encoding: str, delim: str) -> bool:
    """Whether fields in the file's first MiB end with a space or tab.

    Leading spaces are already skipped by the reader (``skipinitialspace``); trailing
    ones are trimmed by a per-column SQL pass, which costs a scan of the table, so it
    runs only when this sample shows padding (or the encoding is not byte-searchable).
    """
    if encoding not in ("utf-8", "utf-8-sig", "cp950"):
        return True
    with open(path, "rb") as f:
        sample = f.read(PAD_SAMPLE_BYTES)
    d = delim.encode()
    pads = (b" ",) if delim == "\t" else (b" ", b"\t")
    return any(p + end in sample for p in pads for end in (d, b"\n", b"\r"))


def _decode_problem(problems: _Problems, exc: Exception, encoding: str, raw: Any) -> None:
    if isinstance(exc, UnicodeDecodeError):
        problems.add("table.decode", encoding=encoding, offset=raw.tell())
    else:
        problems.add("table.csv", error=exc)


def _numbered(reader: Iterable[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """Records with their spreadsheet row (header = 1; records, not physical lines)."""
    return enumerate(reader, 2)


def _guard_column(spec: TableSpec, cols: list[str]) -> int:
    """Index (in ``cols``) of the required real column that carries the field-count guard."""
    for kind in ("real", "int"):  # an int column holds the blob as well (investment's year)
        for i, name in enumerate(cols):
            col = spec.column(name)
            if col.required and col.kind == kind:
                return i
    raise AssertionError(f"{spec.name} has no required real or int column")


def load_fast(
    conn: sqlite3.Connection,
    spec: TableSpec,
    cols: list[str],
    idx: list[int],
    width: int,
    reader: Iterator[list[str]],
    tick: Callable[[], None],
    first_row: int = 2,
) -> bool:
    """Bulk-insert records assumed to be well formed; False if one was not (caller redoes).

    ``first_row`` is the spreadsheet row of the first record (2 under a header).

    Each record carries its field count as a last parameter; a record of the wrong width
    stores a zero-filled blob in the guard column instead of its value, which one query
    finds afterwards. A blank or short record raises IndexError in ``itemgetter``.
    """
    k = len(cols)
    p = k + 1
    g = _guard_column(spec, cols)

    def values(base: int) -> str:
        # CSV values are all text: blanks become NULL on the way in (trailing padding is
        # trimmed afterwards, only when the file shows some).
        ph = [f"nullif(?{base + i + 1},'')" for i in range(k)]
        ph[g] = (
            f"CASE WHEN ?{base + p} = {width} THEN nullif(?{base + g + 1},'') "
            f"ELSE zeroblob(?{base + p}) END"
        )
        return "(" + ",".join(ph) + ")"

    col_list = ",".join(cols)
    many = f"INSERT INTO {spec.name}({col_list}) VALUES " + ",".join(
        values(j * p) for j in range(ROWS_PER_STATEMENT)
    )
    one = f"INSERT INTO {spec.name}({col_list}) VALUES " + values(0)
    # Row numbers follow the rowid: a placeholder row just before the first record (the
    # header's row) makes the records' rowids their spreadsheet rows.
    conn.execute(f"INSERT INTO {spec.name}(row_no) VALUES (?)", (first_row - 1,))
    getter = operator.itemgetter(*idx)
    r1, r2 = tee(reader)
    rows = map(operator.add, map(getter, r1), zip(map(len, r2)))
    try:
        while chunk := list(islice(rows, CHUNK_ROWS)):
            full = len(chunk) - len(chunk) % ROWS_PER_STATEMENT
            flat = chain.from_iterable(islice(chunk, full))
            conn.executemany(many, zip(*[flat] * (p * ROWS_PER_STATEMENT), strict=False))
            conn.executemany(one, chunk[full:])
            tick()
    except IndexError:
        return False
    conn.execute(f"DELETE FROM {spec.name} WHERE row_no = ?", (first_row - 1,))
    guard = cols[g]
    bad = conn.execute(f"SELECT 1 FROM {spec.name} WHERE typeof({guard}) = 'blob' LIMIT 1")
    return bad.fetchone() is None


def _trim(conn: sqlite3.Connection, table: str, cols: list[str]) -> None:
    """Trim the text columns that hold padded values (one scan finds them).

    Only called when the raw file shows padding: the probe costs a scan per column.
    """
    probe = ", ".join(f"max(typeof({c}) = 'text' AND {c} != trim({c}))" for c in cols)
    flags = conn.execute(f"SELECT {probe} FROM {table}").fetchone()
    for c, padded in zip(cols, flags, strict=True):
        if padded:
            conn.execute(
                f"UPDATE {table} SET {c} = nullif(trim({c}), '') "
                f"WHERE typeof({c}) = 'text' AND {c} != trim({c})"
            )


def _load_slow(
    conn: sqlite3.Connection,
    spec: TableSpec,
    cols: list[str],
    idx: list[int],
    width: int,
    records: Iterable[tuple[int, list[Any]]],
    problems: _Problems,
    tick: Callable[[], None] | None = None,
    csv_mode: bool = True,
) -> int:
    """Insert numbered records one by one, skipping blank ones and reporting ragged ones."""
    # Text is trimmed and blanks become NULL; numbers from workbooks pass untouched.
    tidy = ",".join(
        f"CASE WHEN typeof(?{i}) = 'text' THEN nullif(trim(?{i}),'') ELSE ?{i} END"
        for i in range(2, len(cols) + 2)
    )
    sql = f"INSERT INTO {spec.name}(row_no,{','.join(cols)}) VALUES (?1,{tidy})"

    def rows() -> Iterator[tuple[Any, ...]]:
        for row_no, rec in records:
            if not rec or all(v is None or (isinstance(v, str) and not v.strip()) for v in rec):
                continue
            if csv_mode and len(rec) != width:
                problems.add("table.field_count", row=row_no, found=len(rec), expected=width)
                continue
            yield (row_no, *[rec[i] if i < len(rec) else None for i in idx])

    n = 0
    it = rows()
    while chunk := list(islice(it, CHUNK_ROWS)):
        conn.executemany(sql, chunk)
        n += len(chunk)
        if tick:
            tick()
    return n


# --- XLSX ---------------------------------------------------------------------------


def _load_xlsx(
    conn: sqlite3.Connection,
    spec: TableSpec,
    path: Path,
    sheet: str | None,
    problems: _Problems,
    progress: Progress | None,
    cancelled: CancelCheck,
) -> LoadResult:
    header, records = _xlsx_records(path, sheet, problems)
    if header is None:
        return LoadResult(problems=problems.finish())
    mapping = _map_header(spec, header, problems)
    if mapping is None:
        return LoadResult(problems=problems.finish())
    cols, idx, ignored = mapping

    def tick() -> None:
        if cancelled():
            raise Cancelled()

    n = _load_slow(conn, spec, cols, idx, len(header), records, problems, tick, csv_mode=False)
    if progress:
        progress(1, 1)
    _validate(conn, spec, cols, problems)
    return LoadResult(n, problems.finish(), tuple(cols), tuple(ignored))


def _xlsx_records(
    path: Path, sheet: str | None, problems: _Problems
) -> tuple[list[Any] | None, Iterator[tuple[int, list[Any]]]]:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        if sheet is None:
            ws = wb.get_sheet_by_index(0)
        elif sheet in wb.sheet_names:
            ws = wb.get_sheet_by_name(sheet)
        else:
            problems.add("table.sheet", sheet=sheet, sheets=", ".join(wb.sheet_names))
            return None, iter(())
        rows = ws.iter_rows()
        first_row = (ws.start or (0, 0))[0] + 1
        header = next(rows, None)
    except Exception as exc:  # calamine raises its own error types
        problems.add("table.xlsx", error=exc)
        return None, iter(())
    if not header or not any(str(h).strip() for h in header):
        problems.add("table.empty")
        return None, iter(())
    records = ((n, [_cell(v) for v in rec]) for n, rec in enumerate(rows, first_row + 1))
    return list(header), records


def _cell(value: Any) -> Any:
    """A workbook cell as SQLite takes it: whole floats as ints, dates as ISO text."""
    if isinstance(value, float) and value.is_integer() and abs(value) < MAX_EXACT:
        return int(value)
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


# --- validation ---------------------------------------------------------------------

_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:([,\u00a0\u202f' ])\d{3})(?:\1\d{3})*(?:\.\d+)?")
_VINTAGE = re.compile(r"(\d{4})(?:\s*[-–—/~]\s*(\d{4}))?")


def parse_number(text: str) -> float | None:
    """A number as people type it: spaces, full-width digits, thousands separators."""
    s = unicodedata.normalize("NFKC", text).strip()
    if _THOUSANDS.fullmatch(s):
        s = re.sub(r"[,\u00a0\u202f' ]", "", s)
    try:
        value = float(s)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_date(text: str) -> str | None:
    """An ISO date from ``2025-03-14``, ``2025/3/14``, ``2025.03.14`` or a date-time."""
    s = unicodedata.normalize("NFKC", str(text)).strip()
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?", s)
    if not m:
        return None
    if not MIN_YEAR <= int(m[1]) <= MAX_YEAR:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


def parse_vintage(text: object) -> str | None:
    """``2022`` or ``2021-2022`` (en dash, slash and tilde accepted)."""
    s = unicodedata.normalize("NFKC", str(text)).strip()
    if s.endswith(".0"):
        s = s[:-2]
    m = _VINTAGE.fullmatch(s)
    if not m:
        return None
    if m[2] is None:
        return m[1]
    if int(m[2]) < int(m[1]):
        return None
    return m[1] if m[1] == m[2] else f"{m[1]}-{m[2]}"


_VINTAGE_OK = (
    "typeof({c}) != 'text' OR NOT ({c} GLOB '[0-9][0-9][0-9][0-9]' "
    "OR {c} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]')"
)


def _repairs(col: Column) -> list[tuple[str, Callable[[Any], tuple[Any, str | None]]]]:
    """(condition selecting cells to repair or report, fixer) for one column."""
    if col.kind == "real":
        return [("typeof({c}) NOT IN ('real','integer','null')", _number_fixer(col))]
    if col.kind == "int":
        return [("typeof({c}) NOT IN ('integer','null')", _int_fixer)]
    if col.kind == "bool":
        return [("typeof({c}) = 'text' OR {c} NOT IN (0, 1)", _bool_fixer)]
    if col.kind == "date":
        # date() with a modifier normalises 2024-02-30 to 2024-03-01, so it shows up here.
        return [
            (
                "{c} IS NOT date({c}, '+0 days') "
                f"OR {{c}} < '{MIN_YEAR}' OR {{c}} >= '{MAX_YEAR + 1}'",
                _date_fixer,
            )
        ]
    if col.kind == "vintage":
        return [(_VINTAGE_OK, _vintage_fixer)]
    if col.choices:
        allowed = ",".join(f"'{v}'" for v in col.choices)
        return [("{c} NOT IN (" + allowed + ")", _choice_fixer(col))]
    return []


def _checks(col: Column) -> list[tuple[str, str]]:
    """(condition of a bad cell, message key) checked after the repairs."""
    out = []
    if col.kind == "real":
        # SQLite's affinity reads "1e999" as infinity: refuse it and absurd magnitudes.
        out.append((f"abs({{c}}) > {MAX_MAGNITUDE:.0e}", "value.out_of_range"))
    if col.kind == "real" and col.non_negative:
        out.append(("{c} < 0", "value.negative"))
    if col.kind == "int" and col.choices:
        out.append(
            (
                f"typeof({{c}}) = 'integer' AND {{c}} NOT IN ({','.join(col.choices)})",
                "value.not_in",
            )
        )
    if col.required:
        out.append(("{c} IS NULL", "value.empty"))
    return out


def _probe(conn: sqlite3.Connection, table: str, conditions: list[str]) -> list[bool]:
    """Which of ``conditions`` hold for some row: one scan of the table for all of them."""
    if not conditions:
        return []
    exprs = ", ".join(f"max(coalesce({cond}, 0))" for cond in conditions)
    return [bool(v) for v in conn.execute(f"SELECT {exprs} FROM {table}").fetchone()]


def _conditions(
    spec: TableSpec, cols: list[str]
) -> tuple[list[tuple[Column, str, Any]], list[tuple[Column, str, str]], list[str]]:
    """The repairable and the reportable conditions of the columns, and the repairs' SQL."""
    columns = [spec.column(name) for name in cols]
    repairs = [
        (col, cond.format(c=col.name), fix) for col in columns for cond, fix in _repairs(col)
    ]
    checks = [(col, cond.format(c=col.name), key) for col in columns for cond, key in _checks(col)]
    repair_conds = [f"({c.name} IS NOT NULL AND ({cond}))" for c, cond, _f in repairs]
    return repairs, checks, repair_conds


def is_clean(conn: sqlite3.Connection, spec: TableSpec, cols: list[str]) -> bool:
    """Whether every value of the table is valid as it stands: one scan, no repairs."""
    _fixes, checks, repair_conds = _conditions(spec, cols)
    any_bad = " OR ".join(repair_conds + [f"({cond})" for _c, cond, _k in checks])
    return not any_bad or (
        conn.execute(f"SELECT 1 FROM {spec.name} WHERE {any_bad} LIMIT 1").fetchone() is None
    )


def _validate(
    conn: sqlite3.Connection,
    spec: TableSpec,
    cols: list[str],
    problems: _Problems,
    clean: bool = False,
):
    """Repair what can be repaired, report the rest; a single scan when the table is clean.

    ``clean`` says the scan was already made (each half of a split load scans itself).
    """
    t = spec.name
    repairs, checks, repair_conds = _conditions(spec, cols)
    bad = not (clean or is_clean(conn, spec, cols))
    flags = _probe(conn, t, repair_conds) if bad else [False] * len(repairs)
    for (col, cond, fix), flagged in zip(repairs, flags, strict=True):
        if flagged:
            _fix_values(conn, t, col, problems, cond, fix)
    flags = _probe(conn, t, [cond for _c, cond, _k in checks]) if bad else [False] * len(checks)
    for (col, cond, key), flagged in zip(checks, flags, strict=True):
        if not flagged:
            continue
        for row_no, v in conn.execute(
            f"SELECT row_no, {col.name} FROM {t} WHERE {cond} ORDER BY row_no LIMIT {MAX_PROBLEMS}"
        ):
            problems.add(key, row_no, col.name, value=_fmt(v), allowed="/".join(col.choices))
    if spec.unique and spec.unique in cols:
        u = spec.unique
        for value, rows in conn.execute(
            f"SELECT {u}, group_concat(row_no) FROM (SELECT {u}, row_no FROM {t} ORDER BY row_no)"
            f" WHERE {u} IS NOT NULL GROUP BY {u} HAVING count(*) > 1 LIMIT {MAX_PROBLEMS}"
        ):
            first, *later = (int(r) for r in str(rows).split(","))
            for row_no in later:
                problems.add("table.duplicate_id", row_no, u, value=value, first=first)


def _fix_values(
    conn: sqlite3.Connection,
    table: str,
    col: Column,
    problems: _Problems,
    where: str,
    fixer: Callable[[Any], tuple[Any, str | None]],
) -> None:
    """Repair the cells ``where`` selects with ``fixer``, or report them."""
    c = col.name
    bad = conn.execute(
        f"SELECT row_no, {c} FROM {table} WHERE {c} IS NOT NULL AND ({where}) ORDER BY row_no"
    ).fetchall()
    updates = []
    for row_no, value in bad:
        fixed, error = fixer(value)
        if error:
            problems.add(error, row_no, c, value=_fmt(value), allowed="/".join(col.choices))
        else:
            updates.append((fixed, row_no))
    conn.executemany(f"UPDATE {table} SET {c} = ? WHERE row_no = ?", updates)


def _fmt(value: Any) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def _number_fixer(col: Column) -> Callable[[Any], tuple[Any, str | None]]:
    def fix(value: Any) -> tuple[Any, str | None]:
        if isinstance(value, float) and not math.isfinite(value):
            return None, "value.not_finite"
        if not isinstance(value, str):
            return None, "value.not_number"
        number = parse_number(value)
        if number is None:
            lowered = value.strip().lower()
            if lowered in ("nan", "inf", "-inf", "infinity", "-infinity"):
                return None, "value.not_finite"
            return None, "value.not_number"
        return number, None

    return fix


def _int_fixer(value: Any) -> tuple[Any, str | None]:
    number = parse_number(value) if isinstance(value, str) else value
    if isinstance(number, float) and abs(number) > MAX_MAGNITUDE:
        return None, "value.out_of_range"
    if isinstance(number, float) and number.is_integer():
        return int(number), None
    return None, "value.not_integer"


def _bool_fixer(value: Any) -> tuple[Any, str | None]:
    word = str(value).strip().casefold()
    if word in TRUE_WORDS:
        return 1, None
    if word in FALSE_WORDS:
        return 0, None
    return None, "value.not_bool"


def _date_fixer(value: Any) -> tuple[Any, str | None]:
    fixed = parse_date(value)
    return (fixed, None) if fixed else (None, "value.not_date")


def _vintage_fixer(value: Any) -> tuple[Any, str | None]:
    fixed = parse_vintage(value)
    return (fixed, None) if fixed else (None, "value.not_vintage")


def _choice_fixer(col: Column) -> Callable[[Any], tuple[Any, str | None]]:
    aliases = {k.casefold(): v for k, v in col.choice_aliases}

    def fix(value: Any) -> tuple[Any, str | None]:
        word = str(value).strip().casefold()
        if word in col.choices:
            return word, None
        if word in aliases:
            return aliases[word], None
        return None, "value.not_in"

    return fix
