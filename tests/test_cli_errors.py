"""Wrong paths on the command line: one clear line naming the path, exit 2, no traceback."""

from __future__ import annotations

import os
import sys

import pytest

from desktop import cli
from desktop.terminal import escape_controls
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def engagement(tmp_path_factory):
    folder = tmp_path_factory.mktemp("eng")
    eng = folder / "steel.veridesk"
    from tests.conftest import EXAMPLES

    done = run_cli("import", str(EXAMPLES / "neutral-steel"), "-o", str(eng))
    assert done.returncode == 0, done.stderr
    return eng


def _one_line_exit_2(result, *needles: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


@pytest.mark.parametrize("name", ["missing.xlsx", "missing.csv"])
def test_checklist_import_missing_sheet(tmp_path, engagement, name):
    sheet = tmp_path / name
    _one_line_exit_2(
        run_cli("checklist", "import", str(engagement), str(sheet)), str(sheet), "no such file"
    )


def test_verify_missing_pdf(tmp_path):
    pdf = tmp_path / "missing.pdf"
    _one_line_exit_2(run_cli("verify", str(pdf)), str(pdf))


def test_import_over_a_folder_even_with_force(tmp_path, examples):
    folder = tmp_path / "existing"
    folder.mkdir()
    result = run_cli("import", str(examples / "neutral-steel"), "-o", str(folder), "--force")
    _one_line_exit_2(result, str(folder), "folder")
    assert list(tmp_path.iterdir()) == [folder] and not list(folder.iterdir())


def test_keygen_without_terminal_or_password(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "VERIDESK_PASSWORD"}
    out = tmp_path / "k.p12"
    result = run_cli("keygen", "--name", "Lin", "-o", str(out), env=env | {"VERIDESK_PASSWORD": ""})
    _one_line_exit_2(result, "VERIDESK_PASSWORD")
    assert not out.exists()


def test_export_into_a_missing_folder(engagement):
    out = "/missing-dir-veridesk/x.pdf"
    _one_line_exit_2(run_cli("export", str(engagement), "-o", out), out, "does not exist")


def test_register_missing_folder(tmp_path):
    folder = tmp_path / "missing-dir"
    _one_line_exit_2(run_cli("register", str(folder)), str(folder))


def test_messages_in_chinese(tmp_path):
    pdf = tmp_path / "missing.pdf"
    line = _one_line_exit_2(run_cli("--lang", "zh-TW", "verify", str(pdf)), str(pdf))
    assert "找不到" in line


def test_guard_turns_an_unexpected_error_into_one_line(monkeypatch, capsys):
    def boom(_args):
        raise ValueError("something nobody expected")

    monkeypatch.setattr(cli, "cmd_register", boom)
    assert cli.main(["register", "."]) == 2
    err = capsys.readouterr().err
    assert "unexpected error: ValueError: something nobody expected" in err
    assert "Traceback" not in err and "--debug" in err


def test_guard_debug_shows_the_traceback(monkeypatch, capsys):
    def boom(_args):
        raise ValueError("deep down")

    monkeypatch.setattr(cli, "cmd_register", boom)
    assert cli.main(["--debug", "register", "."]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and "deep down" in err


def test_guard_names_the_path_of_an_os_error(monkeypatch, capsys):
    def denied(_args):
        raise PermissionError(13, "Permission denied", "/srv/locked.veridesk")

    monkeypatch.setattr(cli, "cmd_register", denied)
    assert cli.main(["register", "."]) == 2
    assert capsys.readouterr().err.strip() == "/srv/locked.veridesk: Permission denied"


def test_terminal_controls_are_escaped():
    fake = "Client\x1b[2J\r✔ verified\x9b\u202e"
    shown = escape_controls(fake)
    assert "\x1b" not in shown and "\r" not in shown and "\x9b" not in shown
    assert "\u202e" not in shown
    assert shown == "Client\\u001b[2J\\u000d✔ verified\\u009b\\u202e"
    assert escape_controls("a\r\nb\tc\n") == "a\r\nb\tc\n"  # CSV lines and tabs pass


def test_cli_output_escapes_a_hostile_client_name(tmp_path, examples):
    import shutil

    dossier = tmp_path / "d"
    shutil.copytree(examples / "neutral-steel", dossier)
    manifest = dossier / "dossier.toml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(
        text.replace('title = "', 'title = "\\u001b[2J\\r✔ verified ', 1), encoding="utf-8"
    )
    result = run_cli("check", str(dossier))
    assert "\x1b" not in result.stdout and "\\u001b[2J" in result.stdout
    assert result.returncode in (0, 1)


def test_long_values_are_clipped_in_messages(tmp_path, examples):
    import shutil

    dossier = tmp_path / "d"
    shutil.copytree(examples / "neutral-steel", dossier)
    inv = dossier / "inventory.csv"
    lines = inv.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("tco2e")] = "x" * 100_000
    lines[1] = ",".join(cells)
    inv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("import", str(dossier), "-o", str(tmp_path / "x.veridesk"))
    assert result.returncode == 2
    assert len(result.stderr) < 2_000, len(result.stderr)
    assert "100,000 characters" in result.stderr
    assert "row 2" in result.stderr


def test_none_reads_as_missing(tmp_path, examples):
    import shutil

    dossier = tmp_path / "d"
    shutil.copytree(examples / "neutral-steel", dossier)
    manifest = dossier / "dossier.toml"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    manifest.write_text(
        "\n".join(ln for ln in lines if not ln.startswith("format")) + "\n", encoding="utf-8"
    )
    result = run_cli("check", str(dossier))
    assert result.returncode == 2
    assert "None" not in result.stderr and "missing" in result.stderr


def test_stdout_is_restored_after_main(capsys):
    before = sys.stdout
    cli.main(["register", "/definitely/not/here"])
    assert sys.stdout is before


def test_toml_syntax_errors_in_chinese(tmp_path):
    import shutil

    from tests.conftest import EXAMPLES

    dossier = tmp_path / "d"
    shutil.copytree(EXAMPLES / "neutral-steel", dossier)
    with (dossier / "dossier.toml").open("a", encoding="utf-8") as f:
        f.write("a = 1 b = 2\n")
    line = _one_line_exit_2(run_cli("--lang", "zh-TW", "check", str(dossier)), "dossier.toml")
    assert "一行只能有一個敘述" in line and "第 26 行，第 7 欄" in line
    assert "Expected" not in line
    english = _one_line_exit_2(run_cli("check", str(dossier)), "dossier.toml")
    assert "Expected newline" in english and "line 26, column 7" in english
