"""CSV cells a spreadsheet will not run as formulas (CSV / formula injection).

Spreadsheet tools treat a cell that starts with ``= + - @`` (or a tab or carriage
return) as a formula. Every CSV VeriDesk writes puts a ``'`` before such a value, as
OWASP recommends; reading a sheet back removes exactly that one.
"""

from __future__ import annotations

from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_escape(value: Any) -> str:
    """A CSV cell a spreadsheet will not run as a formula: ``'`` before a risky start.

    A value whose leading ``'`` characters already precede a risky character gets one more
    ``'``, so :func:`csv_unescape` returns every value exactly.
    """
    text = "" if value is None else str(value)
    return "'" + text if text.lstrip("'").startswith(FORMULA_START) else text


def csv_unescape(text: str) -> str:
    """Undo :func:`csv_escape`: drop the one ``'`` put before a risky character."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_START):
        return text[1:]
    return text
