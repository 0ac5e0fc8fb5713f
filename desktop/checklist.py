"""Checklist responses: what the verifier answered, what the engine pre-fills, and progress.

An item with an ``auto`` code is pre-filled from its computed check: pass → conforms,
fail → nonconformity, n/a → not-applicable (when the check is not part of the engagement;
a check whose data is missing leaves the item open); a warning leaves the judgement to the
verifier. Pre-fills are derived live from the checks (the dossier's data never changes
after import), so they are never stale; the verifier confirms one by answering, and an
answer that departs from it needs a reason. Answers are stored with a snapshot of the
check's figures, and every change writes an audit row.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from desktop import records
from desktop.checklist_defs import STAGES, Checklist, Item, applicable, load_all
from desktop.errors import MessageError
from desktop.identity import current_actor
from desktop.rules import CheckResult
from desktop.store.audit import utc_now
from desktop.store.db import Engagement

RESPONSES = ("conforms", "nonconformity", "not-applicable", "open")
RESPONSE_ALIASES = {
    "符合": "conforms",
    "不符合": "nonconformity",
    "不適用": "not-applicable",
    "未答": "open",
    "na": "not-applicable",
    "n/a": "not-applicable",
    "not applicable": "not-applicable",
    "non-conformity": "nonconformity",
    "conform": "conforms",
}
SUGGESTION = {"pass": "conforms", "fail": "nonconformity", "n/a": "not-applicable"}
STAGE_LABELS = {
    "pre-engagement": ("Pre-engagement", "前置作業"),
    "planning": ("Planning", "規劃"),
    "execution": ("Execution", "執行"),
    "completion": ("Completion", "完成"),
    "review": ("Independent review", "獨立審查"),
    "opinion": ("Opinion", "意見"),
    "post-opinion": ("After the opinion", "意見發布後"),
}


def stage_label(stage: str, lang: str = "en") -> str:
    en, zh = STAGE_LABELS.get(stage, (stage, stage))
    return zh if lang == "zh-TW" else en


_DEFINITIONS: list[Checklist] | None = None


def definitions() -> list[Checklist]:
    """All checklist definitions shipped in ``checklists/`` (loaded once)."""
    global _DEFINITIONS
    if _DEFINITIONS is None:
        _DEFINITIONS = load_all()
    return _DEFINITIONS


def normalise_response(value: str) -> str:
    """A response from a sheet or the CLI, in English or Chinese; raises if unknown."""
    word = value.strip()
    low = word.lower().replace("_", "-")
    if low in RESPONSES:
        return low
    if word in RESPONSE_ALIASES:
        return RESPONSE_ALIASES[word]
    if low in RESPONSE_ALIASES:
        return RESPONSE_ALIASES[low]
    raise MessageError("checklist.bad_response", value=value)


def engagement_checklists(conn: sqlite3.Connection) -> list[Checklist]:
    """The checklists that apply to this engagement (type, assurance level, criteria), each
    with the items that apply to its programme."""
    etype, loa, criteria, programme = conn.execute(
        "SELECT engagement_type, level_of_assurance, criteria, programme FROM engagement"
    ).fetchone()
    return applicable(definitions(), etype, loa, tuple(json.loads(criteria or "[]")), programme)


@dataclass
class ItemState:
    """One applicable item with its answer (if any) and its pre-fill (if any)."""

    checklist: Checklist
    item: Item
    response: str | None = None
    note: str | None = None
    evidence: list[str] = field(default_factory=list)
    author: str | None = None
    updated_at: str | None = None
    override_reason: str | None = None
    check: CheckResult | None = None

    @property
    def key(self) -> tuple[str, str]:
        return self.checklist.id, self.item.ref

    @property
    def suggested(self) -> str | None:
        """The computed check's answer; a check without its data leaves the item open."""
        if self.check is None:
            return None
        if self.check.status == "n/a" and not self.check.inapplicable:
            return "open"
        return SUGGESTION.get(self.check.status)

    @property
    def answered(self) -> bool:
        return self.response is not None and self.response != "open"

    @property
    def prefilled(self) -> bool:
        """Pre-filled by the engine and waiting for the verifier to confirm."""
        return self.suggested is not None and self.response is None

    @property
    def supported(self) -> bool:
        """A 'conforms' answer backed by evidence, a note, or the computed check."""
        return bool(self.evidence or (self.note or "").strip() or self.check is not None)


def item_states(
    conn: sqlite3.Connection, results: Iterable[CheckResult] | None = None
) -> list[ItemState]:
    """Every applicable item in checklist and stage order, with answers and pre-fills."""
    by_code = {r.code: r for r in results or ()}
    answers = {
        (r["checklist_id"], r["ref"]): r for r in records.rows_dicts(conn, "SELECT * FROM response")
    }
    out = []
    for cl in engagement_checklists(conn):
        items = sorted(cl.items(), key=lambda it: STAGES.index(it.stage))
        for item in items:
            state = ItemState(cl, item, check=by_code.get(item.auto) if item.auto else None)
            saved = answers.get((cl.id, item.ref)) or next(
                (answers[(cl.id, old)] for old in item.formerly if (cl.id, old) in answers), None
            )
            if saved:
                state.response = saved["response"]
                state.note = saved["note"]
                state.evidence = json.loads(saved["evidence"] or "[]")
                state.author = saved["author"]
                state.updated_at = saved["updated_at"]
                state.override_reason = saved["override_reason"]
            out.append(state)
    return out


def find_item(states: list[ItemState], checklist_id: str, ref: str) -> ItemState:
    for s in states:
        if s.checklist.id == checklist_id and s.item.ref == ref:
            return s
    for s in states:  # a ref the item had in an earlier version of the checklist
        if s.checklist.id == checklist_id and ref in s.item.formerly:
            return s
    raise MessageError("checklist.unknown", checklist=checklist_id, ref=ref)


@dataclass(frozen=True)
class Answer:
    """One answer to record: ``note``/``evidence`` None keep what the item had."""

    checklist_id: str
    ref: str
    response: str
    note: str | None = None
    evidence: list[str] | None = None
    reason: str | None = None


def answer(
    eng: Engagement,
    checklist_id: str,
    ref: str,
    response: str,
    *,
    note: str | None = None,
    evidence: list[str] | None = None,
    reason: str | None = None,
    actor: str | None = None,
    results: Iterable[CheckResult] | None = None,
    states: list[ItemState] | None = None,
) -> ItemState:
    """Record the verifier's answer to one item."""
    one = Answer(checklist_id, ref, response, note, evidence, reason)
    return answer_many(eng, [one], actor=actor, results=results, states=states)[0]


def answer_many(
    eng: Engagement,
    answers: list[Answer],
    *,
    actor: str | None = None,
    results: Iterable[CheckResult] | None = None,
    states: list[ItemState] | None = None,
) -> list[ItemState]:
    """Record several answers in one transaction: all of them, or none."""
    actor = actor or current_actor()
    if states is None:
        states = item_states(eng.conn, results if results is not None else _checks(eng))
    prepared = []
    for a in answers:
        response = normalise_response(a.response)
        state = find_item(states, a.checklist_id, a.ref)
        suggested = state.suggested
        reason = (a.reason or "").strip() or None
        if suggested and response not in (suggested, "open") and not reason:
            raise MessageError(
                "checklist.override_reason", ref=a.ref, suggested=suggested, response=response
            )
        evidence = state.evidence if a.evidence is None else list(dict.fromkeys(a.evidence))
        note = state.note if a.note is None else (a.note.strip() or None)
        prepared.append((state, response, note, evidence, reason, suggested))
    out = []
    with records.change(eng) as conn:
        known = {p for (p,) in conn.execute("SELECT path FROM evidence")}
        for state, response, note, evidence, reason, suggested in prepared:
            for path in evidence:
                if path not in known:
                    raise MessageError("checklist.unknown_evidence", path=path)
            cid, ref = state.key
            old = records.row_dict(
                conn, "SELECT * FROM response WHERE checklist_id = ? AND ref = ?", (cid, ref)
            )
            row = {
                "checklist_id": cid,
                "ref": ref,
                "response": response,
                "note": note,
                "evidence": records.dumps(evidence),
                "auto_code": state.item.auto,
                "auto_status": state.check.status if state.check else None,
                "auto_figures": records.dumps(state.check.figures) if state.check else None,
                "override_reason": reason if suggested and response != suggested else None,
                "author": actor,
                "updated_at": utc_now(),
            }
            if old and all(
                old[k] == row[k] for k in ("response", "note", "evidence", "override_reason")
            ):
                out.append(state)
                continue  # nothing changed: no audit row
            conn.execute(
                f"INSERT OR REPLACE INTO response({','.join(row)}) "
                f"VALUES ({','.join('?' * len(row))})",
                tuple(row.values()),
            )
            records.log(conn, actor, "answer", "response", f"{cid} {ref}", old, row)
            state.response, state.note, state.evidence = response, note, evidence
            state.author, state.updated_at = actor, row["updated_at"]
            state.override_reason = row["override_reason"]
            out.append(state)
    return out


def _checks(eng: Engagement) -> list[CheckResult]:
    from desktop.engagement import run_engagement_checks

    return run_engagement_checks(eng.conn)


@dataclass(frozen=True)
class Progress:
    """Counts for one checklist."""

    checklist: Checklist
    items: int
    answered: int
    prefilled: int


def progress(states: list[ItemState]) -> list[Progress]:
    out: dict[str, list[ItemState]] = {}
    for s in states:
        out.setdefault(s.checklist.id, []).append(s)
    return [
        Progress(
            group[0].checklist,
            len(group),
            sum(s.answered for s in group),
            sum(s.prefilled for s in group),
        )
        for group in out.values()
    ]


def current_stage(states: list[ItemState]) -> str | None:
    """The first stage with an unanswered item (None when every item is answered)."""
    open_stages = {s.item.stage for s in states if not s.answered}
    return next((st for st in STAGES if st in open_stages), None)
