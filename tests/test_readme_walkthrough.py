"""The README's "whole engagement on the command line", run as written.

The ```bash block after "A whole engagement on the command line" is read from README.md at
test time, so the test follows the README: every ``veridesk …`` line runs in a subprocess
whose working folder is a fresh tmp folder (the relative paths of the block land there).
Between ``checklist export`` and ``checklist import`` the sheet is filled as a verifier
would; files the block takes as given (the sample dossier, the site-visit photo) are put in
place first. Keys are not: the block must make every key it signs with.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from desktop.checklist import RESPONSES
from tests.conftest import REPO

README = REPO / "README.md"
LEAD = "Lin Mei-Hua"
REVIEWER = "Wang Da-Wei"
JPEG_HEADER = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def walkthrough_block(text: str) -> str:
    """The ```bash block that follows "A whole engagement on the command line"."""
    start = text.index("A whole engagement on the command line")
    fence = text.index("```bash\n", start) + len("```bash\n")
    return text[fence : text.index("```", fence)]


def walkthrough_commands(block: str) -> list[list[str]]:
    """Each ``veridesk …`` line as its argument list (continuations joined, comments dropped)."""
    lines: list[str] = []
    pending = ""
    for raw in block.splitlines():
        line = pending + raw
        if line.rstrip().endswith("\\"):
            pending = line.rstrip()[:-1] + " "
            continue
        pending = ""
        lines.append(line)
    assert not pending, f"README block ends with a continuation: {pending!r}"
    commands = []
    for line in lines:
        argv = shlex.split(line, comments=True)
        if not argv:
            continue
        assert argv[0] == "veridesk", f"not a veridesk command in the README block: {line!r}"
        commands.append(argv[1:])
    return commands


def option(args: list[str], name: str) -> str | None:
    return args[args.index(name) + 1] if name in args else None


def positionals(args: list[str]) -> list[str]:
    """Arguments that are neither options nor option values (every option here takes one,
    except the flags below)."""
    flags = {"--declare-impartial", "--accept", "--reject", "--json", "--csv", "--force", "--debug"}
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
        elif a.startswith("-"):
            skip = a not in flags
        else:
            out.append(a)
    return out


def fill_answer_sheet(path: Path) -> int:
    """Answer every row as a verifier on site would: the computed suggestion when the sheet
    shows one (``conforms: …``), else ``conforms``; the note "checked on site"."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["answers"]
    header = {cell.value: cell.column - 1 for cell in ws[1]}
    for name in ("computed", "response", "note"):
        assert name in header, f"{path.name}: no {name!r} column in {list(header)}"
    rows = 0
    for row in ws.iter_rows(min_row=2):
        if not any(cell.value for cell in row):
            continue
        computed = str(row[header["computed"]].value or "")
        word = computed.split(":", 1)[0].strip()
        row[header["response"]].value = word if word in RESPONSES else "conforms"
        row[header["note"]].value = "checked on site"
        rows += 1
    wb.save(path)
    return rows


def describe(args: list[str], result: subprocess.CompletedProcess) -> str:
    return (
        f"veridesk {shlex.join(args)}\n  exit {result.returncode}\n"
        f"  stdout: {result.stdout.strip()[-1500:]}\n  stderr: {result.stderr.strip()[-1500:]}"
    )


def test_readme_walkthrough_runs_as_written(tmp_path):
    commands = walkthrough_commands(walkthrough_block(README.read_text(encoding="utf-8")))
    assert commands, "no veridesk commands in the README walkthrough"

    base_env = {
        **os.environ,
        "VERIDESK_PASSWORD": "s3cret",
        "VERIDESK_LANG": "en",
        "VERIDESK_DATA_DIR": str(tmp_path / "user-data"),
        "PYTHONPATH": os.pathsep.join(
            p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p
        ),
    }

    def run(args: list[str], user: str = LEAD) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "desktop.cli", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={**base_env, "VERIDESK_USER": user},
            cwd=tmp_path,
            timeout=120,
        )

    # what the block takes as given: the sample dossier it imports, the files it stores
    for args in commands:
        if args[0] == "import":
            dossier = positionals(args)[1]
            assert not Path(dossier).is_absolute(), dossier
            shutil.copytree(REPO / dossier, tmp_path / dossier)
        elif args[:2] == ["registry", "add"]:  # the export as downloaded, from the repo
            export = positionals(args)[3]
            assert not Path(export).is_absolute(), export
            (tmp_path / export).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(REPO / export, tmp_path / export)
        elif args[:2] == ["evidence", "add"]:
            target = tmp_path / positionals(args)[3]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(
                JPEG_HEADER if target.suffix.lower() in (".jpg", ".jpeg") else b"site notes\n"
            )

    # every key the block signs with is made by the block, before it is used
    made: set[str] = set()
    for args in commands:
        if args[0] == "keygen":
            made.add(option(args, "-o") or "")
        for name in ("--key", "--sign"):
            key = option(args, name)
            if key is not None:
                assert key in made, (
                    f"README bug: `veridesk {shlex.join(args)}` uses {key}, "
                    f"but no earlier `veridesk keygen … -o {key}` line makes it"
                )

    engagement = next(option(a, "-o") for a in commands if a[0] == "import")
    assert engagement
    failures: list[str] = []
    previous: list[str] = []
    result = None
    for args in commands:
        if args[:2] == ["checklist", "import"]:
            sheet = tmp_path / positionals(args)[3]
            assert sheet.exists(), f"{sheet.name} was never exported"
            assert fill_answer_sheet(sheet) > 0, f"{sheet.name} has no rows to answer"
        reviewer_signs = args[0] == "sign" and option(args, "--role") == "reviewer"
        result = run(args, REVIEWER if reviewer_signs else LEAD)
        if args[0] == "status":
            lines = result.stdout.splitlines()
            if previous[:1] == ["opinion"]:
                # right after the opinion the engagement must be ready: the gate passes
                if "ready to sign" not in lines or result.returncode != 0 or result.stderr:
                    failures.append(
                        "status after `opinion` is not a clean 'ready to sign':\n"
                        + describe(args, result)
                    )
            elif result.returncode not in (0, 1) or (
                result.returncode == 1 and "not ready to sign" not in lines
            ):
                failures.append(describe(args, result))
        else:
            if result.returncode != 0:
                failures.append(describe(args, result))
            if args[:2] == ["finding", "raise"] and result.returncode == 0:
                # the README: `finding raise` prints the finding's number alone on line one
                first = result.stdout.splitlines()[:1]
                if first != ["CL-01"]:
                    failures.append(
                        "finding raise did not print CL-01 first:\n" + describe(args, result)
                    )
        previous = args

    last = commands[-1]
    assert last[0] == "verify" and last[1].endswith(".pdf") and "--engagement" in last, last
    assert result is not None
    if "✔ verified" not in result.stdout:
        failures.append("the final verify does not print '✔ verified':\n" + describe(last, result))

    findings = run(["finding", "list", engagement, "--json"])
    if findings.returncode != 0:
        failures.append(describe(["finding", "list", engagement, "--json"], findings))
    else:
        data = json.loads(findings.stdout)
        assert data["format"] == "veridesk-findings/1"
        states = {f["number"]: f["state"] for f in data["findings"]}
        if states.get("CL-01") != "closed":
            failures.append(f"CL-01 is not closed at the end: {states}")

    verified = run(["verify", engagement])
    if verified.returncode != 0 or "✔ verified" not in verified.stdout:
        failures.append(describe(["verify", engagement], verified))

    # signed by both: status says so, and signing did not break the gate it passed
    final = run(["status", engagement])
    if final.returncode != 0 or "signed and locked" not in final.stdout or "✘" in final.stdout:
        failures.append(
            "status of the signed engagement:\n" + describe(["status", engagement], final)
        )

    assert not failures, "the README walkthrough is not true:\n\n" + "\n\n".join(failures)
