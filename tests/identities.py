"""Throw-away signing identities for tests (self-signed, generated in memory)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID


@dataclass
class TestIdentity:
    key: Any
    cert: x509.Certificate


def make(
    name: str,
    kind: str = "ec",
    *,
    valid_from: dt.timedelta = dt.timedelta(minutes=-1),
    valid_for: dt.timedelta = dt.timedelta(days=30),
    signing: bool | None = None,
) -> TestIdentity:
    """A self-signed identity; ``valid_from`` is relative to now (negative: in the past),
    ``signing`` adds a key-usage extension with or without digitalSignature."""
    key = ec.generate_private_key(ec.SECP256R1()) if kind == "ec" else rsa.generate_private_key(
        public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    start = dt.datetime.now(dt.UTC) + valid_from
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + valid_for)
    )
    if signing is not None:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=signing, content_commitment=signing, key_encipherment=False,
                data_encipherment=not signing, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
    return TestIdentity(key, builder.sign(key, hashes.SHA256()))
