"""Investment analysis of a PDD (CDM Tool 01 step 2): cash flows, IRR / NPV, sensitivity.

Pure Python over numpy and numpy-financial: no Qt, no SQL, no files.
"""

from desktop.investment.cashflows import COMPONENTS, CashFlows, cash_flows
from desktop.investment.irr import IrrResult, irr, npv
from desktop.investment.sensitivity import VARIABLES, Sensitivity, analyse

__all__ = [
    "COMPONENTS",
    "VARIABLES",
    "CashFlows",
    "IrrResult",
    "Sensitivity",
    "analyse",
    "cash_flows",
    "irr",
    "npv",
]
