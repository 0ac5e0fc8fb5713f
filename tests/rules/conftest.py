"""Fixtures for the rules tests: the shared sample dossiers as CheckContexts."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # rules_helpers, whatever the import mode

from rules_helpers import load_example

from desktop.rules import CheckContext


@pytest.fixture
def neutral_steel() -> CheckContext:
    return load_example("neutral-steel")


@pytest.fixture
def led_retrofit() -> CheckContext:
    return load_example("led-retrofit")


@pytest.fixture
def solar_pdd() -> CheckContext:
    return load_example("solar-pdd")
