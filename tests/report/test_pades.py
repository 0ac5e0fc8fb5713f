"""PAdES signing and validation of the opinion PDF, and the fingerprint in its metadata."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re

import pytest

from desktop.report.identity import load_identity, make_identity
from desktop.report.pades import (
    PdfSigningError,
    extract_fingerprint,
    sign_pdf,
    verify_pdf,
)
from desktop.report.pdf import FINGERPRINT_INFO_KEY, render_opinion
from tests.report.samples import FINGERPRINT, neutrality_doc
from tests.report.test_identity import _ca_issued_p12


@pytest.fixture(scope="module")
def identity():
    return load_identity(make_identity("Lin Mei-Hua", "lin@example.tw", password=b"pw",
                                       key_type="rsa", organisation="Formosa VS"), b"pw")


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_opinion(neutrality_doc("en"))


@pytest.fixture(scope="module")
def signed(pdf, identity) -> bytes:
    return sign_pdf(pdf, identity, reason="approved opinion", location="Taipei")


def _byte_range(data: bytes) -> tuple[int, int, int, int]:
    found = re.findall(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data)
    assert found
    return tuple(int(v) for v in found[-1])  # type: ignore[return-value]


def _flip(data: bytes, pos: int) -> bytes:
    out = bytearray(data)
    out[pos] ^= 0x01
    return bytes(out)


def test_sign_is_an_incremental_update_covering_the_whole_file(pdf, signed, identity):
    assert signed.startswith(pdf)  # incremental: the original bytes are untouched
    a, _b, c, d = _byte_range(signed)
    assert a == 0 and c + d == len(signed)
    assert b"/ETSI.CAdES.detached" in signed  # PAdES baseline sub-filter
    report = verify_pdf(signed)
    assert report.signed and report.intact and report.covers_whole_file and report.ok
    assert report.signature_count == 1
    assert report.signer_subject == "CN=Lin Mei-Hua, O=Formosa VS, E=lin@example.tw"
    assert report.signer_cert_sha256 == identity.cert_sha256
    assert report.signing_time is not None
    assert abs(report.signing_time - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    assert report.fingerprint == FINGERPRINT


def test_self_signed_is_intact_but_not_trusted(signed, identity):
    report = verify_pdf(signed)
    assert report.intact and not report.trusted
    assert any("self-signed" in p for p in report.problems)
    assert verify_pdf(signed, trust_self_signed=True).trusted
    assert verify_pdf(signed, trust_roots=[identity.cert]).trusted


def test_validation_does_not_spill_tracebacks(signed, caplog):
    with caplog.at_level(logging.WARNING):
        verify_pdf(signed)
    assert not [r for r in caplog.records if r.name.startswith("pyhanko")]


def test_one_byte_changed_in_the_signed_range(pdf, signed):
    _a, _b, c, d = _byte_range(signed)
    # inside the original document (a page content stream somewhere in the middle)
    report = verify_pdf(_flip(signed, len(pdf) // 2))
    assert report.signed and not report.intact and not report.ok
    assert any("changed after signing" in p for p in report.problems)
    # inside the signature's own incremental update (second signed range)
    report = verify_pdf(_flip(signed, c + d // 2))
    assert not report.intact


def test_one_byte_changed_in_the_signature_value(signed):
    _a, b, _c, _d = _byte_range(signed)
    report = verify_pdf(_flip(signed, b + 40))  # inside the /Contents hex string
    assert report.signed and not report.intact
    assert report.problems and all("\n" not in p for p in report.problems)


@pytest.mark.parametrize("tail", [b"\n", b"%% appended comment\n", b"garbage" * 100])
def test_appended_bytes_are_not_covered(signed, tail):
    report = verify_pdf(signed + tail)
    assert report.signed and report.intact
    assert not report.covers_whole_file and not report.ok
    assert any("added after the last signature" in p for p in report.problems)


def test_appended_incremental_update_cannot_change_the_signed_fingerprint(signed):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(signed))
    info = w.trailer["/Info"].get_object()
    info[generic.NameObject("/" + FINGERPRINT_INFO_KEY)] = generic.TextStringObject("0" * 64)
    w.update_container(info)
    buf = io.BytesIO()
    w.write(buf)
    tampered = buf.getvalue()
    assert extract_fingerprint(tampered) == "0" * 64  # the current revision says so …
    report = verify_pdf(tampered)
    assert not report.covers_whole_file  # … but it is outside the signature
    assert report.fingerprint == FINGERPRINT  # and the signed revision still says this


def test_second_signature_keeps_both_valid(signed, identity):
    reviewer = load_identity(make_identity("Chen Wei", password=b"x", key_type="ec"), b"x")
    twice = sign_pdf(signed, reviewer, reason="reviewed")
    report = verify_pdf(twice)
    assert report.signature_count == 2
    assert report.intact and report.covers_whole_file
    assert report.signer_subject == "CN=Chen Wei"
    assert report.signer_cert_sha256 == reviewer.cert_sha256 != identity.cert_sha256


def test_ca_issued_identity_is_trusted_with_its_root(pdf):
    data, ca_cert = _ca_issued_p12(b"pw")
    ident = load_identity(data, b"pw")
    signed = sign_pdf(pdf, ident, reason="approved opinion")
    assert verify_pdf(signed, trust_roots=[ca_cert]).trusted
    untrusted = verify_pdf(signed)
    assert untrusted.intact and not untrusted.trusted
    assert any("does not chain" in p for p in untrusted.problems)


def test_unsigned_and_unreadable(pdf):
    report = verify_pdf(pdf)
    assert not report.signed and not report.ok and report.problems == ["the PDF is not signed"]
    assert report.fingerprint == FINGERPRINT
    garbage = verify_pdf(b"%PDF-1.4\nnot really a pdf")
    assert not garbage.signed and not garbage.intact and garbage.problems
    with pytest.raises(PdfSigningError):
        sign_pdf(b"not a pdf", load_identity(make_identity("A", password=b"p", key_type="ec"),
                                             b"p"), reason="x")


def test_extract_fingerprint(pdf, signed):
    assert extract_fingerprint(pdf) == FINGERPRINT
    assert extract_fingerprint(signed) == FINGERPRINT
    assert extract_fingerprint(b"junk") is None
