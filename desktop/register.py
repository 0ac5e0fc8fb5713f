"""The verification body's register of issued opinions: every engagement file in a folder."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path

from desktop.csvsafe import csv_escape
from desktop.errors import VeriDeskError
from desktop.fingerprint import fingerprint
from desktop.store.db import SUFFIX, damaged, open_file


@dataclass(frozen=True)
class Entry:
    file: str
    subject_id: str
    title: str
    type: str
    period: str
    state: str
    opinion: str
    attestation: str
    signers: str
    fingerprint: str
    problem: str = ""


def register(folder: str | Path) -> list[Entry]:
    """One entry per ``.veridesk`` file below ``folder`` (unreadable files say why)."""
    out = []
    for path in sorted(Path(folder).rglob(f"*{SUFFIX}")):
        if ".backup-" in path.name:
            continue
        try:
            with open_file(path, integrity=True) as eng:
                c = eng.conn
                sid, title, etype, start, end, state, att = c.execute(
                    "SELECT subject_id, title, engagement_type, period_start, period_end, state,"
                    " attestation FROM engagement").fetchone()
                op = c.execute("SELECT kind FROM opinion").fetchone()
                signers = "; ".join(f"{n} ({r})" for r, n in c.execute(
                    "SELECT role, printed_name FROM signature ORDER BY id"))
                out.append(Entry(str(path), sid, title, etype, f"{start}..{end}", state,
                                 op[0] if op else "", att or "", signers, fingerprint(c)))
        except VeriDeskError as exc:
            out.append(_unreadable(path, str(exc)))
        except sqlite3.DatabaseError as exc:
            out.append(_unreadable(path, str(damaged(path, exc))))
        except OSError as exc:
            out.append(_unreadable(path, f"{path}: {exc.strerror or exc}"))
    return out


def _unreadable(path: Path, problem: str) -> Entry:
    return Entry(str(path), "", "", "", "", "", "", "", "", "", problem)


def as_json(entries: list[Entry]) -> str:
    return json.dumps({"format": "veridesk-register/1",
                       "engagements": [asdict(e) for e in entries]},
                      ensure_ascii=False, indent=2)


def as_csv(entries: list[Entry]) -> str:
    buf = io.StringIO()
    fields = list(Entry.__dataclass_fields__)
    w = csv.writer(buf)
    w.writerow(fields)
    for e in entries:
        w.writerow([csv_escape(getattr(e, f)) for f in fields])
    return buf.getvalue()
