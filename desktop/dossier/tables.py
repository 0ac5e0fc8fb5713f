"""The dossier's tables: their columns, Traditional Chinese aliases and value types."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One canonical column. ``kind``: text, real, int, bool, date or vintage."""

    name: str
    kind: str = "text"
    required: bool = False  # the header must be present and every value filled
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()  # for text columns with a closed vocabulary
    choice_aliases: tuple[tuple[str, str], ...] = ()
    non_negative: bool = False


@dataclass(frozen=True)
class TableSpec:
    """A dossier table: canonical name, file stem and columns in canonical order."""

    name: str
    columns: tuple[Column, ...]
    unique: str | None = None  # a column whose values must not repeat

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


INVENTORY = TableSpec(
    "inventory",
    (
        Column("source_id", required=True, aliases=("排放源編號",)),
        Column("scope", "int", required=True, aliases=("範疇",), choices=("1", "2", "3")),
        Column("category", aliases=("類別",)),
        Column("description", aliases=("說明",)),
        Column("activity", "real", aliases=("活動數據",)),
        Column("activity_unit", aliases=("活動數據單位",)),
        Column("ef", "real", aliases=("排放係數",)),
        Column("ef_unit", aliases=("係數單位",)),
        Column("tco2e", "real", required=True, aliases=("排放量",)),
        Column("included", "bool", required=True, aliases=("納入",)),
        Column("exclusion_reason", aliases=("排除理由",)),
        Column("evidence", aliases=("佐證",)),
    ),
    unique="source_id",
)

MONITORING = TableSpec(
    "monitoring",
    (
        Column("parameter", required=True, aliases=("參數",)),
        Column("period", aliases=("timestamp", "時間")),
        Column("value", "real", required=True, aliases=("數值",)),
        Column("unit", aliases=("單位",)),
        Column("meter_id", aliases=("儀表編號",)),
        Column("evidence", aliases=("佐證",)),
    ),
)

CREDITS = TableSpec(
    "credits",
    (
        Column("registry", required=True, aliases=("登錄處",)),
        Column("serial", required=True, aliases=("序號",)),
        Column("quantity", "real", required=True, aliases=("數量",), non_negative=True),
        Column("vintage", "vintage", required=True, aliases=("年份",)),
        Column("project_id", aliases=("專案編號",)),
        Column(
            "credit_type",
            aliases=("類型",),
            choices=("reduction", "removal"),
            choice_aliases=(("減量", "reduction"), ("移除", "removal"), ("碳移除", "removal")),
        ),
        Column("retired_on", "date", aliases=("註銷日期",)),
        Column("beneficiary", aliases=("受益者",)),
        Column("purpose", aliases=("用途",)),
        Column("ccp_label", aliases=("ccp標籤",)),
        Column("corsia_eligible", aliases=("corsia",)),
        Column("corresponding_adjustment", aliases=("相應調整",)),
        Column("methodology", aliases=("方法學",)),
        Column("country", aliases=("國家",)),
        Column("certifications", aliases=("其他認證",)),
    ),
    unique="serial",
)

# A PDD's investment analysis (design §14; sign conventions in desktop/investment/cashflows.py)
INVESTMENT = TableSpec(
    "investment",
    (
        Column("year", "int", required=True, aliases=("年度", "年")),
        Column("capex", "real", aliases=("資本支出", "投資成本", "期初投資")),
        Column("revenue", "real", aliases=("收入", "營業收入", "售電收入")),
        Column("opex", "real", aliases=("營運成本", "營運費用", "運維成本")),
        Column("other", "real", aliases=("其他", "其他現金流量")),
        Column("cash_flow", "real", aliases=("現金流量", "淨現金流量", "net_cash_flow")),
    ),
    unique="year",
)

# The meter register (design §13): capacity and calibration validity of each meter; a
# meter recalibrated during the period has one row per calibration.
METERS = TableSpec(
    "meters",
    (
        Column("meter_id", required=True, aliases=("儀表編號", "儀表", "meter")),
        Column("serial", aliases=("序號", "出廠序號", "serial_no")),
        Column("calibrated_on", "date", aliases=("校正日期", "calibration_date")),
        Column("valid_until", "date", aliases=("有效期限", "校正有效期限", "有效日期")),
        Column("accuracy_pct", "real", aliases=("準確度", "精確度", "accuracy"),
               non_negative=True),
        Column("capacity", "real", aliases=("容量", "最大量程", "量程"), non_negative=True),
    ),
)

TABLES: dict[str, TableSpec] = {
    t.name: t for t in (INVENTORY, MONITORING, CREDITS, INVESTMENT, METERS)
}

_HEADER_JUNK = re.compile(r"[\s_\-\u3000]+")


def header_key(text: object) -> str:
    """Normalise a header cell for matching: case-, space- and underscore-insensitive."""
    return _HEADER_JUNK.sub("", str(text or "").strip().lstrip("\ufeff")).casefold()


def header_index(spec: TableSpec) -> dict[str, str]:
    """Map every accepted normalised header to its canonical column name."""
    index: dict[str, str] = {}
    for col in spec.columns:
        for name in (col.name, *col.aliases):
            index[header_key(name)] = col.name
    return index


TRUE_WORDS = frozenset({"yes", "y", "true", "t", "1", "是", "納入", "ok"})
FALSE_WORDS = frozenset({"no", "n", "false", "f", "0", "否", "不納入", "排除"})
