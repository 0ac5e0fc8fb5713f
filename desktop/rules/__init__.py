"""VeriDesk's rules engine: pure functions from a :class:`CheckContext` to check results.

No SQL, no Qt, no files: the importer builds the context, the CLI and the UI show the
results. ``run_checks`` returns one :class:`CheckResult` per code of ``CHECK_CODES``, in
that order; ``check_report`` wraps them in the ``veridesk-check/1`` JSON shape (design §5).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Each public name and the module that holds it. They load on first use: the engine's
# modules pull in numpy and pandas, which a window opening a file should not wait for.
_WHERE = {
    "CHECK_CODES": "codes",
    "CalcLine": "context",
    "Calculation": "context",
    "CheckContext": "context",
    "ENGAGEMENT_TYPES": "context",
    "CHECKS": "engine",
    "REPORT_FORMAT": "engine",
    "check_report": "engine",
    "has_failures": "engine",
    "run_checks": "engine",
    "FormulaError": "formula",
    "Unit": "formula",
    "evaluate_calculation": "formula",
    "evaluate_formula": "formula",
    "Threshold": "materiality",
    "materiality_threshold": "materiality",
    "Opinion": "opinion",
    "suggest_opinion": "opinion",
    "CheckResult": "result",
    "STATUSES": "result",
    "additionality_steps": "scale",
    "scale_class": "scale",
    "SerialBlock": "serial_format",
    "parse_serial": "serial_format",
}

__all__ = [
    "CHECKS",
    "CHECK_CODES",
    "ENGAGEMENT_TYPES",
    "REPORT_FORMAT",
    "STATUSES",
    "CalcLine",
    "Calculation",
    "CheckContext",
    "CheckResult",
    "FormulaError",
    "Opinion",
    "SerialBlock",
    "Threshold",
    "Unit",
    "additionality_steps",
    "check_report",
    "evaluate_calculation",
    "evaluate_formula",
    "has_failures",
    "materiality_threshold",
    "parse_serial",
    "run_checks",
    "scale_class",
    "suggest_opinion",
]

if TYPE_CHECKING:
    from .codes import CHECK_CODES
    from .context import ENGAGEMENT_TYPES, CalcLine, Calculation, CheckContext
    from .engine import CHECKS, REPORT_FORMAT, check_report, has_failures, run_checks
    from .formula import FormulaError, Unit, evaluate_calculation, evaluate_formula
    from .materiality import Threshold, materiality_threshold
    from .opinion import Opinion, suggest_opinion
    from .result import STATUSES, CheckResult
    from .scale import additionality_steps, scale_class
    from .serial_format import SerialBlock, parse_serial


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'desktop.rules' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"desktop.rules.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
