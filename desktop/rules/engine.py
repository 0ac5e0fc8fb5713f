"""The registry of checks and the runner: every check of ``CHECK_CODES`` over one context."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .codes import CHECK_CODES
from .context import ENGAGEMENT_TYPES, CheckContext
from .coverage import (
    check_coverage_exclusions,
    check_coverage_reported,
    check_coverage_scope12,
    check_coverage_threshold,
)
from .crediting import check_crediting_period
from .credits import check_beneficiary, check_retirement, check_sufficiency, check_vintage
from .exante import check_ex_ante
from .inventory import check_inventory_recalc
from .investment import (
    check_investment_benchmark,
    check_investment_irr,
    check_investment_sensitivity,
)
from .materiality import check_materiality_aggregate, check_materiality_threshold
from .monitoring import (
    check_calibration,
    check_duplicates,
    check_gaps,
    check_outliers,
)
from .planning import check_planning_risk, check_planning_sample
from .prepared import Prepared
from .recalc import check_recalc_result
from .registry import (
    check_ccp,
    check_corresponding_adjustment,
    check_registry_match,
    check_vcmi_tier,
)
from .result import CheckResult
from .scale import check_scale_class
from .serials import check_double_counting, check_quantity, check_serials

REPORT_FORMAT = "veridesk-check/1"

CHECKS: dict[str, Callable[[CheckContext | Prepared], CheckResult]] = {
    "coverage.threshold": check_coverage_threshold,
    "coverage.scope12": check_coverage_scope12,
    "inventory.recalc": check_inventory_recalc,
    "coverage.exclusions": check_coverage_exclusions,
    "coverage.reported": check_coverage_reported,
    "credits.serials": check_serials,
    "credits.quantity": check_quantity,
    "credits.double_counting": check_double_counting,
    "credits.vintage": check_vintage,
    "credits.retirement": check_retirement,
    "credits.beneficiary": check_beneficiary,
    "credits.sufficiency": check_sufficiency,
    "credits.registry_match": check_registry_match,
    "credits.corresponding_adjustment": check_corresponding_adjustment,
    "credits.ccp": check_ccp,
    "claims.vcmi_tier": check_vcmi_tier,
    "scale.class": check_scale_class,
    "project.crediting_period": check_crediting_period,
    "investment.irr": check_investment_irr,
    "investment.benchmark": check_investment_benchmark,
    "investment.sensitivity": check_investment_sensitivity,
    "materiality.threshold": check_materiality_threshold,
    "recalc.result": check_recalc_result,
    "recalc.ex_ante": check_ex_ante,
    "monitoring.duplicates": check_duplicates,
    "monitoring.gaps": check_gaps,
    "monitoring.outliers": check_outliers,
    "monitoring.calibration": check_calibration,
    "planning.risk": check_planning_risk,
    "planning.sample": check_planning_sample,
    "materiality.aggregate": check_materiality_aggregate,
}


def run_checks(ctx: CheckContext) -> list[CheckResult]:
    """Every check of ``CHECK_CODES``, once each and in that order (``n/a`` where a check
    does not apply to the engagement type or its data is absent)."""
    if ctx.engagement_type not in ENGAGEMENT_TYPES:
        raise ValueError(
            f"unknown engagement type {ctx.engagement_type!r}: use one of "
            f"{', '.join(ENGAGEMENT_TYPES)}"
        )
    prepared = Prepared(ctx)
    return [CHECKS[code](prepared) for code in CHECK_CODES]


def check_report(
    ctx: CheckContext, lang: str = "en", subject: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The ``veridesk-check/1`` object: format, subject (``{"type": …}`` unless given) and
    checks with messages in ``lang``."""
    return {
        "format": REPORT_FORMAT,
        "subject": dict(subject) if subject is not None else {"type": ctx.engagement_type},
        "checks": [r.to_json(lang) for r in run_checks(ctx)],
    }


def has_failures(results: list[CheckResult]) -> bool:
    """True when a check failed (the CLI's exit code 1)."""
    return any(r.status == "fail" for r in results)
