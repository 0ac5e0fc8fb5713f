"""The ``veridesk`` command. Exit codes: 0 ok, 1 checks or verification failed, 2 unusable
input. Qt is imported only by ``gui`` and ``demo``."""

from __future__ import annotations

import argparse
import contextlib
import shutil
import signal
import sqlite3
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

from desktop import __version__
from desktop.errors import Cancelled, InputError, VeriDeskError
from desktop.i18n import current_language, set_language, tr

EXIT_OK, EXIT_FAILED, EXIT_UNUSABLE = 0, 1, 2


def _print_err(text: str) -> None:
    print(text, file=sys.stderr)


def _progress_printer() -> Callable[[str, float], None] | None:
    if not sys.stderr.isatty():
        return None
    last = [-1]

    def show(phase: str, fraction: float) -> None:
        phase = phase.partition(":")[0]  # "tables:BYTES" -> "tables"
        pct = int(fraction * 100)
        if pct != last[0]:
            last[0] = pct
            print(f"\r{phase:<10} {pct:3d} %", end="", file=sys.stderr, flush=True)
            if fraction >= 1:
                print(file=sys.stderr)

    return show


def cmd_import(args: argparse.Namespace) -> int:
    from desktop.dossier.importer import import_dossier
    from desktop.identity import current_actor

    _refuse_existing(Path(args.output), args.force, engagement=True)
    report = import_dossier(
        args.dossier,
        args.output,
        force=args.force,
        actor=args.as_ or current_actor(),
        progress=_progress_printer(),
    )
    for warning in report.warnings:
        _print_err(tr("import.warning", message=warning.message()))
    if report.replaced_backup:
        _print_err(tr("import.replaced", path=report.path, backup=report.replaced_backup))
    counts = ", ".join(f"{name} {n:,}" for name, n in report.counts.items()) or "—"
    print(
        tr(
            "import.done",
            subject=report.manifest.subject_id,
            path=report.path,
            counts=counts,
            evidence=report.evidence,
        )
    )
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop import paths
    from desktop.dossier.importer import import_dossier
    from desktop.identity import current_actor

    data = paths.user_data_dir()
    data.mkdir(parents=True, exist_ok=True)
    src = paths.demo_dossier()
    dossier = data / "demo" / src.name
    engagement = data / f"{src.name}.veridesk"
    if args.reset or not engagement.exists():
        if dossier.exists():
            shutil.rmtree(dossier)
        for suffix in ("", "-wal", "-shm"):  # --reset discards the demo, signed or not
            Path(f"{engagement}{suffix}").unlink(missing_ok=True)
        shutil.copytree(src, dossier, ignore=shutil.ignore_patterns("make_demo.py", "__pycache__"))
        import_dossier(dossier, engagement, force=True, actor=current_actor())
    print(engagement)
    if args.no_gui:
        return EXIT_OK
    return _run_gui(engagement)


def _run_gui(path: Path | None) -> int:
    try:
        from desktop.ui.app import run  # type: ignore[import-not-found]
    except ImportError:
        _print_err(
            "The desktop window is not part of this build yet; the engagement file is ready "
            "for the command line."
            if current_language() == "en"
            else "此版本尚未包含桌面視窗；案件檔已可用於命令列。"
        )
        return EXIT_OK
    return run(path)


def cmd_gui(args: argparse.Namespace) -> int:
    return _run_gui(Path(args.file) if args.file else None)


def cmd_verify(args: argparse.Namespace) -> int:
    from desktop.signing import verify_engagement
    from desktop.store.db import open_file

    if Path(args.file).suffix.lower() == ".pdf":
        return _verify_pdf(args)
    zh = current_language() == "zh-TW"
    with open_file(args.file, integrity=True) as eng:
        v = verify_engagement(eng.conn)
    print(("SQLite 完整性：" if zh else "SQLite integrity: ") + v.integrity)
    print(f"稽核軌跡：{v.audit_rows} 筆" if zh else f"audit trail: {v.audit_rows} rows")
    print(("指紋：" if zh else "fingerprint: ") + str(v.fingerprint))
    for s in v.signatures:
        print(
            ("簽署：" if zh else "signed: ")
            + f"{s.printed_name} ({s.role}, “{s.meaning}”, {s.signed_at})"
        )
    for problem in v.problems:
        print(("✘ " if not zh else "✘ 問題：") + problem)
    if v.ok:
        print("✔ 驗證通過" if zh else "✔ verified")
    return EXIT_OK if v.ok else EXIT_FAILED


def _verify_pdf(args: argparse.Namespace) -> int:
    from desktop.fingerprint import fingerprint
    from desktop.report.pades import extract_fingerprint, verify_pdf
    from desktop.signing import signatures
    from desktop.store.db import open_file

    zh = current_language() == "zh-TW"
    data = _input_file(args.file).read_bytes()
    report = verify_pdf(data)
    # Trust in the certificate is reported, not required: verifiers' own certificates
    # are usually self-signed. Integrity and coverage are required.
    problems = [p for p in report.problems if "not trusted" not in p]
    from desktop.report.pdfinfo import is_draft

    if is_draft(data):  # a draft is never an opinion, however it is signed
        problems.append("此 PDF 為草稿：案件尚未經所有必要簽署人簽署，不構成意見" if zh else
                        "the PDF is a draft: the engagement was not signed by everyone "
                        "required when it was made, so it is not an opinion")
    if not report.signed:
        problems.append("未簽章" if zh else "the PDF is not signed")
    else:
        for sig in report.signatures:
            print(("簽章者：" if zh else "signed by: ") + _pdf_signature_line(sig, zh))
        if not report.intact:
            problems.append("簽章後內容遭變更" if zh else "the PDF was changed after signing")
        if not report.covers_whole_file:
            problems.append("簽章未涵蓋整份檔案" if zh else
                            "the signature does not cover the whole file")
        if not report.later_revisions_ok:
            problems.append("簽章後的版本變更了內容（不只加入簽章）" if zh else
                            "a revision after a signature changed the content "
                            "(it did not only add signatures)")
        if report.ok:
            n = report.signature_count
            print(("✔ 簽章完整且涵蓋整份檔案" if zh else
                   "✔ signature intact and covering the whole file") if n == 1 else
                  (f"✔ {n} 個簽章皆完整，最後一個涵蓋整份檔案，其後版本僅加入簽章" if zh else
                   f"✔ all {n} signatures intact, the last covering the whole file and the "
                   "later revisions adding signatures only"))
        if not all(sig.trusted for sig in report.signatures):
            print("（憑證未經受信任的憑證機構簽發，例如自簽憑證）" if zh else
                  "(the certificate is not from a trusted authority, e.g. self-signed)")
    pdf_fp = report.fingerprint or extract_fingerprint(data)
    print(("PDF 指紋：" if zh else "PDF fingerprint: ") + str(pdf_fp))
    if args.engagement:
        from desktop import records
        from desktop.signing import required_roles, verify_engagement

        with open_file(args.engagement, integrity=True) as eng:
            fp = fingerprint(eng.conn)
            signers = {s.cert_sha256: s for s in signatures(eng.conn)}
            state = records.state(eng.conn)
            missing = [r for r in required_roles(eng.conn)
                       if r not in {s.role for s in signers.values()}]
            checked = verify_engagement(eng.conn)
        # a signed opinion stands only on a signed engagement that itself verifies
        if state != "signed" or missing:
            problems.append(
                ("案件檔尚未完成簽署（缺少：" + "、".join(missing) + "）") if zh else
                "the engagement file is not signed by "
                + " and ".join(missing or ["everyone required"])
                + " (an unsigned or older copy?)"
            )
        for problem in checked.problems:
            problems.append(("案件檔：" if zh else "engagement file: ") + problem)
        for sig in report.signatures:  # every PDF signer must have signed the engagement
            if sig.signer_cert_sha256 not in signers:
                who = sig.signer_subject or sig.field_name
                problems.append(f"PDF 簽章者不是案件簽署人：{who}" if zh else
                                f"the PDF's signer did not sign the engagement: {who}")
        if fp != pdf_fp:
            problems.append(("指紋與案件檔不符：" if zh else
                             "the fingerprint does not match the engagement file: ") + fp)
        else:
            print("✔ 指紋與案件檔相符" if zh else "✔ fingerprint matches the engagement file")
        for sig in report.signatures:  # (those that did not are among the problems)
            signer = signers.get(sig.signer_cert_sha256 or "")
            if signer:
                print(f"✔ PDF 簽章者即案件簽署人：{signer.printed_name}（{signer.role}）" if zh
                      else f"✔ the PDF's signer signed the engagement: {signer.printed_name} "
                      f"({signer.role})")
    for p in dict.fromkeys(problems):
        print("✘ " + p)
    if not problems:
        print("✔ 驗證通過" if zh else "✔ verified")
    return EXIT_FAILED if problems else EXIT_OK


def _pdf_signature_line(s, zh: bool) -> str:
    """``NAME (certificate SHA-256 prefix) — state``: one PDF signature, for ``verify``."""
    cert = f"SHA-256 {s.signer_cert_sha256[:16]}…" if s.signer_cert_sha256 else "?"
    head = f"{s.signer_subject or s.field_name}（{cert}）" if zh else \
        f"{s.signer_subject or s.field_name} ({cert})"
    if not s.intact:
        state = ("已損毀：" if zh else "BROKEN: ") + "; ".join(
            p.split(": ", 1)[-1] for p in s.problems if "not trusted" not in p)
    elif s.later_changes == "none":
        state = "完整，涵蓋整份檔案" if zh else "intact, covers the whole file"
    elif s.later_changes == "signatures":
        state = (f"完整，涵蓋第 {s.revision} 版（共 {s.revisions} 版），其後版本僅加入簽章" if zh
                 else f"intact, covers revision {s.revision} of {s.revisions}, later revisions "
                 "add signatures only")
    else:
        state = (f"完整，涵蓋第 {s.revision} 版（共 {s.revisions} 版），但其後內容遭變更" if zh
                 else f"intact, covers revision {s.revision} of {s.revisions}, but content was "
                 "changed after it")
    return f"{head} — {state}"


_STATUS_MARK = {"pass": "✔", "fail": "✘", "warn": "⚠", "n/a": "·"}
_STATUS_ZH = {"pass": "通過", "fail": "未過", "warn": "警告", "n/a": "不適用"}


def cmd_check(args: argparse.Namespace) -> int:
    import json

    from desktop.engagement import check_with_warnings
    from desktop.rules import has_failures

    subject, results, warnings = check_with_warnings(args.path, integrity=True)
    lang = current_language()
    if args.json:
        report = {
            "format": "veridesk-check/1",
            "subject": subject.as_json(),
            "checks": [r.to_json(lang) for r in results],
            "warnings": [w.message(lang) for w in warnings],
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for warning in warnings:
            _print_err(tr("import.warning", message=warning.message(lang)))
        title = subject.title_zh if lang == "zh-TW" and subject.title_zh else subject.title
        print(f"{subject.id} · {title} · {subject.type}")
        width = max(len(r.code) for r in results)
        label = (lambda s: _STATUS_ZH[s]) if lang == "zh-TW" else (lambda s: s)
        for r in results:
            mark = _STATUS_MARK.get(r.status, "?")
            print(f"{mark} {label(r.status):<4}  {r.code:<{width}}  {r.message_in(lang)}")
        counts = {s: sum(r.status == s for r in results) for s in _STATUS_MARK}
        print("  ".join(f"{label(s)} {n}" for s, n in counts.items() if n))
    return EXIT_FAILED if has_failures(results) else EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    import json

    from desktop.checklist import stage_label
    from desktop.engagement import run_engagement_checks, subject
    from desktop.signoff import status
    from desktop.store.db import open_file

    lang = current_language()
    zh = lang == "zh-TW"
    with open_file(args.file, integrity=True) as eng:
        st = status(eng.conn, run_engagement_checks(eng.conn))
        subj = subject(eng.conn)
    data = st.as_json(lang)
    state = _state_of(args.file)
    data["state"] = state  # draft, review (the lead has signed) or signed
    code = EXIT_OK if data["ready_to_sign"] or state in ("review", "signed") else EXIT_FAILED
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return code
    title = subj.title_zh if zh and subj.title_zh else subj.title
    print(f"{subj.id} · {title}")
    stage = stage_label(data["stage"], lang) if data["stage"] else ("全部完成" if zh else "done")
    print(("階段：" if zh else "Stage: ") + stage)
    width = max((_display_width(c["title"]) for c in data["checklists"]), default=10)
    for c in data["checklists"]:
        done = c["answered"] / c["items"] if c["items"] else 1
        bar = "█" * round(done * 20) + "░" * (20 - round(done * 20))
        pre = (
            f"  ({c['prefilled']} " + ("預填" if zh else "pre-filled") + ")"
            if c["prefilled"]
            else ""
        )
        pad = " " * (width - _display_width(c["title"]))
        print(f"  {c['title']}{pad}  {bar} {c['answered']:>3}/{c['items']:<3}{pre}")
    f = data["findings"]
    print(
        ("發現事項：" if zh else "Findings: ")
        + " · ".join(
            f"{t} {f[t]['open']} "
            + ("未結" if zh else "open")
            + f" / {f[t]['closed']} "
            + ("已結" if zh else "closed")
            for t in ("CL", "CAR", "FAR")
        )
    )
    print("簽署前檢核：" if zh else "Sign-off gate:")
    for g in data["gate"]:
        print(f"  {'✔' if g['ok'] else '✘'} {g['rule']}: {g['detail']}")
    ready = data["ready_to_sign"]
    if state == "signed":
        print("已簽署並鎖定" if zh else "signed and locked")
    elif state == "review":
        print("主導查證員已簽署，待審查員簽署" if zh
              else "signed by the lead verifier; awaits the reviewer")
    else:
        print(
            ("可簽署" if ready else "尚不可簽署")
            if zh
            else ("ready to sign" if ready else "not ready to sign")
        )
    return code


def _state_of(path: str) -> str:
    from desktop import records
    from desktop.store.db import open_file

    with open_file(path) as eng:
        return records.state(eng.conn)


def _display_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def cmd_checklist_export(args: argparse.Namespace) -> int:
    from desktop.answersheet import export_sheet
    from desktop.engagement import run_engagement_checks
    from desktop.store.db import open_file

    out = Path(args.output)
    _refuse_existing(out, args.force)
    with open_file(args.file, integrity=True) as eng:
        n = export_sheet(eng, out, run_engagement_checks(eng.conn))
    print(f"{out}: {n} " + ("個項目" if current_language() == "zh-TW" else "items"))
    return EXIT_OK


def cmd_checklist_import(args: argparse.Namespace) -> int:
    from desktop.answersheet import import_sheet
    from desktop.engagement import run_engagement_checks
    from desktop.identity import current_actor
    from desktop.store.db import open_file

    sheet = _input_file(args.sheet)
    with open_file(args.file, write=True, integrity=True) as eng:
        n = import_sheet(
            eng,
            sheet,
            run_engagement_checks(eng.conn),
            author=args.as_ or current_actor(),
        )
    print(
        f"{args.sheet}: {n} "
        + ("個回答已合併" if current_language() == "zh-TW" else "answers merged")
    )
    return EXIT_OK


def _input_file(path: str | Path) -> Path:
    """``path`` as an existing file to read, or a one-line error."""
    from desktop.errors import MessageError

    p = Path(path)
    if p.is_dir():
        raise MessageError("path.is_folder", path=str(p))
    if not p.is_file():
        raise MessageError("path.not_found", path=str(p))
    return p


def _refuse_existing(path: Path, force: bool, *, engagement: bool = False) -> None:
    """Check an output path before any work: its folder exists, it is not a folder, and it
    is replaced only with ``--force``."""
    from desktop.errors import MessageError

    if path.is_dir():
        raise MessageError("path.is_folder", path=str(path))
    folder = path.parent
    if not folder.is_dir():
        raise MessageError("path.no_parent", path=str(path), folder=str(folder))
    if path.exists() and not force:
        raise MessageError("out.exists", path=str(path))
    if not engagement:
        from desktop.store.replace import refuse_engagement_target

        refuse_engagement_target(path)


def cmd_keygen(args: argparse.Namespace) -> int:
    from desktop.partials import write_private
    from desktop.report.identity import make_identity, password_from_env_or_prompt

    out = Path(args.output)
    _refuse_existing(out, args.force)
    password = password_from_env_or_prompt("New PKCS#12 password: ")
    data = make_identity(
        args.name, args.email, password, key_type=args.key_type, organisation=args.org
    )
    write_private(out, data)
    print(out)
    return EXIT_OK


def cmd_team(args: argparse.Namespace) -> int:
    from desktop import signoff
    from desktop.store.db import open_file

    certificate = None
    if args.cert:
        from desktop.report.identity import load_certificate

        certificate = load_certificate(_input_file(args.cert))
    with open_file(args.file, write=True, integrity=True) as eng:
        m = signoff.add_member(
            eng,
            args.name,
            args.role,
            organisation=args.org,
            declare_impartial=args.declare_impartial,
            certificate=certificate,
        )
    print(f"{m.name} ({m.role})")
    return EXIT_OK


def cmd_opinion(args: argparse.Namespace) -> int:
    from desktop import signoff
    from desktop.engagement import run_engagement_checks
    from desktop.store.db import open_file

    with open_file(args.file, write=True, integrity=True) as eng:
        results = run_engagement_checks(eng.conn)
        op = signoff.choose_opinion(
            eng,
            args.kind,
            reason=args.reason,
            pervasive=args.pervasive,
            evidence_sufficient=not args.insufficient_evidence,
            results=results,
        )
    print(f"{op.kind} (suggested: {op.suggested.kind})")
    return EXIT_OK


def cmd_sign(args: argparse.Namespace) -> int:
    from desktop.engagement import run_engagement_checks
    from desktop.report.identity import load_identity, password_from_env_or_prompt
    from desktop.signing import sign
    from desktop.store.db import open_file

    identity = load_identity(_input_file(args.key), password_from_env_or_prompt())
    with open_file(args.file, write=True, integrity=True) as eng:
        sig = sign(
            eng,
            identity,
            args.role,
            args.meaning,
            declare_impartial=args.declare_impartial,
            results=run_engagement_checks(eng.conn),
        )
        state = eng.conn.execute("SELECT state FROM engagement").fetchone()[0]
    print(f"{sig.printed_name} ({sig.role}, “{sig.meaning}”) {sig.signed_at}")
    print(f"fingerprint {sig.fingerprint}; state {state}")
    return EXIT_OK


def cmd_withdraw(args: argparse.Namespace) -> int:
    from desktop.identity import current_actor
    from desktop.signing import withdraw_lead
    from desktop.store.db import open_file

    with open_file(args.file, write=True, integrity=True) as eng:
        withdraw_lead(eng, args.reason, args.as_ or current_actor())
    print("已撤回主導查證員簽署；案件回到草稿" if current_language() == "zh-TW"
          else "the lead verifier's signature is withdrawn; the engagement is a draft again")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """The opinion, or with ``--report`` the verification report (design §11): the same
    fingerprint, output rules and optional PAdES signature."""
    from desktop.engagement import run_engagement_checks
    from desktop.partials import write_atomically
    from desktop.store.db import open_file

    if getattr(args, "report", False):
        from desktop.report.report_pdf import render_report as render
        from desktop.report_export import build_report as build
    else:
        from desktop.opinion_export import build_document as build
        from desktop.report.pdf import render_opinion as render
    out = Path(args.output)
    _refuse_existing(out, args.force)
    lang = args.doc_lang or current_language()
    with open_file(args.file, integrity=True) as eng:
        doc = build(eng.conn, run_engagement_checks(eng.conn), lang, args.body)
    pdf = render(doc)
    if args.sign:
        from desktop.report.identity import load_identity, password_from_env_or_prompt
        from desktop.report.pades import sign_pdf

        identity = load_identity(_input_file(args.sign), password_from_env_or_prompt())
        reason = (f"verification report on {doc.subject_id}" if getattr(args, "report", False)
                  else f"{doc.opinion_kind} opinion on {doc.subject_id}")
        pdf = sign_pdf(pdf, identity, reason=reason)
    write_atomically(out, pdf)
    print(out)
    return EXIT_OK


def cmd_sign_pdf(args: argparse.Namespace) -> int:
    """Add a PAdES signature to an opinion PDF (the reviewer's, after the lead's export)."""
    from desktop.partials import write_atomically
    from desktop.report.identity import load_identity, password_from_env_or_prompt
    from desktop.report.pades import sign_pdf, verify_pdf

    zh = current_language() == "zh-TW"
    out = Path(args.output)
    _refuse_existing(out, args.force)
    data = _input_file(args.file).read_bytes()
    before = verify_pdf(data)
    if before.signed and not before.ok:  # never countersign a broken or changed PDF
        why = "; ".join(p for p in before.problems if "not trusted" not in p)
        raise VeriDeskError(("PDF 的簽章不成立，不加簽：" if zh else
                             "the PDF's signatures do not hold; not signing it: ") + why)
    identity = load_identity(_input_file(args.key), password_from_env_or_prompt())
    if any(s.signer_cert_sha256 == identity.cert_sha256 for s in before.signatures):
        raise VeriDeskError("此憑證已簽署這份 PDF" if zh else
                            "this certificate has already signed the PDF")
    write_atomically(out, sign_pdf(data, identity, reason=args.reason))
    print(out)
    return EXIT_OK


def cmd_body_set(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from desktop.body import load_profile, save_profile

    changes = {k: v.strip() for k in ("name", "address", "accreditation", "place")
               if (v := getattr(args, k)) is not None}
    path = save_profile(replace(load_profile(), **changes))
    print(path)
    return EXIT_OK


def cmd_body_show(args: argparse.Namespace) -> int:
    import json

    from desktop.body import load_profile

    body = load_profile()
    if args.json:
        print(json.dumps({"format": "veridesk-body/1", **body.as_json()}, ensure_ascii=False,
                         indent=2))
    else:
        for key, value in body.as_json().items():
            print(f"{key:<14} {value or '—'}")
    return EXIT_OK


def cmd_register(args: argparse.Namespace) -> int:
    from desktop.errors import MessageError
    from desktop.register import as_csv, as_json, register

    if not Path(args.folder).is_dir():
        raise MessageError("path.not_folder", path=args.folder)
    entries = register(args.folder)
    if args.json:
        print(as_json(entries))
    elif args.csv:
        print(as_csv(entries), end="")
    else:
        for e in entries:
            name = Path(e.file).name
            if e.problem:
                print(f"✘ {e.problem}")
                continue
            print(
                f"{name}  {e.subject_id}  {e.period}  {e.state:<6}  {e.opinion or '—':<10}  "
                f"{e.signers or '—'}  {e.fingerprint[:16]}"
            )
    return EXIT_FAILED if any(e.problem for e in entries) else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="veridesk", description="VeriDesk: an offline workbench for GHG verifiers."
    )
    p.add_argument("--version", action="version", version=f"VeriDesk {__version__}")
    p.add_argument("--lang", choices=["en", "zh-TW"], help="language of messages")
    p.add_argument(
        "--debug", action="store_true", help="show the Python traceback of an unexpected error"
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("import", help="create an engagement file from a dossier")
    s.add_argument("dossier", help="dossier folder or .zip")
    s.add_argument("-o", "--output", required=True, help="engagement file to create")
    s.add_argument("--force", action="store_true", help="replace an existing file")
    s.add_argument("--as", dest="as_", metavar="NAME", help="author recorded in the audit trail")
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("demo", help="open the GUI on the bundled demo dossier")
    s.add_argument("--reset", action="store_true", help="re-import the demo (discards its work)")
    s.add_argument("--no-gui", action="store_true", help="prepare the demo file only")
    s.set_defaults(func=cmd_demo)

    s = sub.add_parser("gui", help="open the GUI")
    s.add_argument("file", nargs="?", help="engagement file")
    s.set_defaults(func=cmd_gui)

    s = sub.add_parser("check", help="run the computed checks (design §5)")
    s.add_argument("path", help="dossier folder, .zip or engagement file")
    s.add_argument("--json", action="store_true", help="print the veridesk-check/1 JSON object")
    s.set_defaults(func=cmd_check)

    s = sub.add_parser("status", help="progress and the sign-off gate")
    s.add_argument("file", help="engagement file")
    s.add_argument("--json", action="store_true", help="print the veridesk-status/1 object")
    s.set_defaults(func=cmd_status)

    s = sub.add_parser("checklist", help="answer sheets for site visits")
    csub = s.add_subparsers(dest="checklist_command", required=True, metavar="ACTION")
    e = csub.add_parser("export", help="write every applicable item to CSV or XLSX")
    e.add_argument("file", help="engagement file")
    e.add_argument("-o", "--output", required=True, help="answers.xlsx or answers.csv")
    e.add_argument("--force", action="store_true", help="replace an existing sheet")
    e.set_defaults(func=cmd_checklist_export)
    i = csub.add_parser("import", help="merge a filled answer sheet")
    i.add_argument("file", help="engagement file")
    i.add_argument("sheet", help="answers.xlsx or answers.csv")
    i.add_argument("--as", dest="as_", metavar="NAME", help="author of these answers")
    i.set_defaults(func=cmd_checklist_import)

    s = sub.add_parser("team", help="put a person on the engagement")
    s.add_argument("file", help="engagement file")
    s.add_argument("--name", required=True)
    s.add_argument(
        "--role",
        required=True,
        choices=["lead", "verifier", "technical-expert", "reviewer", "client-signer"],
    )
    s.add_argument("--org", help="organisation (the lead's is printed as the verifier)")
    s.add_argument(
        "--declare-impartial",
        action="store_true",
        help="record the person's no-conflict-of-interest declaration",
    )
    s.add_argument(
        "--cert",
        metavar="CERT",
        help="the certificate this person signs with (.pem/.crt/.der, or their .p12)",
    )
    s.set_defaults(func=cmd_team)

    s = sub.add_parser(
        "opinion", help="record the opinion (overriding the suggestion needs --reason)"
    )
    s.add_argument("file", help="engagement file")
    s.add_argument(
        "--kind", required=True, choices=["unmodified", "modified", "adverse", "disclaimer"]
    )
    s.add_argument("--reason", help="why, when departing from the suggested opinion")
    s.add_argument("--pervasive", action="store_true", help="a material misstatement is pervasive")
    s.add_argument("--insufficient-evidence", action="store_true")
    s.set_defaults(func=cmd_opinion)

    s = sub.add_parser("keygen", help="make a verifier key and self-signed certificate")
    s.add_argument("--name", required=True, help="printed name (certificate common name)")
    s.add_argument("--email")
    s.add_argument("--org", help="organisation")
    s.add_argument("--key-type", choices=["rsa", "ec"], default="rsa")
    s.add_argument("-o", "--output", required=True, help="NAME.p12")
    s.add_argument("--force", action="store_true")
    s.set_defaults(func=cmd_keygen)

    s = sub.add_parser("sign", help="sign the engagement (lead verifier, then reviewer)")
    s.add_argument("file", help="engagement file")
    s.add_argument(
        "--key", required=True, help="PKCS#12 file (password: prompt or VERIDESK_PASSWORD)"
    )
    s.add_argument("--role", required=True, choices=["lead", "reviewer"])
    s.add_argument("--meaning", required=True, help='e.g. "approved opinion", "reviewed"')
    s.add_argument(
        "--declare-impartial",
        action="store_true",
        help="declare that you have no conflict of interest (required)",
    )
    s.set_defaults(func=cmd_sign)

    s = sub.add_parser(
        "withdraw", help="withdraw the lead verifier's signature (before the reviewer signs)"
    )
    s.add_argument("file", help="engagement file")
    s.add_argument("--role", required=True, choices=["lead"])
    s.add_argument("--reason", required=True, help="why (recorded in the audit trail)")
    s.add_argument("--as", dest="as_", metavar="NAME", help="who withdraws it")
    s.set_defaults(func=cmd_withdraw)

    s = sub.add_parser("export", help="write the PDF opinion")
    s.add_argument("file", help="engagement file")
    s.add_argument("-o", "--output", required=True, help="opinion.pdf")
    s.add_argument("--lang", dest="doc_lang", choices=["en", "zh-TW"], help="PDF language")
    s.add_argument("--sign", metavar="KEY.p12", help="add a PAdES signature")
    s.add_argument("--body", help="verification body's name (default: the lead's organisation)")
    s.add_argument("--force", action="store_true")
    s.add_argument("--report", action="store_true",
                   help="write the verification report instead of the opinion")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("sign-pdf", help="add a PAdES signature to an opinion PDF (reviewer)")
    s.add_argument("file", help="opinion.pdf (e.g. from export --sign)")
    s.add_argument(
        "--key", required=True, help="PKCS#12 file (password: prompt or VERIDESK_PASSWORD)"
    )
    s.add_argument("--reason", default="reviewed", help='meaning (default: "reviewed")')
    s.add_argument("-o", "--output", required=True, help="the signed PDF to write")
    s.add_argument("--force", action="store_true")
    s.set_defaults(func=cmd_sign_pdf)

    s = sub.add_parser("verify", help="audit chain, fingerprint, signatures; or a PDF opinion")
    s.add_argument("file", help="engagement file or opinion PDF")
    s.add_argument("--engagement", help="with a PDF: the engagement file to match")
    s.set_defaults(func=cmd_verify)

    s = sub.add_parser("body", help="the verification body's profile printed on opinions")
    bsub = s.add_subparsers(dest="body_command", required=True, metavar="ACTION")
    b = bsub.add_parser("set", help="set (some of) the profile's fields")
    b.add_argument("--name", help="the body's name")
    b.add_argument("--address")
    b.add_argument("--accreditation", help='e.g. "TAF verification body No. V012, ISO 14065"')
    b.add_argument("--place", help="where opinions are signed, e.g. Taipei")
    b.set_defaults(func=cmd_body_set)
    b = bsub.add_parser("show", help="print the profile")
    b.add_argument("--json", action="store_true")
    b.set_defaults(func=cmd_body_show)

    s = sub.add_parser("register", help="list the engagement files in a folder")
    s.add_argument("folder")
    fmt = s.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true")
    fmt.add_argument("--csv", action="store_true")
    s.set_defaults(func=cmd_register)

    from desktop import cli_planning, cli_records

    cli_records.add_parsers(sub)  # finding, misstatement, evidence
    cli_planning.add_parsers(sub)  # risk, sample
    from desktop import cli_registry

    cli_registry.add_parsers(sub)  # registry add, registry list
    return p


def _terminate(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def _os_error_text(exc: OSError) -> str:
    """One line naming the path and what the system said, in the user's language."""
    paths = [str(f) for f in (exc.filename, exc.filename2) if f is not None]
    reason = exc.strerror or exc.__class__.__name__
    if paths:
        return tr("os.error_path", path=" → ".join(paths), reason=reason)
    return tr("os.error", reason=reason or str(exc))


def main(argv: list[str] | None = None) -> int:
    """Run one command; every error becomes one line on stderr and an exit code."""
    import multiprocessing

    from desktop.terminal import SafeStream

    multiprocessing.freeze_support()  # the frozen app's import worker re-enters here
    saved = sys.stdout, sys.stderr
    if not isinstance(sys.stdout, SafeStream):
        sys.stdout = SafeStream(sys.stdout)  # type: ignore[assignment]
        sys.stderr = SafeStream(sys.stderr)  # type: ignore[assignment]
    try:
        return _run(argv)
    finally:
        sys.stdout, sys.stderr = saved


def _run(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    if args.lang:
        set_language(args.lang)
    signal.signal(signal.SIGTERM, _terminate)
    try:
        return args.func(args)
    except InputError as exc:
        if args.command == "import":
            _print_err(tr("import.failed"))
        _print_err(exc.text())
        return EXIT_UNUSABLE
    except Cancelled:
        _print_err(tr("import.cancelled"))
        return EXIT_UNUSABLE
    except VeriDeskError as exc:
        _print_err(str(exc))
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        _print_err(tr("import.cancelled"))
        return 130
    except BrokenPipeError:  # output piped into head & co.
        with contextlib.suppress(OSError):
            sys.stderr.close()
        return EXIT_OK
    except sqlite3.DatabaseError as exc:
        if args.debug:
            traceback.print_exc()
        target = getattr(args, "file", None) or getattr(args, "path", None) or "?"
        _print_err(tr("engagement.damaged", path=target, error=exc))
        return EXIT_UNUSABLE
    except OSError as exc:
        if args.debug:
            traceback.print_exc()
        _print_err(_os_error_text(exc))
        return EXIT_UNUSABLE
    except (MemoryError, RecursionError) as exc:
        if args.debug:
            traceback.print_exc()
        _print_err(tr("cli.too_large", error=exc.__class__.__name__))
        return EXIT_UNUSABLE
    except Exception as exc:  # the last guard: a line, never a traceback
        if args.debug:
            traceback.print_exc()
        _print_err(tr("cli.unexpected", error=f"{exc.__class__.__name__}: {exc}"))
        return EXIT_UNUSABLE


if __name__ == "__main__":
    sys.exit(main())
