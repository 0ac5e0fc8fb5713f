"""The work a verifier does before signing, for tests that need a complete engagement.

Planning (every significant item assessed, a sample drawn, every selected row agreed),
then every applicable checklist item answered: the computed suggestion where there is
one; an item a check leaves open for lack of data (no registry export, say) is answered
"conforms" with the reason the verifier could say so, as the sign-off gate requires.
"""

from __future__ import annotations

from desktop.checklist import Answer, answer_many, item_states
from desktop.engagement import run_engagement_checks
from desktop.rules import CheckResult
from desktop.store.db import Engagement
from tests.planning.helpers import complete_planning

OUTSIDE = "confirmed outside VeriDesk: registry website and working papers"


def answer_everything(
    eng: Engagement, actor: str, note: str = "checked on site"
) -> list[CheckResult]:
    """Answer every applicable item (see the module docstring); the fresh check results."""
    results = run_engagement_checks(eng.conn)
    states = item_states(eng.conn, results)
    batch = []
    for s in states:
        resp = s.suggested or "conforms"
        if resp == "open":
            batch.append(Answer(s.checklist.id, s.item.ref, "conforms", note=note,
                                reason=OUTSIDE))
        else:
            batch.append(Answer(s.checklist.id, s.item.ref, resp, note=note))
    answer_many(eng, batch, actor=actor, states=states)
    return run_engagement_checks(eng.conn)


def do_the_work(eng: Engagement, actor: str, note: str = "checked on site") -> list[CheckResult]:
    """Plan, sample and agree the sample, then answer every item; the fresh results."""
    complete_planning(eng, actor=actor)
    return answer_everything(eng, actor, note)
