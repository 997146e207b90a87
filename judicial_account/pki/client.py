"""A signing client for integrations and tests: what the browser page does, from Python.

    python -m judicial_account.pki.client sign --p12 KEY.p12 --password PW --in FILE --out FILE.cms [--attached]
    python -m judicial_account.pki.client login --p12 AUTH.p12 --password PW --url http://127.0.0.1:8000 [--otp CODE]

The private key is read from the PKCS#12 file and never sent anywhere; only the CMS
signature (base64 of DER) goes to the portal. Needs only `cryptography` (no Django).
"""  # noqa: E501

from __future__ import annotations

import argparse
import base64
import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7, pkcs12


class KeyFileError(Exception):
    pass


def load_p12(data: bytes, password: str):
    """(private key, certificate, chain) from a .p12; KeyFileError on a wrong password or
    a file that is not PKCS#12."""
    try:
        key, cert, chain = pkcs12.load_key_and_certificates(data, password.encode())
    except ValueError as error:
        raise KeyFileError("wrong password or not a PKCS#12 key file") from error
    if key is None or cert is None:
        raise KeyFileError("the file holds no private key and certificate")
    return key, cert, chain or []


def cms_sign(content: bytes, key, cert, chain=(), *, attached: bool = False) -> bytes:
    """CMS SignedData (DER) over `content` with signed attributes and the certificate."""
    builder = pkcs7.PKCS7SignatureBuilder().set_data(content).add_signer(cert, key, hashes.SHA256())
    for extra in chain:
        builder = builder.add_certificate(extra)
    options = [pkcs7.PKCS7Options.Binary]
    if not attached:
        options.append(pkcs7.PKCS7Options.DetachedSignature)
    return builder.sign(serialization.Encoding.DER, options)


def _post_json(url: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(  # noqa: S310 - the portal URL the user gave
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def eds_login(base_url: str, key, cert, chain=(), *, otp: str = "") -> tuple[int, dict]:
    base = base_url.rstrip("/")
    status, challenge = _post_json(f"{base}/api/v1/auth/eds/challenge/", {})
    if status != 200:
        return status, challenge
    cms_der = cms_sign(challenge["nonce"].encode(), key, cert, chain)
    body = {"nonce": challenge["nonce"], "cms": base64.b64encode(cms_der).decode()}
    if otp:
        body["otp"] = otp
    return _post_json(f"{base}/api/v1/auth/eds/login/", body)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m judicial_account.pki.client")
    commands = parser.add_subparsers(dest="command", required=True)
    sign = commands.add_parser("sign", help="sign a file, write CMS (DER)")
    sign.add_argument("--in", dest="infile", required=True, type=Path)
    sign.add_argument("--out", required=True, type=Path)
    sign.add_argument("--attached", action="store_true", help="put the content inside the CMS")
    login = commands.add_parser("login", help="log in to the portal with the AUTH key")
    login.add_argument("--url", default="http://127.0.0.1:8000")
    login.add_argument("--otp", default="")
    for sub in (sign, login):
        sub.add_argument("--p12", required=True, type=Path)
        sub.add_argument("--password", required=True)
    args = parser.parse_args(argv)
    try:
        key, cert, chain = load_p12(args.p12.read_bytes(), args.password)
    except (OSError, KeyFileError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.command == "sign":
        args.out.write_bytes(
            cms_sign(args.infile.read_bytes(), key, cert, chain, attached=args.attached)
        )
        return 0
    status, body = eds_login(args.url, key, cert, chain, otp=args.otp)
    print(json.dumps(body, ensure_ascii=False))
    return 0 if status == 200 else 1


if __name__ == "__main__":
    sys.exit(main())
