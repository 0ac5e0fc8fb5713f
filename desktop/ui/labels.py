"""Translated labels for engine codes: check codes, engagement types, states, columns."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("labels", text)


def _tr_get(table: dict[str, str], key: str, default: str) -> str:
    """Look ``key`` up in a table of QT_TRANSLATE_NOOP-marked texts and translate it."""
    text = table.get(key)
    return _t(text) if text else default


def check_name(code: str) -> str:
    names = {
        "coverage.threshold": QT_TRANSLATE_NOOP("labels", "Coverage of the footprint"),
        "coverage.scope12": QT_TRANSLATE_NOOP("labels", "Scope 1 and 2 included"),
        "inventory.recalc": QT_TRANSLATE_NOOP("labels", "Activity × factor recalculation"),
        "coverage.exclusions": QT_TRANSLATE_NOOP("labels", "Exclusions justified"),
        "coverage.reported": QT_TRANSLATE_NOOP("labels", "Reported footprint"),
        "credits.serials": QT_TRANSLATE_NOOP("labels", "Credit serial numbers"),
        "credits.quantity": QT_TRANSLATE_NOOP("labels", "Credit quantities"),
        "credits.double_counting": QT_TRANSLATE_NOOP("labels", "Double counting"),
        "credits.vintage": QT_TRANSLATE_NOOP("labels", "Credit vintages"),
        "credits.retirement": QT_TRANSLATE_NOOP("labels", "Retirement dates"),
        "credits.beneficiary": QT_TRANSLATE_NOOP("labels", "Retirement beneficiary"),
        "credits.sufficiency": QT_TRANSLATE_NOOP("labels", "Credits sufficient"),
        "credits.registry_match": QT_TRANSLATE_NOOP("labels", "Registry records agree"),
        "credits.corresponding_adjustment": QT_TRANSLATE_NOOP(
            "labels", "Corresponding adjustment as registered"),
        "credits.ccp": QT_TRANSLATE_NOOP("labels", "CCP label where required"),
        "claims.vcmi_tier": QT_TRANSLATE_NOOP("labels", "VCMI claim tier"),
        "scale.class": QT_TRANSLATE_NOOP("labels", "Project scale"),
        "project.crediting_period": QT_TRANSLATE_NOOP("labels", "Crediting period"),
        "investment.irr": QT_TRANSLATE_NOOP("labels", "IRR recalculated"),
        "investment.benchmark": QT_TRANSLATE_NOOP("labels", "IRR against the benchmark"),
        "investment.sensitivity": QT_TRANSLATE_NOOP("labels", "Sensitivity analysis"),
        "materiality.threshold": QT_TRANSLATE_NOOP("labels", "Materiality threshold"),
        "recalc.result": QT_TRANSLATE_NOOP("labels", "Emission reductions recalculated"),
        "recalc.ex_ante": QT_TRANSLATE_NOOP("labels", "Ex-ante estimate recalculated"),
        "monitoring.duplicates": QT_TRANSLATE_NOOP("labels", "Duplicate readings"),
        "monitoring.gaps": QT_TRANSLATE_NOOP("labels", "Missing readings"),
        "monitoring.outliers": QT_TRANSLATE_NOOP("labels", "Outliers and capacity"),
        "monitoring.calibration": QT_TRANSLATE_NOOP("labels", "Meter calibration"),
        "planning.risk": QT_TRANSLATE_NOOP("labels", "Risk assessment"),
        "planning.sample": QT_TRANSLATE_NOOP("labels", "Sampling plan and results"),
        "materiality.aggregate": QT_TRANSLATE_NOOP("labels", "Aggregate misstatement"),
    }
    return _tr_get(names, code, code)


def status_name(status: str) -> str:
    return _tr_get(
        {
            "pass": QT_TRANSLATE_NOOP("labels", "pass"),
            "fail": QT_TRANSLATE_NOOP("labels", "fail"),
            "warn": QT_TRANSLATE_NOOP("labels", "warning"),
            "n/a": QT_TRANSLATE_NOOP("labels", "not applicable"),
        },
        status,
        status,
    )


def engagement_type(kind: str | None) -> str:
    return _tr_get(
        {
            "validation": QT_TRANSLATE_NOOP("labels", "Validation"),
            "verification": QT_TRANSLATE_NOOP("labels", "Verification"),
            "carbon-neutrality": QT_TRANSLATE_NOOP("labels", "Carbon-neutrality verification"),
        },
        kind or "",
        kind or "—",
    )


def assurance(level: str | None) -> str:
    return _tr_get(
        {
            "reasonable": QT_TRANSLATE_NOOP("labels", "reasonable assurance"),
            "limited": QT_TRANSLATE_NOOP("labels", "limited assurance"),
        },
        level or "",
        level or "—",
    )


def state_name(state: str) -> str:
    return _tr_get(
        {
            "draft": QT_TRANSLATE_NOOP("labels", "Draft"),
            "review": QT_TRANSLATE_NOOP("labels", "Under review"),
            "signed": QT_TRANSLATE_NOOP("labels", "Signed"),
        },
        state,
        state,
    )


def stage_name(state: str) -> str:
    """The stage shown in the header, derived from the engagement's state."""
    return _tr_get(
        {
            "draft": QT_TRANSLATE_NOOP("labels", "Execution"),
            "review": QT_TRANSLATE_NOOP("labels", "Review"),
            "signed": QT_TRANSLATE_NOOP("labels", "Completed"),
        },
        state,
        state,
    )


def column_label(column: str) -> str:
    return _tr_get(
        {
            "row_no": QT_TRANSLATE_NOOP("labels", "Row"),
            "source_id": QT_TRANSLATE_NOOP("labels", "Source"),
            "scope": QT_TRANSLATE_NOOP("labels", "Scope"),
            "category": QT_TRANSLATE_NOOP("labels", "Category"),
            "description": QT_TRANSLATE_NOOP("labels", "Description"),
            "activity": QT_TRANSLATE_NOOP("labels", "Activity"),
            "activity_unit": QT_TRANSLATE_NOOP("labels", "Activity unit"),
            "ef": QT_TRANSLATE_NOOP("labels", "Emission factor"),
            "ef_unit": QT_TRANSLATE_NOOP("labels", "Factor unit"),
            "tco2e": QT_TRANSLATE_NOOP("labels", "tCO2e"),
            "included": QT_TRANSLATE_NOOP("labels", "Included"),
            "exclusion_reason": QT_TRANSLATE_NOOP("labels", "Exclusion reason"),
            "evidence": QT_TRANSLATE_NOOP("labels", "Evidence"),
            "parameter": QT_TRANSLATE_NOOP("labels", "Parameter"),
            "period": QT_TRANSLATE_NOOP("labels", "Time"),
            "value": QT_TRANSLATE_NOOP("labels", "Value"),
            "unit": QT_TRANSLATE_NOOP("labels", "Unit"),
            "meter_id": QT_TRANSLATE_NOOP("labels", "Meter"),
            "registry": QT_TRANSLATE_NOOP("labels", "Registry"),
            "serial": QT_TRANSLATE_NOOP("labels", "Serial number"),
            "quantity": QT_TRANSLATE_NOOP("labels", "Quantity"),
            "vintage": QT_TRANSLATE_NOOP("labels", "Vintage"),
            "project_id": QT_TRANSLATE_NOOP("labels", "Project"),
            "credit_type": QT_TRANSLATE_NOOP("labels", "Type"),
            "retired_on": QT_TRANSLATE_NOOP("labels", "Retired on"),
            "beneficiary": QT_TRANSLATE_NOOP("labels", "Beneficiary"),
            "purpose": QT_TRANSLATE_NOOP("labels", "Purpose"),
            "ccp_label": QT_TRANSLATE_NOOP("labels", "CCP label"),
            "corsia_eligible": QT_TRANSLATE_NOOP("labels", "CORSIA"),
            "corresponding_adjustment": QT_TRANSLATE_NOOP("labels", "Corresponding adjustment"),
            "methodology": QT_TRANSLATE_NOOP("labels", "Methodology"),
            "country": QT_TRANSLATE_NOOP("labels", "Country"),
            "certifications": QT_TRANSLATE_NOOP("labels", "Certifications"),
            "calibrated_on": QT_TRANSLATE_NOOP("labels", "Calibrated on"),
            "valid_until": QT_TRANSLATE_NOOP("labels", "Valid until"),
            "accuracy_pct": QT_TRANSLATE_NOOP("labels", "Accuracy (%)"),
            "capacity": QT_TRANSLATE_NOOP("labels", "Capacity"),
        },
        column,
        column,
    )
