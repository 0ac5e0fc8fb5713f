"""PAdES signatures on the PDF opinion (pyHanko), their validation, and the fingerprint.

:func:`sign_pdf` adds a PAdES-B-B signature (``/ETSI.CAdES.detached``, SHA-256) as an
incremental update in a new signature field; the signature covers the whole file as it was.
:func:`verify_pdf` validates every signature offline and reports on the last one:
*intact* (the signed bytes are unchanged and the signature is mathematically valid),
*covers_whole_file* (nothing was appended after signing), *trusted* (the certificate chains
to a trust root the caller named; a self-signed identity is intact but not trusted unless
its own certificate is given as a trust root).

:func:`extract_fingerprint` reads the engagement fingerprint that
:func:`desktop.report.pdf.render_opinion` wrote into the document information dictionary
(``/VeriDeskFingerprint``), so ``veridesk verify opinion.pdf --engagement FILE`` can match
the PDF to an engagement file.
"""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from desktop.report.identity import Identity, cert_sha256, describe_name
from desktop.report.pdf import FINGERPRINT_INFO_KEY

SIGNATURE_FIELD = "VeriDeskSignature"

_log = logging.getLogger(__name__)


class PdfSigningError(RuntimeError):
    """The PDF could not be signed (unreadable PDF, unusable key …)."""


@dataclass(frozen=True)
class PdfSignatureReport:
    """What :func:`verify_pdf` found. ``problems`` explains every ``False`` in words."""

    signed: bool
    """The PDF holds at least one signature."""
    intact: bool
    """Every signature's signed bytes are unchanged and its signature value is valid."""
    covers_whole_file: bool
    """The last signature covers the file to its last byte (nothing appended)."""
    signer_subject: str | None
    """Subject of the last signer's certificate (``CN=…, O=…``)."""
    signer_cert_sha256: str | None
    """SHA-256 of that certificate (DER), hex."""
    signing_time: datetime | None
    """The signing time the signer claimed (PAdES-B-B has no trusted timestamp)."""
    trusted: bool
    """The last signer's certificate chains to one of the given trust roots."""
    problems: list[str] = field(default_factory=list)
    signature_count: int = 0
    fingerprint: str | None = None
    """The ``/VeriDeskFingerprint`` of the revision the last signature covers."""

    @property
    def ok(self) -> bool:
        """Signed, intact and covering the whole file (trust is reported separately)."""
        return self.signed and self.intact and self.covers_whole_file


# --------------------------------------------------------------------------- signing
def _signer(identity: Identity):
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    der = serialization.Encoding.DER
    cert = asn1_x509.Certificate.load(identity.cert.public_bytes(der))
    key = asn1_keys.PrivateKeyInfo.load(
        identity.key.private_bytes(
            der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    chain = [asn1_x509.Certificate.load(c.public_bytes(der)) for c in identity.chain]
    return signers.SimpleSigner(
        signing_cert=cert,
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs([cert, *chain]),
    )


def sign_pdf(
    pdf_bytes: bytes,
    identity: Identity,
    *,
    reason: str,
    location: str | None = None,
    name: str | None = None,
    field_name: str = SIGNATURE_FIELD,
) -> bytes:
    """Sign ``pdf_bytes`` with ``identity`` (PAdES-B-B, incremental update); return the PDF.

    ``reason`` is the meaning of the signature (e.g. "approved opinion"); ``name`` defaults
    to the certificate's common name. A second signature on an already signed PDF gets its
    own field (``field_name`` + a number) and keeps the first one valid.
    """
    from desktop.signing import check_certificate

    check_certificate(identity.cert)  # never an expired or not-for-signing certificate
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields, signers

    try:
        existing = {e.field_name for e in
                    PdfFileReader(io.BytesIO(pdf_bytes), strict=False).embedded_signatures}
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    except Exception as exc:
        raise PdfSigningError(f"not a readable PDF: {exc}") from exc
    unique, n = field_name, 1
    while unique in existing:
        n += 1
        unique = f"{field_name}{n}"
    meta = signers.PdfSignatureMetadata(
        field_name=unique,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        name=name or identity.common_name,
    )
    try:
        out = signers.sign_pdf(writer, meta, signer=_signer(identity))
    except Exception as exc:
        raise PdfSigningError(f"signing failed: {exc}") from exc
    return out.getvalue()


# --------------------------------------------------------------------------- validation
class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage().strip()
        if text and text not in self.messages:
            self.messages.append(text)


@contextlib.contextmanager
def _quiet_pyhanko() -> Iterator[_Collect]:
    """pyHanko logs certificate-path failures with tracebacks; collect them instead."""
    logger = logging.getLogger("pyhanko")
    handler = _Collect()
    old_propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate


def _to_asn1(certs: Iterable[x509.Certificate | bytes]) -> list[asn1_x509.Certificate]:
    out = []
    for c in certs:
        der = c if isinstance(c, bytes) else c.public_bytes(serialization.Encoding.DER)
        out.append(asn1_x509.Certificate.load(der))
    return out


def verify_pdf(
    pdf_bytes: bytes,
    *,
    trust_roots: Iterable[x509.Certificate | bytes] = (),
    trust_self_signed: bool = False,
) -> PdfSignatureReport:
    """Validate the PDF's signatures offline (no network) and report on them.

    ``trust_roots``: certificates (cryptography objects or DER) treated as trust anchors, e.g.
    the verification body's CA. ``trust_self_signed=True`` also trusts a signer whose
    certificate is self-signed (use it only when that certificate was checked some other way,
    e.g. its SHA-256 matches the one recorded at sign-off).

    Never raises for a damaged or tampered PDF: the answer is ``intact=False`` with the reason
    in ``problems``.
    """
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    problems: list[str] = []
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        sigs = list(reader.embedded_signatures)
    except Exception as exc:
        # A damaged signature dictionary makes the reader fail: still say it was signed.
        looks_signed = b"/ByteRange" in pdf_bytes and b"/Contents" in pdf_bytes
        return PdfSignatureReport(
            signed=looks_signed, intact=False, covers_whole_file=False, signer_subject=None,
            signer_cert_sha256=None, signing_time=None, trusted=False,
            problems=[f"the PDF cannot be read (damaged or altered): {_one_line(exc)}"],
        )
    if not sigs:
        return PdfSignatureReport(
            signed=False, intact=False, covers_whole_file=False, signer_subject=None,
            signer_cert_sha256=None, signing_time=None, trusted=False,
            problems=["the PDF is not signed"], fingerprint=_info_fingerprint(reader.trailer),
        )

    roots = _to_asn1(trust_roots)
    intact_all = True
    last: dict = {}
    for emb in sigs:
        name = emb.field_name
        entry: dict = {"name": name}
        try:
            signer_cert = emb.signer_cert
            crypto_cert = x509.load_der_x509_certificate(signer_cert.dump())
            entry["subject"] = describe_name(crypto_cert.subject)
            entry["sha256"] = cert_sha256(crypto_cert)
            anchors = list(roots)
            if trust_self_signed and crypto_cert.issuer == crypto_cert.subject:
                anchors.append(signer_cert)
            vc = ValidationContext(trust_roots=anchors, allow_fetching=False,
                                   revocation_mode="soft-fail")
            with _quiet_pyhanko() as log:
                status = validate_pdf_signature(emb, vc)
            entry["intact"] = bool(status.intact and status.valid)
            entry["trusted"] = bool(status.trusted)
            entry["time"] = status.signer_reported_dt
            entry["whole"] = (status.coverage == SignatureCoverageLevel.ENTIRE_FILE)
            if not status.intact:
                problems.append(f"{name}: the signed content was changed after signing")
            elif not status.valid:
                problems.append(f"{name}: the signature value does not match the content")
            if status.intact and status.valid and not status.trusted:
                why = ("the certificate is self-signed"
                       if crypto_cert.issuer == crypto_cert.subject
                       else "the certificate does not chain to a trusted root")
                problems.append(f"{name}: signer not trusted ({why})")
                _log.debug("trust details: %s", log.messages)
            try:
                resolver = reader.get_historical_resolver(emb.signed_revision)
                entry["fingerprint"] = _info_fingerprint(resolver.trailer_view, resolver)
            except Exception:  # pragma: no cover - exotic revision structure
                entry["fingerprint"] = None
        except Exception as exc:
            entry.update(intact=False, trusted=False, whole=False, time=None)
            problems.append(f"{name}: the signature cannot be validated (damaged or altered "
                            f"PDF): {_one_line(exc)}")
        intact_all = intact_all and entry.get("intact", False)
        last = entry
    covers = bool(last.get("whole"))
    if not covers and last.get("intact"):
        problems.append(
            f"{last['name']}: content was added after the last signature (it does not cover "
            "the whole file)"
        )
    return PdfSignatureReport(
        signed=True,
        intact=intact_all,
        covers_whole_file=covers,
        signer_subject=last.get("subject"),
        signer_cert_sha256=last.get("sha256"),
        signing_time=last.get("time"),
        trusted=bool(last.get("trusted")),
        problems=problems,
        signature_count=len(sigs),
        fingerprint=last.get("fingerprint"),
    )


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


# --------------------------------------------------------------------------- fingerprint
def _info_fingerprint(trailer, resolver=None) -> str | None:
    """``/VeriDeskFingerprint`` of the trailer's ``/Info``; ``resolver`` dereferences it in an
    earlier revision (a historical resolver), else the current one is used."""
    try:
        raw = trailer.raw_get("/Info") if hasattr(trailer, "raw_get") else trailer["/Info"]
        if resolver is not None and hasattr(raw, "reference"):
            info = resolver(raw)
        else:
            info = raw.get_object() if hasattr(raw, "get_object") else raw
        value = info.get("/" + FINGERPRINT_INFO_KEY)
    except (KeyError, TypeError, AttributeError):
        return None
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def extract_fingerprint(pdf_bytes: bytes) -> str | None:
    """The ``/VeriDeskFingerprint`` of the PDF's current revision, or ``None``.

    For a signed PDF, prefer :attr:`PdfSignatureReport.fingerprint`: it is read from the
    revision the signature covers, so a later update cannot substitute another value.
    """
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        return _info_fingerprint(reader.trailer)
    except Exception:
        return None
