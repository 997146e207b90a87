import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from judicial_account.pki.ca import AUTH, SIGN, CertificateAuthority, pkcs12_bytes


@dataclass
class Holder:
    """A person's key and certificate, also written as PEM files for openssl."""

    key: object
    cert: object
    key_pem: Path
    cert_pem: Path
    iin: str

    def p12(self, password: str, ca: CertificateAuthority) -> bytes:
        return pkcs12_bytes(
            self.key,
            self.cert,
            [ca.certificate("issuing")],
            password=password,
            friendly_name="test",
        )


def write_holder(directory: Path, name: str, key, cert, iin: str) -> Holder:
    key_pem = directory / f"{name}.key"
    cert_pem = directory / f"{name}.pem"
    key_pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return Holder(key, cert, key_pem, cert_pem, iin)


@pytest.fixture(scope="session")
def test_ca(tmp_path_factory) -> CertificateAuthority:
    ca = CertificateAuthority(
        tmp_path_factory.mktemp("ca"), crl_base_url="http://testserver/pki/crl"
    )
    ca.create()
    return ca


@pytest.fixture(scope="session")
def other_ca(tmp_path_factory) -> CertificateAuthority:
    ca = CertificateAuthority(tmp_path_factory.mktemp("other-ca"))
    ca.create()
    return ca


@pytest.fixture(autouse=True)
def _trust_test_ca(settings, test_ca):
    settings.PKI_DIR = test_ca.dir
    settings.PKI_TRUSTED_ROOTS = [str(test_ca.dir / "root.pem")]
    settings.PKI_INTERMEDIATES = [str(test_ca.dir / "issuing.pem")]
    settings.PKI_CRL_FILES = [str(test_ca.dir / "root.crl"), str(test_ca.dir / "issuing.crl")]


@pytest.fixture(scope="session")
def issue(test_ca, tmp_path_factory):
    """issue(purpose, key_type, iin=..., **dates) → Holder, from the test CA."""
    directory = tmp_path_factory.mktemp("holders")
    counter = iter(range(10_000))

    def make(purpose=SIGN, key_type="rsa", *, iin="850314300017", ca=None, **kwargs) -> Holder:
        key, cert = (ca or test_ca).issue(
            purpose=purpose, common_name="ТЕСТОВ ТЕСТ", key_type=key_type, iin=iin, **kwargs
        )
        return write_holder(directory, f"h{next(counter)}", key, cert, iin)

    return make


@pytest.fixture(scope="session")
def signer_rsa(issue):
    return issue(SIGN, "rsa")


@pytest.fixture(scope="session")
def signer_ec(issue):
    return issue(SIGN, "ec")


@pytest.fixture(scope="session")
def auth_rsa(issue):
    return issue(AUTH, "rsa")


def openssl_sign(holder: Holder, content_path: Path, *, attached=False) -> bytes:
    args = [
        "openssl",
        "cms",
        "-sign",
        "-binary",
        "-md",
        "sha256",
        "-in",
        str(content_path),
        "-signer",
        str(holder.cert_pem),
        "-inkey",
        str(holder.key_pem),
        "-outform",
        "DER",
    ]
    if attached:
        args.append("-nodetach")
    return subprocess.run(args, check=True, capture_output=True).stdout


PAST = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
