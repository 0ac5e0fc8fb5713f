"""IRR and NPV of a yearly cash flow, with numpy-financial, and how many IRRs exist.

The first flow is t = 0 (numpy-financial's and a spreadsheet's convention). An IRR is a
rate r > −100 % where NPV(r) = 0. VeriDesk never guesses one:

- ``status = "none"``: the flows never change sign (Descartes' rule of signs: no positive
  root of the NPV polynomial in 1/(1+r)), or NPV has no root on the scanned range;
- ``status = "multiple"``: NPV changes sign more than once on the rate grid (possible only
  with more than one sign change of the flows, Descartes again); the roots are listed;
- ``status = "ok"``: exactly one root, reported in ``irr_pct``.

The grid runs from −99 % to +1 000 % (0.1-point steps up to 100 %, then coarser); each
bracket is refined by bisection to 1e-12. A root where NPV only touches zero (an even
root) has no sign change and is not seen; the tests' and PDDs' flows do not have one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy_financial as npf

RATE_MIN = -0.99
RATE_MAX = 10.0
_GRID = np.unique(np.concatenate([
    np.arange(RATE_MIN, 1.0, 0.001),
    np.arange(1.0, RATE_MAX + 1e-9, 0.01),
]))


@dataclass(frozen=True)
class IrrResult:
    """One IRR, or why there is none: ``status`` is ``ok``, ``none`` or ``multiple``."""

    status: str
    irr_pct: float | None  # only when status == "ok"
    roots_pct: tuple[float, ...] = ()
    sign_changes: int = 0


def npv(rate: float, flows: np.ndarray | list[float]) -> float:
    """Net present value at ``rate`` (0.105 for 10.5 %), the first flow at t = 0."""
    return float(npf.npv(rate, np.asarray(flows, dtype=float)))


def sign_changes(flows: np.ndarray | list[float]) -> int:
    """Sign changes of the flows, zeros skipped (Descartes' bound on the IRRs)."""
    s = np.sign(np.asarray(flows, dtype=float))
    s = s[s != 0]
    return int(np.count_nonzero(s[1:] != s[:-1]))


def _npv_grid(flows: np.ndarray) -> np.ndarray:
    t = np.arange(len(flows))
    return (flows[None, :] / np.power(1 + _GRID[:, None], t[None, :])).sum(axis=1)


def _bisect(flows: np.ndarray, lo: float, hi: float) -> float:
    f_lo = npv(lo, flows)
    for _ in range(200):
        mid = (lo + hi) / 2
        f_mid = npv(mid, flows)
        if f_mid == 0 or hi - lo < 1e-12:
            return mid
        if (f_mid > 0) == (f_lo > 0):
            lo, f_lo = mid, f_mid
        else:
            hi = mid
    return (lo + hi) / 2


def roots(flows: np.ndarray | list[float]) -> list[float]:
    """Every rate on (−99 %, +1 000 %] where NPV changes sign (or is exactly 0)."""
    f = np.asarray(flows, dtype=float)
    values = _npv_grid(f)
    found: list[float] = []
    for i in range(len(_GRID) - 1):
        a, b = values[i], values[i + 1]
        if a == 0:
            found.append(float(_GRID[i]))
        elif a * b < 0:
            found.append(_bisect(f, float(_GRID[i]), float(_GRID[i + 1])))
    if values[-1] == 0:
        found.append(float(_GRID[-1]))
    return found


def irr(flows: np.ndarray | list[float]) -> IrrResult:
    """The IRR of ``flows`` if it exists and is unique (see the module's docstring)."""
    f = np.asarray(flows, dtype=float)
    changes = sign_changes(f)
    if changes == 0:
        return IrrResult("none", None, (), 0)
    found = roots(f)
    pct = tuple(round(r * 100, 10) for r in found)
    if len(found) > 1:
        return IrrResult("multiple", None, pct, changes)
    if not found:
        return IrrResult("none", None, (), changes)
    value = float(npf.irr(f))  # numpy-financial's root; the grid's when it finds none
    rate = value if np.isfinite(value) and abs(value - found[0]) < 1e-6 else found[0]
    return IrrResult("ok", rate * 100, pct, changes)
