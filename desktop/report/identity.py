"""Signing identities: a private key and its X.509 certificate in a PKCS#12 file.

A verification body normally issues its verifiers a PKCS#12 (``.p12`` / ``.pfx``) from its
own or a commercial CA; :func:`load_identity` reads those. For trials and small bodies,
:func:`make_identity` creates a self-signed one (the PDF signature then validates as
*intact* but *not trusted*: nobody vouches for the name in it).

Passwords
---------
The CLI prompts for the PKCS#12 password (no echo). Scripts may set the environment
variable ``VERIDESK_PASSWORD`` instead; :func:`password_from_env_or_prompt` implements that
rule. Never pass a password on the command line: it ends up in shell histories and process
lists.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from desktop.errors import VeriDeskError

PASSWORD_ENV = "VERIDESK_PASSWORD"

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


class IdentityError(VeriDeskError, ValueError):
    """The PKCS#12 could not be used (wrong password, no key, unreadable file …)."""


@dataclass(frozen=True)
class Identity:
    """A signer's private key and certificate, as loaded from a PKCS#12."""

    key: PrivateKey
    cert: x509.Certificate
    chain: tuple[x509.Certificate, ...]
    """Further certificates in the PKCS#12 (intermediate and root CAs); may be empty."""
    subject_name: str
    """The certificate subject, readable, in certificate order: ``"CN=Lin Mei-Hua, O=…"``."""
    cert_sha256: str
    """SHA-256 of the certificate (DER), lowercase hex."""

    @property
    def common_name(self) -> str | None:
        names = self.cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        return str(names[0].value) if names else None

    @property
    def self_signed(self) -> bool:
        return self.cert.issuer == self.cert.subject


def cert_sha256(cert: x509.Certificate) -> str:
    """SHA-256 of a certificate's DER encoding, lowercase hex."""
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def describe_name(name: x509.Name) -> str:
    """``CN=…, O=…, C=…, E=…`` in the certificate's order (readable, not RFC 4514)."""
    short = {"commonName": "CN", "organizationName": "O", "organizationalUnitName": "OU",
             "countryName": "C", "localityName": "L", "stateOrProvinceName": "ST",
             "emailAddress": "E", "serialNumber": "SERIALNUMBER"}
    parts = []
    for attr in name:
        key = short.get(attr.oid._name, attr.oid._name)
        parts.append(f"{key}={attr.value}")
    return ", ".join(parts)


def make_identity(
    name: str,
    email: str | None = None,
    password: bytes | str = b"",
    key_type: str = "rsa",
    days: int = 3 * 365,
    *,
    organisation: str | None = None,
    country: str | None = None,
) -> bytes:
    """Create a key and a self-signed signing certificate; return them as PKCS#12 bytes.

    ``key_type`` is ``"rsa"`` (3072-bit) or ``"ec"`` (P-256). The certificate carries the key
    usages digitalSignature and nonRepudiation (content commitment), the extended key usages
    document signing and e-mail protection, and ``name`` / ``email`` in its subject. The
    PKCS#12 is encrypted with ``password`` (AES-256; an empty password is refused).
    """
    if not name or not name.strip():
        raise IdentityError("a name is required for the certificate")
    pw = _pw_bytes(password)
    if not pw:
        raise IdentityError("a password is required to protect the private key")
    if days < 1:
        raise IdentityError("the certificate must be valid for at least one day")
    key: PrivateKey
    if key_type == "rsa":
        key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    elif key_type == "ec":
        key = ec.generate_private_key(ec.SECP256R1())
    else:
        raise IdentityError(f"key_type must be 'rsa' or 'ec', not {key_type!r}")

    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, name.strip())]
    if organisation:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    if country:
        attrs.append(x509.NameAttribute(NameOID.COUNTRY_NAME, country))
    if email:
        attrs.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, email))
    subject = x509.Name(attrs)
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # a.k.a. nonRepudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage(
                [x509.ObjectIdentifier("1.3.6.1.4.1.311.10.3.12"),  # MS document signing
                 ExtendedKeyUsageOID.EMAIL_PROTECTION]
            ),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
    )
    if email:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False
        )
    cert = builder.sign(key, hashes.SHA256())
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(50000)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(pw)
    )
    return pkcs12.serialize_key_and_certificates(
        name.strip().encode("utf-8"), key, cert, None, encryption
    )


def load_identity(source: bytes | str | os.PathLike[str], password: bytes | str | None) -> Identity:
    """Read a PKCS#12 (bytes, or a path to a ``.p12``/``.pfx``) into an :class:`Identity`.

    Raises :class:`IdentityError` with a readable message when the file is missing, the
    password is wrong, or the PKCS#12 holds no private key or certificate.
    """
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
        where = "the PKCS#12 data"
    else:
        path = Path(source)
        where = str(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise IdentityError(f"cannot read {where}: {exc.strerror or exc}") from exc
    pw = _pw_bytes(password) if password is not None else None
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, pw or None)
    except ValueError as exc:
        text = str(exc).lower()
        if "password" in text or "mac" in text or "decrypt" in text:
            raise IdentityError(
                f"wrong password for {where} (or the file is damaged)"
            ) from exc
        raise IdentityError(f"{where} is not a readable PKCS#12 file: {exc}") from exc
    if key is None:
        raise IdentityError(f"{where} holds no private key")
    if cert is None:
        raise IdentityError(f"{where} holds no certificate for its key")
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise IdentityError(f"{where}: only RSA and EC keys can sign PDFs")
    if cert.public_key().public_numbers() != key.public_key().public_numbers():
        raise IdentityError(f"{where}: the certificate does not belong to the private key")
    return Identity(
        key=key,
        cert=cert,
        chain=tuple(extra or ()),
        subject_name=describe_name(cert.subject),
        cert_sha256=cert_sha256(cert),
    )


def password_from_env_or_prompt(
    prompt: str = "PKCS#12 password: ",
    *,
    env: str = PASSWORD_ENV,
    getpass_fn: Callable[[str], str] = getpass.getpass,
) -> bytes:
    """The password from ``VERIDESK_PASSWORD`` when set (scripts), else asked without echo."""
    value = os.environ.get(env)
    if value is not None and value != "":
        return value.encode("utf-8")
    if getpass_fn is getpass.getpass and not _has_terminal():
        # getpass would fall back to reading (and echoing) standard input.
        from desktop.errors import MessageError

        raise MessageError("password.no_terminal")
    try:
        return getpass_fn(prompt).encode("utf-8")
    except EOFError:
        from desktop.errors import MessageError

        raise MessageError("password.no_terminal") from None


def _has_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):
        return False


def _pw_bytes(password: bytes | str) -> bytes:
    return password.encode("utf-8") if isinstance(password, str) else bytes(password)


def load_certificate(path: Path) -> x509.Certificate:
    """A certificate from a PEM or DER file, or the one inside a PKCS#12 (its password is
    asked for, or read from ``VERIDESK_PASSWORD``)."""
    from desktop.errors import MessageError

    data = Path(path).read_bytes()
    if path.suffix.lower() in (".p12", ".pfx"):
        return load_identity(path, password_from_env_or_prompt()).cert
    try:
        if b"-----BEGIN CERTIFICATE-----" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError:
        raise MessageError("cert.unreadable", path=str(path)) from None
