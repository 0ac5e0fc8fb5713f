"""The report's "Ex-ante estimate and crediting period" section (validations, design §14):
the methodology template, the PDD's estimate per year beside the recomputed one, and the
verdicts of ``recalc.ex_ante`` and ``project.crediting_period``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, Spacer

from desktop.report.pdf import _fmt_num

if TYPE_CHECKING:
    from desktop.report.report_pdf import _ReportBuilder
    from desktop.rules.result import CheckResult

CODES = ("project.crediting_period", "recalc.ex_ante")


def has_exante(results: Sequence[CheckResult]) -> bool:
    """True when either check ran on data (not ``n/a``)."""
    return any(r.code in CODES and r.status != "n/a" for r in results)


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:+.2f} %"


def exante_section(
    b: _ReportBuilder, results: Sequence[CheckResult], lang: str
) -> list[Flowable]:
    """Heading, template line, the two checks' messages and the per-year table."""
    st, L = b.st, b.L
    by = {r.code: r for r in results if r.code in CODES}
    out: list[Flowable] = [b.heading(L("r.exante"))]
    ex = by.get("recalc.ex_ante")
    f = ex.figures if ex is not None else {}
    if f.get("template"):
        out.append(b.P(L("r.exante.template", id=f["template"],
                         version=f.get("template_version") or "—"), st.body))
    for code in CODES:
        r = by.get(code)
        if r is not None and r.status != "n/a":
            out.append(b.P(f"{L('cs.' + r.status)} · {r.message_in(lang)}", st.body))
    years = f.get("by_year") or []
    if years:
        rows = [[
            b.P(str(y.get("year")), st.cell),
            b.P(_fmt_num(y.get("claimed_tco2e"), 0), st.cell_right),
            b.P(_fmt_num(y.get("recomputed_tco2e"), 0), st.cell_right),
            b.P(_pct(y.get("difference_pct")), st.cell_right),
        ] for y in years]
        rows.append([
            b.P(L("r.exante.total"), st.cell_bold),
            b.P(_fmt_num(f.get("total_claimed_tco2e"), 0), st.cell_right_bold),
            b.P(_fmt_num(f.get("total_recomputed_tco2e"), 0), st.cell_right_bold),
            b.P(_pct(f.get("difference_pct")), st.cell_right_bold),
        ])
        out += [Spacer(1, 5), b.grid(
            [L("r.exante.year"), L("r.exante.claimed"), L("r.exante.recomputed"),
             L("r.exante.diff")],
            rows, [0.16, 0.30, 0.30, 0.24], right=(1, 2, 3))]
    return out
