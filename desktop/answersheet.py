"""Answer sheets for site visits: export the applicable items to CSV/XLSX, merge answers back.

Columns, in the order a verifier on site reads them::

    checklist, ref, text, text_zh, guidance, computed,
    response, override_reason, note, evidence, engagement, engagement_key

``computed`` shows what an item's automatic check found: the suggested response and the
check's message, in the user's language. ``engagement`` (the subject id) and
``engagement_key`` (a stable id of the engagement file, :func:`engagement_key`) bind the
sheet to the engagement it came from; an XLSX sheet repeats them on a second sheet,
``about``. ``text``, ``text_zh``, ``guidance``, ``computed`` and ``engagement`` are
read-only: import ignores them.

Import reads ``checklist``, ``ref``, ``response``, ``override_reason``, ``note``,
``evidence`` (relative paths, ``;``-separated) and ``engagement_key``:

* a row whose ``engagement_key`` is not the open engagement's is refused, so a sheet
  exported from one client's engagement never merges into another's (a sheet without the
  column, from an older export, is accepted when its items are valid);
* responses may be written in English or as 符合 / 不符合 / 不適用 / 未答;
* an answer that departs from the computed suggestion needs a reason: ``override_reason``,
  else the item's stored reason when the response is unchanged, else ``note``;
* a blank response keeps the item's response; a note, evidence or reason written beside it
  is still recorded (an item never answered is recorded as ``open``, i.e. unanswered), so
  nothing the verifier wrote is dropped;
* an item may appear on one row only.

Unknown items, invalid responses and rows of another engagement are refused with their row;
the merge is one transaction, and :func:`import_sheet` returns how many items changed.

Cells are always written as text: an XLSX cell is never a formula, and a CSV cell that a
spreadsheet would run as one (it starts with ``= + - @``, a tab or a carriage return) is
prefixed with ``'`` (OWASP's advice on CSV injection). Import removes exactly that one
``'`` again, so a round trip returns the verifier's text unchanged.
"""

from __future__ import annotations

import csv
import hashlib
import sqlite3
from pathlib import Path
from typing import Any

from desktop.checklist import (
    RESPONSE_ALIASES,
    Answer,
    ItemState,
    answer_many,
    item_states,
    normalise_response,
)
from desktop.csvsafe import csv_escape, csv_unescape
from desktop.dossier.tables import header_key
from desktop.dossier.textfile import detect_delimiter, detect_encoding, read_first_line
from desktop.errors import InputError, MessageError, Problem
from desktop.i18n import current_language, tr
from desktop.rules import CheckResult
from desktop.store.db import Engagement

COLUMNS = (
    "checklist",
    "ref",
    "text",
    "text_zh",
    "guidance",
    "computed",
    "response",
    "override_reason",
    "note",
    "evidence",
    "engagement",
    "engagement_key",
)
READ = (
    "checklist",
    "ref",
    "response",
    "override_reason",
    "note",
    "evidence",
    "engagement",
    "engagement_key",
)
CONTENT = ("checklist", "ref", "response", "override_reason", "note", "evidence")
"""The columns that make a row worth reading (the engagement columns alone do not)."""

ABOUT = "about"
_ZH_RESPONSE = {v: k for k, v in RESPONSE_ALIASES.items() if not k.isascii()}
_WIDTHS = {
    "checklist": 24,
    "ref": 26,
    "text": 60,
    "text_zh": 40,
    "guidance": 50,
    "computed": 50,
    "response": 16,
    "override_reason": 36,
    "note": 40,
    "evidence": 30,
    "engagement": 20,
    "engagement_key": 18,
}
_WRAP = ("text", "text_zh", "guidance", "computed")


def engagement_key(conn: sqlite3.Connection) -> str:
    """A stable id of this engagement file: the imported dossier's hash and import time."""
    sha, imported_at = conn.execute("SELECT dossier_sha256, imported_at FROM engagement").fetchone()
    return hashlib.sha256(f"{sha or ''}|{imported_at or ''}".encode()).hexdigest()[:16]


def _subject(conn: sqlite3.Connection) -> str:
    return conn.execute("SELECT subject_id FROM engagement").fetchone()[0] or ""


def computed_text(state: ItemState, lang: str | None = None) -> str:
    """What the item's automatic check found, for the ``computed`` column ("" without one)."""
    if state.check is None:
        return ""
    lang = lang or current_language()
    suggested = state.suggested
    if suggested is None:  # a warning: the judgement is the verifier's
        label = tr("sheet.computed_judgement", lang)
    elif lang == "zh-TW":
        label = _ZH_RESPONSE.get(suggested, suggested)
    else:
        label = suggested
    message = state.check.message_in(lang)
    if not message:
        return label
    return f"{label}{'：' if lang == 'zh-TW' else ': '}{message}"  # whole: tr() would clip it


def export_sheet(eng: Engagement, out: Path, results: list[CheckResult]) -> int:
    """Write every applicable item with its current answer; returns the number of rows."""
    subject, key = _subject(eng.conn), engagement_key(eng.conn)
    lang = current_language()
    rows = []
    for s in item_states(eng.conn, results):
        rows.append(
            [
                s.checklist.id,
                s.item.ref,
                s.item.text,
                s.item.text_zh,
                s.item.guidance,
                computed_text(s, lang),
                s.response or "",
                s.override_reason or "",
                s.note or "",
                ";".join(s.evidence),
                subject,
                key,
            ]
        )
    if out.suffix.lower() == ".xlsx":
        title = eng.conn.execute("SELECT title FROM engagement").fetchone()[0] or ""
        _write_xlsx(out, rows, [("engagement", subject), ("title", title), ("engagement_key", key)])
    else:
        with open(out, "w", encoding="utf-8-sig", newline="") as f:  # BOM: Excel reads CJK
            w = csv.writer(f)
            w.writerow(COLUMNS)
            w.writerows([[csv_escape(v) for v in row] for row in rows])
    return len(rows)


def _write_xlsx(out: Path, rows: list[list[str]], about: list[tuple[str, str]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "answers"
    _text_row(ws, 1, COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        _text_row(ws, r, row)
    letter = {name: get_column_letter(i) for i, name in enumerate(COLUMNS, start=1)}
    for name, width in _WIDTHS.items():
        ws.column_dimensions[letter[name]].width = width
    wrap = [COLUMNS.index(name) for name in _WRAP]
    for row in ws.iter_rows(min_row=2):
        for i in wrap:
            row[i].alignment = Alignment(wrap_text=True, vertical="top")
    choices = DataValidation(
        type="list",
        formula1='"conforms,nonconformity,not-applicable,open,符合,不符合,不適用,未答"',
        allow_blank=True,
    )
    ws.add_data_validation(choices)
    col = letter["response"]
    choices.add(f"{col}2:{col}{len(rows) + 1}")
    ws.freeze_panes = "C2"

    info = wb.create_sheet(ABOUT)
    for r, pair in enumerate(about, start=1):
        _text_row(info, r, pair)
        info.cell(r, 1).font = Font(bold=True)
    info.column_dimensions["A"].width = 18
    info.column_dimensions["B"].width = 60
    wb.save(out)


def _text_row(ws: Any, r: int, values: Any) -> None:
    """Write ``values`` into row ``r`` as text cells: never a formula, whatever they start with."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for c, value in enumerate(values, start=1):
        cell = ws.cell(r, c)
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
        cell.data_type = "s"
        cell.number_format = "@"  # typed-in text stays text in Excel too


def read_sheet(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(spreadsheet row, {column: value}) for every non-blank row of a CSV or XLSX sheet.

    Every column of ``READ`` is in the dict; ``engagement`` and ``engagement_key`` are None
    when the sheet has no such column (an older export).
    """
    return _load(path)[0]


def _load(path: Path) -> tuple[list[tuple[int, dict[str, Any]]], dict[str, str]]:
    """The sheet's rows (as :func:`read_sheet`) and an XLSX's ``about`` {name: value}."""
    label = path.name
    is_csv = path.suffix.lower() not in (".xlsx", ".xlsm")
    about: dict[str, str] = {}
    if not is_csv:
        from python_calamine import CalamineWorkbook

        wb = CalamineWorkbook.from_path(str(path))
        names = wb.sheet_names
        first = wb.get_sheet_by_name("answers") if "answers" in names else wb.get_sheet_by_index(0)
        sheet = first.to_python()
        if ABOUT in names:
            for pair in wb.get_sheet_by_name(ABOUT).to_python():
                if len(pair) >= 2:
                    about[_cell(pair, 0)] = _cell(pair, 1)
        header, body = (sheet[0] if sheet else []), sheet[1:]
    else:
        encoding = detect_encoding(path)
        if encoding is None:
            raise InputError(Problem("table.encoding", file=label))
        delim = detect_delimiter(read_first_line(path, encoding))
        with open(path, encoding=encoding, newline="") as f:
            table = list(csv.reader(f, delimiter=delim))
        header, body = (table[0] if table else []), table[1:]
    found = {header_key(_cell(header, i, is_csv)): i for i in range(len(header))}
    index = {c: found[header_key(c)] for c in READ if header_key(c) in found}
    missing = [c for c in ("checklist", "ref", "response") if c not in index]
    if missing:
        raise InputError(
            [Problem("sheet.missing_column", file=label, params={"name": m}) for m in missing]
        )
    out = []
    for n, row in enumerate(body, start=2):
        values: dict[str, Any] = {c: _cell(row, index.get(c), is_csv) for c in READ}
        for c in ("engagement", "engagement_key"):
            if c not in index:
                values[c] = None
        if any(values[c] for c in CONTENT):
            out.append((n, values))
    return out, about


def _cell(row: list[Any], i: int | None, is_csv: bool = False) -> str:
    if i is None or i >= len(row) or row[i] is None:
        return ""
    v = row[i]
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    text = str(v).strip()
    return csv_unescape(text).strip() if is_csv else text


def import_sheet(eng: Engagement, path: Path, results: list[CheckResult], *, author: str) -> int:
    """Merge a filled sheet; returns the number of items that changed. All or nothing."""
    label = path.name
    states = item_states(eng.conn, results)
    known = {s.key: s for s in states}
    known_evidence = {p for (p,) in eng.conn.execute("SELECT path FROM evidence")}
    open_key, open_subject = engagement_key(eng.conn), _subject(eng.conn)
    problems: list[Problem] = []
    answers: list[Answer] = []
    seen: dict[tuple[str, str], int] = {}

    def bad(key: str, row: int | None, column: str | None, **params: object) -> None:
        problems.append(Problem(key, file=label, row=row, column=column, params=params))

    rows, about = _load(path)
    if about.get("engagement_key") and about["engagement_key"] != open_key:
        problems.append(
            Problem(
                "sheet.other_engagement",
                file=label,
                where=ABOUT,
                params=_other(
                    about["engagement_key"], about.get("engagement"), open_key, open_subject
                ),
            )
        )
    for row, v in rows:
        if v["engagement_key"] is not None and v["engagement_key"] != open_key:
            bad(
                "sheet.other_engagement",
                row,
                "engagement_key",
                **_other(v["engagement_key"], v["engagement"], open_key, open_subject),
            )
            continue
        item = (v["checklist"], v["ref"])
        state = known.get(item)
        if state is None:
            bad("sheet.unknown_item", row, "ref", checklist=v["checklist"], ref=v["ref"])
            continue
        if item in seen:
            bad(
                "sheet.duplicate_item", row, "ref", checklist=item[0], ref=item[1], first=seen[item]
            )
            continue
        seen[item] = row
        note = v["note"] or None
        given_reason = v["override_reason"] or None
        if v["response"]:
            try:
                response = normalise_response(v["response"])
            except MessageError:
                bad("checklist.bad_response", row, "response", value=v["response"])
                continue
        elif note or v["evidence"] or given_reason:
            # a note (or evidence, or a reason) beside a blank response: keep the response
            # as it was and record what was written; never answered → recorded as open
            response = state.response or "open"
        else:
            continue  # nothing written: the item stays as it was
        suggested = state.suggested
        departs = bool(suggested) and response not in (suggested, "open")
        reason = (
            given_reason
            or (state.override_reason if response == state.response else None)
            or (note if departs else None)
        )
        if departs and not reason:
            bad("sheet.override_note", row, "response", suggested=suggested)
            continue
        evidence = [p.strip() for p in v["evidence"].split(";") if p.strip()]
        for p in evidence:
            if p not in known_evidence:
                bad("checklist.unknown_evidence", row, "evidence", path=p)
        answers.append(
            Answer(
                state.checklist.id,
                state.item.ref,
                response,
                note,
                evidence if v["evidence"] else None,
                reason,
            )
        )
    if problems:
        raise InputError(problems)
    before = {s.key: _snapshot(s) for s in states}
    done = answer_many(eng, answers, actor=author, states=states)
    return len({s.key for s in done if _snapshot(s) != before[s.key]})


def _snapshot(s: ItemState) -> tuple[Any, ...]:
    return (s.response, s.note, tuple(s.evidence), s.override_reason)


def _other(key: str, subject: str | None, open_key: str, open_subject: str) -> dict[str, object]:
    return {
        "sheet_key": key or None,
        "subject": subject or None,
        "open_key": open_key,
        "open_subject": open_subject,
    }
