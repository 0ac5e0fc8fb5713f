"""People's names compared as people read them, not as strings of code points.

"Ｌｉｎ Ｍｅｉ－Ｈｕａ" (full width), "Lin Mei‑Hua" (a non-breaking hyphen), "lin mei-hua"
and "Lin Mei-Hua\\u200b" (a zero-width space) are one person. Signing and the sign-off
gate use the same rule, so a second key or team entry cannot pass for someone else.
"""

from __future__ import annotations

import re
import unicodedata

_DASHES = re.compile(r"[\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d\u00ad-]")
_INVISIBLE = {"Cf", "Cc", "Mn"}  # format (zero-width, bidi), control, combining marks


def normalise_name(name: str) -> str:
    """NFKC, case-folded, accents, invisible characters and extra spaces removed, every
    dash read as a space."""
    text = unicodedata.normalize("NFKC", name)
    text = _DASHES.sub("-", text)
    text = unicodedata.normalize("NFKD", text)  # separate accents, then drop them below
    text = "".join(ch for ch in text if unicodedata.category(ch) not in _INVISIBLE)
    # "Mei-Hua" and "Mei Hua" are one romanisation: a hyphen counts as a space
    return " ".join(text.replace("-", " ").split()).casefold()


def same_person(a: str | None, b: str | None) -> bool:
    """Whether two names denote the same person (empty names never match)."""
    if not a or not b:
        return False
    na, nb = normalise_name(a), normalise_name(b)
    return bool(na) and na == nb
