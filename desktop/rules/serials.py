"""Registry serial numbers: parsing, and the ``credits.serials``, ``credits.quantity`` and
``credits.double_counting`` checks.

A serial names a block of consecutive units, ``quantity = end − start + 1`` (design §6).
Formats (domain.md): Taiwan MOENV, Verra VCS, Gold Standard, ACR, CAR, and CDM/Kyoto
blocks. A serial that matches no format is reported, never guessed. The fields besides
start and end are UNCONFIRMED for TW-MOENV and CDM.

Numbering series (``prefix_key``) used for double counting and for counting units once in
``credits.sufficiency``: Verra numbers units across the whole registry; Gold Standard, ACR
and CAR restart in each issuance batch, so their series is the prefix (everything before
the range: project, vintage and issuance batch) — domain.md, December review. TW-MOENV
(registry-wide) and CDM/Kyoto (per originating party) are UNCONFIRMED.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .context import NEUTRALITY, CheckContext
from .inventory import by_row_no, labels, numbers
from .prepared import Prepared, prepare
from .result import CheckResult, list_rows, not_applicable, type_gate
from .serial_format import _KEYS, _UNSEEN, REASONS, _match
from .serial_format import SerialBlock as SerialBlock  # re-exported: the parsing API
from .serial_format import detect_scheme as detect_scheme
from .serial_format import parse_serial as parse_serial
from .serial_format import parse_serial_reason as parse_serial_reason
from .serial_format import registry_scheme as registry_scheme


@dataclass(frozen=True, eq=False)
class CreditTable:
    """The credits frame in ``row_no`` order with each serial parsed (equal-length arrays)."""

    frame: pd.DataFrame
    label: np.ndarray  # object: the serial as written, or "row N"
    parsed: np.ndarray  # bool
    scheme: np.ndarray  # object (None where unparsed)
    key: np.ndarray  # object: scheme + numbering series (None where unparsed)
    start: np.ndarray  # int64 (0 where unparsed)
    end: np.ndarray  # int64
    reason: np.ndarray  # object: REASONS code where unparsed
    normalised: np.ndarray  # object: the serial with whitespace collapsed ("" if blank)

    @property
    def n(self) -> int:
        return len(self.label)


def parse_serials(serials: Sequence[object], registries: Sequence[object]) -> dict[str, np.ndarray]:
    """Parse many serials: one compiled regex per row, chosen from the serial's prefix and
    the registry (hints are resolved once per distinct registry name)."""
    n = len(serials)
    scheme: list[str | None] = [None] * n
    key: list[str | None] = [None] * n
    reason: list[str | None] = [None] * n
    norm: list[str] = [""] * n
    start = [0] * n
    end = [0] * n
    hints: dict[object, str | None] = {}
    keys = _KEYS
    for i, (raw, reg) in enumerate(zip(serials, registries, strict=True)):
        text = " ".join(raw.split()) if isinstance(raw, str) else ""
        norm[i] = text
        hinted = hints.get(reg, _UNSEEN)
        if hinted is _UNSEEN:
            hinted = hints[reg] = registry_scheme(reg) if isinstance(reg, str) else None
        found = _match(text, hinted)
        if isinstance(found, str):
            reason[i] = found
            continue
        sch, m, start[i], end[i] = found
        scheme[i], key[i] = sch, keys[sch](m)[0]
    return {
        "parsed": np.array([r is None for r in reason], dtype=bool),
        "scheme": np.array(scheme, dtype=object),
        "key": np.array(key, dtype=object),
        "start": np.array(start, dtype=np.int64),
        "end": np.array(end, dtype=np.int64),
        "reason": np.array(reason, dtype=object),
        "normalised": np.array(norm, dtype=object),
    }


def prepare_credits(frame: pd.DataFrame) -> CreditTable:
    """Order the credits by ``row_no`` and parse every serial once."""
    frame = by_row_no(frame)
    n = len(frame)
    serials = frame["serial"].tolist() if "serial" in frame else [None] * n
    registries = frame["registry"].tolist() if "registry" in frame else [None] * n
    parsed = parse_serials(serials, registries)
    return CreditTable(frame=frame, label=labels(frame, "serial"), **parsed)


def credits_or_na(code: str, p: Prepared) -> CreditTable | CheckResult:
    """The prepared credits, or the ``n/a`` result when the check cannot run on them."""
    gate = type_gate(code, p.ctx.engagement_type, NEUTRALITY)
    if gate is not None:
        return gate
    table = p.credits
    if table is None or table.n == 0:
        return not_applicable(code, "The dossier lists no credits.", "案卷未列任何減量額度。")
    return table


def check_serials(ctx: CheckContext | Prepared) -> CheckResult:
    """``credits.serials``: every serial parses in its registry's format.

    Clause: ICVCM CCP 2 (tracking) and the VCMI Claims Code disclosures (serial numbers);
    ISO 14068-1:2023 requires retired credits to be identifiable. Formats per domain.md;
    TW-MOENV and CDM field meanings are UNCONFIRMED. Unknown formats are listed, not guessed.
    """
    code = "credits.serials"
    table = credits_or_na(code, prepare(ctx))
    if isinstance(table, CheckResult):
        return table
    bad = ~table.parsed
    rows = table.label[bad].tolist()
    n_ok, n_bad = int(table.parsed.sum()), len(rows)
    figures = {"parsed": n_ok, "unparsed": n_bad}
    if not n_bad:
        return CheckResult(
            code,
            "pass",
            figures,
            f"All {n_ok} serials parse.",
            [],
            f"{n_ok} 筆序號皆可解析。",
        )
    why = table.reason[bad]
    counts = pd.Series(why).value_counts()
    en = "; ".join(f"{REASONS[r][0]}: {c}" for r, c in counts.items())
    zh = "；".join(f"{REASONS[r][1]}：{c} 筆" for r, c in counts.items())
    return CheckResult(
        code,
        "fail",
        figures,
        f"{n_bad} of {n_ok + n_bad} serials do not parse ({en}): {list_rows(rows)}.",
        rows,
        f"{n_ok + n_bad} 筆序號中有 {n_bad} 筆無法解析（{zh}）：{list_rows(rows)}。",
    )


def check_quantity(ctx: CheckContext | Prepared) -> CheckResult:
    """``credits.quantity``: each row's quantity equals its block's end − start + 1.

    Clause: registry serial-block convention (design §6); VCMI disclosures require the
    quantity retired. Rows whose serial does not parse are left to ``credits.serials``.
    """
    code = "credits.quantity"
    table = credits_or_na(code, prepare(ctx))
    if isinstance(table, CheckResult):
        return table
    ok = table.parsed
    n_checked = int(ok.sum())
    if n_checked == 0:
        return CheckResult(
            code,
            "n/a",
            {"mismatches": 0, "checked": 0},
            "No serial parses, so no quantity can be checked.",
            [],
            "沒有可解析的序號，無法核對數量。",
        )
    qty = numbers(table.frame, "quantity")
    expected = (table.end - table.start + 1).astype(float)
    bad = ok & ~(qty == expected)
    rows = table.label[bad].tolist()
    figures = {"mismatches": len(rows), "checked": n_checked}
    if not rows:
        return CheckResult(
            code,
            "pass",
            figures,
            f"All {n_checked} quantities equal their serial blocks.",
            [],
            f"{n_checked} 筆數量皆與序號區段相符。",
        )
    return CheckResult(
        code,
        "fail",
        figures,
        f"{len(rows)} quantities differ from end − start + 1 of their serial block: "
        f"{list_rows(rows)}.",
        rows,
        f"有 {len(rows)} 筆數量與序號區段（結束號 − 起始號 + 1）不符：{list_rows(rows)}。",
    )


def find_overlaps(key: np.ndarray, start: np.ndarray, end: np.ndarray) -> tuple[int, np.ndarray]:
    """Blocks of one numbering series that share a unit; O(n log n).

    Sort by (series, start) and sweep keeping the running maximum end and the block that
    holds it: a block starting at or before that maximum overlaps the holder. Returns
    the number of such conflicts and a bool mask of every block involved (exactly the
    blocks a pairwise comparison would name).
    """
    n = len(start)
    involved = np.zeros(n, dtype=bool)
    if n < 2:
        return 0, involved
    codes = pd.factorize(key)[0]
    order = np.lexsort((start, codes))
    k, s, e = codes[order], start[order], end[order]
    run_max = pd.Series(e).groupby(k).cummax().to_numpy()
    pos = np.arange(n)
    holder = np.maximum.accumulate(np.where(e == run_max, pos, -1))
    same = k[1:] == k[:-1]
    hit = same & (s[1:] <= run_max[:-1])
    later = np.flatnonzero(hit) + 1
    involved[order[later]] = True
    involved[order[holder[later - 1]]] = True
    return int(hit.sum()), involved


def new_units(key: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Units each block adds to the union of the blocks of its series; O(n log n).

    Sort by (series, start) — stable, so among blocks starting together the earlier row
    comes first — and sweep with the running maximum end of the earlier blocks: a block
    adds only the units past that maximum. ``new_units(...).sum()`` is the number of
    distinct units; a block adding fewer than ``end − start + 1`` repeats units of
    another. Returned in the input order (int64).
    """
    n = len(start)
    out = np.zeros(n, dtype=np.int64)
    if n == 0:
        return out
    codes = pd.factorize(key)[0]
    order = np.lexsort((start, codes))
    k, s, e = codes[order], start[order], end[order]
    run_max = pd.Series(e).groupby(k).cummax().to_numpy()
    first = np.ones(n, dtype=bool)
    first[1:] = k[1:] != k[:-1]
    seen = np.empty(n, dtype=np.int64)  # the last unit already counted in this series
    seen[1:] = run_max[:-1]
    seen[first] = s[first] - 1
    out[order] = np.clip(e - np.maximum(s, seen + 1) + 1, 0, None)
    return out


def check_double_counting(ctx: CheckContext | Prepared) -> CheckResult:
    """``credits.double_counting``: no serial repeated, no two blocks of a series overlap.

    Clause: ICVCM CCP 8 (no double counting); ISO 14068-1:2023 — no credit claimed by
    another entity or twice. Overlap needs the same numbering series (see module doc,
    UNCONFIRMED for TW-MOENV and CDM). ``overlaps`` counts each block that shares units
    with an earlier-starting block of its series, plus each repeat of an unparsed serial.
    """
    code = "credits.double_counting"
    table = credits_or_na(code, prepare(ctx))
    if isinstance(table, CheckResult):
        return table
    ok = table.parsed
    idx = np.flatnonzero(ok)
    overlaps, hit = find_overlaps(table.key[idx], table.start[idx], table.end[idx])
    involved = np.zeros(table.n, dtype=bool)
    involved[idx[hit]] = True
    unparsed = ~ok & (table.normalised != "")
    if unparsed.any():
        names = pd.Series(table.normalised[unparsed])
        repeated = names.duplicated(keep=False).to_numpy()
        involved[np.flatnonzero(unparsed)[repeated]] = True
        overlaps += int(names.duplicated().sum())
    rows = list(dict.fromkeys(table.label[involved].tolist()))
    figures = {"overlaps": overlaps}
    if not overlaps:
        return CheckResult(
            code,
            "pass",
            figures,
            f"No serial is repeated and no two of the {table.n} blocks overlap.",
            [],
            f"{table.n} 個序號區段無重複、亦無重疊。",
        )
    return CheckResult(
        code,
        "fail",
        figures,
        f"{overlaps} overlapping or repeated serial blocks (the same units counted twice): "
        f"{list_rows(rows)}.",
        rows,
        f"有 {overlaps} 處序號區段重疊或重複（同一額度被計算兩次）：{list_rows(rows)}。",
    )
