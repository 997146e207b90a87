"""The keys the portal itself signs with: the seal of each court and of the portal, and
the time-stamping authority's key. Kept as PEM files in PKI_SEAL_DIR (a mounted secret or
an HSM-backed path in production); loaded once per process, since loading an RSA key
costs tens of milliseconds."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings

from judicial_account.pki.ca import SEAL, TSA, CertificateAuthority

PORTAL = "portal"


class SealNotConfigured(Exception):
    pass


@dataclass(frozen=True)
class SealIdentity:
    name: str
    key: object  # cryptography private key
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]

    @property
    def asn1_certificate(self) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(self.certificate.public_bytes(serialization.Encoding.DER))

    @property
    def asn1_chain(self) -> list[asn1_x509.Certificate]:
        return [
            asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
            for c in self.chain
        ]

    @property
    def asn1_key(self) -> asn1_keys.PrivateKeyInfo:
        der = self.key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        return asn1_keys.PrivateKeyInfo.load(der)


def _seal_dir() -> Path:
    return Path(settings.PKI_SEAL_DIR)


@functools.cache
def _load(directory: str, name: str) -> SealIdentity:
    base = Path(directory)
    key_path, cert_path = base / f"{name}.key", base / f"{name}.pem"
    if not key_path.exists() or not cert_path.exists():
        raise SealNotConfigured(f"No seal {name!r} in {directory}; run `manage.py pki_demo`.")
    key = serialization.load_pem_private_key(key_path.read_bytes(), None)
    certs = x509.load_pem_x509_certificates(cert_path.read_bytes())
    return SealIdentity(name=name, key=key, certificate=certs[0], chain=tuple(certs[1:]))


def seal_identity(name: str) -> SealIdentity:
    return _load(str(_seal_dir()), name)


def court_seal_name(court_code: str) -> str:
    return f"court-{court_code.lower()}"


def seals_issue(ca: CertificateAuthority, *, courts: list[tuple[str, str]]) -> int:
    """Issue the portal's seal, the TSA certificate and a seal per (code, name) court, for
    those that do not exist yet. Returns how many were issued."""
    directory = _seal_dir()
    directory.mkdir(parents=True, exist_ok=True)
    # The local time stamper (pyHanko's) signs with RSA only; seals use ECDSA P-256.
    wanted = [(PORTAL, "Judicial Account", SEAL, "ec"), ("tsa", "Judicial Account TSA", TSA, "rsa")]
    wanted += [(court_seal_name(code), name, SEAL, "ec") for code, name in courts]
    chain = [ca.certificate("issuing"), ca.certificate("root")]
    issued = 0
    for name, common_name, purpose, key_type in wanted:
        if (directory / f"{name}.pem").exists():
            continue
        key, cert = ca.issue(
            purpose=purpose,
            common_name=common_name[:64],
            key_type=key_type,
            organisation="Judicial Account",
        )
        key_path = directory / f"{name}.key"
        key_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        key_path.chmod(0o600)
        (directory / f"{name}.pem").write_bytes(
            b"".join(c.public_bytes(serialization.Encoding.PEM) for c in [cert, *chain])
        )
        issued += 1
    _load.cache_clear()
    return issued
