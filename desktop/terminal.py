"""Safe text for a terminal: control characters from dossier data are shown, not obeyed.

A client name holding ``ESC [2J`` (clear screen) or a carriage return could otherwise
rewrite what the verifier sees, e.g. paint a fake "✔ verified". Every control character
(C0 except newline and tab, DEL, C1) and every bidirectional override or isolate is
written as a ``\\uXXXX`` escape, which is also valid inside the JSON the CLI prints.
"""

from __future__ import annotations

import re
from typing import TextIO

_UNSAFE = re.compile(
    "\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)

MAX_ECHO = 200  # characters of a user's value repeated in a message


def escape_controls(text: str) -> str:
    """``text`` with unsafe characters replaced by ``\\uXXXX`` escapes."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def clip(text: str, limit: int = MAX_ECHO) -> str:
    """At most ``limit`` characters of ``text``, saying how long the rest was."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


class SafeStream:
    """A text stream wrapper that escapes control characters on the way out."""

    def __init__(self, stream: TextIO):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(escape_controls(text))
        return len(text)

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)
