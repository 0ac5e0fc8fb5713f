"""Monitoring frequencies: ``[monitoring.frequency]`` words and ISO 8601 durations.

A frequency is a :class:`Step`: a whole number of calendar months (``monthly``, ``P3M``),
or a fixed number of seconds (``hourly``, ``PT15M``, ``P1D``). No numpy here: the
manifest's validation uses it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORDS: dict[str, tuple[int, float]] = {  # word -> (months, seconds)
    "minutely": (0, 60.0),
    "quarter-hourly": (0, 900.0),
    "half-hourly": (0, 1800.0),
    "hourly": (0, 3600.0),
    "daily": (0, 86400.0),
    "weekly": (0, 604800.0),
    "monthly": (1, 0.0),
    "quarterly": (3, 0.0),
    "half-yearly": (6, 0.0),
    "yearly": (12, 0.0),
    "annual": (12, 0.0),
    "annually": (12, 0.0),
}
_ISO = re.compile(
    r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Step:
    """The expected interval between readings: ``months`` or else ``seconds``."""

    months: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        for word, (m, s) in WORDS.items():
            if (m, s) == (self.months, self.seconds):
                return word
        return f"P{self.months}M" if self.months else f"PT{self.seconds:g}S"


def parse_frequency(text: object) -> Step | None:
    """A word of :data:`WORDS` or an ISO 8601 duration (``PT15M``, ``P1D``, ``P1M``);
    ``None`` when it is neither, zero, or mixes months with days or times."""
    if not isinstance(text, str):
        return None
    s = text.strip().lower()
    if s in WORDS:
        return Step(*WORDS[s])
    m = _ISO.fullmatch(s.upper())
    if not m or s.upper() in ("P", "PT") or s.upper().endswith("T"):
        return None
    y, mo, w, d, h, mi, sec = (int(g) if g else 0 for g in m.groups())
    months = 12 * y + mo
    seconds = float(((w * 7 + d) * 24 + h) * 3600 + mi * 60 + sec)
    if (months and seconds) or not (months or seconds):
        return None
    return Step(months, seconds)
