"""Text tables: detect the encoding and the delimiter of a CSV file.

Detection, not blind guessing: a byte-order mark decides first (UTF-8, UTF-16); then the
sample must decode as strict UTF-8; failing that, as strict Big5/CP950 (the usual
encoding of Traditional Chinese Excel exports). Anything else is refused with a message
telling the user what to save the file as.
"""

from __future__ import annotations

import codecs
from pathlib import Path

SAMPLE_BYTES = 1 << 16
DELIMITERS = (",", "\t", ";")


def detect_encoding(path: Path) -> str | None:
    """Return a Python codec name for ``path``, or None when it cannot be told."""
    with open(path, "rb") as f:
        sample = f.read(SAMPLE_BYTES)
        truncated = bool(f.read(1))
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(sample) >= 4 and sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without a BOM: NULs in the high bytes of ASCII characters.
        return "utf-16-le" if sample[1:2] == b"\x00" else "utf-16-be"
    for codec in ("utf-8", "cp950"):
        if _decodes(sample, codec, truncated):
            return codec
    return None


def _decodes(sample: bytes, codec: str, truncated: bool) -> bool:
    decoder = codecs.getincrementaldecoder(codec)("strict")
    try:
        decoder.decode(sample, final=not truncated)
    except UnicodeDecodeError:
        return False
    return True


def detect_delimiter(first_line: str) -> str:
    """The delimiter the header line uses most (comma by default)."""
    counts = {d: _count_outside_quotes(first_line, d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _count_outside_quotes(line: str, delim: str) -> int:
    n, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delim and not quoted:
            n += 1
    return n


def read_first_line(path: Path, encoding: str) -> str:
    with open(path, encoding=encoding, newline="", errors="replace") as f:
        return f.readline().rstrip("\r\n")
