"""Signing identities: self-signed PKCS#12 creation, loading, CA-issued PKCS#12, passwords."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from desktop.report.identity import (
    PASSWORD_ENV,
    IdentityError,
    load_identity,
    make_identity,
    password_from_env_or_prompt,
)


@pytest.mark.parametrize("key_type, key_class", [("rsa", rsa.RSAPrivateKey),
                                                 ("ec", ec.EllipticCurvePrivateKey)])
def test_make_and_load_round_trip(key_type, key_class, tmp_path):
    p12 = make_identity("Lin Mei-Hua 林美華", "lin@example.tw", password=b"s3cret",
                        key_type=key_type, days=30, organisation="Formosa VS")
    ident = load_identity(p12, b"s3cret")
    assert isinstance(ident.key, key_class)
    assert ident.common_name == "Lin Mei-Hua 林美華"
    assert ident.subject_name == "CN=Lin Mei-Hua 林美華, O=Formosa VS, E=lin@example.tw"
    assert ident.self_signed and ident.chain == ()
    der = ident.cert.public_bytes(serialization.Encoding.DER)
    import hashlib

    assert ident.cert_sha256 == hashlib.sha256(der).hexdigest()
    usage = ident.cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment
    assert not usage.key_cert_sign
    lifetime = ident.cert.not_valid_after_utc - ident.cert.not_valid_before_utc
    assert dt.timedelta(days=29) < lifetime < dt.timedelta(days=31)
    # the same from a file, with a str password
    path = tmp_path / "me.p12"
    path.write_bytes(p12)
    again = load_identity(path, "s3cret")
    assert again.cert_sha256 == ident.cert_sha256


@pytest.fixture(scope="module")
def p12() -> bytes:
    return make_identity("Chen Wei", password=b"right", key_type="ec")


@pytest.mark.parametrize("password", [b"wrong", "", None])
def test_wrong_password_is_refused_clearly(p12, password):
    with pytest.raises(IdentityError, match="wrong password"):
        load_identity(p12, password)


def test_unreadable_inputs(tmp_path):
    with pytest.raises(IdentityError, match="not a readable PKCS#12"):
        load_identity(b"this is not a pkcs12 file", b"x")
    with pytest.raises(IdentityError, match="cannot read"):
        load_identity(tmp_path / "missing.p12", b"x")


def test_make_identity_refuses_bad_arguments():
    with pytest.raises(IdentityError, match="password"):
        make_identity("A", password=b"")
    with pytest.raises(IdentityError, match="key_type"):
        make_identity("A", password=b"x", key_type="dsa")
    with pytest.raises(IdentityError, match="name"):
        make_identity("  ", password=b"x")


def _ca_issued_p12(password: bytes) -> tuple[bytes, x509.Certificate]:
    """A PKCS#12 as a real CA would issue it: leaf key + leaf cert + the CA in the chain."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test Root CA")])
    ca_cert = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=90))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                     key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=True, crl_sign=True,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Reviewer One"),
                                 x509.NameAttribute(NameOID.ORGANIZATION_NAME, "VVB")]))
        .issuer_name(ca_name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1)).not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                     key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=False, crl_sign=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        b"reviewer", key, leaf, [ca_cert], serialization.BestAvailableEncryption(password)
    )
    return data, ca_cert


@pytest.fixture(scope="module")
def ca_issued():
    return _ca_issued_p12(b"ca-pass")


def test_load_ca_issued_pkcs12(ca_issued):
    data, ca_cert = ca_issued
    ident = load_identity(data, b"ca-pass")
    assert not ident.self_signed
    assert ident.chain == (ca_cert,)
    assert ident.subject_name == "CN=Reviewer One, O=VVB"


def test_password_from_env_or_prompt(monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, "from-env")
    asked = []
    assert password_from_env_or_prompt(getpass_fn=lambda p: asked.append(p) or "x") == b"from-env"
    assert asked == []
    monkeypatch.delenv(PASSWORD_ENV)
    assert password_from_env_or_prompt("PW? ", getpass_fn=lambda p: asked.append(p) or "typed") \
        == b"typed"
    assert asked == ["PW? "]
