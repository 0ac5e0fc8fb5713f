"""Hostile dossiers for the CLI fuzz tests: hypothesis strategies and a runner.

A case starts from one of the sample dossiers and damages it: a manifest or
``calculation.toml`` value replaced (huge, NaN, infinite, negative, wrong type, a bad
date), a table cell replaced (long, huge, control characters), a file re-encoded
(UTF-16/32, GB18030, Big5, BOMs), separators mixed, headers duplicated, a file emptied or
replaced by random bytes. :func:`run` drives ``desktop.cli.main`` in this process and
returns what a user would have seen.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

from desktop import cli

EXAMPLES = Path(__file__).resolve().parent / "data" / "dossiers"
CORPUS = Path(__file__).resolve().parent / "data" / "fuzz"
SOURCES = ("neutral-steel", "led-retrofit", "solar-pdd")

NUMBERS = (
    "1e999", "-1e999", "nan", "inf", "-inf", "1e308", "1.7976931348623157e308",
    "99999999999999999999", "-5", "0", "-0.0", "1E+20", "9223372036854775808",
    "18446744073709551616", "1_000", "0x10", "3.4e38",
)
TOML_VALUES = (
    *NUMBERS, '"text"', '""', "true", "[]", "[1, 2]", "{ a = 1 }", "2024-02-30",
    "2024-13-01", "0000-01-01", "9999-12-31", "1979-05-27T07:32:00Z", '"2024-02-30"',
    '"x"', '"\\u001b[2J"', "'" + "a" * 5000 + "'",
)
CELLS = (
    *NUMBERS, "", " ", "NaN", "Infinity", "-", "1,2,3", '"', "'", "=1+1", "@SUM(A1)",
    "2024-02-30", "2024-13-45", "99999-01-01", "yes", "是", "\x00", "\x1b[2J", "x" * 70_000,
    "𠀀𠀁", "\u202eevil", "1\n2", "12 345,6", "1.234,5", "TW-2-1-9-1-00-00-A", "1 to 0",
)
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "gb18030", "big5", "latin-1")
SEPARATORS = (",", ";", "\t", "|")


@dataclass(frozen=True)
class Damage:
    """One change to a dossier file."""

    file: str
    kind: str
    arg: str = ""
    index: int = 0

    def apply(self, root: Path) -> None:
        path = root / self.file
        if self.kind == "delete":
            path.unlink(missing_ok=True)
            return
        if self.kind == "empty":
            path.write_bytes(b"")
            return
        if self.kind == "bytes":
            path.write_bytes(self.arg.encode("latin-1"))
            return
        if not path.is_file():
            return
        text = path.read_bytes().decode("utf-8", errors="replace")
        if not text.strip() and self.kind in ("cell", "header_dup", "mixed_separator"):
            return
        if self.kind == "toml_value":
            lines = text.splitlines()
            slots = [i for i, ln in enumerate(lines) if "=" in ln and not ln.startswith("[")]
            if slots:
                i = slots[self.index % len(slots)]
                key = lines[i].split("=", 1)[0]
                lines[i] = f"{key}= {self.arg}"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        elif self.kind == "toml_line":
            lines = text.splitlines()
            lines.insert(self.index % (len(lines) + 1), self.arg)
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        elif self.kind == "cell":
            lines = text.splitlines()
            row = 1 + self.index % max(len(lines) - 1, 1) if len(lines) > 1 else 0
            cells = lines[row].split(",")
            col = (self.index // 7) % len(cells)
            value = self.arg
            if any(ch in value for ch in ',"\n'):
                value = '"' + value.replace('"', '""') + '"'
            cells[col] = value
            lines[row] = ",".join(cells)
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        elif self.kind == "header_dup":
            lines = text.splitlines()
            cells = lines[0].split(",")
            cells[self.index % len(cells)] = cells[(self.index + 1) % len(cells)]
            lines[0] = ",".join(cells)
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        elif self.kind == "separator":
            path.write_text(text.replace(",", self.arg), encoding="utf-8")
        elif self.kind == "mixed_separator":
            lines = text.splitlines()
            i = self.index % len(lines)
            lines[i] = lines[i].replace(",", self.arg)
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        elif self.kind == "encode":
            try:
                data = text.encode(self.arg)
            except UnicodeEncodeError:
                data = text.encode(self.arg, errors="replace")
            path.write_bytes(data)
        elif self.kind == "to_xlsx":
            _to_xlsx(path, text, self.arg)
        elif self.kind == "truncate":
            data = path.read_bytes()
            path.write_bytes(data[: self.index % (len(data) + 1)])


def _to_xlsx(path: Path, text: str, extra: str) -> None:
    """Replace a CSV table by a workbook of the same cells (numbers as numbers), with
    ``extra`` (a number's text) written as a float into the first data row's last cell."""
    import csv

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    rows = list(csv.reader(text.splitlines()))
    for n, row in enumerate(rows):
        cells: list[object] = []
        for cell in row:
            try:
                cells.append(float(cell) if n else _printable(cell))
            except ValueError:
                cells.append(_printable(cell))
        if n == 1 and cells and extra:
            with contextlib.suppress(ValueError):
                cells[-1] = float(extra)
        ws.append(cells)
    path.unlink()
    wb.save(path.with_suffix(".xlsx"))


def _printable(cell: str) -> str:
    """Worksheets cannot hold most control characters."""
    return "".join(ch for ch in cell if ch >= " " or ch in "\t\n")


def _files(source: str) -> list[str]:
    root = EXAMPLES / source
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


@st.composite
def damages(draw, source: str) -> Damage:
    files = [*_files(source), "calculation.toml", "credits.csv", "inventory.csv"]
    file = draw(st.sampled_from(files))
    toml = file.endswith(".toml")
    kinds = ["delete", "empty", "bytes", "encode", "truncate"]
    kinds += ["toml_value", "toml_line"] if toml else ["cell", "header_dup", "separator",
                                                      "mixed_separator", "to_xlsx"]
    kind = draw(st.sampled_from(kinds))
    index = draw(st.integers(0, 10_000))
    if kind == "bytes":
        arg = draw(st.binary(max_size=200)).decode("latin-1")
    elif kind == "encode":
        arg = draw(st.sampled_from(ENCODINGS))
    elif kind == "toml_value":
        arg = draw(st.sampled_from(TOML_VALUES) | st.text(max_size=30).map(json.dumps))
    elif kind == "toml_line":
        arg = draw(st.sampled_from(["[[line]]", "[result]", 'name = "X"', "formula = 1e999",
                                    "[tables]", 'inventory = "../x.csv"', "[x]", "= 1", "["]))
    elif kind == "cell":
        arg = draw(st.sampled_from(CELLS) | st.text(max_size=20))
    elif kind == "to_xlsx":
        arg = draw(st.sampled_from(NUMBERS))
    elif kind in ("separator", "mixed_separator"):
        arg = draw(st.sampled_from(SEPARATORS))
    else:
        arg = ""
    return Damage(file, kind, arg, index)


@st.composite
def dossiers(draw) -> tuple[str, tuple[Damage, ...]]:
    source = draw(st.sampled_from(SOURCES))
    damage = draw(st.lists(damages(source), min_size=1, max_size=3))
    if draw(st.integers(0, 4)) == 0:  # one case in five arrives as a zip
        damage.append(Damage("", "zip", draw(st.sampled_from(["", "top/"]))))
    return source, tuple(damage)


def build(source: str, damage: tuple[Damage, ...], folder: Path) -> Path:
    """The damaged dossier: a folder, or a zip when the last damage says so."""
    import zipfile

    root = folder / "dossier"
    shutil.copytree(EXAMPLES / source, root)
    for d in damage:
        if d.kind != "zip":
            d.apply(root)
    if damage and damage[-1].kind == "zip":
        archive = folder / "dossier.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    zf.write(path, damage[-1].arg + path.relative_to(root).as_posix())
        shutil.rmtree(root)
        return archive
    return root


@dataclass
class Outcome:
    code: int
    out: str
    err: str


def run(*args: str) -> Outcome:
    """``veridesk ARGS`` in this process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(list(args))
        except SystemExit as exc:  # argparse
            code = exc.code if isinstance(exc.code, int) else 2
    return Outcome(code, out.getvalue(), err.getvalue())


def assert_clean(result: Outcome, what: str) -> None:
    """Exit 0, 1 or 2, never a traceback or the last-resort guard's message."""
    text = result.out + result.err
    assert result.code in (0, 1, 2), (what, result.code, text[-2000:])
    assert "Traceback" not in text, (what, text[-2000:])
    assert "unexpected error" not in text, (what, text[-2000:])
    assert "\x1b" not in text, what
    if result.code == 2:
        assert result.err.strip(), (what, "exit 2 without a message")


def exercise(root: Path, work: Path) -> list[Outcome]:
    """Check and import a dossier, then (when it imported) check and status the file."""
    out = work / "case.veridesk"
    results = [run("check", str(root), "--json")]
    assert_clean(results[-1], "check dossier")
    if results[-1].code == 0 or results[-1].code == 1:
        json.loads(results[-1].out)
    imported = run("import", str(root), "-o", str(out))
    results.append(imported)
    assert_clean(imported, "import")
    leftovers = [p.name for p in work.iterdir() if p.name.startswith(".case.veridesk")]
    assert not leftovers, leftovers
    if imported.code == 0:
        assert out.is_file()
        assert_plausible(out)
        for args in (("check", str(out)), ("status", str(out)), ("verify", str(out))):
            results.append(run(*args))
            assert_clean(results[-1], args[0])
    else:
        assert not out.exists(), "a failed import left an engagement file"
    return results


REAL_COLUMNS = {
    "inventory": ("activity", "ef", "tco2e"),
    "monitoring": ("value",),
    "credits": ("quantity",),
}


def assert_plausible(path: Path) -> None:
    """What an import accepted is sound: finite, bounded numbers and real dates."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        for table, columns in REAL_COLUMNS.items():
            for col in columns:
                bad = conn.execute(
                    f"SELECT row_no, {col} FROM {table} WHERE abs({col}) > 1e15 LIMIT 1"
                ).fetchone()
                assert bad is None, (table, col, bad)
        bad = conn.execute(
            "SELECT row_no, retired_on FROM credits "
            "WHERE retired_on IS NOT date(retired_on, '+0 days') LIMIT 1"
        ).fetchone()
        assert bad is None, ("credits", "retired_on", bad)
        for (value,) in conn.execute(
            "SELECT expected_annual_er_tco2e FROM engagement UNION ALL "
            "SELECT reported_er_tco2e FROM engagement UNION ALL "
            "SELECT reported_emissions_tco2e FROM engagement UNION ALL "
            "SELECT claimed FROM calculation"
        ):
            assert value is None or abs(value) <= 1e15, value
    finally:
        conn.close()


def temp_dossier_dirs() -> set[str]:
    """This process's scratch folders (unpacked zips, checked dossiers): none may outlive
    the command that made it."""
    import os

    base = Path(tempfile.gettempdir()) / f"veridesk-{os.getuid()}"
    # this process's own (other programs may be importing at the same time)
    return {p.name for p in base.glob(f"*-{os.getpid()}-*")} if base.is_dir() else set()


def corpus_cases() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if (p / "case.json").is_file()) if CORPUS.is_dir() \
        else []


def save_case(name: str, source: str, damage: tuple[Damage, ...]) -> Path:
    """Keep a failing case in the corpus as a JSON description."""
    folder = CORPUS / re.sub(r"[^a-z0-9-]+", "-", name.lower())
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "case.json").write_text(
        json.dumps(
            {"source": source, "damage": [d.__dict__ for d in damage]},
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    return folder


def load_case(folder: Path) -> tuple[str, tuple[Damage, ...]]:
    data = json.loads((folder / "case.json").read_text(encoding="utf-8"))
    return data["source"], tuple(Damage(**d) for d in data["damage"])
