"""Read VeriDesk's entries of a PDF's document information dictionary."""

from __future__ import annotations

import io


def info_value(pdf_bytes: bytes, key: str) -> str | None:
    """The text of ``/KEY`` in the PDF's current information dictionary, or ``None``."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        info = reader.trailer["/Info"]
        value = info.get("/" + key.lstrip("/"))
    except Exception:  # a PDF we cannot read has no VeriDesk entries
        return None
    return None if value is None else str(value)


def is_draft(pdf_bytes: bytes) -> bool | None:
    """``True`` for a draft opinion or report, ``False`` for a final one, ``None`` when the
    PDF does not say (not made by VeriDesk, or by a version before drafts were marked)."""
    from desktop.report.pdf import DRAFT_INFO_KEY

    value = info_value(pdf_bytes, DRAFT_INFO_KEY)
    return None if value is None else value.strip().lower() == "true"
