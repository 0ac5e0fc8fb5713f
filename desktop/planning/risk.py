"""Risk levels and their combination (the audit risk model: inherent × control risk).

ISO 14064-3:2019 §6.1.2 asks the verifier to assess the risk of a material misstatement
for each significant source or parameter. VeriDesk records inherent and control risk as
high / medium / low with a reason and combines them into the risk of material
misstatement (RMM) with the usual matrix of the audit risk model (AR = IR × CR × DR:
the higher IR × CR, the lower the detection risk the verifier can accept, so the more
evidence — here a higher sampling confidence). The matrix is VeriDesk's choice.
"""

from __future__ import annotations

from dataclasses import dataclass

LEVELS: tuple[str, ...] = ("low", "medium", "high")
POPULATIONS: tuple[str, ...] = ("inventory", "monitoring", "evidence")

# (inherent, control) -> risk of material misstatement
_MATRIX: dict[tuple[str, str], str] = {
    ("high", "high"): "high",
    ("high", "medium"): "high",
    ("high", "low"): "medium",
    ("medium", "high"): "high",
    ("medium", "medium"): "medium",
    ("medium", "low"): "low",
    ("low", "high"): "medium",
    ("low", "medium"): "low",
    ("low", "low"): "low",
}


def level(value: str) -> str:
    """``value`` as a risk level (case and spaces ignored); ``ValueError`` otherwise."""
    v = str(value).strip().lower()
    if v not in LEVELS:
        raise ValueError(f"{value!r} is not one of {', '.join(LEVELS)}")
    return v


def combine(inherent: str, control: str) -> str:
    """The risk of material misstatement for an inherent and a control risk."""
    return _MATRIX[(level(inherent), level(control))]


def rank(value: str) -> int:
    """0 for low, 1 for medium, 2 for high (for ``max``)."""
    return LEVELS.index(level(value))


@dataclass(frozen=True)
class Assessment:
    """One stored risk assessment of a source, parameter or evidence file."""

    population: str
    item: str
    inherent: str
    control: str
    reason: str
    author: str = ""
    at: str = ""

    @property
    def combined(self) -> str:
        return combine(self.inherent, self.control)
