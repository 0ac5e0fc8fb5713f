"""Fixtures for the PDF opinion tests: rendering once per document, poppler helpers."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from desktop.report.pdf import render_opinion
from tests.report.samples import neutrality_doc, verification_doc

POPPLER = all(shutil.which(t) for t in ("pdftotext", "pdftoppm", "pdfinfo"))
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext) not installed")

DOCS = {
    "en-neutrality-final": lambda: neutrality_doc("en"),
    "en-neutrality-draft-self": lambda: neutrality_doc("en", draft=True, attestation="self"),
    "zh-neutrality-final-self": lambda: neutrality_doc("zh-TW", attestation="self"),
    "zh-neutrality-draft": lambda: neutrality_doc("zh-TW", draft=True),
    "en-verification-final": lambda: verification_doc("en"),
    "zh-verification-draft": lambda: verification_doc("zh-TW", draft=True),
}


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> dict[str, tuple[object, Path]]:
    """name -> (OpinionDocument, path of its PDF), rendered once per session."""
    out = tmp_path_factory.mktemp("opinions")
    result = {}
    for name, make in DOCS.items():
        doc = make()
        path = out / f"{name}.pdf"
        path.write_bytes(render_opinion(doc))
        result[name] = (doc, path)
    return result


def pdftotext(path: Path, *args: str) -> str:
    proc = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *args, str(path), "-"],
        capture_output=True, check=True, timeout=60,
    )
    return proc.stdout.decode("utf-8")


def page_count(path: Path) -> int:
    proc = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, timeout=60)
    match = re.search(rb"^Pages:\s+(\d+)", proc.stdout, re.M)
    assert match, proc.stdout
    return int(match.group(1))
