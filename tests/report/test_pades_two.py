"""Two PAdES signatures on one opinion PDF (lead, then reviewer), each reported by verify;
content changed after a signature is caught; the ``sign-pdf`` command."""

from __future__ import annotations

import io
import re

import pytest
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

from desktop.report.identity import Identity, cert_sha256, describe_name
from desktop.report.pades import SIGNATURE_FIELD, sign_pdf, verify_pdf, verify_pdf_all
from desktop.report.pdf import FINGERPRINT_INFO_KEY, render_opinion
from tests import identities
from tests.conftest import run_cli
from tests.report.samples import FINGERPRINT, neutrality_doc

PASSWORD = "two-signers"


def _identity(name: str, kind: str = "ec") -> Identity:
    made = identities.make(name, kind)
    return Identity(key=made.key, cert=made.cert, chain=(),
                    subject_name=describe_name(made.cert.subject),
                    cert_sha256=cert_sha256(made.cert))


@pytest.fixture(scope="module")
def lead() -> Identity:
    return _identity("Lin Mei-Hua")


@pytest.fixture(scope="module")
def reviewer() -> Identity:
    return _identity("Wang Da-Wei", "rsa")


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_opinion(neutrality_doc("en"))


@pytest.fixture(scope="module")
def one(pdf, lead) -> bytes:
    return sign_pdf(pdf, lead, reason="approved opinion")


@pytest.fixture(scope="module")
def two(one, reviewer) -> bytes:
    return sign_pdf(one, reviewer, reason="reviewed")


# --------------------------------------------------------------------------- tampering
def _update(data: bytes, change) -> bytes:
    """``data`` plus one incremental update made by ``change(writer)``."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    change(w)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def _cover_page_one(w) -> None:
    """Paint a box over part of page 1 (a new content stream: the page says something else)."""
    from pyhanko.pdf_utils import generic

    page = w.root["/Pages"]["/Kids"][0].get_object()
    old = page["/Contents"].get_object().data
    stream = generic.StreamObject(stream_data=old + b"\nq 1 1 1 rg 50 600 500 120 re f Q\n")
    page[generic.NameObject("/Contents")] = w.add_object(stream)
    w.update_container(page)


def _change_fingerprint(w) -> None:
    from pyhanko.pdf_utils import generic

    info = w.trailer["/Info"].get_object()
    info[generic.NameObject("/" + FINGERPRINT_INFO_KEY)] = generic.TextStringObject("0" * 64)
    w.update_container(info)


# --------------------------------------------------------------------------- two signatures
def test_second_signature_gets_its_own_field_and_keeps_the_first(pdf, one, two, lead,
                                                                 reviewer):
    assert two.startswith(one) and one.startswith(pdf)  # incremental updates only
    report = verify_pdf(two)
    assert report.ok and report.intact and report.covers_whole_file
    assert report.later_revisions_ok and report.signature_count == 2
    first, second = report.signatures
    assert first.field_name == SIGNATURE_FIELD
    assert second.field_name == SIGNATURE_FIELD + "2"
    assert first.signer_subject == "CN=Lin Mei-Hua"
    assert first.signer_cert_sha256 == lead.cert_sha256
    assert second.signer_subject == "CN=Wang Da-Wei"
    assert second.signer_cert_sha256 == reviewer.cert_sha256
    # the lead's signature covers revision 2 (the rendered PDF is revision 1) ...
    assert (first.revision, first.revisions) == (2, 3)
    assert first.intact and not first.covers_whole_file
    assert first.later_changes == "signatures" and first.ok
    # ... the reviewer's the whole file
    assert (second.revision, second.revisions) == (3, 3)
    assert second.intact and second.covers_whole_file and second.later_changes == "none"
    assert first.fingerprint == second.fingerprint == report.fingerprint == FINGERPRINT
    # the aggregate reports the last signer, as before
    assert report.signer_cert_sha256 == reviewer.cert_sha256
    assert not [p for p in report.problems if "not trusted" not in p]


def test_verify_pdf_all_lists_each_signature(two, lead, reviewer):
    all_ = verify_pdf_all(two)
    assert [s.signer_cert_sha256 for s in all_] == [lead.cert_sha256, reviewer.cert_sha256]
    assert all(s.ok for s in all_)
    trusted = verify_pdf_all(two, trust_roots=[lead.cert])
    assert [s.trusted for s in trusted] == [True, False]
    assert verify_pdf_all(b"%PDF-1.4\nnot a pdf") == []


def test_third_signature_numbers_its_field(two):
    third = sign_pdf(two, _identity("Chen Wei"), reason="witnessed")
    report = verify_pdf(third)
    assert report.ok and report.signature_count == 3
    assert [s.field_name for s in report.signatures] == [
        SIGNATURE_FIELD, SIGNATURE_FIELD + "2", SIGNATURE_FIELD + "3"]
    assert [s.later_changes for s in report.signatures] == ["signatures", "signatures", "none"]


def test_one_byte_changed_under_the_first_signature(pdf, two):
    data = bytearray(two)
    data[len(pdf) // 2] ^= 0x01  # inside the rendered document, covered by both signatures
    report = verify_pdf(bytes(data))
    assert not report.ok and not report.intact
    assert not any(s.intact for s in report.signatures)


# --------------------------------------------------------------------------- tampering
def test_page_changed_after_the_only_signature(one):
    tampered = _update(one, _cover_page_one)
    report = verify_pdf(tampered)
    assert report.intact and not report.covers_whole_file and not report.ok
    (only,) = report.signatures
    assert only.later_changes == "content" and not only.ok
    assert any("added after the last signature" in p for p in report.problems)


def test_page_changed_then_countersigned(one, reviewer):
    """The reviewer's signature covers the whole file, but the page changed after the lead's
    signature: the file is not ok and the lead's signature says why."""
    tampered = sign_pdf(_update(one, _cover_page_one), reviewer, reason="reviewed")
    report = verify_pdf(tampered)
    assert report.intact and report.covers_whole_file  # both signatures are mathematically fine
    assert not report.later_revisions_ok and not report.ok
    first, second = report.signatures
    assert first.intact and first.later_changes == "content" and not first.ok
    assert second.ok and second.covers_whole_file
    assert any(p.startswith(SIGNATURE_FIELD + ": a later revision changed the signed content")
               for p in report.problems)


def test_page_changed_between_and_after_signatures(two):
    tampered = _update(two, _cover_page_one)
    report = verify_pdf(tampered)
    assert not report.ok and not report.covers_whole_file
    first, second = report.signatures
    assert first.later_changes == "content"  # revision 4 is not a signature
    assert second.later_changes == "content"
    assert any("revision 4 is not a signature" in p for p in report.problems)


def test_change_inside_the_countersignature_revision(one, reviewer):
    """A second signer whose own update also repaints the page: caught by the difference
    analysis (the revision is a signature's, but it does more than add one)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from desktop.report.pades import _signer

    w = IncrementalPdfFileWriter(io.BytesIO(one), strict=False)
    _cover_page_one(w)
    meta = signers.PdfSignatureMetadata(field_name="Sneaky", md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES)
    report = verify_pdf(signers.sign_pdf(w, meta, signer=_signer(reviewer)).getvalue())
    assert report.intact and report.covers_whole_file and not report.ok
    first, second = report.signatures
    assert (first.revision, first.revisions) == (2, 3) and first.later_changes == "content"
    assert second.ok and second.field_name == "Sneaky"
    assert any("changed the document, not only added signatures" in p
               for p in report.problems)


def test_fingerprint_changed_then_countersigned(one, reviewer):
    tampered = sign_pdf(_update(one, _change_fingerprint), reviewer, reason="reviewed")
    report = verify_pdf(tampered)
    assert not report.ok and not report.later_revisions_ok
    assert report.signatures[0].fingerprint == FINGERPRINT
    assert report.signatures[1].fingerprint == "0" * 64


# --------------------------------------------------------------------------- the command
def _p12(identity: Identity, path) -> str:
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"key", identity.key, identity.cert, None,
        BestAvailableEncryption(PASSWORD.encode())))
    return str(path)


def test_cli_sign_pdf_then_verify(tmp_path, one, two, lead, reviewer):
    env = {"VERIDESK_PASSWORD": PASSWORD}
    lead_pdf = tmp_path / "opinion.pdf"
    lead_pdf.write_bytes(one)
    key = _p12(reviewer, tmp_path / "wang.p12")
    out = tmp_path / "opinion-reviewed.pdf"

    done = run_cli("sign-pdf", str(lead_pdf), "--key", key, "-o", str(out), env=env)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(one)
    report = verify_pdf(out.read_bytes())
    assert report.ok and [s.signer_cert_sha256 for s in report.signatures] == [
        lead.cert_sha256, reviewer.cert_sha256]

    v = run_cli("verify", str(out))
    assert v.returncode == 0, v.stdout
    lines = [ln for ln in v.stdout.splitlines() if ln.startswith("signed by: ")]
    assert lines == [
        f"signed by: CN=Lin Mei-Hua (SHA-256 {lead.cert_sha256[:16]}…) — intact, covers "
        "revision 2 of 3, later revisions add signatures only",
        f"signed by: CN=Wang Da-Wei (SHA-256 {reviewer.cert_sha256[:16]}…) — intact, "
        "covers the whole file",
    ]
    assert "✔ verified" in v.stdout

    # the output exists: refused without --force, like export
    again = run_cli("sign-pdf", str(lead_pdf), "--key", key, "-o", str(out), env=env)
    assert again.returncode == 2 and again.stderr.strip()
    # the same certificate does not sign twice
    twice = run_cli("sign-pdf", str(out), "--key", key, "-o", str(tmp_path / "x.pdf"), env=env)
    assert twice.returncode == 2 and "already signed" in twice.stderr
    assert not (tmp_path / "x.pdf").exists()
    # a reason of one's own is recorded in the signature
    other = run_cli("sign-pdf", str(out), "--key", _p12(_identity("Chen Wei"),
                                                         tmp_path / "chen.p12"),
                    "--reason", "technical review", "-o", str(tmp_path / "three.pdf"), env=env)
    assert other.returncode == 0, other.stderr
    assert b"/Reason (technical review)" in (tmp_path / "three.pdf").read_bytes()


def test_cli_refuses_to_countersign_a_changed_pdf_and_verify_fails(tmp_path, one, reviewer):
    env = {"VERIDESK_PASSWORD": PASSWORD}
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(_update(one, _cover_page_one))
    key = _p12(reviewer, tmp_path / "wang.p12")
    refused = run_cli("sign-pdf", str(changed), "--key", key, "-o", str(tmp_path / "o.pdf"),
                      env=env)
    assert refused.returncode == 2 and "do not hold" in refused.stderr
    assert not (tmp_path / "o.pdf").exists()

    # countersigned anyway (by another tool): verify fails and says which signature
    countersigned = tmp_path / "countersigned.pdf"
    countersigned.write_bytes(sign_pdf(changed.read_bytes(), reviewer, reason="reviewed"))
    v = run_cli("verify", str(countersigned))
    assert v.returncode == 1
    signed_by = [ln for ln in v.stdout.splitlines() if ln.startswith("signed by: ")]
    assert len(signed_by) == 2
    assert re.search(r"CN=Lin Mei-Hua .* covers revision 2 of 4, but content was changed",
                     signed_by[0])
    assert signed_by[1].endswith("intact, covers the whole file")
    assert "✘ a revision after a signature changed the content" in v.stdout
    assert "✔ verified" not in v.stdout


def test_cli_verify_names_a_broken_signature(tmp_path, pdf, two):
    data = bytearray(two)
    data[len(pdf) // 2] ^= 0x01
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(bytes(data))
    v = run_cli("verify", str(broken))
    assert v.returncode == 1
    signed_by = [ln for ln in v.stdout.splitlines() if ln.startswith("signed by: ")]
    assert len(signed_by) == 2 and all("— BROKEN: " in ln for ln in signed_by)


def test_cli_verify_in_chinese(tmp_path, two):
    path = tmp_path / "two.pdf"
    path.write_bytes(two)
    v = run_cli("--lang", "zh-TW", "verify", str(path))
    assert v.returncode == 0, v.stdout
    lines = [ln for ln in v.stdout.splitlines() if ln.startswith("簽章者：")]
    assert len(lines) == 2
    assert "涵蓋第 2 版（共 3 版），其後版本僅加入簽章" in lines[0]
    assert lines[1].endswith("完整，涵蓋整份檔案")


# --------------------------------------------------------------------------- with the engagement
@pytest.fixture(scope="module")
def signed_engagement(tmp_path_factory, examples):
    """A signed engagement (lead and reviewer), the lead's signed PDF and the keys."""
    from tests.test_sign_export_cli import ENV, _answer_all, _ok

    tmp = tmp_path_factory.mktemp("signed")
    lin = {"VERIDESK_USER": "Lin Mei-Hua"}
    for name, file in (("Lin Mei-Hua", "lin"), ("Wang Da-Wei", "wang"), ("Chen Wei", "chen")):
        _ok("keygen", "--name", name, "--key-type", "ec", "-o", str(tmp / f"{file}.p12"))
    eng = tmp / "steel.veridesk"
    _ok("import", str(examples / "neutral-steel"), "-o", str(eng), env=lin)
    _answer_all(tmp, eng)
    for name, role in (("Lin Mei-Hua", "lead"), ("Wang Da-Wei", "reviewer")):
        _ok("team", str(eng), "--name", name, "--role", role, "--org", "Formosa Verification",
            "--declare-impartial", env=lin)
    _ok("opinion", str(eng), "--kind", "unmodified", env=lin)
    _ok("sign", str(eng), "--key", str(tmp / "lin.p12"), "--role", "lead", "--meaning",
        "approved opinion", "--declare-impartial")
    _ok("sign", str(eng), "--key", str(tmp / "wang.p12"), "--role", "reviewer", "--meaning",
        "reviewed", "--declare-impartial")
    pdf = tmp / "opinion.pdf"
    _ok("export", str(eng), "-o", str(pdf), "--sign", str(tmp / "lin.p12"))
    return tmp, eng, pdf, ENV


def test_cli_lead_export_reviewer_sign_pdf_verify_engagement(signed_engagement):
    tmp, eng, pdf, env = signed_engagement
    reviewed = tmp / "opinion-reviewed.pdf"
    done = run_cli("sign-pdf", str(pdf), "--key", str(tmp / "wang.p12"), "-o", str(reviewed),
                   env=env)
    assert done.returncode == 0, done.stderr
    v = run_cli("verify", str(reviewed), "--engagement", str(eng))
    assert v.returncode == 0, v.stdout
    out = v.stdout
    assert "later revisions add signatures only" in out and "covers the whole file" in out
    assert "✔ the PDF's signer signed the engagement: Lin Mei-Hua (lead)" in out
    assert "✔ the PDF's signer signed the engagement: Wang Da-Wei (reviewer)" in out
    assert "✔ fingerprint matches the engagement file" in out and "✔ verified" in out

    # someone who did not sign the engagement countersigns: verify says who and fails
    third = tmp / "opinion-third.pdf"
    assert run_cli("sign-pdf", str(reviewed), "--key", str(tmp / "chen.p12"), "-o", str(third),
                   env=env).returncode == 0
    v = run_cli("verify", str(third), "--engagement", str(eng))
    assert v.returncode == 1
    assert "✘ the PDF's signer did not sign the engagement: CN=Chen Wei" in v.stdout
    assert v.stdout.count("✔ the PDF's signer signed the engagement") == 2
