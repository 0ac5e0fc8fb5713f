"""Checklist definitions: the TOML files in ``checklists/`` as frozen dataclasses.

Pure Python (no Qt, no SQL, no engagement state): this module only knows what a
checklist *asks*. Responses, evidence links and findings live elsewhere
(``desktop/checklist.py``). The file format is documented in ``checklists/README.md``.

Public API::

    STAGES, ENGAGEMENT_TYPES, ASSURANCE_LEVELS
    ChecklistError
    AppliesTo, Item, Section, Checklist      (frozen dataclasses)
    default_folder() -> Path
    load_checklist(path) -> Checklist
    load_all(folder=None) -> list[Checklist]  (sorted by order, then id)
    applicable(checklists, engagement_type, level_of_assurance, criteria, programme=None)
        -> list[Checklist]  (each holding only the items that apply to the programme)

Applicability has two levels: a checklist applies by engagement type, level of assurance
and criteria (``[applies_to]``); inside it, a section or an item may name ``programmes``
(e.g. ``["TW-MOENV"]``) and then applies only when the engagement's programme is one of
them, compared case-insensitively. An item may also list the refs it was ``formerly``
known by, so answers recorded under an old ref can still be found.

Every problem found in a file is collected and reported together in one
``ChecklistError``: one line per problem, each line naming the file and the place
(``applies_to.types``, ``section "planning"``, ``section "planning", item "ISO …"``).
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from desktop.rules.codes import CHECK_CODES

__all__ = [
    "ASSURANCE_LEVELS",
    "ENGAGEMENT_TYPES",
    "STAGES",
    "AppliesTo",
    "Checklist",
    "ChecklistError",
    "Item",
    "Section",
    "applicable",
    "default_folder",
    "load_all",
    "load_checklist",
    "programme_matches",
]

#: The stages of an engagement, in the order they happen (design §10, ISO 14064-3).
STAGES: tuple[str, ...] = (
    "pre-engagement",
    "planning",
    "execution",
    "completion",
    "review",
    "opinion",
    "post-opinion",
)

#: Engagement types of a dossier (``[engagement].type``, design §4).
ENGAGEMENT_TYPES: tuple[str, ...] = ("validation", "verification", "carbon-neutrality")

#: Levels of assurance (``[engagement].level_of_assurance``).
ASSURANCE_LEVELS: tuple[str, ...] = ("reasonable", "limited")

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

# key -> (expected python type(s), human type name, required)
_TOP_KEYS: dict[str, tuple[type | tuple[type, ...], str, bool]] = {
    "id": (str, "a string", True),
    "title": (str, "a string", True),
    "title_zh": (str, "a string", True),
    "standard": (str, "a string", True),
    "version": (str, "a string", True),
    "order": (int, "an integer", True),
    "applies_to": (dict, "a table", True),
    "section": (list, "an array of tables ([[section]])", True),
}
_APPLIES_KEYS: dict[str, tuple[type | tuple[type, ...], str, bool]] = {
    "types": (list, "an array of strings", True),
    "assurance": (list, "an array of strings", False),
    "criteria_any": (list, "an array of strings", False),
}
_SECTION_KEYS: dict[str, tuple[type | tuple[type, ...], str, bool]] = {
    "id": (str, "a string", True),
    "title": (str, "a string", True),
    "title_zh": (str, "a string", True),
    "stage": (str, "a string", True),
    "programmes": (list, "an array of strings", False),
    "item": (list, "an array of tables ([[section.item]])", True),
}
_ITEM_KEYS: dict[str, tuple[type | tuple[type, ...], str, bool]] = {
    "ref": (str, "a string", True),
    "formerly": (list, "an array of strings", False),
    "programmes": (list, "an array of strings", False),
    "text": (str, "a string", True),
    "text_zh": (str, "a string", True),
    "guidance": (str, "a string", True),
    "guidance_zh": (str, "a string", True),
    "typical_evidence": (list, "an array of strings", True),
    "typical_evidence_zh": (list, "an array of strings", True),
    "auto": (str, "a string", False),
}


class ChecklistError(ValueError):
    """A checklist file (or folder) is unusable. ``problems`` holds one line per problem."""

    def __init__(self, problems: Iterable[str], path: Path | None = None) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        self.path = path
        n = len(self.problems)
        where = str(path) if path is not None else "checklists"
        head = f"{where}: {n} problem{'s' if n != 1 else ''} in checklist definition"
        super().__init__("\n".join((head, *self.problems)))


@dataclass(frozen=True)
class AppliesTo:
    """When a checklist applies to an engagement. Empty ``assurance`` means any level;
    empty ``criteria_any`` means no condition on the criteria."""

    types: tuple[str, ...]
    assurance: tuple[str, ...] = ()
    criteria_any: tuple[str, ...] = ()

    def matches(
        self,
        engagement_type: str,
        level_of_assurance: str | None = None,
        criteria: Iterable[str] | None = None,
    ) -> bool:
        if engagement_type not in self.types:
            return False
        if level_of_assurance and self.assurance and level_of_assurance not in self.assurance:
            return False
        if self.criteria_any:
            wanted = [c.casefold() for c in self.criteria_any]
            given = [str(c).casefold() for c in (criteria or ())]
            if not any(w in g for w in wanted for g in given):
                return False
        return True


@dataclass(frozen=True)
class Item:
    """One assessable question. ``(checklist_id, ref)`` identifies it for good: responses
    and answer sheets are keyed on it."""

    ref: str
    text: str
    text_zh: str
    guidance: str
    guidance_zh: str
    typical_evidence: tuple[str, ...]
    typical_evidence_zh: tuple[str, ...]
    auto: str | None
    stage: str
    checklist_id: str
    #: The programmes the item is limited to (its own, or its section's); empty = any.
    programmes: tuple[str, ...] = ()
    #: Refs this item had in earlier versions of the checklist (answers may use them).
    formerly: tuple[str, ...] = ()

    def applies_to_programme(self, programme: str | None) -> bool:
        """True when the item has no ``programmes`` or ``programme`` is one of them
        (case-insensitively, surrounding spaces ignored). No programme matches none."""
        return programme_matches(self.programmes, programme)

    def known_as(self, ref: str) -> bool:
        """True when ``ref`` is this item's ref or one it was formerly known by."""
        return ref == self.ref or ref in self.formerly


def programme_matches(programmes: Iterable[str], programme: str | None) -> bool:
    """Whether an engagement's ``programme`` satisfies a ``programmes`` restriction."""
    wanted = {p.strip().casefold() for p in programmes}
    if not wanted:
        return True
    return bool(programme and programme.strip().casefold() in wanted)


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    title_zh: str
    stage: str
    items: tuple[Item, ...]
    #: The programmes the whole section is limited to; empty = any.
    programmes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    title_zh: str
    standard: str
    version: str
    order: int
    applies_to: AppliesTo
    sections: tuple[Section, ...]

    def items(self) -> Iterator[Item]:
        """All items, section by section, in file order."""
        for section in self.sections:
            yield from section.items

    def item(self, ref: str) -> Item:
        """The item with this ref (exact match), or the item that was formerly known by
        it; ``KeyError`` if there is none."""
        for it in self.items():
            if it.ref == ref:
                return it
        for it in self.items():
            if ref in it.formerly:
                return it
        raise KeyError(f"checklist {self.id!r} has no item {ref!r}")

    def for_programme(self, programme: str | None) -> Checklist:
        """This checklist with only the items that apply to ``programme`` (sections left
        without items are dropped). Returns ``self`` when nothing is filtered out."""
        sections = []
        for s in self.sections:
            items = tuple(it for it in s.items if it.applies_to_programme(programme))
            if items:
                sections.append(s if len(items) == len(s.items) else replace(s, items=items))
        if len(sections) == len(self.sections) and all(
            a is b for a, b in zip(sections, self.sections, strict=True)
        ):
            return self
        return replace(self, sections=tuple(sections))

    @property
    def item_count(self) -> int:
        return sum(len(s.items) for s in self.sections)

    @property
    def stages(self) -> tuple[str, ...]:
        """The stages this checklist's sections use, in the order of ``STAGES``."""
        used = {s.stage for s in self.sections}
        return tuple(s for s in STAGES if s in used)

    def applies(
        self,
        engagement_type: str,
        level_of_assurance: str | None = None,
        criteria: Iterable[str] | None = None,
    ) -> bool:
        return self.applies_to.matches(engagement_type, level_of_assurance, criteria)


# --------------------------------------------------------------------------- loading


def default_folder() -> Path:
    """The bundled ``checklists/`` folder: next to the ``desktop`` package in a source
    checkout or wheel-less install, or under ``sys._MEIPASS`` in a PyInstaller build
    (``build.spec`` must ship ``checklists/*.toml`` as data into ``checklists``)."""
    meipass = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and meipass:
        return Path(meipass) / "checklists"
    return Path(__file__).resolve().parent.parent / "checklists"


class _Collector:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []

    def add(self, where: str, message: str) -> None:
        prefix = f"{self.path}: {where}: " if where else f"{self.path}: "
        self.problems.append(prefix + message)


def _check_keys(
    table: dict[str, Any],
    spec: dict[str, tuple[type | tuple[type, ...], str, bool]],
    where: str,
    out: _Collector,
) -> dict[str, Any]:
    """Report unknown, missing and wrongly-typed keys; return the well-typed values."""
    good: dict[str, Any] = {}
    for key in table:
        if key not in spec:
            allowed = ", ".join(spec)
            out.add(where, f"unknown key '{key}' (allowed: {allowed})")
    for key, (typ, type_name, required) in spec.items():
        if key not in table:
            if required:
                out.add(where, f"missing required key '{key}'")
            continue
        value = table[key]
        ok = isinstance(value, typ) and not (typ is int and isinstance(value, bool))
        if typ is list and ok and type_name.startswith("an array of tables"):
            ok = all(isinstance(v, dict) for v in value)
        if not ok:
            out.add(where, f"'{key}' must be {type_name}, not {_type_name(value)}")
            continue
        good[key] = value
    return good


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return {int: "an integer", float: "a number", str: "a string"}.get(
        type(value), f"a {type(value).__name__}"
    )


def _text(good: dict[str, Any], key: str, where: str, out: _Collector) -> str:
    """A required string: present (checked before) and not blank."""
    value = good.get(key)
    if value is None:
        return ""
    if not value.strip():
        what = "translation" if key.endswith("_zh") else "value"
        out.add(where, f"'{key}' is empty: a {what} is required")
    return value.strip()


def _str_list(good: dict[str, Any], key: str, where: str, out: _Collector) -> tuple[str, ...]:
    values = good.get(key)
    if values is None:
        return ()
    result: list[str] = []
    for i, v in enumerate(values):
        if not isinstance(v, str):
            out.add(where, f"'{key}[{i}]' must be a string, not {_type_name(v)}")
        elif not v.strip():
            out.add(where, f"'{key}[{i}]' is empty")
        else:
            result.append(v.strip())
    return tuple(result)


def _norm_ref(ref: str) -> str:
    return " ".join(ref.split()).casefold()


def _parse(data: dict[str, Any], path: Path, out: _Collector) -> Checklist:
    top = _check_keys(data, _TOP_KEYS, "", out)

    cid = top.get("id", "")
    if "id" in top:
        if not _ID_RE.match(cid):
            out.add("id", f"'{cid}' may hold only lowercase letters, digits and '-'")
        if cid != path.stem:
            out.add("id", f"'{cid}' does not match the file name '{path.stem}' (id = file stem)")
    title = _text(top, "title", "", out)
    title_zh = _text(top, "title_zh", "", out)
    standard = _text(top, "standard", "", out)
    version = _text(top, "version", "", out)
    order = top.get("order", 0)

    # applies_to
    types: tuple[str, ...] = ()
    assurance: tuple[str, ...] = ()
    criteria_any: tuple[str, ...] = ()
    if "applies_to" in top:
        app = _check_keys(top["applies_to"], _APPLIES_KEYS, "applies_to", out)
        types = _str_list(app, "types", "applies_to", out)
        if "types" in app and not app["types"]:
            out.add("applies_to.types", "must name at least one engagement type")
        for t in types:
            if t not in ENGAGEMENT_TYPES:
                out.add(
                    "applies_to.types",
                    f"unknown engagement type '{t}' (expected one of: "
                    f"{', '.join(ENGAGEMENT_TYPES)})",
                )
        assurance = _str_list(app, "assurance", "applies_to", out)
        for a in assurance:
            if a not in ASSURANCE_LEVELS:
                out.add(
                    "applies_to.assurance",
                    f"unknown level of assurance '{a}' (expected one of: "
                    f"{', '.join(ASSURANCE_LEVELS)})",
                )
        criteria_any = _str_list(app, "criteria_any", "applies_to", out)

    # sections and items
    sections: list[Section] = []
    seen_sections: set[str] = set()
    seen_refs: dict[str, str] = {}
    for si, sec in enumerate(top.get("section", ())):
        sid_raw = sec.get("id")
        s_where = f'section "{sid_raw}"' if isinstance(sid_raw, str) else f"section #{si + 1}"
        s = _check_keys(sec, _SECTION_KEYS, s_where, out)
        sid = s.get("id", "")
        if "id" in s:
            if not _ID_RE.match(sid):
                out.add(s_where, f"id '{sid}' may hold only lowercase letters, digits and '-'")
            if sid in seen_sections:
                out.add(s_where, f"duplicate section id '{sid}'")
            seen_sections.add(sid)
        s_title = _text(s, "title", s_where, out)
        s_title_zh = _text(s, "title_zh", s_where, out)
        stage = s.get("stage", "")
        if "stage" in s and stage not in STAGES:
            out.add(s_where, f"unknown stage '{stage}' (expected one of: {', '.join(STAGES)})")
        s_programmes = _programmes(s, s_where, out)
        raw_items = s.get("item", ())
        if "item" in s and not raw_items:
            out.add(s_where, "section has no items")

        items: list[Item] = []
        for ii, raw in enumerate(raw_items):
            ref_raw = raw.get("ref")
            i_where = (
                f'{s_where}, item "{ref_raw}"'
                if isinstance(ref_raw, str) and ref_raw.strip()
                else f"{s_where}, item #{ii + 1}"
            )
            it = _check_keys(raw, _ITEM_KEYS, i_where, out)
            ref = _text(it, "ref", i_where, out)
            if ref:
                key = _norm_ref(ref)
                if key in seen_refs:
                    out.add(i_where, f"duplicate ref '{ref}' (first used in {seen_refs[key]})")
                else:
                    seen_refs[key] = s_where
                if ref != " ".join(ref.split()):
                    out.add(i_where, "ref must not contain line breaks or repeated spaces")
            text = _text(it, "text", i_where, out)
            text_zh = _text(it, "text_zh", i_where, out)
            guidance = _text(it, "guidance", i_where, out)
            guidance_zh = _text(it, "guidance_zh", i_where, out)
            i_programmes = _programmes(it, i_where, out)
            if i_programmes and s_programmes:
                outside = [
                    p
                    for p in i_programmes
                    if p.casefold() not in {q.casefold() for q in s_programmes}
                ]
                if outside:
                    out.add(
                        i_where,
                        f"programmes {outside} are not among its section's programmes "
                        f"{list(s_programmes)}: an item can only narrow its section's list",
                    )
            formerly = _str_list(it, "formerly", i_where, out)
            evidence = _str_list(it, "typical_evidence", i_where, out)
            evidence_zh = _str_list(it, "typical_evidence_zh", i_where, out)
            if (
                "typical_evidence" in it
                and "typical_evidence_zh" in it
                and len(it["typical_evidence"]) != len(it["typical_evidence_zh"])
            ):
                out.add(
                    i_where,
                    f"'typical_evidence_zh' has {len(it['typical_evidence_zh'])} entries but "
                    f"'typical_evidence' has {len(it['typical_evidence'])}: translate each one",
                )
            auto = it.get("auto")
            if auto is not None and auto not in CHECK_CODES:
                out.add(
                    i_where,
                    f"auto '{auto}' is not a known check code (see desktop/rules/codes.py)",
                )
            items.append(
                Item(
                    ref=ref,
                    text=text,
                    text_zh=text_zh,
                    guidance=guidance,
                    guidance_zh=guidance_zh,
                    typical_evidence=evidence,
                    typical_evidence_zh=evidence_zh,
                    auto=auto if isinstance(auto, str) else None,
                    stage=stage,
                    checklist_id=cid,
                    programmes=i_programmes or s_programmes,
                    formerly=formerly,
                )
            )
        sections.append(Section(sid, s_title, s_title_zh, stage, tuple(items), s_programmes))

    if "section" in top and not any(s.items for s in sections):
        out.add("", "checklist has no items: at least one [[section.item]] is required")

    # A former ref must not be any item's current ref, nor name two items.
    current = {_norm_ref(i.ref): i.ref for s in sections for i in s.items if i.ref}
    former_of: dict[str, str] = {}
    for s in sections:
        for i in s.items:
            for old in i.formerly:
                key = _norm_ref(old)
                where = f'section "{s.id}", item "{i.ref}"'
                if key in current:
                    out.add(where, f"formerly '{old}' is the ref of a current item")
                elif key in former_of and former_of[key] != i.ref:
                    out.add(where, f"formerly '{old}' is also claimed by item '{former_of[key]}'")
                former_of.setdefault(key, i.ref)

    return Checklist(
        id=cid,
        title=title,
        title_zh=title_zh,
        standard=standard,
        version=version,
        order=order,
        applies_to=AppliesTo(types, assurance, criteria_any),
        sections=tuple(sections),
    )


def _programmes(table: dict[str, Any], where: str, out: _Collector) -> tuple[str, ...]:
    """An optional ``programmes`` list: non-blank strings, none repeated, ≥ 1 if given."""
    if "programmes" not in table or not isinstance(table["programmes"], list):
        return ()
    values = _str_list(table, "programmes", where, out)
    if not table["programmes"]:
        out.add(where, "'programmes' must name at least one programme (or be left out)")
    seen: set[str] = set()
    for v in values:
        if v.casefold() in seen:
            out.add(where, f"programme '{v}' is listed twice")
        seen.add(v.casefold())
    return values


def load_checklist(path: str | Path) -> Checklist:
    """Read and validate one checklist file; raise ``ChecklistError`` listing every problem."""
    path = Path(path)
    out = _Collector(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ChecklistError([f"{path}: cannot read file: {exc.strerror or exc}"], path) from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ChecklistError(
            [f"{path}: not UTF-8 text (byte {exc.start}): save the file as UTF-8"], path
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ChecklistError([f"{path}: TOML syntax error: {exc}"], path) from exc
    checklist = _parse(data, path, out)
    if out.problems:
        raise ChecklistError(out.problems, path)
    return checklist


def load_all(folder: str | Path | None = None) -> list[Checklist]:
    """Every ``*.toml`` in ``folder`` (default: ``default_folder()``), sorted by
    ``(order, id)``. Problems of all files are reported together in one ``ChecklistError``."""
    folder = Path(folder) if folder is not None else default_folder()
    if not folder.is_dir():
        raise ChecklistError([f"{folder}: checklist folder not found"], folder)
    checklists: list[Checklist] = []
    problems: list[str] = []
    for path in sorted(folder.glob("*.toml")):
        try:
            checklists.append(load_checklist(path))
        except ChecklistError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ChecklistError(problems, folder)
    return sorted(checklists, key=lambda c: (c.order, c.id))


def applicable(
    checklists: Iterable[Checklist],
    engagement_type: str,
    level_of_assurance: str | None = None,
    criteria: Iterable[str] | None = None,
    programme: str | None = None,
) -> list[Checklist]:
    """The checklists that apply to an engagement, sorted by ``(order, id)``, each holding
    only the items that apply to the engagement's ``programme``.

    A checklist applies when the engagement type is one of ``applies_to.types``; when
    the engagement has a level of assurance and the checklist lists levels, it is one of
    them (no level given matches any); and, if the checklist has ``criteria_any``, one of
    those strings occurs (case-insensitively) in one of the engagement's criteria.
    Inside it, an item (or a section) with ``programmes`` is kept only when ``programme``
    is one of them, case-insensitively; an engagement without a programme gets none of
    those items. A checklist left with no items is not returned.
    """
    criteria = tuple(criteria or ())
    chosen = []
    for c in checklists:
        if not c.applies(engagement_type, level_of_assurance, criteria):
            continue
        kept = c.for_programme(programme)
        if kept.item_count:
            chosen.append(kept)
    return sorted(chosen, key=lambda c: (c.order, c.id))
