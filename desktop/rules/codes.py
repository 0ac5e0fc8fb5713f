"""The check codes of the ``veridesk-check/1`` contract (design §5), in report order."""

CHECK_CODES: tuple[str, ...] = (
    "coverage.threshold",
    "coverage.scope12",
    "inventory.recalc",
    "coverage.exclusions",
    "coverage.reported",
    "credits.serials",
    "credits.quantity",
    "credits.double_counting",
    "credits.vintage",
    "credits.retirement",
    "credits.beneficiary",
    "credits.sufficiency",
    "scale.class",
    "materiality.threshold",
    "recalc.result",
    "materiality.aggregate",
)
