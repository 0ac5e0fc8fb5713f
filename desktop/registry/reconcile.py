"""Claimed serial blocks against registry records: which units each record covers.

A sweep over sorted unit ranges per numbering series, O((n + m) log(n + m)) plus the
number of (claim, record) overlaps: the records are sorted by (series, start) with the
running maximum of their ends, so for each claimed block two binary searches bound the
records that can overlap it (first record whose running maximum end reaches the block's
start, last record starting at or before its end). Overlapping pairs are then expanded
with numpy, never compared all against all.

Each record carries a category (:data:`CATEGORIES`, chosen by the caller: retired for the
claimant and in time, late, foreign, not retired); the result gives, per claimed block,
the units covered in each category and the units no record covers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

CATEGORIES = ("good", "late", "foreign", "not_retired")
GOOD, LATE, FOREIGN, NOT_RETIRED = range(4)


@dataclass(frozen=True, eq=False)
class Coverage:
    """Per claimed block: ``units[i, c]`` covered in category ``c`` and ``uncovered[i]``;
    ``pairs`` (claim index, record index, overlapping units) for every overlap."""

    units: np.ndarray  # int64 (n, 4)
    uncovered: np.ndarray  # int64 (n,)
    pair_claim: np.ndarray
    pair_record: np.ndarray
    pair_units: np.ndarray

    @property
    def covered(self) -> np.ndarray:
        return self.units.sum(axis=1)


def reconcile(
    claim_key: np.ndarray,
    claim_start: np.ndarray,
    claim_end: np.ndarray,
    rec_key: np.ndarray,
    rec_start: np.ndarray,
    rec_end: np.ndarray,
    rec_category: np.ndarray,
) -> Coverage:
    """Cover each claimed block (``key`` None = unparsed: covers nothing) with records."""
    n = len(claim_start)
    codes = pd.factorize(pd.Series(np.concatenate([claim_key, rec_key]), dtype=object))[0]
    ccode, rcode = codes[:n], codes[n:]
    order = np.lexsort((rec_start, rcode))
    rk, rs, re_ = rcode[order], rec_start[order], rec_end[order]
    run_max = pd.Series(re_).groupby(rk).cummax().to_numpy() if len(rk) else re_
    seg_lo = np.searchsorted(rk, ccode, "left")
    seg_hi = np.searchsorted(rk, ccode, "right")
    lo = np.zeros(n, dtype=np.int64)
    hi = np.zeros(n, dtype=np.int64)
    for code in np.unique(ccode[ccode >= 0]):
        mine = np.flatnonzero(ccode == code)
        a, b = seg_lo[mine[0]], seg_hi[mine[0]]
        if a == b:
            continue
        lo[mine] = a + np.searchsorted(run_max[a:b], claim_start[mine], "left")
        hi[mine] = a + np.searchsorted(rs[a:b], claim_end[mine], "right")
    count = np.clip(hi - lo, 0, None)
    pc = np.repeat(np.arange(n), count)
    offsets = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    pr = np.repeat(lo, count) + offsets
    over = np.minimum(claim_end[pc], re_[pr]) - np.maximum(claim_start[pc], rs[pr]) + 1
    keep = over > 0
    pc, pr, over = pc[keep], pr[keep], over[keep]
    cat = rec_category[order][pr]
    units = np.zeros((n, len(CATEGORIES)), dtype=np.int64)
    np.add.at(units, (pc, cat), over)
    size = np.where(ccode >= 0, claim_end - claim_start + 1, 0)
    total = units.sum(axis=1)
    # an export lists each unit once; should two rows repeat units, never exceed the block
    excess = np.clip(total - size, 0, None)
    if excess.any():
        units = _trim(units, excess)
    uncovered = size - units.sum(axis=1)
    return Coverage(units, uncovered, pc, order[pr], over)


def _trim(units: np.ndarray, excess: np.ndarray) -> np.ndarray:
    """Take repeated units off the best categories first (conservative)."""
    units = units.copy()
    for c in range(units.shape[1]):
        cut = np.minimum(units[:, c], excess)
        units[:, c] -= cut
        excess = excess - cut
    return units


def latest_records(records: pd.DataFrame) -> pd.DataFrame:
    """One record per (series, start, end): a later export's row replaces an earlier one's
    for the same block (a newer download of the same registry)."""
    if records.empty:
        return records
    return records.drop_duplicates(["key", "start", "end"], keep="last")
