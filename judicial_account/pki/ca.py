"""A certification authority kept in a directory: root CA, issuing CA, the certificates it
issued, and the CRLs it publishes. The demo (and the tests) use it in place of the national
certification authority, issuing certificates shaped like the national CA's: the subject
carries the IIN as SERIALNUMBER=IIN… and, for an organisation's officer, the BIN as
OU=BIN…. Production trusts the national CA's certificates instead (settings.PKI_*)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

KeyType = str  # "rsa" or "ec"
ONE_DAY = dt.timedelta(days=1)


def new_key(key_type: KeyType):
    if key_type == "ec":
        return ec.generate_private_key(ec.SECP256R1())
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(**parts: str) -> x509.Name:
    oids = {
        "C": NameOID.COUNTRY_NAME,
        "O": NameOID.ORGANIZATION_NAME,
        "OU": NameOID.ORGANIZATIONAL_UNIT_NAME,
        "CN": NameOID.COMMON_NAME,
        "SN": NameOID.SURNAME,
        "GN": NameOID.GIVEN_NAME,
        "SERIALNUMBER": NameOID.SERIAL_NUMBER,
        "E": NameOID.EMAIL_ADDRESS,
    }
    return x509.Name([x509.NameAttribute(oids[k], _fit(v)) for k, v in parts.items() if v])


def _fit(value: str, limit: int = 64) -> str:
    """X.520 bounds most name attributes to 64, and cryptography counts UTF-8 bytes, so a
    Cyrillic court name of 40 letters is already too long: cut at a character boundary."""
    while len(value.encode()) > limit:
        value = value[:-1]
    return value.rstrip()


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _key_pem(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


@dataclass(frozen=True)
class Purpose:
    """What a certificate is for. Document signing needs non-repudiation (validators such
    as pyHanko's reject signing certificates without it); login needs digitalSignature."""

    code: str
    key_usage: dict
    eku: tuple


AUTH = Purpose(
    "auth",
    {"digital_signature": True, "key_encipherment": True},
    (ExtendedKeyUsageOID.CLIENT_AUTH,),
)
SIGN = Purpose(
    "sign",
    {"digital_signature": True, "content_commitment": True},
    (ExtendedKeyUsageOID.EMAIL_PROTECTION,),
)
SEAL = Purpose("seal", {"digital_signature": True, "content_commitment": True}, ())
TSA = Purpose("tsa", {"digital_signature": True}, (ExtendedKeyUsageOID.TIME_STAMPING,))
PURPOSES = {p.code: p for p in (AUTH, SIGN, SEAL, TSA)}


class CertificateAuthority:
    """Root + issuing CA in `directory` (root.pem, issuing.pem, their keys, crl files and
    a small JSON index of issued and revoked certificates)."""

    def __init__(self, directory: Path, *, crl_base_url: str = "") -> None:
        self.dir = Path(directory)
        self.crl_base_url = crl_base_url.rstrip("/")

    # --- lifecycle -----------------------------------------------------------------
    @property
    def exists(self) -> bool:
        return (self.dir / "issuing.pem").exists()

    def create(self, *, now: dt.datetime | None = None) -> None:
        now = now or dt.datetime.now(dt.UTC)
        self.dir.mkdir(parents=True, exist_ok=True)
        root_key = new_key("ec")
        root_name = _name(C="KZ", O="Judicial Account (demo)", CN="Judicial Account Demo Root CA")
        root = self._ca_cert(
            root_name,
            root_key.public_key(),
            root_name,
            root_key,
            now,
            years=20,
            path_length=1,
            crl_name="root",
        )
        issuing_key = new_key("rsa")
        issuing_name = _name(
            C="KZ", O="Judicial Account (demo)", CN="Judicial Account Demo Issuing CA"
        )
        issuing = self._ca_cert(
            issuing_name,
            issuing_key.public_key(),
            root_name,
            root_key,
            now,
            years=10,
            path_length=0,
            crl_name="root",
        )
        (self.dir / "root.pem").write_bytes(_pem(root))
        (self.dir / "issuing.pem").write_bytes(_pem(issuing))
        for name, key in (("root", root_key), ("issuing", issuing_key)):
            path = self.dir / f"{name}.key"
            path.write_bytes(_key_pem(key))
            path.chmod(0o600)
        self._save_index({"revoked": {}, "issued": 0})
        self.publish_crls(now=now)

    def _ca_cert(
        self, subject, public_key, issuer, issuer_key, now, *, years, path_length, crl_name
    ):
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - ONE_DAY)
            .not_valid_after(now + dt.timedelta(days=365 * years))
            .add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=False,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        )
        if subject != issuer:
            builder = builder.add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
                critical=False,
            )
            builder = self._with_crl_point(builder, crl_name)
        return builder.sign(issuer_key, hashes.SHA256())

    def _with_crl_point(self, builder, crl_name: str):
        if not self.crl_base_url:
            return builder
        point = x509.DistributionPoint(
            full_name=[x509.UniformResourceIdentifier(f"{self.crl_base_url}/{crl_name}.crl")],
            relative_name=None,
            reasons=None,
            crl_issuer=None,
        )
        return builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)

    # --- loading --------------------------------------------------------------------
    def certificate(self, name: str) -> x509.Certificate:
        return x509.load_pem_x509_certificate((self.dir / f"{name}.pem").read_bytes())

    def _key(self, name: str):
        return serialization.load_pem_private_key((self.dir / f"{name}.key").read_bytes(), None)

    def _index(self) -> dict:
        path = self.dir / "index.json"
        return json.loads(path.read_text()) if path.exists() else {"revoked": {}, "issued": 0}

    def _save_index(self, index: dict) -> None:
        (self.dir / "index.json").write_text(json.dumps(index, indent=1))

    # --- issuing --------------------------------------------------------------------
    def issue(
        self,
        *,
        purpose: Purpose,
        common_name: str,
        key_type: KeyType = "rsa",
        iin: str = "",
        bin_: str = "",
        organisation: str = "",
        surname: str = "",
        given_name: str = "",
        not_before: dt.datetime | None = None,
        not_after: dt.datetime | None = None,
        key=None,
    ):
        """Issue a certificate; returns (private key, certificate)."""
        now = dt.datetime.now(dt.UTC)
        key = key or new_key(key_type)
        issuing = self.certificate("issuing")
        subject = _name(
            C="KZ",
            O=organisation,
            OU=f"BIN{bin_}" if bin_ else "",
            CN=common_name,
            SN=surname,
            GN=given_name,
            SERIALNUMBER=f"IIN{iin}" if iin else "",
        )
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuing.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before or now - ONE_DAY)
            .not_valid_after(not_after or now + dt.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=purpose.key_usage.get("digital_signature", False),
                    content_commitment=purpose.key_usage.get("content_commitment", False),
                    key_encipherment=purpose.key_usage.get("key_encipherment", False)
                    and isinstance(key, rsa.RSAPrivateKey),
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
                x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
            )
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(issuing.public_key()),
                critical=False,
            )
        )
        if purpose.eku:
            builder = builder.add_extension(
                x509.ExtendedKeyUsage(list(purpose.eku)), critical=purpose is TSA
            )
        builder = self._with_crl_point(builder, "issuing")
        cert = builder.sign(self._key("issuing"), hashes.SHA256())
        index = self._index()
        index["issued"] += 1
        self._save_index(index)
        return key, cert

    def revoke(self, cert: x509.Certificate, *, when: dt.datetime | None = None) -> None:
        index = self._index()
        index["revoked"][str(cert.serial_number)] = (when or dt.datetime.now(dt.UTC)).isoformat()
        self._save_index(index)
        self.publish_crls()

    def publish_crls(self, *, now: dt.datetime | None = None) -> None:
        """Write root.crl (revoked CAs: none) and issuing.crl (revoked end-entity
        certificates), valid for a week; the portal serves them at the CRL URLs."""
        now = now or dt.datetime.now(dt.UTC)
        revoked = self._index()["revoked"]
        for name, entries in (("root", {}), ("issuing", revoked)):
            issuer = self.certificate(name)
            builder = (
                x509.CertificateRevocationListBuilder()
                .issuer_name(issuer.subject)
                .last_update(now - dt.timedelta(minutes=5))
                .next_update(now + dt.timedelta(days=7))
                .add_extension(
                    x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.public_key()),
                    critical=False,
                )
                .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
            )
            for serial, when in entries.items():
                builder = builder.add_revoked_certificate(
                    x509.RevokedCertificateBuilder()
                    .serial_number(int(serial))
                    .revocation_date(dt.datetime.fromisoformat(when))
                    .build()
                )
            crl = builder.sign(self._key(name), hashes.SHA256())
            (self.dir / f"{name}.crl").write_bytes(crl.public_bytes(serialization.Encoding.DER))


def pkcs12_bytes(
    key, cert: x509.Certificate, chain: list[x509.Certificate], *, password: str, friendly_name: str
) -> bytes:
    """A .p12 as people receive them: key, certificate and the CA chain, protected by a
    password with PBES2/AES-256 and PBKDF2 (what current OpenSSL and browsers read)."""
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(50_000)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(password.encode())
    )
    return pkcs12.serialize_key_and_certificates(
        friendly_name.encode(), key, cert, chain, encryption
    )
