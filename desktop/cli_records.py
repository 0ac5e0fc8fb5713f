"""``veridesk finding|misstatement|evidence``: the records the GUI keeps, on the command line.

Every change goes through the engine (:mod:`desktop.findings`, :mod:`desktop.evidence`),
which writes its audit row; errors are the engine's :class:`~desktop.errors.MessageError`
and become one line and exit 2 in :func:`desktop.cli.main`. Engine modules are imported
inside the handlers so that ``veridesk --help`` stays fast.
"""

from __future__ import annotations

import argparse
import json
import unicodedata

from desktop.i18n import MESSAGES, current_language, tr

EXIT_OK = 0


# --- shared helpers ---------------------------------------------------------------------


def _actor(args: argparse.Namespace) -> str:
    from desktop.identity import current_actor

    return (getattr(args, "as_", None) or "").strip() or current_actor()


def _text(value: str | None, option: str) -> str:
    """A required free-text option, stripped; empty text is refused."""
    from desktop.errors import MessageError

    text = (value or "").strip()
    if not text:
        raise MessageError("cli.empty_option", option=option)
    return text


def _number(value: str) -> str:
    """A finding number as typed (``cl-01``) in its stored form (``CL-01``)."""
    return value.strip().upper()


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(header: list[str], rows: list[list[str]]) -> None:
    """Print columns aligned by display width (CJK characters count two)."""
    rows = [[" ".join(c.split()) for c in r] for r in rows]  # one line per row
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, *rows]:
        cells = [c + " " * (w - _width(c)) for c, w in zip(r, widths, strict=True)]
        print("  ".join(cells).rstrip())


def _dump(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _state(state: str) -> str:
    key = f"finding.state.{state}"
    return tr(key) if key in MESSAGES else state


def _write(path: str):
    from desktop.store.db import open_file

    return open_file(path, write=True, integrity=True)


def _read(path: str):
    from desktop.store.db import open_file

    return open_file(path, integrity=True)


# --- findings ---------------------------------------------------------------------------


def _parse_item(value: str) -> tuple[str, str]:
    from desktop.errors import MessageError

    checklist, sep, ref = value.partition(":")
    if not sep or not checklist.strip() or not ref.strip():
        raise MessageError("finding.bad_item", value=value)
    return checklist.strip(), ref.strip()


def _finding_json(f) -> dict:
    return {
        "number": f.number,
        "type": f.type,
        "state": f.state,
        "title": f.title,
        "description": f.description,
        "item": {"checklist": f.checklist_id, "ref": f.ref} if f.checklist_id else None,
        "escalated_from": f.escalated_from,
        "raised_by": f.raised_by,
        "raised_at": f.raised_at,
        "closed_at": f.closed_at,
        "rounds": [
            {
                "n": r.n,
                "client_response": r.client_response,
                "responded_at": r.responded_at,
                "assessment": r.assessment,
                "accepted": r.accepted,
                "assessed_by": r.assessed_by,
                "assessed_at": r.assessed_at,
            }
            for r in f.rounds
        ],
    }


def cmd_finding_raise(args: argparse.Namespace) -> int:
    from desktop import findings
    from desktop.checklist import find_item, item_states

    title = _text(args.title, "--title")
    description = (args.description or "").strip() or None
    checklist_id = ref = None
    with _write(args.file) as eng:
        if args.item:
            wanted = _parse_item(args.item)
            state = find_item(item_states(eng.conn), *wanted)
            checklist_id, ref = state.key
        f = findings.raise_finding(
            eng,
            args.type,
            title,
            description,
            checklist_id=checklist_id,
            ref=ref,
            actor=_actor(args),
        )
    print(f.number)
    return EXIT_OK


def cmd_finding_respond(args: argparse.Namespace) -> int:
    from desktop import findings

    text = _text(args.text, "--text")
    with _write(args.file) as eng:
        f = findings.record_client_response(eng, _number(args.number), text, actor=_actor(args))
    print(tr("records.responded", number=f.number, round=f.rounds[-1].n))
    return EXIT_OK


def cmd_finding_assess(args: argparse.Namespace) -> int:
    from desktop import findings

    text = _text(args.text, "--text")
    with _write(args.file) as eng:
        f = findings.assess(eng, _number(args.number), args.accept, text, actor=_actor(args))
    key = "records.accepted" if args.accept else "records.not_accepted"
    print(tr(key, number=f.number, round=f.rounds[-1].n, state=_state(f.state)))
    return EXIT_OK


def cmd_finding_escalate(args: argparse.Namespace) -> int:
    from desktop import findings

    reason = _text(args.reason, "--reason")
    with _write(args.file) as eng:
        f = findings.escalate(eng, _number(args.number), reason, actor=_actor(args))
    print(f.number)
    print(tr("records.escalated", number=f.escalated_from))
    return EXIT_OK


def cmd_finding_list(args: argparse.Namespace) -> int:
    from desktop import findings

    with _read(args.file) as eng:
        items = findings.list_findings(eng.conn)
    if args.json:
        _dump({"format": "veridesk-findings/1", "findings": [_finding_json(f) for f in items]})
        return EXIT_OK
    if not items:
        print(tr("records.no_findings"))
        return EXIT_OK
    _table(
        tr("records.findings_header").split("|"),
        [
            [
                f.number,
                f.type,
                _state(f.state),
                str(len(f.rounds)),
                f.title,
                f"{f.checklist_id} {f.ref}" if f.checklist_id else "—",
            ]
            for f in items
        ],
    )
    c = findings.counts(items)
    print(
        " · ".join(
            tr("records.count", type=t, open=c[t]["open"], closed=c[t]["closed"])
            for t in findings.TYPES
        )
    )
    return EXIT_OK


# --- misstatements ----------------------------------------------------------------------

def _tco2e(value: str) -> float:
    import math

    from desktop.errors import InputError, Problem

    try:
        number = float(value.strip())  # no thousands commas: "1,5" must not read as 15
    except ValueError:
        raise InputError(Problem("value.not_number", "--tco2e", params={"value": value})) from None
    if not math.isfinite(number):
        raise InputError(Problem("value.not_finite", "--tco2e", params={"value": value}))
    if abs(number) > 1e15:
        raise InputError(Problem("value.out_of_range", "--tco2e", params={"value": value}))
    return number


def cmd_misstatement_add(args: argparse.Namespace) -> int:
    from desktop import findings

    amount = _tco2e(args.tco2e)
    description = _text(args.description, "--description")
    with _write(args.file) as eng:
        m = findings.record_misstatement(
            eng,
            description,
            amount,
            finding=_number(args.finding) if args.finding else None,
            actor=_actor(args),
            source=args.source,
        )
    print(f"#{m.id}")
    print(tr("records.misstatement_added", amount=f"{m.amount_tco2e:+,.4f}"))
    return EXIT_OK


def cmd_misstatement_remove(args: argparse.Namespace) -> int:
    from desktop import findings
    from desktop.errors import MessageError

    raw = args.id.strip().lstrip("#")
    if not raw.isdigit():
        raise MessageError("misstatement.unknown", id=args.id)
    with _write(args.file) as eng:
        findings.remove_misstatement(eng, int(raw), actor=_actor(args))
    print(tr("records.misstatement_removed", id=int(raw)))
    return EXIT_OK


def cmd_misstatement_correct(args: argparse.Namespace) -> int:
    from desktop import findings
    from desktop.errors import MessageError

    raw = args.id.strip().lstrip("#")
    if not raw.isdigit():
        raise MessageError("misstatement.unknown", id=args.id)
    with _write(args.file) as eng:
        m = findings.correct_misstatement(eng, int(raw), args.note, actor=_actor(args))
    print(f"#{m.id}: " + ("已更正，不再計入合計" if current_language() == "zh-TW"
                           else "corrected; no longer counted in the aggregate"))
    return EXIT_OK


def cmd_misstatement_list(args: argparse.Namespace) -> int:
    from desktop import findings

    with _read(args.file) as eng:
        items = findings.list_misstatements(eng.conn)
        numbers = {f.id: f.number for f in findings.list_findings(eng.conn)}
    rows = []
    for m in items:
        rows.append(
            {
                "id": m.id,
                "description": m.description,
                "tco2e": m.amount_tco2e,
                "corrected_at": m.corrected_at,
                "correction": m.correction,
                "finding": numbers.get(m.finding_id),
                "source": m.source,
                "recorded_by": m.recorded_by,
                "recorded_at": m.recorded_at,
            }
        )
    total = sum(abs(m.amount_tco2e) for m in items if m.corrected_at is None)  # uncorrected
    if args.json:
        _dump(
            {
                "format": "veridesk-misstatements/1",
                "misstatements": rows,
                "aggregate_tco2e": total,
            }
        )
        return EXIT_OK
    if not rows:
        print(tr("records.no_misstatements"))
        return EXIT_OK
    _table(
        tr("records.misstatements_header").split("|"),
        [
            [
                f"#{r['id']}",
                f"{r['tco2e']:+,.4f}",
                r["finding"] or "—",
                r["source"] or "—",
                r["description"],
                f"{r['recorded_by']} · {r['recorded_at'][:10]}",
            ]
            for r in rows
        ],
    )
    print(tr("records.aggregate", total=f"{total:,.4f}"))
    return EXIT_OK


# --- evidence ---------------------------------------------------------------------------


def _size(n: int) -> str:
    for unit in ("B", "KiB", "MiB"):
        if n < 1024 or unit == "MiB":
            return f"{n} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1024
    return str(n)  # pragma: no cover


def cmd_evidence_add(args: argparse.Namespace) -> int:
    from desktop.evidence import add_evidence

    with _write(args.file) as eng:
        e = add_evidence(eng, args.path, note=args.note, actor=_actor(args))
    print(e.path)
    print(f"sha256 {e.sha256}  {_size(e.size)}  {e.media_type}")
    return EXIT_OK


def cmd_evidence_list(args: argparse.Namespace) -> int:
    from desktop.evidence import list_evidence

    with _read(args.file) as eng:
        items = list_evidence(eng.conn)
    if args.json:
        _dump(
            {
                "format": "veridesk-evidence/1",
                "evidence": [
                    {
                        "path": e.path,
                        "sha256": e.sha256,
                        "size": e.size,
                        "media_type": e.media_type,
                        "note": e.note,
                    }
                    for e in items
                ],
            }
        )
        return EXIT_OK
    if not items:
        print(tr("records.no_evidence"))
        return EXIT_OK
    _table(
        tr("records.evidence_header").split("|"),
        [
            [e.path, _size(e.size), e.media_type or "—", e.sha256[:16], e.note or ""]
            for e in items
        ],
    )
    return EXIT_OK


# --- parsers ----------------------------------------------------------------------------


def _as(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as", dest="as_", metavar="NAME", help="author recorded in the audit trail")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register ``finding``, ``misstatement`` and ``evidence`` on the main parser."""
    s = sub.add_parser("finding", help="raise, answer, assess and list CL / CAR / FAR")
    fsub = s.add_subparsers(dest="finding_command", required=True, metavar="ACTION")
    a = fsub.add_parser("raise", help="raise a finding; prints its number (CL-01 …)")
    a.add_argument("file", help="engagement file")
    a.add_argument("--type", required=True, type=str.upper, choices=["CL", "CAR", "FAR"])
    a.add_argument("--title", required=True)
    a.add_argument("--item", metavar="CHECKLIST:REF", help="the checklist item it concerns")
    a.add_argument("--description")
    _as(a)
    a.set_defaults(func=cmd_finding_raise)

    a = fsub.add_parser("respond", help="record the client's response (opens a round)")
    a.add_argument("file", help="engagement file")
    a.add_argument("number", help="e.g. CL-01")
    a.add_argument("--text", required=True, help="the client's response")
    _as(a)
    a.set_defaults(func=cmd_finding_respond)

    a = fsub.add_parser("assess", help="accept (closes) or reject the latest response")
    a.add_argument("file", help="engagement file")
    a.add_argument("number", help="e.g. CL-01")
    verdict = a.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--accept", dest="accept", action="store_true")
    verdict.add_argument("--reject", dest="accept", action="store_false")
    a.add_argument("--text", required=True, help="your assessment")
    _as(a)
    a.set_defaults(func=cmd_finding_assess)

    a = fsub.add_parser("escalate", help="escalate a CL to a CAR; prints the CAR's number")
    a.add_argument("file", help="engagement file")
    a.add_argument("number", help="e.g. CL-01")
    a.add_argument("--reason", required=True, help="why a requirement is not met")
    _as(a)
    a.set_defaults(func=cmd_finding_escalate)

    a = fsub.add_parser("list", help="the findings with their rounds")
    a.add_argument("file", help="engagement file")
    a.add_argument("--json", action="store_true", help="print the veridesk-findings/1 object")
    a.set_defaults(func=cmd_finding_list)

    s = sub.add_parser("misstatement", help="record and list misstatements")
    msub = s.add_subparsers(dest="misstatement_command", required=True, metavar="ACTION")
    a = msub.add_parser("add", help="record a misstatement (+ overstated, − understated)")
    a.add_argument("file", help="engagement file")
    a.add_argument("--tco2e", required=True, metavar="X", help="signed amount in tCO2e")
    a.add_argument("--description", required=True)
    a.add_argument("--finding", metavar="NUMBER", help="the finding it belongs to")
    a.add_argument("--source", metavar="ID", help="inventory source, parameter or calc line")
    _as(a)
    a.set_defaults(func=cmd_misstatement_add)

    a = msub.add_parser("remove", help="withdraw a recorded misstatement (audited)")
    a.add_argument("file", help="engagement file")
    a.add_argument("id", help="its number, e.g. #1 or 1")
    _as(a)
    a.set_defaults(func=cmd_misstatement_remove)

    a = msub.add_parser("correct", help="the client corrected it: report it, stop counting it")
    a.add_argument("file", help="engagement file")
    a.add_argument("id", help="its number, e.g. #1 or 1")
    a.add_argument("--note", required=True, help="how it was corrected")
    _as(a)
    a.set_defaults(func=cmd_misstatement_correct)

    a = msub.add_parser("list", help="the recorded misstatements")
    a.add_argument("file", help="engagement file")
    a.add_argument("--json", action="store_true", help="print the veridesk-misstatements/1 object")
    a.set_defaults(func=cmd_misstatement_list)

    s = sub.add_parser("evidence", help="add and list evidence files")
    esub = s.add_subparsers(dest="evidence_command", required=True, metavar="ACTION")
    a = esub.add_parser("add", help="store a file in the engagement as evidence/NAME")
    a.add_argument("file", help="engagement file")
    a.add_argument("path", help="the file to add")
    a.add_argument("--note", help="what the file shows (kept in the audit trail)")
    _as(a)
    a.set_defaults(func=cmd_evidence_add)

    a = esub.add_parser("list", help="the evidence files with their hashes")
    a.add_argument("file", help="engagement file")
    a.add_argument("--json", action="store_true", help="print the veridesk-evidence/1 object")
    a.set_defaults(func=cmd_evidence_list)
