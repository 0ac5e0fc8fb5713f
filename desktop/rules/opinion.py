"""The suggested opinion (design §6, §8). The verifier may override it with a recorded
justification; this only states what the evidence points to."""

from __future__ import annotations

from dataclasses import dataclass

OPINION_KINDS: tuple[str, ...] = ("unmodified", "modified", "adverse", "disclaimer")


@dataclass(frozen=True)
class Opinion:
    """A suggested opinion and the reasons for it (English and Traditional Chinese)."""

    kind: str
    reasons: tuple[str, ...]
    reasons_zh: tuple[str, ...]


def suggest_opinion(
    *,
    open_car: int,
    open_cl: int,
    misstatement_material: bool,
    pervasive: bool = False,
    evidence_sufficient: bool = True,
    unraised_nonconformities: int = 0,
    unevaluated_differences: int = 0,
) -> Opinion:
    """Suggest an opinion from the state of the engagement.

    Clause: ISO 14064-3:2019 opinion types — unmodified, modified, adverse, or a
    disclaimer (the wording is UNCONFIRMED, domain.md). In order:

    1. evidence insufficient → ``disclaimer`` (no conclusion can be reached);
    2. a material misstatement not corrected and pervasive → ``adverse``;
    3. a material misstatement not corrected → ``modified``;
    4. open CAR or CL without a material misstatement → ``modified``: design §8 says open
       CL/CAR block an unmodified opinion, and a CAR must be closed before a positive one;
       the reasons tell the verifier to close them, which makes ``unmodified`` possible;
    5. otherwise → ``unmodified``.

    ``pervasive`` only matters for a material misstatement. FARs never block an opinion.
    Nonconformities without a CL or CAR, and computed differences not yet evaluated as
    misstatements, also keep the suggestion from ``unmodified`` (design §11).
    """
    if open_car < 0 or open_cl < 0:
        raise ValueError("open_car and open_cl must not be negative")
    if not evidence_sufficient:
        return Opinion(
            "disclaimer",
            ("The evidence is not sufficient and appropriate to reach a conclusion.",),
            ("證據不足或不適切，無法形成結論。",),
        )
    reasons: list[str] = []
    reasons_zh: list[str] = []
    if misstatement_material:
        if pervasive:
            return Opinion(
                "adverse",
                ("A material misstatement was not corrected and its effect is pervasive.",),
                ("重大不實陳述未更正，且其影響廣泛。",),
            )
        reasons.append("A material misstatement was not corrected (not pervasive).")
        reasons_zh.append("重大不實陳述未更正（影響非廣泛）。")
    if open_car or open_cl:
        reasons.append(
            f"Open findings block an unmodified opinion: {open_car} CAR, {open_cl} CL; close "
            f"them first."
        )
        reasons_zh.append(
            f"尚有未結案之發現事項（CAR {open_car} 項、CL {open_cl} 項），"
            f"結案前不得出具無保留意見。"
        )
    if unraised_nonconformities:
        reasons.append(
            f"{unraised_nonconformities} checklist items are nonconformities without a CL or "
            "CAR: raise them."
        )
        reasons_zh.append(
            f"{unraised_nonconformities} 個查核項目判定不符合但未提出 CL 或 CAR：請提出。"
        )
    if unevaluated_differences:
        reasons.append(
            f"{unevaluated_differences} computed differences have not been evaluated as "
            "misstatements."
        )
        reasons_zh.append(f"{unevaluated_differences} 項計算差異尚未評估為不實陳述。")
    if reasons:
        return Opinion("modified", tuple(reasons), tuple(reasons_zh))
    return Opinion(
        "unmodified",
        ("No open CAR or CL, and the aggregate misstatement is below the threshold.",),
        ("無未結案之 CAR 或 CL，且不實陳述合計低於重大性門檻。",),
    )
