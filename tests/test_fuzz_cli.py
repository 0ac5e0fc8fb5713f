"""Fuzzing the command line: damaged dossiers and random argument lists.

Every run must end with exit 0, 1 or 2, print no traceback, never reach the CLI's
last-resort guard ("unexpected error"), and leave nothing behind when it fails. The cases
that ever broke it are kept in ``tests/data/fuzz/`` and replayed on every run.
``VERIDESK_FUZZ_EXAMPLES`` raises the number of generated cases (default 40).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import fuzzing

EXAMPLES = int(os.environ.get("VERIDESK_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)


def _exercise(source: str, damage: tuple[fuzzing.Damage, ...]) -> None:
    before = fuzzing.temp_dossier_dirs()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        root = fuzzing.build(source, damage, folder)
        work = folder / "work"
        work.mkdir()
        fuzzing.exercise(root, work)
    assert fuzzing.temp_dossier_dirs() <= before, "an unpacked dossier was left behind"


@FUZZ
@given(fuzzing.dossiers())
def test_damaged_dossiers(case):
    _exercise(*case)


@pytest.mark.parametrize("folder", fuzzing.corpus_cases(), ids=lambda p: p.name)
def test_corpus(folder):
    """Cases that once crashed the CLI (tracebacks, hangs, silent successes)."""
    _exercise(*fuzzing.load_case(folder))


def test_corpus_is_there():
    assert len(fuzzing.corpus_cases()) >= 10


COMMANDS = ["import", "check", "status", "checklist", "team", "opinion", "keygen", "sign",
            "export", "verify", "register"]
TOKENS = ["-o", "--force", "--json", "--csv", "--lang", "zh-TW", "en", "--role", "lead",
          "reviewer", "--name", "--kind", "modified", "--key", "--sign", "--meaning",
          "--declare-impartial", "--engagement", "export", "import", "--as", "x.pdf", "x.csv",
          "x.xlsx", "x.p12", "x.veridesk", "missing", ".", "..", "/", "", "-", "--", "\x00",
          "--debug", "--reason", "--body", "--org", "--email", "--key-type", "ec", "rsa"]


@FUZZ
@given(
    st.sampled_from(COMMANDS),
    st.lists(st.sampled_from(TOKENS) | st.text(max_size=12), max_size=6),
)
def test_random_argument_lists(tmp_path, monkeypatch, command, args):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VERIDESK_PASSWORD", "")  # never block on a prompt
    if "\x00" in "".join(args) and command == "import":
        args = [a.replace("\x00", "") for a in args]
    result = fuzzing.run(command, *args)
    fuzzing.assert_clean(result, f"{command} {args!r}")
