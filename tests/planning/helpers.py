"""Do the planning work a verifier does before signing: for tests that need a complete
engagement (every significant item assessed, a sample drawn and every selected row agreed)."""

from __future__ import annotations

from desktop.engagement import load_context
from desktop.planning import store
from desktop.rules.planning import population_of, significant_items
from desktop.store.db import Engagement


def complete_planning(eng: Engagement, seed: int = 1, actor: str = "Test Verifier") -> int:
    """Assess every significant item (low / low), draw a sample of the engagement's main
    population and record every selected row as agreed; the plan's id."""
    ctx = load_context(eng.conn)
    pop = population_of(ctx.engagement_type)
    for item in significant_items(ctx, ctx.significant_share_pct).get(pop, []):
        store.set_risk(eng, pop, item, "low", "low", "walked through, reconciled", actor=actor)
    plan = store.draw_sample(eng, pop, seed, actor=actor)
    for row in plan.plan["row_nos"]:
        store.record_result(eng, plan.id, row, None, "agreed to source", actor=actor)
    return plan.id
