"""The investment table's checks at import: the cash flows must make sense as a whole
(consecutive years, one sign per cost column, a net that agrees with its components)."""

from __future__ import annotations

import sqlite3

from desktop.errors import InputError, Problem

COLUMNS = ("row_no", "year", "capex", "revenue", "opex", "other", "cash_flow")


def investment_records(conn: sqlite3.Connection) -> list[dict[str, object]]:
    """The stored rows of ``investment`` as dicts, in spreadsheet order."""
    cur = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM investment ORDER BY row_no")
    return [dict(zip(COLUMNS, row, strict=True)) for row in cur]


def investment_problems(conn: sqlite3.Connection, label: str) -> list[Problem]:
    """What makes the loaded investment table unusable (empty when it is fine)."""
    from desktop.investment.cashflows import cash_flows

    try:
        cash_flows(investment_records(conn), label)
    except InputError as exc:
        return exc.problems
    return []
