"""The sampling factors, read from ``resources/planning.toml`` (documented there)."""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from desktop.errors import InputError, Problem

from .risk import LEVELS

ASSURANCE: tuple[str, ...] = ("reasonable", "limited")


@dataclass(frozen=True)
class SamplingSettings:
    """Performance materiality share, expected misstatement, confidence by assurance and
    risk, expansion factors (see ``resources/planning.toml``)."""

    performance_materiality_pct: float = 75.0
    expected_misstatement_pct: float = 0.0
    significant_share_pct: float = 1.0
    tolerable_deviation_pct: float = 10.0
    unassessed_risk: str = "high"
    confidence_pct: dict[str, dict[str, float]] = field(
        default_factory=lambda: {
            "reasonable": {"high": 95.0, "medium": 90.0, "low": 80.0},
            "limited": {"high": 80.0, "medium": 63.0, "low": 50.0},
        }
    )
    expansion_factor: dict[float, float] = field(
        default_factory=lambda: {
            99.0: 1.9,
            95.0: 1.6,
            90.0: 1.5,
            85.0: 1.4,
            80.0: 1.3,
            75.0: 1.3,
            70.0: 1.2,
            63.0: 1.2,
            50.0: 1.0,
        }
    )

    def confidence(self, assurance: str | None, risk: str) -> float:
        """The confidence level (percent) for an assurance level (``None``: reasonable)."""
        key = (assurance or "reasonable").strip().lower()
        return self.confidence_pct.get(key, self.confidence_pct["reasonable"])[risk]

    def expansion(self, confidence_pct: float) -> float:
        return self.expansion_factor[float(confidence_pct)]

    def as_json(self) -> dict[str, object]:
        return {
            "performance_materiality_pct": self.performance_materiality_pct,
            "expected_misstatement_pct": self.expected_misstatement_pct,
            "significant_share_pct": self.significant_share_pct,
            "tolerable_deviation_pct": self.tolerable_deviation_pct,
            "unassessed_risk": self.unassessed_risk,
            "confidence_pct": self.confidence_pct,
            "expansion_factor": {f"{k:g}": v for k, v in self.expansion_factor.items()},
        }


def _pct(
    raw: dict, key: str, file: str, *, low: float = 0.0, high: float = 100.0, prefix: str = ""
) -> float:
    value = raw.get(key)
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok or not math.isfinite(value) or not low <= value <= high:
        raise InputError(
            Problem(
                "planning.bad_setting",
                file,
                where=prefix + key,
                params={"value": value, "low": low, "high": high},
            )
        )
    return float(value)


def parse_settings(raw: dict, file: str = "planning.toml") -> SamplingSettings:
    """Validated settings from a parsed TOML table; :class:`InputError` naming the key."""
    scalars = {
        "performance_materiality_pct": _pct(raw, "performance_materiality_pct", file, low=1.0),
        "expected_misstatement_pct": _pct(raw, "expected_misstatement_pct", file, high=99.0),
        "significant_share_pct": _pct(raw, "significant_share_pct", file),
        "tolerable_deviation_pct": _pct(raw, "tolerable_deviation_pct", file, low=1.0),
    }
    conf: dict[str, dict[str, float]] = {}
    for assurance in ASSURANCE:
        table = (raw.get("confidence_pct") or {}).get(assurance) or {}
        where = f"confidence_pct.{assurance}."
        conf[assurance] = {
            lvl: _pct(table, lvl, file, low=1.0, high=99.9, prefix=where) for lvl in LEVELS
        }
    expansion: dict[float, float] = {}
    for key, value in (raw.get("expansion_factor") or {}).items():
        try:
            expansion[float(key)] = _pct(
                {key: value}, key, file, low=1.0, high=10.0, prefix="expansion_factor."
            )
        except ValueError:
            raise InputError(
                Problem(
                    "planning.bad_setting",
                    file,
                    where=f"expansion_factor.{key}",
                    params={"value": key, "low": 1, "high": 99.9},
                )
            ) from None
    for assurance, table in conf.items():
        for lvl, pct in table.items():
            if pct not in expansion:
                raise InputError(
                    Problem(
                        "planning.no_expansion",
                        file,
                        where=f"confidence_pct.{assurance}.{lvl}",
                        params={"value": pct},
                    )
                )
    unassessed = str(raw.get("unassessed_risk", "high")).strip().lower()
    if unassessed not in LEVELS:
        raise InputError(
            Problem(
                "planning.bad_setting",
                file,
                where="unassessed_risk",
                params={"value": unassessed, "low": "low", "high": "high"},
            )
        )
    return SamplingSettings(
        **scalars,
        unassessed_risk=unassessed,
        confidence_pct=conf,
        expansion_factor=expansion,
    )


def settings_path() -> Path:
    from desktop import paths

    return paths.resources() / "planning.toml"


@lru_cache(maxsize=1)
def load_settings(path: Path | None = None) -> SamplingSettings:
    """The settings of ``path`` (default: the bundled ``resources/planning.toml``)."""
    p = path or settings_path()
    with open(p, "rb") as f:
        return parse_settings(tomllib.load(f), p.name)
