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
    return detect_sample_encoding(sample, truncated)


def detect_sample_encoding(sample: bytes, truncated: bool = False) -> str | None:
    """:func:`detect_encoding` on the first bytes of a file (``truncated``: more follow)."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    # UTF-32's little-endian BOM begins with UTF-16's: test it first.
    if sample.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(sample) >= 4 and sample.count(b"\x00") > len(sample) // 4:
        # No BOM: NULs in the high bytes of ASCII characters (three of four in UTF-32).
        if sample[1:4] == b"\x00\x00\x00":
            return "utf-32-le"
        if sample[:3] == b"\x00\x00\x00":
            return "utf-32-be"
        return "utf-16-le" if sample[1:2] == b"\x00" else "utf-16-be"
    if _decodes(sample, "utf-8", truncated):
        return "utf-8"
    if _decodes(sample, "cp950", truncated):
        if looks_like_gb(sample) and _decodes(sample, "gb18030", truncated):
            return "gb18030"
        return "cp950"
    if _decodes(sample, "gb18030", truncated) and looks_like_gb(sample):
        return "gb18030"
    return None


def looks_like_gb(sample: bytes, minimum: int = 8) -> bool:
    """Whether double-byte text that also decodes as Big5 is really GB2312/GBK/GB18030.

    Big5 puts its frequent characters under lead bytes 0xA4–0xAF and uses trail bytes
    0x40–0x7E for about 40 % of characters; GB2312's Chinese characters have lead bytes
    0xB0–0xF7 and trail bytes 0xA1–0xFE only. Text of at least ``minimum`` double-byte
    characters with neither Big5 trait is read as GB.
    """
    pairs = 0
    i, n = 0, len(sample)
    while i < n - 1:
        lead = sample[i]
        if lead < 0x81:
            i += 1
            continue
        trail = sample[i + 1]
        if 0xA4 <= lead <= 0xAF or 0x40 <= trail <= 0x7E:
            return False
        pairs += 1
        i += 2
    return pairs >= minimum


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


def read_toml_text(path: Path) -> str:
    """A TOML file's text: UTF-8 (a BOM is allowed), as TOML requires.

    Raises ``UnicodeError`` with a message naming the encoding the file was saved in.
    """
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise UnicodeError("saved as UTF-32")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        len(data) >= 4 and data.count(b"\x00") > len(data) // 4
    ):
        raise UnicodeError("saved as UTF-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnicodeError(f"not UTF-8 (byte 0x{data[exc.start]:02x} at {exc.start})") from None
