"""``calculation.toml``: the emission-reduction formulas and the figures the client claims."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.dossier.textfile import read_toml_text
from desktop.dossier.toml_errors import TomlSyntax
from desktop.errors import InputError, Problem

if TYPE_CHECKING:
    from desktop.dossier.templated import Templated

MAX_NUMBER = 1e15
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LINE_KEYS = {"name", "formula", "claimed", "unit"}
_RESULT_KEYS = {"formula", "claimed", "unit"}


@dataclass(frozen=True)
class Line:
    """One formula line; the ``[result]`` table is the line named ``result``."""

    name: str
    formula: str
    claimed: float | None = None
    unit: str | None = None


def read_calculation(path: Path, label: str = "calculation.toml") -> list[Line] | Templated:
    """Parse and validate the file; the result line, when present, comes last. A file naming
    a methodology template (``template = "ACM0002"``) gives a :class:`Templated`, expanded
    into lines by :func:`desktop.dossier.templated.expand` once the monitoring is read."""
    try:
        text = read_toml_text(path)
    except UnicodeError as exc:
        raise InputError(Problem("manifest.encoding", file=label, params={"error": exc})) from exc
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError) as exc:
        raise InputError(
            Problem("manifest.syntax", file=label, params={"error": TomlSyntax(exc)})
        ) from exc
    from desktop.dossier.templated import is_templated, parse_templated

    if is_templated(data):
        return parse_templated(data, label)
    return parse_calculation(data, label)


def parse_calculation(data: dict[str, Any], label: str = "calculation.toml") -> list[Line]:
    problems: list[Problem] = []

    def bad(where: str, key: str, **params: object) -> None:
        problems.append(Problem(key, file=label, where=where, params=params))

    for key in data:
        if key not in ("line", "result"):
            bad(key, "manifest.unknown")
    raw_lines = data.get("line", [])
    if not isinstance(raw_lines, list):
        bad("line", "manifest.type", expected="[[line]]", value=raw_lines)
        raw_lines = []
    lines: list[Line] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_lines, 1):
        where = f"line[{i}]"
        if not isinstance(raw, dict):
            bad(where, "manifest.type", expected="[[line]]", value=raw)
            continue
        for key in raw:
            if key not in _LINE_KEYS:
                bad(f"{where}.{key}", "manifest.unknown")
        name = raw.get("name")
        if not isinstance(name, str) or not _NAME.fullmatch(name) or name == "result":
            bad(f"{where}.name", "calc.bad_name", name=name)
            continue
        if name in seen:
            bad(f"{where}.name", "calc.duplicate", name=name)
        seen.add(name)
        line = _line(name, raw, f"{where}", bad)
        if line:
            lines.append(line)
    result = data.get("result")
    if result is not None:
        if not isinstance(result, dict):
            bad("result", "manifest.type", expected="[result]", value=result)
        else:
            for key in result:
                if key not in _RESULT_KEYS:
                    bad(f"result.{key}", "manifest.unknown")
            line = _line("result", result, "result", bad)
            if line:
                lines.append(line)
    if problems:
        raise InputError(problems)
    return lines


def _line(name: str, raw: dict[str, Any], where: str, bad: Any) -> Line | None:
    formula = raw.get("formula")
    if isinstance(formula, int | float) and not isinstance(formula, bool):
        if not -MAX_NUMBER <= formula <= MAX_NUMBER:
            bad(f"{where}.formula", "manifest.type", expected=_number_kind(), value=formula)
            return None
        formula = repr(formula)
    if not isinstance(formula, str) or not formula.strip():
        bad(f"{where}.formula", "calc.no_formula", name=name)
        return None
    claimed = raw.get("claimed")
    if claimed is not None and (
        isinstance(claimed, bool)
        or not isinstance(claimed, int | float)
        or not -MAX_NUMBER <= claimed <= MAX_NUMBER  # also refuses NaN and infinity
    ):
        bad(f"{where}.claimed", "manifest.type", expected=_number_kind(), value=claimed)
        return None
    unit = raw.get("unit")
    if unit is not None and not isinstance(unit, str):
        bad(f"{where}.unit", "manifest.type", expected="text", value=unit)
        return None
    return Line(name, formula.strip(), None if claimed is None else float(claimed), unit)


def _number_kind() -> str:
    from desktop.i18n import current_language

    if current_language() == "zh-TW":
        return "絕對值不大於 10^15 的有限數字"
    return "a finite number no larger than 10^15 in size"
