"""The opinion's wording as data: ``resources/wording/<type>.toml`` and ``resources/glossary.toml``.

Pure: reads TOML with :mod:`tomllib`, no Qt, no reportlab. The files are reviewed texts
(``resources/wording/README.md``); this module only finds, checks and formats them.

Usage::

    w = wording("verification", "limited", "zh-TW")
    w.title                      # "查證聲明書"
    w.conclusion("unmodified", client="…", subject="…", period="…",
                 criteria="…", total="268.80 tCO2e", materiality="5 %")
"""

from __future__ import annotations

import functools
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from desktop import paths

ENGAGEMENT_TYPES: tuple[str, ...] = ("verification", "validation", "carbon-neutrality")
LEVELS: tuple[str, ...] = ("reasonable", "limited")
OPINION_KINDS: tuple[str, ...] = ("unmodified", "modified", "adverse", "disclaimer")
TEXT_FIELDS: tuple[str, ...] = (
    "title",
    "objective",
    "responsibility_client",
    "responsibility_verifier",
    "draft_notice",
)
PLACEHOLDERS: frozenset[str] = frozenset(
    {"client", "subject", "period", "criteria", "basis", "total", "materiality"}
)
"""The only names a conclusion template may use; ``basis`` not in ``unmodified``."""

# document language -> key in the files
_LANG_KEYS: dict[str, str] = {"en": "en", "zh-TW": "zh", "zh": "zh"}


class WordingError(ValueError):
    """A wording or glossary file is missing or malformed."""


@dataclass(frozen=True)
class Wording:
    """The texts of one statement: one engagement type, one level, one language."""

    engagement_type: str
    level: str
    """The level the texts were taken from (after the default was applied)."""
    lang: str
    """``"en"`` or ``"zh-TW"``."""
    level_of_assurance_applies: bool
    """False for validation: the statement should not print a level of assurance."""
    title: str
    objective: str
    responsibility_client: str
    responsibility_verifier: str
    draft_notice: str
    conclusions: Mapping[str, str]
    """Opinion kind -> :meth:`str.format` template (use :meth:`conclusion`)."""
    basis_intro: Mapping[str, str]
    """Opinion kind -> heading of the basis paragraph."""

    def conclusion(self, kind: str, **values: object) -> str:
        """The conclusion for opinion ``kind``, its placeholders filled from ``values``.

        Values the template does not use are ignored (``basis`` may always be given); a
        placeholder without a value raises :class:`ValueError` naming it.
        """
        if kind not in self.conclusions:
            raise ValueError(f"unknown opinion kind {kind!r}; expected one of {OPINION_KINDS}")
        template = self.conclusions[kind]
        missing = sorted(placeholders(template) - values.keys())
        if missing:
            raise ValueError(f"conclusion {kind!r} needs a value for {', '.join(missing)}")
        return template.format(**values)


def placeholders(template: str) -> set[str]:
    """The field names a :meth:`str.format` template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def wording_dir() -> Path:
    return paths.resources() / "wording"


def glossary_path() -> Path:
    return paths.resources() / "glossary.toml"


def wording(engagement_type: str, level: str | None, lang: str) -> Wording:
    """The statement's texts for ``engagement_type`` at ``level`` in ``lang``.

    ``level`` None or unknown gives the file's ``default_level`` ("reasonable" in every
    shipped file; for validation, where no level of assurance applies, that is the
    validation opinion itself). ``lang`` is ``"en"`` or ``"zh-TW"``. An unknown
    engagement type or language raises :class:`ValueError`.
    """
    if engagement_type not in ENGAGEMENT_TYPES:
        raise ValueError(
            f"unknown engagement type {engagement_type!r}; expected one of {ENGAGEMENT_TYPES}"
        )
    if lang not in _LANG_KEYS:
        raise ValueError(f"unknown language {lang!r}; expected 'en' or 'zh-TW'")
    data = _load_wording(wording_dir() / f"{engagement_type}.toml")
    chosen = level if level in LEVELS else data["default_level"]
    texts = data[chosen][_LANG_KEYS[lang]]
    return Wording(
        engagement_type=engagement_type,
        level=chosen,
        lang="en" if lang == "en" else "zh-TW",
        level_of_assurance_applies=data["level_of_assurance_applies"],
        conclusions=MappingProxyType(dict(texts["conclusion"])),
        basis_intro=MappingProxyType(dict(texts["basis_intro"])),
        **{name: texts[name] for name in TEXT_FIELDS},
    )


def glossary(lang: str) -> dict[str, str]:
    """Term key -> the term in ``lang`` (``"en"`` or ``"zh-TW"``); a fresh dict each call."""
    if lang not in _LANG_KEYS:
        raise ValueError(f"unknown language {lang!r}; expected 'en' or 'zh-TW'")
    key = _LANG_KEYS[lang]
    return {term: texts[key] for term, texts in _load_glossary(glossary_path()).items()}


# ------------------------------------------------------------------------------ loading


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise WordingError(f"{path}: file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise WordingError(f"{path}: not valid TOML ({exc})") from None


def _text(where: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise WordingError(f"{where}: missing or empty text")
    return value


@functools.cache
def _load_wording(path: Path) -> Mapping[str, Any]:
    """Parse and check one wording file (cached per path)."""
    data = _read(path)
    default = data.get("default_level")
    if default not in LEVELS:
        raise WordingError(f"{path}: default_level must be one of {LEVELS}")
    applies = data.get("level_of_assurance_applies", True)
    if not isinstance(applies, bool):
        raise WordingError(f"{path}: level_of_assurance_applies must be true or false")
    out: dict[str, Any] = {"default_level": default, "level_of_assurance_applies": applies}
    for level in LEVELS:
        out[level] = {}
        for lang in ("en", "zh"):
            where = f"{path.name} [{level}.{lang}]"
            texts = data.get(level, {}).get(lang)
            if not isinstance(texts, dict):
                raise WordingError(f"{where}: table missing")
            entry: dict[str, Any] = {
                name: _text(f"{where} {name}", texts.get(name)) for name in TEXT_FIELDS
            }
            for table in ("conclusion", "basis_intro"):
                kinds = texts.get(table)
                if not isinstance(kinds, dict):
                    raise WordingError(f"{where}.{table}: table missing")
                entry[table] = {
                    kind: _text(f"{where}.{table} {kind}", kinds.get(kind))
                    for kind in OPINION_KINDS
                }
            for kind, template in entry["conclusion"].items():
                try:
                    used = placeholders(template)
                except ValueError as exc:
                    raise WordingError(f"{where}.conclusion {kind}: {exc}") from None
                allowed = PLACEHOLDERS - {"basis"} if kind == "unmodified" else PLACEHOLDERS
                if used - allowed:
                    raise WordingError(
                        f"{where}.conclusion {kind}: unknown placeholder(s) "
                        f"{', '.join(sorted(used - allowed))}"
                    )
            out[level][lang] = entry
    return MappingProxyType(out)


@functools.cache
def _load_glossary(path: Path) -> Mapping[str, Mapping[str, str]]:
    """Parse and check the glossary (cached per path)."""
    terms = _read(path).get("terms")
    if not isinstance(terms, dict) or not terms:
        raise WordingError(f"{path}: no [terms.*] tables")
    out = {}
    for term, texts in terms.items():
        if not isinstance(texts, dict):
            raise WordingError(f"{path} [terms.{term}]: not a table")
        out[term] = MappingProxyType(
            {
                lang: _text(f"{path.name} [terms.{term}] {lang}", texts.get(lang))
                for lang in ("en", "zh")
            }
        )
    return MappingProxyType(out)
