"""``claim.declaration_date`` and ``subject.kind``: from the manifest to the retirement check
(PAS 2060:2014 §9.1.2(e) counts 12 months from the declaration of achievement)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from desktop.dossier.importer import import_dossier
from desktop.dossier.manifest import parse_manifest
from desktop.engagement import check, load_context
from desktop.errors import InputError
from desktop.store.db import open_file


def _manifest(**claim_or_subject) -> dict:
    data = {
        "format": "veridesk-dossier/1",
        "engagement": {"type": "carbon-neutrality", "criteria": ["PAS 2060:2014"], "client": "C"},
        "subject": {"id": "S", "title": "T"},
        "period": {"start": date(2024, 1, 1), "end": date(2024, 12, 31)},
        "claim": {},
    }
    for key, value in claim_or_subject.items():
        section, name = key.split("__")
        data[section][name] = value
    return data


def test_manifest_reads_the_declaration_date_and_the_subject_kind() -> None:
    m = parse_manifest(_manifest(claim__declaration_date=date(2025, 3, 31), subject__kind="Event"))
    assert (m.declaration_date, m.subject_kind) == (date(2025, 3, 31), "event")
    m = parse_manifest(_manifest(claim__declaration_date="2025-03-31"))
    assert (m.declaration_date, m.subject_kind) == (date(2025, 3, 31), None)
    assert parse_manifest(_manifest()).declaration_date is None


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("claim__declaration_date", "31/03/2025", "manifest.type"),
        ("claim__declaration_date", 20250331, "manifest.type"),
        ("subject__kind", "country", "manifest.choice"),  # PAS 2060 §5 lists no countries
    ],
)
def test_bad_values_are_refused(key, value, problem) -> None:
    with pytest.raises(InputError) as err:
        parse_manifest(_manifest(**{key: value}))
    assert [p.key for p in err.value.problems] == [problem]


def _edit(folder, old: str, new: str) -> None:
    path = folder / "dossier.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_load_context_reads_them_from_the_stored_manifest(dossier_copy, tmp_path) -> None:
    folder = dossier_copy("neutral-steel")
    _edit(folder, 'country = "TW"', 'country = "TW"\nkind = "product"')
    out = tmp_path / "e.veridesk"
    import_dossier(folder, out)
    with open_file(out) as eng:
        ctx = load_context(eng.conn)
        stored = json.loads(eng.conn.execute("SELECT manifest FROM engagement").fetchone()[0])
    assert stored["claim"]["declaration_date"] == "2025-03-31"
    assert (ctx.declaration_date, ctx.subject_kind) == (date(2025, 3, 31), "product")
    assert "PAS 2060:2014" in ctx.criteria


def _retirement(path):
    _subject, results = check(path)
    return next(r for r in results if r.code == "credits.retirement")


def test_without_a_declaration_date_the_check_warns(dossier_copy) -> None:
    folder = dossier_copy("neutral-steel")
    _edit(folder, "declaration_date = 2025-03-31\n", "")
    r = _retirement(folder)
    assert r.status == "warn"
    assert "declaration date missing; the period end is used" in r.message


def test_the_declaration_moves_the_pas_deadline(dossier_copy) -> None:
    folder = dossier_copy("neutral-steel")
    # an earlier declaration date: PAS 2060's window closes before ISO 14068-1's
    _edit(folder, "declaration_date = 2025-03-31", "declaration_date = 2024-03-01")
    r = _retirement(folder)
    assert (r.status, r.figures["deadline"], r.figures["late"]) == ("fail", "2025-03-01", 2)
    # an event is exempt from PAS 2060's window; ISO 14068-1's still applies
    _edit(folder, 'country = "TW"', 'country = "TW"\nkind = "event"')
    r = _retirement(folder)
    assert (r.status, r.figures["deadline"], r.figures["basis"]) == (
        "pass",
        "2025-12-31",
        "period end",
    )
