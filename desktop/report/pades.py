"""PAdES signatures on the PDF opinion (pyHanko), their validation, and the fingerprint.

:func:`sign_pdf` adds a PAdES-B-B signature (``/ETSI.CAdES.detached``, SHA-256) as an
incremental update in a new signature field; the signature covers the whole file as it was.
Signing an already signed PDF (the reviewer after the lead) adds a second field and a second
revision; the first signature stays valid.

:func:`verify_pdf` validates every signature offline and reports on the last one:
*intact* (the signed bytes are unchanged and the signature is mathematically valid),
*covers_whole_file* (nothing was appended after signing), *trusted* (the certificate chains
to a trust root the caller named; a self-signed identity is intact but not trusted unless
its own certificate is given as a trust root). :attr:`PdfSignatureReport.signatures` (and
:func:`verify_pdf_all`) report each signature: an earlier one covers its own revision, and
every later revision must only add signatures (each later revision is another signature's
own, and pyHanko's difference analysis finds nothing beyond signing and form filling);
anything else (a changed page, a changed ``/Info`` …) is reported as a change of content.

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
from typing import Literal

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from desktop.errors import VeriDeskError
from desktop.report.identity import Identity, cert_sha256, describe_name
from desktop.report.pdf import FINGERPRINT_INFO_KEY

SIGNATURE_FIELD = "VeriDeskSignature"

_log = logging.getLogger(__name__)


class PdfSigningError(VeriDeskError, RuntimeError):
    """The PDF could not be signed (unreadable PDF, unusable key …)."""


LaterChanges = Literal["none", "signatures", "content"]


@dataclass(frozen=True)
class PdfSignerReport:
    """One signature of the PDF, as :func:`verify_pdf` found it (oldest first)."""

    field_name: str
    signer_subject: str | None
    """Subject of the signer's certificate (``CN=…, O=…``)."""
    signer_cert_sha256: str | None
    """SHA-256 of that certificate (DER), hex."""
    signing_time: datetime | None
    intact: bool
    """The signed bytes are unchanged and the signature value is valid."""
    trusted: bool
    revision: int
    """The revision the signature covers, counted from 1 (the rendered PDF is revision 1,
    so the first signature covers revision 2)."""
    revisions: int
    """Revisions in the file."""
    covers_whole_file: bool
    later_changes: LaterChanges
    """``none``: nothing after the signature (it covers the whole file); ``signatures``: the
    later revisions only add signatures; ``content``: a later revision changed the document
    (or appended bytes that are not a revision), or it could not be told."""
    fingerprint: str | None = None
    """The ``/VeriDeskFingerprint`` of the revision this signature covers."""
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Intact, and nothing but further signatures was added after it."""
        return self.intact and self.later_changes in ("none", "signatures")


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
    signatures: tuple[PdfSignerReport, ...] = ()
    """Every signature, oldest first."""
    later_revisions_ok: bool = True
    """After each earlier signature, the later revisions only add signatures."""

    @property
    def ok(self) -> bool:
        """Signed, every signature intact, the last covering the whole file and the earlier
        ones followed by signatures only (trust is reported separately)."""
        return self.signed and self.intact and self.covers_whole_file and self.later_revisions_ok


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
    try:
        total = reader.xrefs.total_revisions
    except Exception:  # pragma: no cover - the reader read the xrefs already
        total = 0
    sigs.sort(key=_revision_of)
    sig_revisions = {r for r in map(_revision_of, sigs) if r >= 0}
    entries = [
        _check_one(reader, emb, roots, trust_self_signed, total, sig_revisions,
                   last=(i == len(sigs) - 1))
        for i, emb in enumerate(sigs)
    ]
    for e in entries:
        problems.extend(e.problems)
    fingerprints = {e.fingerprint for e in entries if e.intact and e.fingerprint}
    if len(fingerprints) > 1:
        problems.append("the fingerprint differs between the signed revisions: "
                        + ", ".join(sorted(fingerprints)))
    last = entries[-1]
    return PdfSignatureReport(
        signed=True,
        intact=all(e.intact for e in entries),
        covers_whole_file=last.covers_whole_file,
        signer_subject=last.signer_subject,
        signer_cert_sha256=last.signer_cert_sha256,
        signing_time=last.signing_time,
        trusted=last.trusted,
        problems=problems,
        signature_count=len(sigs),
        fingerprint=last.fingerprint,
        signatures=tuple(entries),
        later_revisions_ok=(all(e.later_changes != "content" for e in entries[:-1])
                            and len(fingerprints) <= 1),
    )


def verify_pdf_all(
    pdf_bytes: bytes,
    *,
    trust_roots: Iterable[x509.Certificate | bytes] = (),
    trust_self_signed: bool = False,
) -> list[PdfSignerReport]:
    """Each signature of the PDF, oldest first (empty for an unsigned or unreadable PDF).

    The same validation as :func:`verify_pdf`, which also gives the verdict on the file as
    a whole (:attr:`PdfSignatureReport.ok`).
    """
    return list(verify_pdf(pdf_bytes, trust_roots=trust_roots,
                           trust_self_signed=trust_self_signed).signatures)


def _revision_of(emb) -> int:
    try:
        return int(emb.signed_revision)
    except Exception:  # a damaged signature dictionary
        return -1


def _check_one(reader, emb, roots, trust_self_signed: bool, total: int,
               sig_revisions: set[int], *, last: bool) -> PdfSignerReport:
    """Validate one embedded signature (never raises)."""
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    name = emb.field_name
    revision = _revision_of(emb)
    subject = sha = when = fp = None
    problems: list[str] = []
    try:
        signer_cert = emb.signer_cert
        crypto_cert = x509.load_der_x509_certificate(signer_cert.dump())
        subject = describe_name(crypto_cert.subject)
        sha = cert_sha256(crypto_cert)
        anchors = list(roots)
        if trust_self_signed and crypto_cert.issuer == crypto_cert.subject:
            anchors.append(signer_cert)
        vc = ValidationContext(trust_roots=anchors, allow_fetching=False,
                               revocation_mode="soft-fail")
        with _quiet_pyhanko() as log:
            status = validate_pdf_signature(emb, vc)
        intact = bool(status.intact and status.valid)
        trusted = bool(status.trusted)
        when = status.signer_reported_dt
        whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        if not status.intact:
            problems.append(f"{name}: the signed content was changed after signing")
        elif not status.valid:
            problems.append(f"{name}: the signature value does not match the content")
        if intact and not trusted:
            why = ("the certificate is self-signed"
                   if crypto_cert.issuer == crypto_cert.subject
                   else "the certificate does not chain to a trusted root")
            problems.append(f"{name}: signer not trusted ({why})")
            _log.debug("trust details: %s", log.messages)
        if whole:
            later: LaterChanges = "none"
        else:
            level = status.modification_level
            unsigned = [r + 1 for r in range(revision + 1, total) if r not in sig_revisions]
            only_signatures = (
                status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
                and level is not None and level <= ModificationLevel.FORM_FILLING
                and bool(status.docmdp_ok) and not unsigned and not last
            )
            later = "signatures" if only_signatures else "content"
            if intact and last:
                problems.append(f"{name}: content was added after the last signature (it does "
                                "not cover the whole file)")
            elif intact and not only_signatures:
                what = (f"revision {', '.join(map(str, unsigned))} is not a signature"
                        if unsigned else "it changed the document, not only added signatures")
                problems.append(f"{name}: a later revision changed the signed content ({what})")
        try:
            resolver = reader.get_historical_resolver(revision)
            fp = _info_fingerprint(resolver.trailer_view, resolver)
        except Exception:  # pragma: no cover - exotic revision structure
            fp = None
    except Exception as exc:
        intact = trusted = whole = False
        later = "content"
        problems.append(f"{name}: the signature cannot be validated (damaged or altered "
                        f"PDF): {_one_line(exc)}")
    return PdfSignerReport(
        field_name=name, signer_subject=subject, signer_cert_sha256=sha, signing_time=when,
        intact=intact, trusted=trusted, revision=revision + 1, revisions=total,
        covers_whole_file=whole, later_changes=later, fingerprint=fp,
        problems=tuple(problems),
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
