"""Sampling plans: key items, monetary-unit sample size and selection, projection.

Sources (AICPA Audit Guide *Audit Sampling*, ch. 6 "monetary unit sampling", and T. R.
Stewart, *Technical Notes on the AICPA Audit Guide Audit Sampling*, 2012):

- sample size ``n = BV × CF / (TM − EM × EF)``: BV the population's book value (tCO2e),
  CF the confidence (reliability) factor, TM the tolerable misstatement (here the
  performance materiality), EM the expected misstatement, EF the expansion factor;
- CF is the Poisson upper bound for zero errors, ``−ln(1 − confidence)`` (95 % → 3.00,
  90 % → 2.31, 80 % → 1.61, 63 % → 1.00, 50 % → 0.70); the factor for k errors is the
  λ with ``P(X ≤ k; λ) = 1 − confidence`` (:func:`poisson_factor`);
- selection: systematic over the cumulative amounts with interval ``SI = BV / n`` from a
  random start (numpy ``default_rng(seed)``, ``cumsum`` + ``searchsorted``: no loop per row);
- projection: an item below SI with error e on book amount b projects ``e / b × SI``
  (tainting × interval), an item at or above SI its error; a stratum's upper
  misstatement limit is projected + basic precision ``CF × SI`` + the incremental
  allowance (the projected errors ranked by size, each × (F(k) − F(k−1) − 1)). Each
  stratum is planned to the performance materiality, as separately sampled populations
  are, so the plan's upper limit is the largest stratum's plus the key items' errors.

Key items — at or above the performance materiality, assessed high risk, or at or above
their stratum's interval (MUS would hit them on every draw) — are tested in full and
their errors count as found, not projected. Strata: the risk level (inventory, evidence)
or the parameter (monitoring); each has its own confidence from the assurance level and
risk (settings). Without amounts (evidence files) the rest is drawn uniformly at random,
``n = CF / tolerable deviation rate`` (attribute sampling, zero expected deviations), and an
error projects by ``N / n``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .risk import LEVELS
from .settings import SamplingSettings

FORMAT = "veridesk-sample/1"
UNASSESSED = -1  # risk code of an item without an assessment
REASONS = ("", "risk", "amount", "interval")  # why an item is a key item


class PlanError(ValueError):
    """The plan cannot be drawn (``key`` names the message, ``params`` its values)."""

    def __init__(self, key: str, **params: object) -> None:
        self.key, self.params = key, params
        super().__init__(key)


@dataclass(frozen=True)
class Population:
    """What to sample: parallel arrays ordered by ``row_no``.

    ``amount`` is tCO2e (``unit = "tCO2e"``), the row's own value when its tCO2e cannot be
    attributed (``unit = "value"``, one stratum per parameter), or NaN for items without
    an amount (evidence files). ``risk`` is 0/1/2 (low/medium/high) or ``UNASSESSED``.
    """

    kind: str
    row_no: np.ndarray
    label: np.ndarray
    amount: np.ndarray
    risk: np.ndarray
    stratum: np.ndarray | None = None  # per-row stratum name (monitoring: the parameter)
    unit: str = "tCO2e"
    note: str = ""
    note_zh: str = ""

    def __post_init__(self) -> None:
        n = len(self.row_no)
        for name in ("label", "amount", "risk"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"population {name} has {len(getattr(self, name))} rows, not {n}")

    @property
    def has_amounts(self) -> bool:
        return self.unit != "none"


def poisson_factor(errors: int, confidence_pct: float) -> float:
    """The Poisson upper bound λ for ``errors`` errors at ``confidence_pct``:
    ``P(X ≤ errors; λ) = 1 − confidence`` (bisection; 0 errors: ``−ln(1 − c)``)."""
    beta = 1.0 - confidence_pct / 100.0
    if errors == 0:
        return -math.log(beta)

    def cdf(lam: float) -> float:
        term, total = math.exp(-lam), math.exp(-lam)
        for i in range(1, errors + 1):
            term *= lam / i
            total += term
        return total

    lo, hi = 0.0, 10.0 + 5.0 * errors
    for _ in range(200):
        mid = (lo + hi) / 2
        if cdf(mid) > beta:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def _effective_risk(codes: np.ndarray, unassessed: str) -> np.ndarray:
    return np.where(codes == UNASSESSED, LEVELS.index(unassessed), codes).astype(np.int8)


@dataclass(frozen=True)
class Basis:
    """The engagement figures a plan starts from."""

    materiality_pct: float  # the threshold, percent of the reported total
    reported_tco2e: float  # the total it applies to (reported ER or footprint)
    assurance: str | None = None  # reasonable | limited (None: reasonable)

    @property
    def materiality_tco2e(self) -> float:
        return self.materiality_pct / 100.0 * abs(self.reported_tco2e)


def draw(pop: Population, basis: Basis, settings: SamplingSettings, seed: int) -> dict:
    """The ``veridesk-sample/1`` plan for ``pop``: key items, strata, sample sizes and the
    selected rows. The same population, basis, settings and seed give the same plan."""
    if len(pop.row_no) == 0:
        raise PlanError("planning.empty_population", population=pop.kind)
    pm = basis.materiality_tco2e * settings.performance_materiality_pct / 100.0
    if pop.has_amounts and pm <= 0:
        raise PlanError("planning.no_materiality", population=pop.kind)
    em_share = settings.expected_misstatement_pct / 100.0
    risk = _effective_risk(pop.risk, settings.unassessed_risk)
    names, codes = _strata(pop, risk)
    amount = np.abs(pop.amount, dtype=float)
    amount[np.isnan(amount)] = 0.0
    rng = np.random.default_rng(seed)
    # an item assessed high risk is tested in full; a parameter's risk (strata of many
    # rows) raises its stratum's confidence instead
    key = (pop.risk == LEVELS.index("high")) & (pop.stratum is None)
    reasons = np.where(key, 1, 0).astype(np.int8)  # index into REASONS
    if pop.unit == "tCO2e":
        big = (amount >= pm) & ~key
        key |= big
        reasons[big] = 2
    strata, selected_idx = [], []
    for k, name in enumerate(names):
        in_s = codes == k
        if not in_s.any():
            continue
        s_risk = LEVELS[int(risk[in_s].max())]
        conf = settings.confidence(basis.assurance, s_risk)
        cf = poisson_factor(0, conf)
        ef = settings.expansion(conf)
        if pop.has_amounts:
            # tolerable misstatement: PM in tCO2e, or the same share of a parameter's value
            total_s = float(amount[in_s].sum())
            tm = pm if pop.unit == "tCO2e" else pm / abs(basis.reported_tco2e) * total_s
            room = tm - em_share * tm * ef
            if room <= 0:
                raise PlanError(
                    "planning.expected_too_large", pct=settings.expected_misstatement_pct
                )
            first_si = room / cf
            over = in_s & ~key & (amount >= first_si) & (amount > 0)
            key |= over
            reasons[over] = 3
            rest = in_s & ~key & (amount > 0)
            bv = float(amount[rest].sum())
            n = min(math.ceil(bv * cf / room - 1e-9), int(rest.sum())) if bv > 0 else 0
            si = bv / n if n else None
            idx = _systematic(np.flatnonzero(rest), amount, n, rng) if n else np.empty(0, int)
            stratum = {
                "name": name,
                "risk": s_risk,
                "confidence_pct": conf,
                "confidence_factor": round(cf, 4),
                "expansion_factor": ef,
                "tolerable_misstatement": tm,
                "items": int(rest.sum()),
                "book_value": bv,
                "sample_size": n,
                "interval": si,
                "method": "mus",
            }
        else:
            rest = in_s & ~key
            n_rest = int(rest.sum())
            rate = settings.tolerable_deviation_pct / 100.0
            n = min(math.ceil(cf / rate - 1e-9), n_rest)
            pool = np.flatnonzero(rest)
            idx = np.sort(rng.choice(pool, size=n, replace=False)) if n else np.empty(0, int)
            stratum = {
                "name": name,
                "risk": s_risk,
                "confidence_pct": conf,
                "confidence_factor": round(cf, 4),
                "expansion_factor": ef,
                "tolerable_deviation_pct": settings.tolerable_deviation_pct,
                "items": n_rest,
                "book_value": None,
                "sample_size": n,
                "interval": None,
                "method": "random",
            }
        strata.append(stratum)
        selected_idx.append((name, idx))
    return _plan_json(pop, amount, basis, settings, seed, pm, key, reasons, strata, selected_idx)


def _strata(pop: Population, risk: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Stratum names in sorted order and each row's index into them (hashing, no sort of
    the rows): the parameter when given, else the risk level."""
    if pop.stratum is None:
        return list(LEVELS), risk.astype(np.intp)
    codes, uniques = pd.factorize(np.asarray(pop.stratum, dtype=object))
    names = [str(u) for u in uniques]
    order = np.argsort(np.array(names, dtype=object))
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order))
    return [names[i] for i in order], rank[codes]


def _systematic(
    pool: np.ndarray, amount: np.ndarray, n: int, rng: np.random.Generator
) -> np.ndarray:
    """Positions (into the population) hit by ``n`` points ``start + k × SI`` over the
    cumulative amounts of ``pool``; every item below SI is hit at most once."""
    cum = np.cumsum(amount[pool])
    si = cum[-1] / n
    points = rng.uniform(0.0, si) + si * np.arange(n)
    hit = np.searchsorted(cum, points, side="right")
    return pool[np.unique(np.minimum(hit, len(pool) - 1))]


def _item(pop: Population, i: int, **extra: object) -> dict:
    amount = float(pop.amount[i])
    return {
        "row_no": int(pop.row_no[i]),
        "label": str(pop.label[i]),
        "amount": None if math.isnan(amount) else amount,
        **extra,
    }


def _plan_json(pop, amount, basis, settings, seed, pm, key, reasons, strata, selected_idx) -> dict:
    key_idx = np.flatnonzero(key)
    key_items = [_item(pop, int(i), reason=REASONS[reasons[i]]) for i in key_idx]
    sampled = [_item(pop, int(i), stratum=name) for name, idx in selected_idx for i in idx]
    sampled.sort(key=lambda d: d["row_no"])
    return {
        "format": FORMAT,
        "population": pop.kind,
        "unit": pop.unit,
        "method": "random" if not pop.has_amounts else "mus",
        "population_size": len(pop.row_no),
        "population_tco2e": float(amount.sum()) if pop.unit == "tCO2e" else None,
        "assurance": basis.assurance or "reasonable",
        "materiality_pct": basis.materiality_pct,
        "reported_tco2e": basis.reported_tco2e,
        "materiality_tco2e": basis.materiality_tco2e,
        "performance_materiality_pct": settings.performance_materiality_pct,
        "performance_materiality_tco2e": pm,
        "expected_misstatement_tco2e": pm * settings.expected_misstatement_pct / 100.0,
        "key_items": key_items,
        "strata": strata,
        "sample_size": int(sum(s["sample_size"] for s in strata)),
        "sampled": sampled,
        "row_nos": sorted({d["row_no"] for d in key_items} | {d["row_no"] for d in sampled}),
        "seed": int(seed),
        "note": pop.note,
        "note_zh": pop.note_zh,
        "formula": "n = BV × CF / (TM − EM × EF)",
        "settings": settings.as_json(),
    }


# --- evaluation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Evaluation:
    """The results of testing a plan, projected to its population (tCO2e, + overstated)."""

    selected: int
    tested: int
    errors: int
    key_error_tco2e: float  # found in items tested in full
    projected_tco2e: float  # key errors + the sample's errors projected to the rest
    upper_limit_tco2e: float | None  # + basic precision and incremental allowance (MUS, tCO2e)
    performance_materiality_tco2e: float
    missing: tuple[int, ...] = ()  # selected rows without a result

    @property
    def complete(self) -> bool:
        return not self.missing

    def as_json(self) -> dict:
        return {
            "selected": self.selected,
            "tested": self.tested,
            "errors": self.errors,
            "key_error_tco2e": self.key_error_tco2e,
            "projected_tco2e": self.projected_tco2e,
            "upper_limit_tco2e": self.upper_limit_tco2e,
            "performance_materiality_tco2e": self.performance_materiality_tco2e,
            "missing": list(self.missing),
        }


def evaluate(plan: Mapping, results: Mapping[int, float]) -> Evaluation:
    """Project the errors of ``results`` (row_no → error in tCO2e; 0 = agreed)."""
    key_rows = {d["row_no"] for d in plan["key_items"]}
    key_error = sum(float(results[r]) for r in key_rows if r in results)
    by_stratum: dict[str, list[dict]] = {}
    for d in plan["sampled"]:
        by_stratum.setdefault(d["stratum"], []).append(d)
    projected = 0.0
    # each stratum is planned to the performance materiality (as separately sampled
    # populations are): the upper limit is the largest stratum's, plus the key items' errors
    strata_limits = [0.0]
    for s in plan["strata"]:
        proj = _project(s, by_stratum.get(s["name"], []), results)
        projected += sum(proj)
        if s["interval"]:
            strata_limits.append(sum(abs(p) for p in proj) + _upper_limit(s, proj))
    upper = abs(key_error) + max(strata_limits) if plan["unit"] == "tCO2e" else None
    errors = sum(1 for r in plan["row_nos"] if abs(float(results.get(r, 0.0))) > 0)
    missing = tuple(r for r in plan["row_nos"] if r not in results)
    return Evaluation(
        len(plan["row_nos"]),
        len(plan["row_nos"]) - len(missing),
        errors,
        key_error,
        key_error + projected,
        upper,
        float(plan["performance_materiality_tco2e"]),
        missing,
    )


def _project(
    stratum: Mapping, items: Sequence[Mapping], results: Mapping[int, float]
) -> list[float]:
    """Each tested item's error projected to its stratum."""
    out = []
    n = stratum["sample_size"]
    for d in items:
        e = float(results.get(d["row_no"], 0.0))
        if not e:
            continue
        if stratum["method"] == "random":
            out.append(e * stratum["items"] / n if n else e)
            continue
        si, b = stratum["interval"], d["amount"] or 0.0
        out.append(e if not b or abs(b) >= si else e / abs(b) * si)
    return out


def _upper_limit(stratum: Mapping, projected: Sequence[float]) -> float:
    """Basic precision + incremental allowance (ranked projected errors × (ΔF − 1))."""
    conf = stratum["confidence_pct"]
    si = stratum["interval"]
    allowance = 0.0
    for k, pe in enumerate(sorted((abs(p) for p in projected), reverse=True), start=1):
        step = poisson_factor(k, conf) - poisson_factor(k - 1, conf)
        allowance += pe * (step - 1.0)
    return poisson_factor(0, conf) * si + allowance
