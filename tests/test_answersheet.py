"""The checklist answer sheet: bound to its engagement, shows the computed result, loses
nothing the verifier wrote, never runs a formula, and counts what actually changed."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from desktop import answersheet, csvsafe
from desktop.checklist import answer, item_states
from desktop.dossier.importer import import_dossier
from desktop.engagement import run_engagement_checks
from desktop.errors import InputError
from desktop.i18n import set_language
from desktop.store.db import open_file

COVERAGE = "coverage.threshold"
INJECTIONS = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "'=quoted already"]


@pytest.fixture
def steel(tmp_path, examples):
    out = tmp_path / "ns.veridesk"
    import_dossier(examples / "neutral-steel", out, actor="Importer")
    eng = open_file(out, write=True)
    yield eng
    eng.close()


@pytest.fixture
def other_client(tmp_path, dossier_copy):
    """Another client's engagement of the same kind (same checklist items)."""
    src = dossier_copy("neutral-steel")
    toml = src / "dossier.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("CN-WIRE-2024-01", "CN-WIRE-2024-99"),
        encoding="utf-8",
    )
    out = tmp_path / "other.veridesk"
    import_dossier(src, out, actor="Importer")
    eng = open_file(out, write=True)
    yield eng
    eng.close()


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)


def _export_csv(eng, tmp_path, name="answers.csv"):
    results = run_engagement_checks(eng.conn)
    sheet = tmp_path / name
    answersheet.export_sheet(eng, sheet, results)
    rows = _read_csv(sheet)
    return sheet, rows, {c: i for i, c in enumerate(rows[0])}, results


def _row_of(rows, col, auto_ref):
    return next(i for i, r in enumerate(rows) if i and r[col["ref"]] == auto_ref)


def _responses(eng):
    return {
        (c, r): (resp, note, json.loads(ev), reason)
        for c, r, resp, note, ev, reason in eng.conn.execute(
            "SELECT checklist_id, ref, response, note, evidence, override_reason FROM response"
        )
    }


def _coverage_state(eng, results):
    return next(s for s in item_states(eng.conn, results) if s.item.auto == COVERAGE)


# 1. the sheet is bound to its engagement


def test_columns_in_site_order_with_the_engagement_on_every_row(steel, tmp_path):
    _, rows, col, _ = _export_csv(steel, tmp_path)
    assert rows[0] == list(answersheet.COLUMNS) == [
        "checklist", "ref", "text", "text_zh", "guidance", "computed",
        "response", "override_reason", "note", "evidence", "engagement", "engagement_key",
    ]  # fmt: skip
    key = answersheet.engagement_key(steel.conn)
    assert len(key) == 16
    assert {(r[col["engagement"]], r[col["engagement_key"]]) for r in rows[1:]} == {
        ("CN-WIRE-2024-01", key)
    }
    xlsx = tmp_path / "answers.xlsx"
    answersheet.export_sheet(steel, xlsx, run_engagement_checks(steel.conn))
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == ["answers", "about"]
    about = {r[0]: r[1] for r in wb["about"].iter_rows(values_only=True)}
    assert about["engagement"] == "CN-WIRE-2024-01" and about["engagement_key"] == key
    # the response list is on the response column, wherever that is
    (dv,) = wb["answers"].data_validations.dataValidation
    assert str(dv.sqref) == f"G2:G{len(rows)}" and rows[0][6] == "response"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_sheet_of_another_engagement_is_refused(steel, other_client, tmp_path, fmt):
    results = run_engagement_checks(steel.conn)
    sheet = tmp_path / f"steel.{fmt}"
    answersheet.export_sheet(steel, sheet, results)
    if fmt == "csv":
        rows = _read_csv(sheet)
        rows[1][rows[0].index("response")] = "conforms"
        _write_csv(sheet, rows)
    else:
        wb = openpyxl.load_workbook(sheet)
        ws = wb["answers"]
        ws.cell(2, answersheet.COLUMNS.index("response") + 1, "conforms")
        wb.save(sheet)
    other_results = run_engagement_checks(other_client.conn)
    with pytest.raises(InputError) as err:
        answersheet.import_sheet(other_client, sheet, other_results, author="Chen")
    text = err.value.text("en")
    assert f"steel.{fmt} row 2, column engagement_key:" in text
    assert "CN-WIRE-2024-01" in text and "CN-WIRE-2024-99" in text
    assert "nothing was merged" in text
    if fmt == "xlsx":
        assert f"steel.{fmt}, about:" in text
    assert "此答題表匯出自案件" in err.value.text("zh-TW")
    assert other_client.conn.execute("SELECT count(*) FROM response").fetchone()[0] == 0
    # the engagement it came from takes it
    assert answersheet.import_sheet(steel, sheet, results, author="Chen") == 1


def test_sheet_without_engagement_columns_still_imports(steel, tmp_path):
    sheet, rows, col, results = _export_csv(steel, tmp_path)
    keep = [i for i, c in enumerate(rows[0]) if c not in ("engagement", "engagement_key")]
    rows = [[r[i] for i in keep] for r in rows]
    col = {c: i for i, c in enumerate(rows[0])}
    rows[1][col["response"]] = "conforms"
    _write_csv(sheet, rows)
    assert answersheet.import_sheet(steel, sheet, results, author="Chen") == 1
    # … but its items must still be valid
    rows[2][col["ref"]] = "no such item"
    _write_csv(sheet, rows)
    with pytest.raises(InputError, match="row 3, column ref"):
        answersheet.import_sheet(steel, sheet, results, author="Chen")


# 2. the computed result, and the reason an override needs


def test_computed_column_shows_the_suggestion_in_the_users_language(steel, tmp_path):
    _, rows, col, results = _export_csv(steel, tmp_path)
    cov = _coverage_state(steel, results)
    r = _row_of(rows, col, cov.item.ref)
    assert rows[r][col["computed"]].startswith("conforms: Coverage 99.32 %")
    manual = [row for row in rows[1:] if not row[col["computed"]]]
    assert manual  # items without an automatic check leave it blank
    set_language("zh-TW")
    try:
        _, zh_rows, _, _ = _export_csv(steel, tmp_path, "zh.csv")
    finally:
        set_language(None)
    assert zh_rows[r][col["computed"]].startswith("符合：涵蓋率 99.32 %")


def test_override_takes_its_reason_from_override_reason_or_note(steel, tmp_path):
    sheet, rows, col, results = _export_csv(steel, tmp_path)
    cov = _coverage_state(steel, results)
    r = _row_of(rows, col, cov.item.ref)
    # read-only columns are ignored, whatever is written in them
    rows[r][col["text"]] = "edited"
    rows[r][col["computed"]] = "nonconformity: made up"
    rows[r][col["response"]] = "nonconformity"
    _write_csv(sheet, rows)
    with pytest.raises(InputError) as err:
        answersheet.import_sheet(steel, sheet, results, author="Chen")
    assert f"row {r + 1}, column response: overrides the computed result 'conforms'" in str(
        err.value
    )
    assert "override_reason" in str(err.value)
    rows[r][col["override_reason"]] = "meter S01 was not calibrated"
    rows[r][col["note"]] = "photos taken"
    _write_csv(sheet, rows)
    assert answersheet.import_sheet(steel, sheet, results, author="Chen") == 1
    assert _responses(steel)[cov.key] == (
        "nonconformity",
        "photos taken",
        [],
        "meter S01 was not calibrated",
    )
    # the reason is exported again, and the unchanged sheet changes nothing
    sheet2, rows2, _, _ = _export_csv(steel, tmp_path, "again.csv")
    assert rows2[r][col["override_reason"]] == "meter S01 was not calibrated"
    assert answersheet.import_sheet(steel, sheet2, results, author="Chen") == 0
    # an older habit still works: the note is the reason when override_reason is blank
    other = next(
        s
        for s in item_states(steel.conn, results)
        if s.suggested == "conforms" and s.key != cov.key
    )
    o = _row_of(rows2, col, other.item.ref)
    rows2[o][col["response"]], rows2[o][col["note"]] = "nonconformity", "seen otherwise on site"
    _write_csv(sheet2, rows2)
    assert answersheet.import_sheet(steel, sheet2, results, author="Chen") == 1
    assert _responses(steel)[other.key][3] == "seen otherwise on site"


# 3. nothing the verifier wrote is dropped


def test_note_beside_a_blank_response_is_kept(steel, tmp_path):
    results = run_engagement_checks(steel.conn)
    states = item_states(steel.conn, results)
    answered, fresh = [s for s in states if not s.item.auto][:2]
    answer(steel, *answered.key, "conforms", note="first visit", actor="Lin", results=results)
    sheet, rows, col, _ = _export_csv(steel, tmp_path)
    a, f = _row_of(rows, col, answered.item.ref), _row_of(rows, col, fresh.item.ref)
    rows[a][col["response"]], rows[a][col["note"]] = "", "second visit: pump seal replaced"
    rows[f][col["response"]], rows[f][col["note"]] = "", "ask the plant manager"
    _write_csv(sheet, rows)
    assert answersheet.import_sheet(steel, sheet, results, author="Chen") == 2
    got = _responses(steel)
    assert got[answered.key][:2] == ("conforms", "second visit: pump seal replaced")
    assert got[fresh.key][:2] == ("open", "ask the plant manager")  # recorded, still unanswered
    assert not next(s for s in item_states(steel.conn, results) if s.key == fresh.key).answered


def test_blank_response_keeps_an_override_and_its_reason(steel, tmp_path):
    results = run_engagement_checks(steel.conn)
    cov = _coverage_state(steel, results)
    answer(steel, *cov.key, "nonconformity", reason="not calibrated", actor="Lin", results=results)
    sheet, rows, col, _ = _export_csv(steel, tmp_path)
    r = _row_of(rows, col, cov.item.ref)
    rows[r][col["response"]] = ""
    rows[r][col["override_reason"]] = ""
    rows[r][col["note"]] = "calibration certificate requested"
    _write_csv(sheet, rows)
    assert answersheet.import_sheet(steel, sheet, results, author="Chen") == 1
    assert _responses(steel)[cov.key] == (
        "nonconformity",
        "calibration certificate requested",
        [],
        "not calibrated",
    )


def test_an_item_on_two_rows_is_refused(steel, tmp_path):
    sheet, rows, col, results = _export_csv(steel, tmp_path)
    rows.append(list(rows[1]))
    rows[1][col["response"]] = "conforms"
    rows[-1][col["response"]] = "not-applicable"
    _write_csv(sheet, rows)
    with pytest.raises(
        InputError, match=f"row {len(rows)}, column ref: .* already answered in row 2"
    ):
        answersheet.import_sheet(steel, sheet, results, author="Chen")


# 4. formula injection


@pytest.mark.parametrize("value", ["", "plain", "'", "'x", "''=x", *INJECTIONS, "\tx", "\rx"])
def test_csv_escape_round_trips(value):
    escaped = csvsafe.csv_escape(value)
    assert not escaped.startswith(csvsafe.FORMULA_START)
    assert csvsafe.csv_unescape(escaped) == value


def test_exported_cells_are_never_formulas(steel, tmp_path):
    results = run_engagement_checks(steel.conn)
    states = [s for s in item_states(steel.conn, results) if not s.item.auto][: len(INJECTIONS)]
    for s, text in zip(states, INJECTIONS, strict=True):
        answer(steel, *s.key, "conforms", note=text, actor="Lin", results=results)
    before = _responses(steel)

    xlsx = tmp_path / "answers.xlsx"
    answersheet.export_sheet(steel, xlsx, results)
    wb = openpyxl.load_workbook(xlsx)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert cells and not [c.coordinate for c in cells if c.data_type == "f"]
    notes = {c.value for c in cells if c.column == answersheet.COLUMNS.index("note") + 1}
    assert set(INJECTIONS) <= notes

    sheet, rows, col, _ = _export_csv(steel, tmp_path)
    written = {rows[_row_of(rows, col, s.item.ref)][col["note"]] for s in states}
    assert written == {"'" + t for t in INJECTIONS}
    assert all(not cell.startswith(csvsafe.FORMULA_START) for row in rows for cell in row)

    # a round trip returns the verifier's text unchanged (and changes nothing)
    for path in (xlsx, sheet):
        assert answersheet.import_sheet(steel, path, results, author="Chen") == 0
        assert _responses(steel) == before


# 5. the count is of changes


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_import_counts_items_changed_not_rows(steel, tmp_path, fmt, cli):
    results = run_engagement_checks(steel.conn)
    states = item_states(steel.conn, results)
    first = states[0]
    answer(steel, *first.key, first.suggested or "conforms", note="n", actor="Lin", results=results)
    sheet = tmp_path / f"answers.{fmt}"
    answersheet.export_sheet(steel, sheet, results)
    # an unchanged sheet (one answered row, the rest blank) changes nothing
    assert answersheet.import_sheet(steel, sheet, results, author="Chen") == 0
    wb = openpyxl.load_workbook(sheet) if fmt == "xlsx" else None
    resp = answersheet.COLUMNS.index("response")
    if wb:
        ws = wb["answers"]
        for r in range(2, ws.max_row + 1):
            if not ws.cell(r, resp + 1).value:
                ws.cell(r, resp + 1, "open")  # writes every unanswered row …
        ws.cell(3, resp + 1, "not-applicable")
        wb.save(sheet)
    else:
        rows = _read_csv(sheet)
        for row in rows[1:]:
            row[resp] = row[resp] or "open"
        rows[2][resp] = "not-applicable"
        _write_csv(sheet, rows)
    n = answersheet.import_sheet(steel, sheet, results, author="Chen")
    assert n == len(states) - 1  # … all rows but the answered, unchanged first one
    steel.close()
    result = cli("checklist", "import", str(steel.path), str(sheet), "--as", "Chen")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(": 0 answers merged")
