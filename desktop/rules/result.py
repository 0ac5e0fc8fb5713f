"""A check's outcome, its ``veridesk-check/1`` JSON form, and small shared helpers."""

from __future__ import annotations

import copy
import math
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from numbers import Integral, Real
from typing import Any

STATUSES: tuple[str, ...] = ("pass", "fail", "warn", "n/a")

_TYPE_ZH = {"validation": "確證", "verification": "查證", "carbon-neutrality": "碳中和宣告查證"}

TOLERANCE_PCT = 0.5
"""Relative tolerance for recomputed figures (inventory rows, footprint, ER): rounding in
the client's spreadsheet is not a finding. A VeriDesk choice, not a clause of a standard."""


def _clean(value: Any) -> Any:
    """JSON-ready copy: numbers rounded to 4 decimals, NaN → None, tuples → lists."""
    if value is None or isinstance(value, str | bool):
        return value
    np = sys.modules.get("numpy")  # a numpy value implies numpy is loaded; never load it here
    if np is not None and isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, Integral):
        return int(value)
    if isinstance(value, Real):
        f = float(value)
        if math.isnan(f) or math.isinf(f):
            return None
        r = round(f, 4)
        return 0.0 if r == 0 else r
    if isinstance(value, Mapping):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return str(value)


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check (design §5). Figures are rounded on construction."""

    code: str
    status: str
    figures: dict[str, Any] = field(default_factory=dict)
    message: str = ""
    rows: list[str] = field(default_factory=list)
    message_zh: str = ""
    # n/a because the check is not part of this engagement (its type or criteria), as
    # opposed to n/a because the data it needs is missing (then the item stays open)
    inapplicable: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"{self.code}: unknown status {self.status!r}")
        object.__setattr__(self, "figures", _clean(dict(self.figures)))
        object.__setattr__(self, "rows", [str(r) for r in self.rows])
        if not self.message_zh:
            object.__setattr__(self, "message_zh", self.message)

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        """The design's dict ``{code, status, figures, message, rows}`` in ``lang``
        (``"en"`` or ``"zh-TW"``; ``zh``, ``zh_TW``… are accepted)."""
        return {
            "code": self.code,
            "status": self.status,
            "figures": copy.deepcopy(self.figures),
            "message": self.message_in(lang),
            "rows": list(self.rows),
        }

    def message_in(self, lang: str = "en") -> str:
        """The message in ``lang``: English, or Traditional Chinese for any ``zh*``."""
        norm = lang.replace("_", "-").lower()
        if norm.startswith("zh"):
            return self.message_zh
        if norm.startswith("en"):
            return self.message
        raise ValueError(f"unsupported language {lang!r}: use 'en' or 'zh-TW'")


def not_applicable(code: str, message: str, message_zh: str) -> CheckResult:
    """A check that does not apply, or whose data is absent."""
    return CheckResult(code, "n/a", {}, message, [], message_zh)


def inapplicable_type(code: str, engagement_type: str, applies_to: Iterable[str]) -> CheckResult:
    """``n/a`` because the check is not part of this type of engagement."""
    kinds = tuple(applies_to)
    kinds_zh = "、".join(_TYPE_ZH.get(k, k) for k in kinds)
    return CheckResult(
        code, "n/a", {},
        f"Not applicable to a {engagement_type} engagement (applies to: {', '.join(kinds)}).",
        [],
        f"不適用於{_TYPE_ZH.get(engagement_type, engagement_type)}案件（適用於：{kinds_zh}）。",
        inapplicable=True,
    )


def outside_criteria(code: str, standard: str) -> CheckResult:
    """``n/a`` because the engagement's criteria do not include ``standard``."""
    return CheckResult(
        code, "n/a", {},
        f"Not applicable: a rule of {standard}, which is not among the engagement's criteria.",
        [], f"不適用：此為 {standard} 之規定，不在本案件之適用準則內。", inapplicable=True,
    )


def classify_difference(diff_pct: float, threshold_pct: float) -> str:
    """Status of a relative difference: within tolerance → pass, below materiality → warn
    (a finding to raise), at or above the materiality threshold → fail."""
    d = abs(diff_pct)
    if d <= TOLERANCE_PCT + 1e-9:
        return "pass"
    return "warn" if d < threshold_pct - 1e-9 else "fail"


def fmt_t(x: float) -> str:
    """A tonnage for messages: ``2,167.82``, or ``277`` when whole."""
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"


def fmt_pct(x: float) -> str:
    """A computed percentage for messages: ``99.32 %``."""
    return f"{x:.2f} %"


def fmt_rule(x: float) -> str:
    """A percentage set by a rule or setting: ``95 %``, ``0.5 %``."""
    return f"{x:g} %"


def list_rows(rows: Iterable[str], limit: int = 5) -> str:
    """The first few record names for a message: ``S10, S12 (+3 more)``."""
    items = list(rows)
    head = ", ".join(items[:limit])
    return head if len(items) <= limit else f"{head} (+{len(items) - limit})"


def zh_rows(rows: Iterable[str]) -> list[str]:
    """Record names for a Chinese message: ``第 N 列`` for each ``row N``."""
    return [f"第 {r[4:]} 列" if r.startswith("row ") else r for r in rows]


_SEVERITY = {"n/a": 0, "pass": 1, "warn": 2, "fail": 3}


def worst(*statuses: str) -> str:
    """The most severe of ``statuses`` (fail > warn > pass > n/a)."""
    return max(statuses, key=_SEVERITY.__getitem__)


def type_gate(code: str, engagement_type: str, applies_to: tuple[str, ...]) -> CheckResult | None:
    """An ``n/a`` result when ``code`` does not apply to ``engagement_type``, else ``None``."""
    if engagement_type in applies_to:
        return None
    return inapplicable_type(code, engagement_type, applies_to)
