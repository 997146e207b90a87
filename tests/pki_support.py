"""Certificates for tests: a test CA, holders with keys written as PEM for openssl."""

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from judicial_account.pki.ca import CertificateAuthority, pkcs12_bytes


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


def openssl_verify(signature: bytes, content: bytes, root_pem: Path, workdir: Path):
    """`openssl cms -verify` of a detached DER signature against a root: the referee."""
    (workdir / "content.bin").write_bytes(content)
    (workdir / "signature.der").write_bytes(signature)
    return subprocess.run(
        [
            "openssl",
            "cms",
            "-verify",
            "-binary",
            "-inform",
            "DER",
            "-in",
            str(workdir / "signature.der"),
            "-content",
            str(workdir / "content.bin"),
            "-CAfile",
            str(root_pem),
            "-purpose",
            "any",
            "-out",
            "/dev/null",
        ],
        capture_output=True,
        text=True,
    )
