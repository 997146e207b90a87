"""The trust store: trusted roots, known intermediate CAs and their CRLs, read from the
files settings name. Loaded once per process and reloaded when a file changes, so a new
CRL (a revocation) reaches every running worker without a restart."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from django.conf import settings

logger = logging.getLogger(__name__)
_SHA256 = hashes.SHA256()


def _load_certs(data: bytes) -> list[x509.Certificate]:
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_certificates(data)
    return [x509.load_der_x509_certificate(data)]


def _load_crl(data: bytes) -> x509.CertificateRevocationList:
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_crl(data)
    return x509.load_der_x509_crl(data)


@dataclass
class TrustStore:
    roots: list[x509.Certificate] = field(default_factory=list)
    intermediates: list[x509.Certificate] = field(default_factory=list)
    crls: list[x509.CertificateRevocationList] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._root_fingerprints = {c.fingerprint(_SHA256) for c in self.roots}
        # Checked once when the store loads, not on every verification: which CRL each CA
        # signed (its newest), and the revoked serials of each as a dict.
        self._crl_by_issuer: dict[bytes, x509.CertificateRevocationList] = {}
        self._revoked: dict[int, dict[int, object]] = {}
        for crl in self.crls:
            for ca in [*self.roots, *self.intermediates]:
                if crl.issuer != ca.subject or not crl.is_signature_valid(ca.public_key()):
                    continue
                key = ca.fingerprint(_SHA256)
                best = self._crl_by_issuer.get(key)
                if best is None or crl.last_update_utc > best.last_update_utc:
                    self._crl_by_issuer[key] = crl
        for crl in self._crl_by_issuer.values():
            self._revoked[id(crl)] = {r.serial_number: r.revocation_date_utc for r in crl}
        self.ca_links: set[tuple[bytes, bytes]] = set()

    def is_known_ca(self, cert: x509.Certificate) -> bool:
        return any(cert == ca for ca in self.intermediates)

    def is_root(self, cert: x509.Certificate) -> bool:
        return cert.fingerprint(_SHA256) in self._root_fingerprints

    def issuers_of(self, cert: x509.Certificate, extra: list[x509.Certificate]):
        """Candidate issuers by name; the signature check decides among them."""
        for candidate in [*self.roots, *self.intermediates, *extra]:
            if candidate.subject == cert.issuer:
                yield candidate

    def crl_for(self, issuer: x509.Certificate) -> x509.CertificateRevocationList | None:
        """The newest CRL that `issuer` signed, if any. Only CAs of the store itself have
        CRLs here: an issuer brought in by the signature gets none (and fails closed)."""
        return self._crl_by_issuer.get(issuer.fingerprint(_SHA256))

    def revocation_date(self, crl, serial: int):
        """When `serial` was revoked according to `crl`, or None."""
        return self._revoked.get(id(crl), {}).get(serial)


_lock = threading.Lock()
_cache: dict = {"key": None, "store": None}


def _files() -> list[tuple[str, Path]]:
    return (
        [("root", Path(p)) for p in settings.PKI_TRUSTED_ROOTS]
        + [("intermediate", Path(p)) for p in settings.PKI_INTERMEDIATES]
        + [("crl", Path(p)) for p in settings.PKI_CRL_FILES]
    )


def trust_store() -> TrustStore:
    files = _files()
    key = tuple((kind, str(p), p.stat().st_mtime_ns if p.exists() else None) for kind, p in files)
    with _lock:
        if _cache["key"] == key:
            return _cache["store"]
        roots, intermediates, crls = [], [], []
        for kind, path in files:
            if not path.exists():
                logger.warning("pki.trust_file_missing", extra={"path": str(path)})
                continue
            data = path.read_bytes()
            if kind == "crl":
                crls.append(_load_crl(data))
            elif kind == "root":
                roots.extend(_load_certs(data))
            else:
                intermediates.extend(_load_certs(data))
        store = TrustStore(roots=roots, intermediates=intermediates, crls=crls)
        _cache.update(key=key, store=store)
        return store
