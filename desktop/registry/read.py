"""Read a registry export (CSV or XLSX, exactly as downloaded) into normalised records.

The layout is recognised by its header row (:mod:`desktop.registry.formats`); the text
encoding and delimiter are told as for the dossier's tables
(:mod:`desktop.dossier.textfile`), numbers are read with thousands separators
(:func:`desktop.dossier.bulk.parse_number`). Serials are parsed by the rules engine's
parser, so a registry block and a claimed block of the same series compare unit for unit.

Records (one row per export row, ``row_no`` as a spreadsheet shows it): ``export``,
``row_no``, ``registry``, ``serial``, ``parsed``, ``key`` (numbering series), ``start``,
``end``, ``quantity``, ``status`` (``retired`` / ``cancelled`` / ``issued``),
``status_date`` (ISO), ``beneficiary``, ``details`` (free text: details, reason, account),
``vintage`` (``2021`` or ``2021-2022``), ``project_id``, ``ccp`` and ``ca`` (True, False, or
None where the export says nothing).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from desktop.dossier.bulk import parse_number, parse_vintage
from desktop.dossier.textfile import detect_delimiter, detect_sample_encoding
from desktop.errors import InputError, Problem

from .formats import Layout, Match, find_header, flag_word

XLSX_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
MAX_PROBLEMS = 20
COLUMNS = (
    "export", "row_no", "registry", "serial", "parsed", "key", "start", "end", "quantity",
    "status", "status_date", "beneficiary", "details", "vintage", "project_id", "ccp", "ca",
)


@dataclass(frozen=True, eq=False)
class RegistryExport:
    """One export file read: its registry, header row and normalised records."""

    name: str
    registry: str
    header_row: int  # 1-based row of the header
    records: pd.DataFrame
    ignored: tuple[str, ...] = ()

    @property
    def rows(self) -> int:
        return len(self.records)


def is_export_name(name: str) -> bool:
    return name.lower().endswith(TEXT_SUFFIXES + XLSX_SUFFIXES)


def read_export(source: str | Path | bytes, name: str | None = None) -> RegistryExport:
    """Read an export from a path or its bytes (``name`` labels it in messages and picks
    CSV or XLSX by suffix). Raises :class:`InputError` naming file, row and column."""
    if isinstance(source, bytes):
        data, label = source, name or "export"
    else:
        path = Path(source)
        data, label = path.read_bytes(), name or path.name
    if not is_export_name(label):
        raise InputError(Problem("registry.suffix", file=label))
    if label.lower().endswith(XLSX_SUFFIXES):
        rows, first_row = _xlsx_rows(data, label)
        text = delim = None
    else:
        text, delim = _decode(data, label)
        head = "\n".join(text[: 1 << 16].splitlines()[:5])
        rows, first_row = list(csv.reader(io.StringIO(head), delimiter=delim)), 1
    found = find_header(rows)
    if found is None:
        shown = next((r for r in rows[:5] if any(str(c).strip() for c in r)), [])
        header = ", ".join(str(c).strip() for c in shown if str(c).strip())[:300] or "—"
        raise InputError(Problem("registry.unrecognised", file=label, params={"header": header}))
    at, match = found
    wanted = set(match.index.values())
    first = first_row + at + 1  # the first body row as a spreadsheet numbers it
    body = None
    if text is not None:
        body = _csv_body(text, delim, at, wanted, first)
        if body is None:  # ragged or oddly quoted: the csv module, record by record
            rows = _csv_rows(text, delim, label)
    columns, row_no = body if body is not None else _body(rows[at + 1:], wanted, first)
    records = _normalise(label, match, rows[at], columns, row_no)
    return RegistryExport(label, match.layout.registry, first_row + at, records, match.ignored)


# --- raw rows ---------------------------------------------------------------------------


def _decode(data: bytes, label: str) -> tuple[str, str]:
    """The text of a CSV export and its delimiter (the one most of the first lines use)."""
    encoding = detect_sample_encoding(data[: 1 << 16], len(data) > 1 << 16)
    if encoding is None:
        raise InputError(Problem("table.encoding", file=label))
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(Problem("table.decode", file=label,
                                 params={"encoding": encoding, "offset": exc.start})) from None
    text = text.removeprefix("\ufeff")
    head = text[:8192].splitlines()[:5]
    delims = [detect_delimiter(line) for line in head if line.strip()]
    return text, max(set(delims), key=delims.count) if delims else ","


def _csv_rows(text: str, delim: str, label: str) -> list[list[object]]:
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    except csv.Error as exc:
        raise InputError(Problem("table.csv", file=label, params={"error": exc})) from None


def _csv_body(text: str, delim: str, at: int, wanted: set[int], first: int
              ) -> tuple[dict[int, tuple[str, ...]], list[int]] | None:
    """The wanted columns of a CSV body with pandas' C parser (a million rows in seconds,
    not tens of seconds); ``None`` when it refuses the file (ragged records, quotes)."""
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=delim, header=None, skiprows=at + 1, dtype=str,
            keep_default_na=False, na_filter=False, skip_blank_lines=False, engine="c",
            usecols=sorted(wanted),
        ).fillna("")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error):
        return None
    if frame.shape[1] != len(wanted):
        return None  # a record shorter than the header where a wanted column is
    cols = {i: tuple(map(str.strip, frame[i].tolist())) for i in wanted}
    keep = np.flatnonzero(np.logical_or.reduce([np.array(c, dtype=object) != ""
                                                for c in cols.values()]))
    if len(keep) < len(frame):
        cols = {i: tuple(c[k] for k in keep) for i, c in cols.items()}
    return cols, (first + keep).tolist()


def _xlsx_rows(data: bytes, label: str) -> tuple[list[list[object]], int]:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        ws = wb.get_sheet_by_index(0)
        first = (ws.start or (0, 0))[0] + 1
        rows = [[_cell(v) for v in row] for row in ws.to_python(skip_empty_area=False)]
    except Exception as exc:  # calamine raises its own error types
        raise InputError(Problem("table.xlsx", file=label, params={"error": exc})) from None
    return rows, first if first else 1


def _cell(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


# --- normalisation ----------------------------------------------------------------------


def _columns(body: list[list[str]], wanted: set[int]) -> dict[int, tuple[str, ...]]:
    """The wanted columns of the body, stripped (a transpose in C); ragged rows are padded
    with blanks. Cells are text (CSV fields, or workbook cells through :func:`_cell`)."""
    width = max(wanted) + 1
    if any(len(r) < width for r in body):
        body = [r if len(r) >= width else [*r, *[""] * (width - len(r))] for r in body]
    cols = list(zip(*body, strict=False)) if body else [()] * width
    return {i: tuple(map(str.strip, cols[i])) for i in wanted}


def _body(body: list[list[object]], wanted: set[int], first: int
          ) -> tuple[dict[int, tuple[str, ...]], list[int]]:
    """The wanted columns of the non-blank body rows, and their row numbers."""
    keep = [n for n, r in enumerate(body) if any(r) and any(str(c).strip() for c in r)]
    return _columns([body[n] for n in keep], wanted), [first + n for n in keep]


def _normalise(label: str, match: Match, header: list[object],
               columns: dict[int, tuple[str, ...]], row_no: list[int]) -> pd.DataFrame:
    from desktop.rules.serials import parse_serials

    layout, idx = match.layout, match.index
    blank = ("",) * len(row_no)
    col = {f: columns[idx[f]] if f in idx else blank for f in layout.columns}
    for f in ("beneficiary", "details", "reason", "account", "project_id"):  # free text
        if f in idx:
            col[f] = tuple(" ".join(v.split()) if "  " in v or "\n" in v else v for v in col[f])
    problems: list[Problem] = []
    names = {f: " ".join(str(header[i]).split()) for f, i in idx.items()}  # for messages
    n = len(row_no)
    parsed = parse_serials(col["serial"], [layout.scheme] * n)
    quantity = _quantities(col["quantity"], row_no, label, names.get("quantity"), problems)
    status_date = _dates(col["status_date"], layout, row_no, label,
                         names.get("status_date"), problems)
    if problems:
        raise InputError(_capped(problems, label))
    status = _status(layout, idx, col, status_date)
    vintage = _vintages(layout, col, label, row_no, names, problems)
    if problems:
        raise InputError(_capped(problems, label))
    details = [
        " ".join(x for x in parts if x)
        for parts in zip(col["details"], col.get("reason", [""] * n),
                         col.get("account", [""] * n), strict=True)
    ] if n else []
    return pd.DataFrame(
        {
            "export": [label] * n,
            "row_no": np.array(row_no, dtype=np.int64),
            "registry": [layout.registry] * n,
            "serial": parsed["normalised"],
            "parsed": parsed["parsed"],
            "key": parsed["key"],
            "start": parsed["start"],
            "end": parsed["end"],
            "quantity": quantity,
            "status": status,
            "status_date": status_date,
            "beneficiary": [b or None for b in col["beneficiary"]] if "beneficiary" in col
            else [None] * n,
            "details": [d or None for d in details],
            "vintage": vintage,
            "project_id": [p or None for p in col["project_id"]],
            "ccp": np.array(_flags(col, idx, "ccp", ("CCP",)), dtype=object),
            "ca": np.array(_flags(col, idx, "ca", ("CORRESPONDING ADJUSTMENT", "ARTICLE 6")),
                           dtype=object),
        },
        columns=list(COLUMNS),
    )


def _capped(problems: list[Problem], label: str) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    more = Problem("table.more", params={"count": len(problems) - MAX_PROBLEMS, "file": label})
    return [*problems[:MAX_PROBLEMS], more]


def _quantities(values: list[str], row_no: list[int], label: str, column: str | None,
                problems: list[Problem]) -> np.ndarray:
    codes, uniques = pd.factorize(pd.Series(values, dtype=object))
    parsed = np.array([parse_number(u) if u else np.nan for u in uniques] + [np.nan],
                      dtype=float)  # (None → NaN)
    out = parsed[codes]
    for i in np.flatnonzero(np.isnan(out)):
        if values[i]:
            problems.append(Problem("registry.quantity", file=label, row=row_no[i],
                                    column=column, params={"value": values[i]}))
    with np.errstate(invalid="ignore"):
        bad = np.flatnonzero(~np.isnan(out) & ((out < 0) | (out != np.floor(out))))
    for i in bad:
        problems.append(Problem("registry.quantity", file=label, row=row_no[i], column=column,
                                params={"value": values[i]}))
    return out


_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?")
_SLASHED = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,].*)?")
_WORDY = ("%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y", "%d-%b-%Y", "%b %d %Y")
_ROC = re.compile(r"(\d{2,3})[/.-](\d{1,2})[/.-](\d{1,2})")  # 民國 113/03/14


def parse_export_date(text: str, day_first: bool | None) -> str | None:
    """An ISO date from a registry's date cell; ``None`` when it cannot be read.

    ISO first (``2025-03-14``, with or without a time); ``14/03/2025`` is day first for
    Verra, ``03/14/2025`` month first (US) for ACR and CAR; ``Mar 14, 2025``; Taiwan's
    Minguo years (``113/03/14`` = 2024-03-14).
    """
    s = unicodedata.normalize("NFKC", text).strip()
    if not s:
        return None
    try:
        if m := _ISO.fullmatch(s):
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        if m := _SLASHED.fullmatch(s):
            a, b, y = int(m[1]), int(m[2]), int(m[3])
            if day_first is None:  # no stated order: only an unambiguous date
                if a > 12 >= b:
                    day_first = True
                elif b > 12 >= a:
                    day_first = False
                else:
                    return None
            d, mo = (a, b) if day_first else (b, a)
            return date(y, mo, d).isoformat()
        if m := _ROC.fullmatch(s):
            return date(int(m[1]) + 1911, int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None
    head = s.split(" ")
    for fmt in _WORDY:
        for cut in (len(head), 3):
            try:
                return datetime.strptime(" ".join(head[:cut]), fmt).date().isoformat()
            except ValueError:
                continue
    return None


def _dates(values: list[str], layout: Layout, row_no: list[int], label: str,
           column: str | None, problems: list[Problem]) -> list[str | None]:
    codes, uniques = pd.factorize(pd.Series(values, dtype=object))
    parsed = [parse_export_date(u, layout.day_first) for u in uniques]
    out = [parsed[c] if c >= 0 else None for c in codes]
    for i, (text, got) in enumerate(zip(values, out, strict=True)):
        if text and got is None:
            problems.append(Problem("registry.date", file=label, row=row_no[i], column=column,
                                    params={"value": text}))
    return out


def _status(layout: Layout, idx: dict[str, int], col: dict[str, list[str]],
            dates: list[str | None]) -> list[str]:
    if "status" in idx:
        return [_status_word(s, d) for s, d in zip(col["status"], dates, strict=True)]
    retired_report = layout.registry == "Verra" or any(f in idx for f in layout.retirement_report)
    dated = "retired" if retired_report else "cancelled"
    return [dated if d else "issued" for d in dates]


def _status_word(text: str, dated: str | None) -> str:
    t = text.casefold()
    if "retir" in t or "註銷" in t:
        return "retired"
    if "cancel" in t or "取消" in t or "作廢" in t:
        return "cancelled"
    return "issued"


def _vintages(layout: Layout, col: dict[str, list[str]], label: str, row_no: list[int],
              names: dict[str, str], problems: list[Problem]) -> list[str | None]:
    if "vintage" in col and any(col["vintage"]):
        codes, uniques = pd.factorize(pd.Series(col["vintage"], dtype=object))
        found = [parse_vintage(u) if u else None for u in uniques]
        return [found[c] if c >= 0 else None for c in codes]
    if "vintage_end" in col:
        pairs = pd.Series(list(zip(col.get("vintage_start", col["vintage_end"]),
                                   col["vintage_end"], strict=True)), dtype=object)
        codes, uniques = pd.factorize(pairs)
        found: list[str | None] = []
        for s, e in uniques:
            ys = parse_export_date(s, layout.day_first) if s else None
            ye = parse_export_date(e, layout.day_first) if e else None
            if ye is None:
                found.append(None)
            elif ys is None or ys[:4] == ye[:4]:
                found.append(ye[:4])
            else:
                found.append(f"{ys[:4]}-{ye[:4]}")
        return [found[c] if c >= 0 else None for c in codes]
    return [None] * len(row_no)


def _flags(col: dict[str, list[str]], idx: dict[str, int], field: str,
           words: tuple[str, ...]) -> list[bool | None]:
    """A label per row: its own column (``CCP``, ``Corresponding Adjustment``, ``Article Six
    Authorization``) where present, else found in the labels column (``Additional
    Certifications``: present → True, absent → False); None where the export says nothing."""
    own = [field] + (["article6"] if field == "ca" else [])
    for f in own:
        if f in idx:
            return [flag_word(v) for v in col[f]]
    if "labels" in idx:
        return [any(w in v.upper() for w in words) for v in col["labels"]]
    return [None] * len(next(iter(col.values()), []))
