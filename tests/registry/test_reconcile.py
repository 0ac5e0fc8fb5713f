"""The sweep agrees with a unit-by-unit count on random blocks."""

from __future__ import annotations

import numpy as np

from desktop.registry.reconcile import reconcile


def brute(ck, cs, ce, rk, rs, re_, cat):
    units = np.zeros((len(cs), 4), dtype=np.int64)
    uncovered = np.zeros(len(cs), dtype=np.int64)
    for i in range(len(cs)):
        if ck[i] is None:
            continue
        seen = set()
        for j in range(len(rs)):
            if rk[j] != ck[i]:
                continue
            lo, hi = max(cs[i], rs[j]), min(ce[i], re_[j])
            if lo <= hi:
                units[i, cat[j]] += hi - lo + 1
                seen.update(range(lo, hi + 1))
        uncovered[i] = ce[i] - cs[i] + 1 - len(seen)
    return units, uncovered


def test_random_blocks_match_a_unit_by_unit_count():
    rng = np.random.default_rng(15)
    for _ in range(30):
        # registry blocks: disjoint within a series, as a registry lists them
        rk, rs, re_ = [], [], []
        for series in ("A", "B", "C"):
            pos = int(rng.integers(0, 20))
            for _b in range(int(rng.integers(0, 12))):
                pos += int(rng.integers(0, 6))
                size = int(rng.integers(1, 15))
                rk.append(series)
                rs.append(pos)
                re_.append(pos + size - 1)
                pos += size
        n = int(rng.integers(1, 25))
        ck = np.array([rng.choice(["A", "B", "D", None]) for _ in range(n)], dtype=object)
        cs = rng.integers(0, 120, n)
        ce = cs + rng.integers(0, 30, n)
        cs = np.where(ck == None, 0, cs)  # noqa: E711 - elementwise
        ce = np.where(ck == None, 0, ce)  # noqa: E711
        cat = rng.integers(0, 4, len(rs))
        rk_a = np.array(rk, dtype=object)
        got = reconcile(ck, cs, ce, rk_a, np.array(rs, dtype=np.int64),
                        np.array(re_, dtype=np.int64), cat)
        units, uncovered = brute(ck, cs, ce, rk, rs, re_, cat)
        assert (got.units == units).all()
        assert (got.uncovered[ck != None] == uncovered[ck != None]).all()  # noqa: E711
        # every pair names a real overlap
        for c, r, u in zip(got.pair_claim, got.pair_record, got.pair_units, strict=True):
            assert rk[r] == ck[c] and u == min(ce[c], re_[r]) - max(cs[c], rs[r]) + 1


def test_repeated_registry_rows_never_count_more_than_the_block():
    key = np.array(["A"], dtype=object)
    got = reconcile(key, np.array([1]), np.array([10]),
                    np.array(["A", "A"], dtype=object), np.array([1, 1]), np.array([10, 10]),
                    np.array([0, 2]))
    assert got.units.sum() == 10 and got.uncovered[0] == 0
    assert got.units[0, 0] == 0  # the repeat is taken off the best category (conservative)
