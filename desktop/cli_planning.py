"""``veridesk risk`` and ``veridesk sample``: risk assessment and sampling (design §13).

::

    veridesk risk set FILE --population P --item KEY [KEY …] --inherent L --control L
        --reason TEXT
    veridesk risk list FILE [--json]
    veridesk sample FILE --population inventory|monitoring|evidence [--seed N] [--json]
    veridesk sample result FILE [--plan ID] --row N [N …] (--agreed | --error TCO2E)
        [--note TEXT]
    veridesk sample show FILE [--plan ID] [--json]

Errors are the engine's :class:`~desktop.errors.MessageError`: one line, exit 2.
"""

from __future__ import annotations

import argparse

from desktop.cli_records import EXIT_OK, _actor, _dump, _read, _table, _write
from desktop.i18n import current_language

ACTIONS = ("result", "show")


def _say(en: str, zh: str) -> str:
    return zh if current_language() == "zh-TW" else en


def _int(value: str | None, key: str) -> int:
    from desktop.errors import MessageError

    try:
        return int(str(value).strip())
    except ValueError:
        raise MessageError(key, value=value) from None


def _t(x: float | None) -> str:
    return "—" if x is None else f"{x:,.2f}"


# --- risk -------------------------------------------------------------------------------


def cmd_risk_set(args: argparse.Namespace) -> int:
    from desktop.planning import store

    items = list(dict.fromkeys(str(i).strip() for i in args.item))
    with _write(args.file) as eng:
        store.require_items(eng.conn, args.population, items)  # all before any is written
        done = [
            store.set_risk(
                eng, args.population, item, args.inherent, args.control, args.reason,
                actor=_actor(args),
            )
            for item in items
        ]
    for a in done:
        print(
            _say(
                f"{a.population} {a.item}: inherent {a.inherent}, control {a.control} → "
                f"risk {a.combined}",
                f"{a.population} {a.item}：固有風險 {_LEVEL_ZH[a.inherent]}、控制風險 "
                f"{_LEVEL_ZH[a.control]} → 風險 {_LEVEL_ZH[a.combined]}",
            )
        )
    return EXIT_OK


_LEVEL_ZH = {"high": "高", "medium": "中", "low": "低"}
_POP_ZH = {"inventory": "排放源清冊", "monitoring": "監測數據", "evidence": "佐證文件"}


def _level(value: str) -> str:
    return _say(value, _LEVEL_ZH.get(value, value))


def _pop(value: str) -> str:
    return _say(value, _POP_ZH.get(value, value))


def cmd_risk_list(args: argparse.Namespace) -> int:
    from desktop.planning import store

    with _read(args.file) as eng:
        items = store.list_risks(eng.conn)
        missing = store.unassessed(eng.conn)
    rows = [
        {
            "population": a.population,
            "item": a.item,
            "inherent": a.inherent,
            "control": a.control,
            "combined": a.combined,
            "reason": a.reason,
            "author": a.author,
            "at": a.at,
        }
        for a in items
    ]
    if args.json:
        _dump({"format": "veridesk-risk/1", "assessments": rows, "unassessed": missing})
        return EXIT_OK
    if not rows:
        print(_say("No risk assessed yet.", "尚未評估任何風險。"))
    else:
        _list_table(rows)
    if missing:
        for pop, names in missing.items():
            print(
                _say(
                    f"Significant {pop} items not yet assessed: {', '.join(names)}",
                    f"尚未評估風險之重要{_pop(pop)}項目：{'、'.join(names)}",
                )
            )
    return EXIT_OK


def _list_table(rows: list[dict]) -> None:
    header = _say(
        "population|item|inherent|control|risk|reason", "母體|項目|固有風險|控制風險|風險|理由"
    ).split("|")
    _table(
        header,
        [
            [_pop(r["population"]), r["item"], _level(r["inherent"]), _level(r["control"]),
             _level(r["combined"]), r["reason"]]
            for r in rows
        ],
    )


# --- sample -----------------------------------------------------------------------------


def _form_error(problem: str):
    from desktop.errors import MessageError

    return MessageError("planning.cli_form", problem=problem)


def cmd_sample(args: argparse.Namespace) -> int:
    """``sample FILE …`` draws; ``sample result FILE …`` and ``sample show FILE …``."""
    words = args.words
    action = words[0] if words[0] in ACTIONS and len(words) > 1 else "draw"
    rest = words[1:] if action != "draw" else words
    if len(rest) != 1:
        raise _form_error(
            _say(
                f"unexpected {' '.join(rest[1:]) or 'arguments'}",
                f"多餘的參數 {' '.join(rest[1:])}",
            )
        )
    args.file = rest[0]
    allowed = {
        "draw": {"population", "seed", "json", "as_"},
        "result": {"plan", "row", "agreed", "error", "note", "as_"},
        "show": {"plan", "json"},
    }[action]
    given = {
        k
        for k in ("population", "seed", "json", "plan", "row", "agreed", "error", "note", "as_")
        if getattr(args, k) not in (None, False)
    }
    extra = sorted(given - allowed)
    if extra:
        opts = ", ".join("--" + k.rstrip("_").replace("_", "-") for k in extra)
        raise _form_error(_say(f"{opts} not allowed here", f"此處不可用 {opts}"))
    return {"draw": _draw, "result": _result, "show": _show}[action](args)


def _draw(args: argparse.Namespace) -> int:
    from desktop.planning import store

    if not args.population:
        raise _form_error(_say("--population is required", "必須指定 --population"))
    seed = None if args.seed is None else _int(args.seed, "planning.bad_seed")
    with _write(args.file) as eng:
        p = store.draw_sample(eng, args.population, seed, actor=_actor(args))
    if args.json:
        _dump({**p.plan, "plan_id": p.id})
        return EXIT_OK
    _print_plan(p)
    return EXIT_OK


def _print_plan(p) -> None:
    pl = p.plan
    unit = pl["unit"]
    size = pl["population_size"]
    total = pl["population_tco2e"]
    print(
        _say(
            f"Sample plan {p.id} ({pl['population']}, {pl['method']}, seed {pl['seed']})",
            f"抽樣計畫 {p.id}（{pl['population']}，{pl['method']}，種子 {pl['seed']}）",
        )
    )
    print(
        _say(
            f"  population: {size} items" + (f", {_t(total)} tCO2e" if total else ""),
            f"  母體：{size} 項" + (f"，{_t(total)} tCO2e" if total else ""),
        )
    )
    print(
        _say(
            f"  performance materiality: {_t(pl['performance_materiality_tco2e'])} tCO2e "
            f"({pl['performance_materiality_pct']:g} % of {_t(pl['materiality_tco2e'])})",
            f"  執行重大性：{_t(pl['performance_materiality_tco2e'])} tCO2e"
            f"（重大性 {_t(pl['materiality_tco2e'])} 的 {pl['performance_materiality_pct']:g} %）",
        )
    )
    print(
        _say(
            f"  key items tested in full: {len(pl['key_items'])}",
            f"  全數測試之關鍵項目：{len(pl['key_items'])}",
        )
    )
    for s in pl["strata"]:
        interval = "" if s["interval"] is None else f", SI {_t(s['interval'])} {unit}"
        print(
            _say(
                f"  stratum {s['name']}: risk {s['risk']}, {s['confidence_pct']:g} % "
                f"(CF {s['confidence_factor']:.2f}), {s['items']} items, "
                f"sample {s['sample_size']}{interval}",
                f"  分層 {s['name']}：風險 {s['risk']}，信賴 {s['confidence_pct']:g} %"
                f"（CF {s['confidence_factor']:.2f}），{s['items']} 項，"
                f"樣本 {s['sample_size']}{interval}",
            )
        )
    print(
        _say(
            f"  rows to test: {', '.join(map(str, pl['row_nos'])) or '—'}",
            f"  待測試列：{', '.join(map(str, pl['row_nos'])) or '—'}",
        )
    )
    if pl.get("note"):
        print("  " + _say(pl["note"], pl.get("note_zh") or pl["note"]))


def _result(args: argparse.Namespace) -> int:
    from desktop.planning import store

    if not args.row or (not args.agreed and args.error is None):
        raise _form_error(
            _say(
                "--row and --agreed or --error are required",
                "必須指定 --row 及 --agreed 或 --error",
            )
        )
    if args.agreed and args.error is not None:
        raise _form_error(_say("--agreed or --error, not both", "--agreed 與 --error 僅能擇一"))
    error = None
    if args.error is not None:
        from desktop.errors import MessageError

        try:
            error = float(args.error.replace(",", ""))
        except ValueError:
            raise MessageError("value.not_number", value=args.error) from None
    from desktop.errors import MessageError

    rows = list(dict.fromkeys(_int(r, "value.not_integer") for r in args.row))
    if error is not None and len(rows) > 1:
        raise _form_error(_say("--error takes one --row", "--error 僅能對應一列 --row"))
    with _write(args.file) as eng:
        plan = store.get_plan(
            eng.conn, None if args.plan is None else _int(args.plan, "value.not_integer")
        )
        for row in rows:  # every row is checked before any result is written
            if row not in plan.plan["row_nos"]:
                raise MessageError("planning.row_not_selected", row=row, id=plan.id)
        done = [
            store.record_result(eng, plan.id, row, error, args.note, actor=_actor(args))
            for row in rows
        ]
    for row, r in zip(rows, done, strict=True):
        if r.outcome == "agreed":
            print(_say(f"plan {plan.id} row {row}: agreed", f"計畫 {plan.id} 第 {row} 列：相符"))
        else:
            print(
                _say(
                    f"plan {plan.id} row {row}: error {r.error_tco2e:+,.4f} tCO2e",
                    f"計畫 {plan.id} 第 {row} 列：誤差 {r.error_tco2e:+,.4f} tCO2e",
                )
            )
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    from desktop.planning import store

    plan_id = None if args.plan is None else _int(args.plan, "value.not_integer")
    with _read(args.file) as eng:
        p = store.get_plan(eng.conn, plan_id)
        results = store.list_results(eng.conn, p.id)
        ev = store.evaluation(eng.conn, p)
    if args.json:
        _dump(
            {
                **p.plan,
                "plan_id": p.id,
                "created_by": p.created_by,
                "created_at": p.created_at,
                "results": [
                    {
                        "row_no": r.row_no,
                        "outcome": r.outcome,
                        "error_tco2e": r.error_tco2e,
                        "note": r.note,
                        "author": r.author,
                        "at": r.at,
                    }
                    for r in results
                ],
                "evaluation": ev.as_json(),
                "proposed_source": f"sample:{p.id}",
            }
        )
        return EXIT_OK
    _print_plan(p)
    by_row = {r.row_no: r for r in results}
    for d in p.plan["key_items"] + p.plan["sampled"]:
        r = by_row.get(d["row_no"])
        got = (
            _say("not tested", "未測試")
            if r is None
            else _say("agreed", "相符")
            if r.outcome == "agreed"
            else f"{r.error_tco2e:+,.4f}"
        )
        print(f"    {d['row_no']:>8}  {d['label']:<24} {_t(d['amount']):>12}  {got}")
    print(
        _say(
            f"  tested {ev.tested} of {ev.selected}, errors {ev.errors}; projected "
            f"misstatement {_t(ev.projected_tco2e)} tCO2e, upper limit "
            f"{_t(ev.upper_limit_tco2e)}, performance materiality "
            f"{_t(ev.performance_materiality_tco2e)}",
            f"  已測 {ev.tested}／{ev.selected}，誤差 {ev.errors} 項；推估不實陳述 "
            f"{_t(ev.projected_tco2e)} tCO2e，上限 {_t(ev.upper_limit_tco2e)}，執行重大性 "
            f"{_t(ev.performance_materiality_tco2e)}",
        )
    )
    if ev.projected_tco2e:
        print(
            _say(
                f"  proposed misstatement: veridesk misstatement add FILE --source "
                f"sample:{p.id} --tco2e {ev.projected_tco2e:.4f} --description …",
                f"  建議記錄不實陳述：veridesk misstatement add FILE --source sample:{p.id} "
                f"--tco2e {ev.projected_tco2e:.4f} --description …",
            )
        )
    return EXIT_OK


# --- parsers ----------------------------------------------------------------------------


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register ``risk`` and ``sample`` on the main parser."""
    s = sub.add_parser("risk", help="assess inherent and control risk per source or parameter")
    rsub = s.add_subparsers(dest="risk_command", required=True, metavar="ACTION")
    a = rsub.add_parser("set", help="record (or revise) one item's risk with the reason")
    a.add_argument("file", help="engagement file")
    a.add_argument("--population", required=True, choices=["inventory", "monitoring", "evidence"])
    a.add_argument(
        "--item", required=True, nargs="+", help="source ids, parameters or evidence paths"
    )
    a.add_argument("--inherent", required=True, type=str.lower, choices=["high", "medium", "low"])
    a.add_argument("--control", required=True, type=str.lower, choices=["high", "medium", "low"])
    a.add_argument("--reason", required=True)
    a.add_argument("--as", dest="as_", metavar="NAME", help="author recorded in the audit trail")
    a.set_defaults(func=cmd_risk_set)
    a = rsub.add_parser("list", help="the risk assessments")
    a.add_argument("file", help="engagement file")
    a.add_argument("--json", action="store_true", help="print the veridesk-risk/1 object")
    a.set_defaults(func=cmd_risk_list)

    s = sub.add_parser(
        "sample",
        help="draw a reproducible sample; record and show its results",
        usage="veridesk sample FILE --population P [--seed N] [--json]\n"
        "       veridesk sample result FILE --plan ID --row N (--agreed | --error TCO2E) "
        "[--note TEXT]\n"
        "       veridesk sample show FILE [--plan ID] [--json]",
    )
    s.add_argument("words", nargs="+", metavar="FILE | result FILE | show FILE")
    s.add_argument("--population", choices=["inventory", "monitoring", "evidence"])
    s.add_argument("--seed", metavar="N", help="random seed (the same seed, the same sample)")
    s.add_argument("--json", action="store_true", help="print the veridesk-sample/1 object")
    s.add_argument("--plan", metavar="ID", help="sample plan number (default: the latest)")
    s.add_argument("--row", metavar="N", nargs="+", help="the selected rows' numbers")
    s.add_argument("--agreed", action="store_true", help="the row agreed with the evidence")
    s.add_argument("--error", metavar="TCO2E", help="the error found (+ overstated)")
    s.add_argument("--note", help="what was tested and found")
    s.add_argument("--as", dest="as_", metavar="NAME", help="author recorded in the audit trail")
    s.set_defaults(func=cmd_sample)
