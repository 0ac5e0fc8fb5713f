"""Registry serial numbers as text: which format a serial is in, and the block it names.

Pure string work (no numpy, no pandas) so the GUI can parse a serial without loading the
engine; :mod:`desktop.rules.serials` runs the checks over whole tables. Formats
(domain.md): Taiwan MOENV, Verra VCS, Gold Standard, ACR, CAR, and CDM/Kyoto blocks. A
serial that matches no format is reported, never guessed. The fields besides start and end
are UNCONFIRMED for TW-MOENV and CDM. Besides design §6's examples, the layouts seen in
public registry exports are read (older APX-era Verra VCUs, CAR's ``CAR-ROC-`` credits, an
ACR range written with a hyphen): see ``tests/rules/test_rules_serials.py`` for each
example and where it was seen.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class SerialBlock:
    """A parsed serial block. ``prefix_key`` names the numbering series of start/end."""

    scheme: str
    prefix_key: str
    start: int
    end: int
    project: str | None = None
    vintage: str | None = None  # as the serial states it: "2025" or "2021-2021"
    country: str | None = None

    @property
    def quantity(self) -> int:
        return self.end - self.start + 1


_N = r"\d{1,18}"  # start/end: leading zeros allowed, within int64
_TO = r"\s+[Tt][Oo]\s+"

_PATTERNS: dict[str, re.Pattern[str]] = {
    # TW-2-1-030172798-030173019-00-00-A0000070 (fields besides start/end UNCONFIRMED)
    "TW-MOENV": re.compile(
        rf"TW-(?P<kind>\d{{1,3}})-(?P<sub>\d{{1,3}})-(?P<start>{_N})-(?P<end>{_N})"
        r"-(?P<f1>\d{1,4})-(?P<f2>\d{1,4})-(?P<project>[A-Z]{1,3}\d{1,12})"
    ),
    # {batch}-{start}-{end}-VCS-VCU-{n}-VER-{country}-{scope}-{project}-{DDMMYYYY}-{DDMMYYYY}-{f}
    # (Verra registry exports); older VCUs, issued on the APX-run VCS registry, read
    # {batch}-{start}-{end}-VCU-{n}-APX-{country}-{scope}-{project}-… (no "VCS-"); a layout
    # without the sectoral scope is published as Verra's example by some retailers.
    "VCS": re.compile(
        rf"(?P<batch>\d{{1,12}})-(?P<start>{_N})-(?P<end>{_N})-(?:VCS-)?VCU-(?P<n>\d{{1,6}})"
        r"-(?P<kind>[A-Z]{2,4})-(?P<country>[A-Z]{2})(?:-(?P<scope>\d{1,3}))?"
        r"-(?P<project>\d{1,8})-\d{4}(?P<vy1>\d{4})-\d{4}(?P<vy2>\d{4})-(?P<flag>\d{1,2})"
    ),
    # GS1-1-{country}-GS{project}-{a}-{vintage}-{b}-{start}-{end}
    "GS": re.compile(
        r"(?P<prefix>GS\d{1,3}-\d{1,3}-(?P<country>[A-Z]{2})-GS(?P<project>\d{1,8})-\d{1,6}"
        rf"-(?P<vintage>\d{{4}})-\d{{1,12}})-(?P<start>{_N})-(?P<end>{_N})"
    ),
    # ACR-{country}-{project}-{vintage}-{batch}-{start} to {end}; the range is also seen
    # written with a hyphen, ACR-US-192-2010-203-1-5000 (the field count keeps it unambiguous)
    "ACR": re.compile(
        r"(?P<prefix>ACR-(?P<country>[A-Z]{2})-(?P<project>\d{1,8})-(?P<vintage>\d{4})"
        rf"-\d{{1,12}})-(?P<start>{_N})(?:{_TO}(?:(?P=prefix)-)?|-)(?P<end>{_N})"
    ),
    # CAR-{1|ROC}-{country}-{project}-…-{state}-{vintage}-{batch}-{start} to {end}: "1" for
    # Reserve offsets (CRTs), "ROC" for ARB registry offset credits (ARB compliance projects)
    "CAR": re.compile(
        r"(?P<prefix>CAR-(?:\d{1,3}|[A-Z]{2,4})-(?P<country>[A-Z]{2})-(?P<project>\d{1,8})"
        r"(?:-[A-Z0-9]{1,12})*"
        rf"-(?P<vintage>\d{{4}})-\d{{1,12}})-(?P<start>{_N}){_TO}(?:(?P=prefix)-)?(?P<end>{_N})"
    ),
    # Kyoto DES order: party-unit type-supplementary type-start-end-original CP-applicable CP
    # [-LULUCF activity]-project[-track] (exact order UNCONFIRMED)
    "CDM": re.compile(
        rf"(?P<country>[A-Z]{{2}})-(?P<unit>\d{{1,2}})-(?P<supp>\d{{1,2}})-(?P<start>{_N})"
        rf"-(?P<end>{_N})-(?P<ocp>\d{{1,2}})-(?P<acp>\d{{1,2}})(?:-(?P<lulucf>\d{{1,2}}))?"
        r"-(?P<project>\d{1,8})(?:-(?P<track>\d))?"
    ),
}


def _key_tw(m: re.Match[str]) -> tuple[str, str | None]:
    return "TW-MOENV", None


def _key_vcs(m: re.Match[str]) -> tuple[str, str | None]:
    return "VCS", f"{m['vy1']}-{m['vy2']}"


def _key_prefix(m: re.Match[str]) -> tuple[str, str | None]:
    return m["prefix"], m["vintage"]


def _key_cdm(m: re.Match[str]) -> tuple[str, str | None]:
    return f"CDM:{m['country']}", None


_KEYS: dict[str, Callable[[re.Match[str]], tuple[str, str | None]]] = {
    "TW-MOENV": _key_tw,
    "VCS": _key_vcs,
    "GS": _key_prefix,
    "ACR": _key_prefix,
    "CAR": _key_prefix,
    "CDM": _key_cdm,
}
_CDM_LIKE = re.compile(r"[A-Z]{2}-\d")
_UNSEEN = object()


@lru_cache(maxsize=256)
def registry_scheme(registry: str | None) -> str | None:
    """The serial scheme a registry name implies (``"Verra"`` → ``"VCS"``), else ``None``."""
    if not registry or not isinstance(registry, str):
        return None
    k = re.sub(r"[\W_]+", "", registry.casefold())
    if "moenv" in k or k in {"tw", "taiwan", "twepa"} or "環境部" in registry:
        return "TW-MOENV"
    if "verra" in k or k.startswith("vcs") or k == "vcu":
        return "VCS"
    if k == "gs" or "goldstandard" in k:
        return "GS"
    if k == "acr" or "americancarbonregistry" in k:
        return "ACR"
    if k == "car" or "climateactionreserve" in k:
        return "CAR"
    if "cdm" in k or "unfccc" in k or "kyoto" in k:
        return "CDM"
    return None


def detect_scheme(serial: str) -> str | None:
    """The scheme a serial's shape points to, from its prefix only (no full parse)."""
    if serial.startswith("TW-"):
        return "TW-MOENV"
    if serial.startswith("GS"):
        return "GS"
    if serial.startswith("ACR-"):
        return "ACR"
    if serial.startswith("CAR-"):
        return "CAR"
    if "-VCS-" in serial or "-VCU-" in serial:
        return "VCS"
    if _CDM_LIKE.match(serial):
        return "CDM"
    return None


# Why a serial did not parse (codes → English, Chinese).
REASONS: dict[str, tuple[str, str]] = {
    "blank": ("no serial", "未填序號"),
    "unknown-format": ("matches no known serial format", "不符合任何已知序號格式"),
    "registry-mismatch": ("format does not match the stated registry", "序號格式與登錄處不符"),
    "bad-fields": ("fields do not match the format", "欄位不符合該格式"),
    "end-before-start": ("block ends before it starts", "區段結束號小於起始號"),
}


def _match(text: str, hinted: str | None) -> tuple[str, re.Match[str], int, int] | str:
    """``(scheme, match, start, end)`` for a whitespace-normalised serial, or a reason code.
    ``hinted`` is the scheme the registry column implies, if any."""
    if not text:
        return "blank"
    detected = detect_scheme(text)
    scheme = hinted or detected
    if scheme is None:
        return "unknown-format"
    if hinted and detected and hinted != detected:
        return "registry-mismatch"
    m = _PATTERNS[scheme].fullmatch(text)
    if m is None:
        return "bad-fields" if detected else "unknown-format"
    start, end = int(m["start"]), int(m["end"])
    if end < start:
        return "end-before-start"
    return scheme, m, start, end


def parse_serial_reason(
    serial: object, registry: str | None = None
) -> tuple[SerialBlock | None, str | None]:
    """``(block, None)`` when ``serial`` parses, else ``(None, reason code)`` (see REASONS).

    ``registry`` (the table's registry column) is a hint: when it names a known registry,
    only that registry's format is accepted.
    """
    text = " ".join(serial.split()) if isinstance(serial, str) else ""
    found = _match(text, registry_scheme(registry))
    if isinstance(found, str):
        return None, found
    scheme, m, start, end = found
    key, vintage = _KEYS[scheme](m)
    groups = m.groupdict()
    country = groups.get("country") or ("TW" if scheme == "TW-MOENV" else None)
    return SerialBlock(scheme, key, start, end, groups.get("project"), vintage, country), None


def parse_serial(serial: str, registry: str | None = None) -> SerialBlock | None:
    """Parse one registry serial into a :class:`SerialBlock`; ``None`` when it matches no
    supported format, contradicts ``registry``, or ends before it starts."""
    return parse_serial_reason(serial, registry)[0]
