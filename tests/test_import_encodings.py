"""Text encodings, delimiters, header aliases, number formats and workbooks."""

from __future__ import annotations

import sqlite3

import openpyxl
import pytest

from desktop.dossier.importer import import_dossier
from tests.dossiers import make_dossier

ROWS_ZH = [
    ("排放源編號", "範疇", "類別", "說明", "排放量", "納入", "排除理由"),
    ("S1", "1", "固定燃燒", "天然氣鍋爐", "1,234.5", "是", ""),
    ("S2", "2", "外購電力", "台電電力", "56.25", "是", ""),
    ("S3", "3", "員工通勤", "機車通勤", "0.5", "否", "低於總量 1 %"),
]


def _text(rows, delim=","):
    out = []
    for row in rows:
        out.append(delim.join(f'"{v}"' if (delim in v or "," in v) else v for v in row))
    return "\r\n".join(out) + "\r\n"


def _check(out):
    conn = sqlite3.connect(out)
    rows = conn.execute(
        "SELECT source_id, scope, category, description, tco2e, included, exclusion_reason "
        "FROM inventory ORDER BY row_no"
    ).fetchall()
    assert rows == [
        ("S1", 1, "固定燃燒", "天然氣鍋爐", 1234.5, 1, None),
        ("S2", 2, "外購電力", "台電電力", 56.25, 1, None),
        ("S3", 3, "員工通勤", "機車通勤", 0.5, 0, "低於總量 1 %"),
    ]


@pytest.mark.parametrize(
    ("encoding", "delim"),
    [
        ("utf-8", ","),
        ("utf-8-sig", ","),
        ("utf-16", "\t"),  # Excel "Unicode text": UTF-16 with BOM, tab separated
        ("cp950", ","),  # Big5 as Traditional Chinese Excel saves CSV
        ("utf-8", ";"),
        ("utf-8", "\t"),
    ],
)
def test_encodings_and_delimiters(tmp_path, encoding, delim):
    data = _text(ROWS_ZH, delim).encode(encoding)
    if encoding == "utf-16":
        assert data[:2] in (b"\xff\xfe", b"\xfe\xff")
    folder = make_dossier(tmp_path / "d", files={"inventory.csv": data})
    out = tmp_path / "out.veridesk"
    import_dossier(folder, out)
    _check(out)


def test_unknown_encoding_is_refused(tmp_path, cli):
    # Latin-1 bytes that are neither UTF-8 nor valid Big5
    data = "source_id,scope,tco2e,included\nS1,1,\xff\xfe\xfd,yes\n".encode("latin-1")
    folder = make_dossier(tmp_path / "d", files={"inventory.csv": data})
    out = tmp_path / "out.veridesk"
    result = cli("import", str(folder), "-o", str(out))
    assert result.returncode == 2
    assert "inventory.csv" in result.stderr and "encoding" in result.stderr
    assert not out.exists()


def test_headers_case_and_space_insensitive(tmp_path):
    csv_text = " Source ID ,SCOPE,TCO2E, Included \nS1,1,10,Y\nS2,2,5,n\n"
    folder = make_dossier(tmp_path / "d", files={"inventory.csv": csv_text})
    out = tmp_path / "out.veridesk"
    import_dossier(folder, out)
    conn = sqlite3.connect(out)
    assert conn.execute("SELECT source_id, included FROM inventory").fetchall() == [
        ("S1", 1),
        ("S2", 0),
    ]


def test_padded_values_trimmed_and_blank_lines_skipped(tmp_path):
    csv_text = "source_id,scope,tco2e,included\n S1 ,1, 10 ,yes \n\nS2,2,5,no\n\n"
    folder = make_dossier(tmp_path / "d", files={"inventory.csv": csv_text})
    out = tmp_path / "out.veridesk"
    import_dossier(folder, out)
    conn = sqlite3.connect(out)
    rows = conn.execute("SELECT row_no, source_id, tco2e, included FROM inventory").fetchall()
    assert rows == [(2, "S1", 10.0, 1), (4, "S2", 5.0, 0)]


def test_xlsx_with_sheet_and_chinese_headers(tmp_path):
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "說明"
    notes.append(["這是說明頁"])
    ws = wb.create_sheet("排放源")
    ws.append(ROWS_ZH[0])
    for row in ROWS_ZH[1:]:
        ws.append([float(v.replace(",", "")) if k == 4 else v for k, v in enumerate(row)])
    ws["B2"] = 1  # a number where the CSV has text
    folder = make_dossier(tmp_path / "d")
    wb.save(folder / "footprint.xlsx")
    manifest = (folder / "dossier.toml").read_text(encoding="utf-8")
    manifest += '\n[tables]\ninventory = "footprint.xlsx#排放源"\n'
    (folder / "dossier.toml").write_text(manifest, encoding="utf-8")
    out = tmp_path / "out.veridesk"
    report = import_dossier(folder, out)
    assert report.counts == {"inventory": 3}
    _check(out)


def test_xlsx_missing_sheet_named(tmp_path, cli):
    wb = openpyxl.Workbook()
    wb.active.title = "Data"
    folder = make_dossier(tmp_path / "d")
    wb.save(folder / "footprint.xlsx")
    manifest = (folder / "dossier.toml").read_text(encoding="utf-8")
    (folder / "dossier.toml").write_text(
        manifest + '\n[tables]\ninventory = "footprint.xlsx#Sources"\n', encoding="utf-8"
    )
    result = cli("import", str(folder), "-o", str(tmp_path / "o.veridesk"))
    assert result.returncode == 2
    assert "footprint.xlsx#Sources" in result.stderr and "Data" in result.stderr
