"""Answer sheets for site visits: export the applicable items to CSV/XLSX, merge answers back.

Columns (design §7): ``checklist, ref, text, text_zh, guidance, response, note,
evidence``. Import reads ``checklist``, ``ref``, ``response``, ``note`` and ``evidence``
(relative paths, ``;``-separated) and ignores the rest; responses may be written in
English or as 符合 / 不符合 / 不適用 / 未答; a blank response leaves the item as it was.
Unknown items and invalid responses are refused with their row; the merge is one
transaction.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from desktop.checklist import Answer, answer_many, item_states, normalise_response
from desktop.dossier.tables import header_key
from desktop.dossier.textfile import detect_delimiter, detect_encoding, read_first_line
from desktop.errors import InputError, MessageError, Problem
from desktop.rules import CheckResult
from desktop.store.db import Engagement

COLUMNS = ("checklist", "ref", "text", "text_zh", "guidance", "response", "note", "evidence")
READ = ("checklist", "ref", "response", "note", "evidence")


def export_sheet(eng: Engagement, out: Path, results: list[CheckResult]) -> int:
    """Write every applicable item with its current answer; returns the number of rows."""
    rows = []
    for s in item_states(eng.conn, results):
        rows.append(
            [
                s.checklist.id,
                s.item.ref,
                s.item.text,
                s.item.text_zh,
                s.item.guidance,
                s.response or "",
                s.note or "",
                ";".join(s.evidence),
            ]
        )
    if out.suffix.lower() == ".xlsx":
        _write_xlsx(out, rows)
    else:
        with open(out, "w", encoding="utf-8-sig", newline="") as f:  # BOM: Excel reads CJK
            w = csv.writer(f)
            w.writerow(COLUMNS)
            w.writerows(rows)
    return len(rows)


def _write_xlsx(out: Path, rows: list[list[str]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "answers"
    ws.append(list(COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    widths = {"A": 24, "B": 26, "C": 60, "D": 40, "E": 50, "F": 16, "G": 40, "H": 30}
    for col, width in widths.items():
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row[2:5]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    choices = DataValidation(
        type="list",
        formula1='"conforms,nonconformity,not-applicable,open,符合,不符合,不適用,未答"',
        allow_blank=True,
    )
    ws.add_data_validation(choices)
    choices.add(f"F2:F{len(rows) + 1}")
    ws.freeze_panes = "C2"
    wb.save(out)


def read_sheet(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(spreadsheet row, {column: value}) for every non-blank row of a CSV or XLSX sheet."""
    label = path.name
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from python_calamine import CalamineWorkbook

        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        header, body = (sheet[0] if sheet else []), sheet[1:]
    else:
        encoding = detect_encoding(path)
        if encoding is None:
            raise InputError(Problem("table.encoding", file=label))
        delim = detect_delimiter(read_first_line(path, encoding))
        with open(path, encoding=encoding, newline="") as f:
            table = list(csv.reader(f, delimiter=delim))
        header, body = (table[0] if table else []), table[1:]
    index = {header_key(h): i for i, h in enumerate(header)}
    missing = [c for c in ("checklist", "ref", "response") if c not in index]
    if missing:
        raise InputError(
            [Problem("sheet.missing_column", file=label, params={"name": m}) for m in missing]
        )
    out = []
    for n, row in enumerate(body, start=2):
        values = {c: _cell(row, index.get(c)) for c in READ}
        if any(values.values()):
            out.append((n, values))
    return out


def _cell(row: list[Any], i: int | None) -> str:
    if i is None or i >= len(row) or row[i] is None:
        return ""
    v = row[i]
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def import_sheet(eng: Engagement, path: Path, results: list[CheckResult], *, author: str) -> int:
    """Merge a filled sheet; returns the number of answers taken. All or nothing."""
    label = path.name
    states = item_states(eng.conn, results)
    known = {s.key: s for s in states}
    known_evidence = {p for (p,) in eng.conn.execute("SELECT path FROM evidence")}
    problems: list[Problem] = []
    answers: list[Answer] = []

    def bad(key: str, row: int, column: str, **params: object) -> None:
        problems.append(Problem(key, file=label, row=row, column=column, params=params))

    for row, v in read_sheet(path):
        state = known.get((v["checklist"], v["ref"]))
        if state is None:
            bad("sheet.unknown_item", row, "ref", checklist=v["checklist"], ref=v["ref"])
            continue
        if not v["response"]:
            continue  # a blank response leaves the item as it was
        try:
            response = normalise_response(v["response"])
        except MessageError:
            bad("checklist.bad_response", row, "response", value=v["response"])
            continue
        suggested = state.suggested
        note = v["note"] or None
        if suggested and response not in (suggested, "open") and not note:
            bad("sheet.override_note", row, "response", suggested=suggested)
            continue
        evidence = [p.strip() for p in v["evidence"].split(";") if p.strip()]
        for p in evidence:
            if p not in known_evidence:
                bad("checklist.unknown_evidence", row, "evidence", path=p)
        reason = note if suggested and response != suggested else None
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
    answer_many(eng, answers, actor=author, states=states)
    return len(answers)
