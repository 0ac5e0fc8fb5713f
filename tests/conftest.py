"""Shared fixtures: the sample dossiers, a CLI runner, temporary engagement files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# Sample dossiers written for the tests (figures in tests/data/dossiers/README.md).
EXAMPLES = REPO / "tests" / "data" / "dossiers"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["VERIDESK_LANG"] = "en"
os.environ["VERIDESK_USER"] = "Test Verifier"
# The user data folder (the demo, the signing journal) of this test session only.
os.environ["VERIDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="veridesk-test-data-")


@pytest.fixture(scope="session")
def examples() -> Path:
    return EXAMPLES


@pytest.fixture
def dossier_copy(tmp_path, examples):
    """Copy a sample dossier into tmp_path so a test may change it."""

    def copy(name: str) -> Path:
        dest = tmp_path / name
        shutil.copytree(examples / name, dest)
        return dest

    return copy


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 120):
    """Run ``python -m desktop.cli`` in a subprocess; returns CompletedProcess (text)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "desktop.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full_env,
        cwd=REPO,
        timeout=timeout,
    )


@pytest.fixture
def cli():
    return run_cli


def pdf_text(path: Path) -> str:
    """The text of a PDF: poppler's ``pdftotext`` when installed, else PDFium (a dependency)."""
    if shutil.which("pdftotext"):
        proc = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
        )
        return proc.stdout.decode("utf-8")
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()
