"""Computed differences the verifier must evaluate: proposed misstatements (design §11).

When the recalculation disagrees with the claim (``recalc.result``) or the recomputed
footprint with the reported one (``coverage.reported``), the difference is proposed as a
misstatement. The verifier evaluates it by recording a misstatement against it — source
``result`` or ``footprint`` — with the amount accepted, a corrected amount, or 0 with the
explanation. Until then the sign-off gate stays shut and the opinion cannot be unmodified.
A sample plan's errors projected to its population (design §13) are proposed the same way,
source ``sample:<plan id>``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from desktop.rules import CheckResult

TOLERANCE_TCO2E = 0.005  # differences below half a hundredth of a tonne are rounding

SAMPLE_PREFIX = "sample:"  # a sample plan's projected errors: "sample:<plan id>"

# source key -> (check code, English label, Chinese label)
SOURCES = {
    "result": ("recalc.result", "the recalculated emission reductions against the claim",
               "重新計算之減量與宣告值之差異"),
    "footprint": ("coverage.reported", "the recomputed footprint against the reported one",
                  "重新計算之碳足跡與宣告值之差異"),
}


@dataclass(frozen=True)
class Proposal:
    """One computed difference (claimed − recomputed: positive means overstated)."""

    source: str
    amount_tco2e: float
    label: str
    label_zh: str
    evaluated_by: tuple[int, ...]  # ids of the misstatements recorded against it

    @property
    def evaluated(self) -> bool:
        return bool(self.evaluated_by)


def proposals(conn: sqlite3.Connection, results: list[CheckResult]) -> list[Proposal]:
    """The computed differences of this engagement, and how each was evaluated."""
    by_code = {r.code: r for r in results}
    recorded: dict[str, list[int]] = {}
    # a corrected misstatement still evaluates the difference (it was corrected, after all)
    for mid, source in conn.execute("SELECT id, source FROM misstatement ORDER BY id"):
        if source in SOURCES or str(source).startswith(SAMPLE_PREFIX):
            recorded.setdefault(source, []).append(mid)
    out = []
    for source, (code, label, label_zh) in SOURCES.items():
        r = by_code.get(code)
        if r is None or r.status == "n/a":
            continue
        diff = r.figures.get("difference_tco2e")
        if not isinstance(diff, int | float) or abs(diff) < TOLERANCE_TCO2E:
            continue
        out.append(Proposal(source, float(diff), label, label_zh,
                            tuple(recorded.get(source, ()))))
    return out + _sample_proposals(conn, recorded)


def _sample_proposals(conn: sqlite3.Connection, recorded: dict[str, list[int]]) -> list[Proposal]:
    """The projected misstatement of each sample plan with errors (source ``sample:<id>``)."""
    from desktop.planning import store

    out = []
    for plan in store.list_plans(conn):
        projected = store.evaluation(conn, plan).projected_tco2e
        if abs(projected) < TOLERANCE_TCO2E:
            continue
        source = f"{SAMPLE_PREFIX}{plan.id}"
        out.append(Proposal(
            source, projected,
            f"the errors of sample {plan.id} ({plan.population}) projected to the population",
            f"抽樣 {plan.id}（{plan.population}）之誤差推估至母體",
            tuple(recorded.get(source, ()))))
    return out
