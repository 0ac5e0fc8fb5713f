"""Registry exports read exactly as downloaded: each registry recognised by its header."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.errors import InputError
from desktop.registry.formats import recognise
from desktop.registry.read import parse_export_date, read_export

DATA = Path(__file__).resolve().parents[1] / "data" / "registry"


def records(name: str):
    return read_export(DATA / name).records.set_index("row_no")


def test_verra_after_its_title_line_day_first_dates_and_thousands():
    export = read_export(DATA / "verra-vcus.csv")
    assert (export.registry, export.header_row, export.rows) == ("Verra", 2, 3)
    r = export.records.set_index("row_no")
    assert r.loc[3, "quantity"] == 1000 and r.loc[5, "quantity"] == 66502  # "66,502"
    assert r.loc[3, "status_date"] == "2025-03-14"  # 14/03/2025, day first
    assert r.loc[4, "status_date"] == "2025-02-02"
    assert list(r["status"]) == ["retired", "retired", "issued"]  # a dated row is retired
    assert (r.loc[3, "start"], r.loc[3, "end"]) == (513004457, 513005456)
    assert r.loc[3, "vintage"] == "2021"  # from Vintage Start / Vintage End
    assert r.loc[3, "beneficiary"] == "Example Steel Corporation."
    assert bool(r.loc[3, "ccp"]) is True  # "ICVCM CCP" in Additional Certifications
    assert bool(r.loc[3, "ca"]) is False
    assert "Sustainable Development Goals" in export.ignored


def test_gold_standard_workbook_status_column_and_article_six():
    r = records("gold-standard-credits.xlsx")
    assert list(r["status"]) == ["retired", "issued", "retired"]
    assert r.loc[2, "status_date"] == "2025-03-20"  # a date cell
    assert r.loc[2, "beneficiary"] == "Other Company Ltd"  # Using Entity
    assert r.loc[2, "key"] == "GS1-1-KE-GS7495-16-2023-30645"
    assert (r.loc[4, "start"], r.loc[4, "end"]) == (1001, 1100)
    assert r.loc[2, "ca"] is False and r.loc[2, "ccp"] is None  # no CCP column: unknown


def test_acr_us_dates_double_spaced_header_and_retirement_report():
    export = read_export(DATA / "acr-retirements.csv")
    assert export.registry == "ACR"  # "Status Effective  (GMT)" with two spaces
    r = export.records.set_index("row_no")
    assert r.loc[2, "status_date"] == "2025-03-14"
    assert r.loc[3, "status_date"] == "2025-11-03"  # 11/03/2025 is 3 November (US)
    assert r.loc[3, "quantity"] == 1000
    assert set(r["status"]) == {"retired"}  # a retirement report (Retired on Behalf of)
    assert r.loc[2, "beneficiary"] == "EXAMPLE STEEL CORPORATION"


def test_car_has_no_beneficiary_column_the_free_text_is_kept():
    r = records("car-retirements.csv")
    assert r["beneficiary"].isna().all()
    assert "Example Steel Corporation" in r.loc[2, "details"]
    assert r.loc[2, "status_date"] == "2025-04-01"
    assert r.loc[2, "quantity"] == 4000


def test_taiwan_list_minguo_dates_and_big5(tmp_path):
    r = records("tw-moenv-retirements.csv")
    assert r.loc[2, "status_date"] == "2025-03-14"  # 114/03/14
    assert r.loc[2, "beneficiary"] == "範例鋼鐵股份有限公司"
    big5 = tmp_path / "tw.csv"
    text = (DATA / "tw-moenv-retirements.csv").read_text(encoding="utf-8-sig")
    big5.write_bytes(text.encode("cp950"))
    again = read_export(big5).records
    assert list(again["beneficiary"]) == list(r["beneficiary"])


def test_unrecognised_export_names_the_file_and_the_header_found(tmp_path):
    f = tmp_path / "mystery.csv"
    f.write_text("serial,amount\nX-1,5\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_export(f)
    assert "mystery.csv" in exc.value.text("en") and "serial, amount" in exc.value.text("en")
    assert "不是可辨識的登錄處匯出檔" in exc.value.text("zh-TW")


def test_bad_quantity_is_named_by_row_and_column(tmp_path):
    f = tmp_path / "acr.csv"
    text = (DATA / "acr-retirements.csv").read_text(encoding="utf-8").replace('"1,000"', "lots")
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_export(f)
    (p,) = exc.value.problems
    assert (p.file, p.row, p.column) == ("acr.csv", 3, "Quantity of Credits")


def test_other_suffixes_are_refused(tmp_path):
    f = tmp_path / "export.pdf"
    f.write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError, match="CSV or XLSX"):
        read_export(f)


def test_headers_compare_without_case_space_or_punctuation():
    m = recognise(["credit serial numbers", "QUANTITY_OF_CREDITS", "Status-Effective (GMT)"])
    assert m is not None and m.layout.registry == "ACR"
    assert recognise(["Serial Number", "Quantity"]) is None  # neither Verra nor GS alone


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("2025-03-14", True, "2025-03-14"),
        ("2025-03-14T10:22:00Z", False, "2025-03-14"),
        ("14/03/2025", True, "2025-03-14"),
        ("03/14/2025", False, "2025-03-14"),
        ("03/04/2025", None, None),  # no stated order and ambiguous: not guessed
        ("14/03/2025", None, "2025-03-14"),
        ("Mar 14, 2025", False, "2025-03-14"),
        ("113/12/31", None, "2024-12-31"),
        ("31/02/2025", True, None),
    ],
)
def test_dates(text, day_first, expected):
    assert parse_export_date(text, day_first) == expected


def test_ragged_records_and_blank_lines_keep_their_row_numbers(tmp_path):
    text = (DATA / "car-retirements.csv").read_text(encoding="utf-8").splitlines()
    text.insert(2, "")  # a blank line between the two records
    text[1] += ",an extra field"  # a ragged record: the record-by-record reader takes over
    f = tmp_path / "car.csv"
    f.write_text("\n".join(text) + "\n", encoding="utf-8")
    r = read_export(f).records
    assert r["row_no"].tolist() == [2, 4]
    assert r["quantity"].tolist() == [4000, 1000]
