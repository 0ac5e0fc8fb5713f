"""``veridesk registry add|list``: registry exports the verifier downloads (design §12).

``registry add FILE EXPORT`` reads the export first (an unrecognised or damaged file is
refused with its name, row and column, exit 2, nothing written), then stores it as
``registry/NAME`` with its SHA-256 and its records in one audited change; a signed
engagement refuses it. ``registry list FILE [--json]`` shows each stored export and, per
claimed block, what the registry says about it (from the stored records: fast however
long the export).
"""

from __future__ import annotations

import argparse

from desktop.cli_records import EXIT_OK, _actor, _dump, _read, _table, _write
from desktop.i18n import current_language, tr


def cmd_registry_add(args: argparse.Namespace) -> int:
    from desktop.registry.store import add_export

    with _write(args.file) as eng:
        name, digest, export = add_export(eng, args.export, actor=_actor(args))
    print(tr("registry.added", path=name, registry=export.registry, rows=export.rows,
             sha256=digest))
    return EXIT_OK


def block_statuses(conn) -> list[dict[str, object]]:
    """Per claimed block: its serial, quantity, registry status and covering records."""
    from desktop.engagement import load_context
    from desktop.rules.prepared import Prepared
    from desktop.rules.registry import registry_match

    p = Prepared(load_context(conn))
    m = registry_match(p)
    if m is None:
        return []
    out = []
    for i, label in enumerate(m.table.label.tolist()):
        cover = m.covering(i)
        out.append({
            "serial": label,
            "status": str(m.status[i]),
            "matched_units": int(m.good[i]),
            "flags": [k for k, v in m.flags.items() if v[i]],
            "records": [
                {"export": r.export, "row": int(r.row_no), "serial": r.serial,
                 "status": r.status, "date": r.status_date, "beneficiary": r.beneficiary,
                 "units": int(r.overlap)}
                for r in cover.itertuples(index=False)
            ],
        })
    return out


def cmd_registry_list(args: argparse.Namespace) -> int:
    from desktop.registry.store import stored_exports
    from desktop.rules.registry import STATUS_TEXT

    with _read(args.file) as eng:
        exports = stored_exports(eng.conn)  # as stored: no export is read again
        blocks = block_statuses(eng.conn)
    if args.json:
        _dump({
            "format": "veridesk-registry/1",
            "exports": [{"path": e.path, "registry": e.registry, "records": e.records,
                         "header_row": e.header_row, "sha256": e.sha256}
                        for e in exports],
            "blocks": blocks,
        })
        return EXIT_OK
    zh = current_language() == "zh-TW"
    if not exports:
        print("（案件檔中沒有登錄處匯出檔）" if zh else "(no registry export in this engagement)")
        return EXIT_OK
    _table(["匯出檔", "登錄處", "筆數", "SHA-256"] if zh else
           ["export", "registry", "records", "SHA-256"],
           [[e.path, e.registry, str(e.records), e.sha256[:16]] for e in exports])
    print()
    _table(["序號", "登錄處狀態", "相符數量"] if zh else ["serial", "registry status", "matched"],
           [[b["serial"], STATUS_TEXT[b["status"]][1 if zh else 0], f"{b['matched_units']:,}"]
            for b in blocks])
    return EXIT_OK


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register ``registry`` on the main parser."""
    s = sub.add_parser("registry", help="add and list registry exports (Verra, GS, ACR, CAR, TW)")
    rsub = s.add_subparsers(dest="registry_command", required=True, metavar="ACTION")
    a = rsub.add_parser("add", help="store a registry export (CSV/XLSX as downloaded)")
    a.add_argument("file", help="engagement file")
    a.add_argument("export", help="the export file")
    a.add_argument("--as", dest="as_", metavar="NAME", help="author recorded in the audit trail")
    a.set_defaults(func=cmd_registry_add)
    a = rsub.add_parser("list", help="the stored exports and each claimed block's status")
    a.add_argument("file", help="engagement file")
    a.add_argument("--json", action="store_true", help="print the veridesk-registry/1 object")
    a.set_defaults(func=cmd_registry_list)
