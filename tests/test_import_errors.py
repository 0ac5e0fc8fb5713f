"""Bad input: exit code 2, messages naming file, row and column, and nothing written."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.dossier.importer import import_dossier
from desktop.errors import InputError
from tests.dossiers import INVENTORY_HEADER, VERIFICATION, inventory_dossier, make_dossier


def _errors(tmp_path, csv_text: str) -> list[str]:
    folder = inventory_dossier(tmp_path / "d", csv_text)
    out = tmp_path / "out.veridesk"
    try:
        import_dossier(folder, out)
    except InputError as exc:
        assert not out.exists()
        assert not list(tmp_path.glob(".out.veridesk*"))
        return [p.message("en") for p in exc.problems]
    raise AssertionError("the import should have failed")


def test_cli_names_file_row_column_and_writes_nothing(tmp_path, cli):
    folder = inventory_dossier(
        tmp_path / "d", "source_id,scope,tco2e,included\nS1,1,10,yes\nS2,1,21.3x5,yes\n"
    )
    out = tmp_path / "out.veridesk"
    result = cli("import", str(folder), "-o", str(out))
    assert result.returncode == 2, result.stderr
    assert "inventory.csv row 3, column tco2e: '21.3x5' is not a number" in result.stderr
    assert result.stdout == ""
    assert not out.exists() and list(tmp_path.iterdir()) == [folder]


def test_cli_message_in_traditional_chinese(tmp_path, cli):
    folder = inventory_dossier(tmp_path / "d", "source_id,scope,tco2e,included\nS1,1,abc,yes\n")
    result = cli("--lang", "zh-TW", "import", str(folder), "-o", str(tmp_path / "o.veridesk"))
    assert result.returncode == 2
    assert "inventory.csv 第 2 列，欄位 tco2e：「abc」不是數字" in result.stderr
    assert "匯入失敗" in result.stderr


def test_every_problem_is_reported(tmp_path):
    errors = _errors(
        tmp_path,
        "source_id,scope,tco2e,included\n"
        "S1,4,10,yes\n"  # scope out of range
        "S2,1,,yes\n"  # required value missing
        "S3,1,5,maybe\n"  # not a yes/no
        "S1,2,nan,no\n",  # duplicate id and not finite
    )
    assert "inventory.csv row 2, column scope: '4' is not one of 1/2/3" in errors
    assert "inventory.csv row 3, column tco2e: a value is required" in errors
    assert any(e.startswith("inventory.csv row 4, column included: 'maybe'") for e in errors)
    assert "inventory.csv row 5, column tco2e: 'nan' is not a finite number" in errors
    assert "inventory.csv row 5, column source_id: 'S1' repeats row 2" in errors


def test_ragged_row_reported(tmp_path):
    # an unquoted thousands separator splits a number into two fields
    errors = _errors(tmp_path, "source_id,scope,tco2e,included\nS1,1,1,234.5,yes\nS2,1,3,no\n")
    assert errors == [
        "inventory.csv row 2: has 5 fields but the header has 4 (an unquoted comma in a number?)"
    ]


def test_missing_required_column(tmp_path):
    errors = _errors(tmp_path, "source_id,scope,included\nS1,1,yes\n")
    assert errors == [
        "inventory.csv: required column 'tco2e' is missing (found: source_id, scope, included)"
    ]


def test_manifest_problems_named_by_key(tmp_path):
    manifest = VERIFICATION.replace('programme = "TW-MOENV"', 'programe = "TW-MOENV"')
    manifest = manifest.replace("end = 2024-12-31", "end = 2023-12-31")
    folder = make_dossier(tmp_path / "d", manifest, {"monitoring.csv": "parameter,value\nA,1\n"})
    try:
        import_dossier(folder, tmp_path / "o.veridesk")
    except InputError as exc:
        text = exc.text("en")
    assert "dossier.toml, engagement.programe: unknown key (a typo?)" in text
    assert "the period ends (2023-12-31) before it starts (2024-01-01)" in text


def test_missing_table_for_engagement_type(tmp_path):
    folder = make_dossier(tmp_path / "d", VERIFICATION)
    try:
        import_dossier(folder, tmp_path / "o.veridesk")
    except InputError as exc:
        assert "needs the monitoring.csv / monitoring.xlsx table" in exc.text("en")
    else:
        raise AssertionError("should fail")


def test_existing_output_needs_force(tmp_path, examples, cli):
    out = tmp_path / "o.veridesk"
    out.write_bytes(b"precious")
    result = cli("import", str(examples / "neutral-steel"), "-o", str(out))
    assert result.returncode == 2 and "--force" in result.stderr
    assert out.read_bytes() == b"precious"
    assert cli("import", str(examples / "neutral-steel"), "-o", str(out), "--force").returncode == 0


# --- hypothesis: malformed inventories never produce a file --------------------------

_bad_number = st.text(alphabet=string.ascii_letters + "#$%x", min_size=1, max_size=6).filter(
    lambda s: s.strip().lower() not in {"nan", "inf", "infinity"}
)
_good_row = st.tuples(
    st.sampled_from(["1", "2", "3"]),
    st.floats(min_value=0, max_value=1e6, allow_nan=False).map(lambda f: f"{f:.3f}"),
    st.sampled_from(["yes", "no", "是", "否", "Y", "N"]),
)


@st.composite
def malformed_inventory(draw):
    rows = draw(st.lists(_good_row, min_size=1, max_size=8))
    lines = [f"S{i},{s},{t},{inc}" for i, (s, t, inc) in enumerate(rows)]
    bad_at = draw(st.integers(0, len(lines) - 1))
    kind = draw(st.sampled_from(["number", "scope", "bool", "fields", "empty-id"]))
    sid, scope, tco2e, inc = lines[bad_at].split(",")
    if kind == "number":
        tco2e = draw(_bad_number)
    elif kind == "scope":
        scope = draw(st.sampled_from(["0", "4", "x", "1.5"]))
    elif kind == "bool":
        inc = draw(st.sampled_from(["maybe", "2", "?"]))
    elif kind == "empty-id":
        sid = ""
    line = f"{sid},{scope},{tco2e},{inc}"
    if kind == "fields":
        line += ",extra"
    lines[bad_at] = line
    return "source_id,scope,tco2e,included\n" + "\n".join(lines) + "\n", bad_at + 2


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=malformed_inventory())
def test_malformed_tables_write_nothing(tmp_path_factory, case):
    text, row = case
    tmp = tmp_path_factory.mktemp("h")
    errors = _errors(tmp, text)
    assert any(f"inventory.csv row {row}" in e for e in errors), errors


def test_header_constant_is_valid(tmp_path):
    # the dossier helper's header imports cleanly: the tests above fail for their own reason
    folder = inventory_dossier(tmp_path / "d", INVENTORY_HEADER + "\nS1,1,c,2,yes,\n")
    assert import_dossier(folder, tmp_path / "o.veridesk").counts == {"inventory": 1}
