"""Registry export layouts: which header row is which registry, and what each column means.

A layout is recognised by its header row, compared without case, spaces, underscores or
punctuation (``Status Effective  (GMT)`` = ``status effective (gmt)``). The column names are
those of the registries' own downloads, as read by CarbonPlan's OffsetsDB
(``carbonplan/offsets-db-data``, ``offsets_db_data/configs/credits-raw-columns-mapping.json``
and ``vcs.py``) and as listed in issue 15:

- Verra (VCU search results): ``Serial Number``, ``Quantity Issued``, ``Vintage Start``,
  ``Vintage End``, ``ID``, ``Retirement/Cancellation Date``, ``Retirement Beneficiary``,
  ``Retirement Reason``, ``Retirement Details``, ``Additional Certifications``. Verra does not
  tell a retirement from a cancellation: a dated row is retired (OffsetsDB does the same).
  Dates are day first (``16/04/2021``; OffsetsDB parses them with ``dayfirst=True``).
- Gold Standard: ``Serial Number``, ``Quantity``, ``Credit Status``, ``Retirement Date``,
  ``Using Entity``, ``Note``, ``Vintage``, ``GSID``, ``Article Six Authorization``.
- ACR: ``Credit Serial Numbers``, ``Quantity of Credits``, ``Status Effective (GMT)``,
  ``Retired on Behalf of``, ``Purpose of Retirement``, ``Retirement Reason``, ``Vintage``,
  ``Project ID``, ``Account Holder``. US dates (month first).
- CAR: ``Offset Credit Serial Numbers``, ``Quantity of Offset Credits``, ``Status
  Effective``, ``Retirement Reason``, ``Retirement Reason Details``, ``Vintage``, ``Project
  ID``. No beneficiary column: the claimant is looked for in the free text. US dates.
- Taiwan MOENV public retirement list (減量額度註銷資訊): Chinese headers (序號, 數量, 註銷日期,
  註銷者/使用者, 用途 …). The exact column titles are UNCONFIRMED (no public copy found):
  the aliases below are accepted and the layout is recognised by a serial column together
  with a retirement-date column.

ACR and CAR publish retirement and cancellation reports with the same columns: a report
with a ``Status`` column says so row by row; without one, a dated row of a report with a
retirement column (reason, beneficiary) is retired, of any other report cancelled.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# canonical field → accepted header names (any registry may use any of these)
FIELDS = (
    "serial", "quantity", "status", "status_date", "beneficiary", "details", "reason",
    "account", "vintage", "vintage_start", "vintage_end", "project_id", "project_name",
    "labels", "ccp", "article6", "ca", "issuance_date",
)


@dataclass(frozen=True)
class Layout:
    """One registry's export: its name, serial scheme, headers and date order."""

    registry: str  # "Verra", "Gold Standard", "ACR", "CAR", "TW-MOENV"
    scheme: str  # the serial scheme of desktop.rules.serial_format
    columns: dict[str, tuple[str, ...]]  # field → header names
    signature: tuple[str, ...]  # fields whose headers must all be present
    day_first: bool | None  # slashed dates: True d/m/y, False m/d/y, None: y/m/d only
    retirement_report: tuple[str, ...] = ()  # fields that make a status-less report retirements


def key(text: object) -> str:
    """A header cell as compared: NFKC, case-folded, without spaces or punctuation."""
    s = unicodedata.normalize("NFKC", str(text or "")).lstrip("\ufeff").casefold()
    return re.sub(r"[\W_]+", "", s)


_SHARED = {
    "ccp": ("CCP", "CCP Label", "CCP Approved", "ICVCM CCP", "CCP-Approved"),
    "ca": ("Corresponding Adjustment", "Corresponding Adjustment Applied", "CA", "相應調整"),
    "article6": (
        "Article Six Authorization", "Article 6 Authorization", "Article 6 Authorisation",
        "Article 6", "Authorized for Article 6",
    ),
}

LAYOUTS: tuple[Layout, ...] = (
    Layout(
        "Verra", "VCS",
        {
            "serial": ("Serial Number", "Serial Numbers"),
            "quantity": ("Quantity Issued", "Quantity"),
            "status_date": ("Retirement/Cancellation Date",),
            "beneficiary": ("Retirement Beneficiary",),
            "details": ("Retirement Details",),
            "reason": ("Retirement Reason",),
            "vintage_start": ("Vintage Start",),
            "vintage_end": ("Vintage End",),
            "project_id": ("ID", "Project ID"),
            "project_name": ("Name", "Project Name"),
            "labels": ("Additional Certifications",),
            "issuance_date": ("Issuance Date",),
            **_SHARED,
        },
        ("serial", "quantity", "status_date"),
        day_first=True,
    ),
    Layout(
        "Gold Standard", "GS",
        {
            "serial": ("Serial Number", "Serial Numbers"),
            "quantity": ("Quantity",),
            "status": ("Credit Status", "Status"),
            "status_date": ("Retirement Date",),
            "beneficiary": ("Using Entity",),
            "details": ("Note", "Notes"),
            "vintage": ("Vintage",),
            "project_id": ("GSID", "GS ID", "Project ID"),
            "project_name": ("Project Name", "Project"),
            "labels": ("Labels", "Product", "Certified SDG Impacts"),
            "issuance_date": ("Issuance Date",),
            **_SHARED,
        },
        ("serial", "quantity", "status"),
        day_first=None,
    ),
    Layout(
        "ACR", "ACR",
        {
            "serial": ("Credit Serial Numbers", "Serial Numbers"),
            "quantity": ("Quantity of Credits",),
            "status": ("Status",),
            "status_date": ("Status Effective (GMT)", "Status Effective"),
            "beneficiary": ("Retired on Behalf of",),
            "details": ("Purpose of Retirement", "Retirement Reason Details"),
            "reason": ("Retirement Reason",),
            "account": ("Account Holder",),
            "vintage": ("Vintage",),
            "project_id": ("Project ID",),
            "project_name": ("Project Name",),
            "labels": ("Labels", "Additional Certifications", "CORSIA Eligible"),
            **_SHARED,
        },
        ("serial", "quantity", "status_date"),
        day_first=False,
        retirement_report=("beneficiary", "reason", "details"),
    ),
    Layout(
        "CAR", "CAR",
        {
            "serial": ("Offset Credit Serial Numbers",),
            "quantity": ("Quantity of Offset Credits",),
            "status": ("Status",),
            "status_date": ("Status Effective",),
            "details": ("Retirement Reason Details",),
            "reason": ("Retirement Reason",),
            "account": ("Account Holder",),
            "vintage": ("Vintage",),
            "project_id": ("Project ID",),
            "project_name": ("Project Name",),
            "labels": ("Labels", "Additional Certifications"),
            **_SHARED,
        },
        ("serial", "quantity", "status_date"),
        day_first=False,
        retirement_report=("reason", "details"),
    ),
    Layout(
        "TW-MOENV", "TW-MOENV",
        {
            "serial": ("額度序號", "註銷序號", "減量額度序號", "序號"),
            "quantity": ("註銷數量", "註銷量", "數量", "額度數量"),
            "status": ("狀態", "額度狀態"),
            "status_date": ("註銷日期", "註銷日"),
            "beneficiary": ("註銷者", "使用者", "申請者", "抵換者", "受益者", "註銷申請者"),
            "details": ("註銷用途", "用途", "註銷原因", "備註"),
            "vintage": ("減量年度", "年份", "年度", "額度年份"),
            "project_id": ("專案編號", "計畫編號", "專案代碼"),
            "project_name": ("專案名稱", "計畫名稱"),
            **_SHARED,
        },
        ("serial", "status_date"),
        day_first=None,
        retirement_report=("status_date",),
    ),
)


@dataclass(frozen=True)
class Match:
    """A recognised header: the layout and, per field, the column index."""

    layout: Layout
    index: dict[str, int]
    ignored: tuple[str, ...]


_YES = frozenset({"yes", "y", "true", "1", "authorized", "authorised", "applied", "是", "有"})
_NO = frozenset({"no", "n", "false", "0", "not authorized", "not authorised", "none", "否",
                 "無", "na", "n/a"})


def flag_word(text: object) -> bool | None:
    """A yes/no cell (``Yes``, ``Authorized``, ``No``, ``是``) as True/False; None if blank
    or unknown."""
    if not isinstance(text, str):
        return None
    t = text.casefold().strip()
    if not t:
        return None
    if t in _NO or t.startswith(("not ", "no ", "un")):
        return False
    if t in _YES or t.startswith(("authori", "yes", "approved", "ccp", "applied")):
        return True
    return None


def recognise(header: list[object]) -> Match | None:
    """The layout whose signature the header row carries, most columns matched first."""
    keys = [key(h) for h in header]
    best: Match | None = None
    for layout in LAYOUTS:
        index: dict[str, int] = {}
        for field, names in layout.columns.items():
            wanted = {key(n) for n in names}
            hit = next((i for i, k in enumerate(keys) if k in wanted), None)
            if hit is not None and hit not in index.values():
                index[field] = hit
        if not all(f in index for f in layout.signature):
            continue
        if best is None or len(index) > len(best.index):
            used = set(index.values())
            ignored = tuple(str(h) for i, h in enumerate(header) if i not in used and key(h))
            best = Match(layout, index, ignored)
    return best


def find_header(rows: list[list[object]], look: int = 5) -> tuple[int, Match] | None:
    """The first of the first ``look`` rows that is a known header (Verra's download may
    start with a title line) and its match."""
    for i, row in enumerate(rows[:look]):
        m = recognise(row)
        if m is not None:
            return i, m
    return None
