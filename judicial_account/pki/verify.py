"""Verifying a CMS (PKCS#7) SignedData over a document or a login challenge.

Every check that can fail has its own reason code, so the person is told exactly what is
wrong with their signature: the CMS itself, the document, the certificate's validity,
trust, revocation, key usage, or whose signature it is. Algorithms: RSA (PKCS#1 v1.5, PSS)
and ECDSA with SHA-2; others are refused (the national GOST algorithms need a vendor
library; `_verify_signature` is the one place to add them)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from dataclasses import dataclass, field

from asn1crypto import cms
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from judicial_account.pki.trust import TrustStore, trust_store


class Purpose:
    LOGIN = "login"
    DOCUMENT = "document"


REASONS = {
    "malformed": _("The signature could not be read: it is not a valid CMS signature."),
    "unsupported_algorithm": _("The signature uses an algorithm the portal does not accept."),
    "document_altered": _(
        "The signature does not match the document: the document was changed after signing "
        "or the signature belongs to another document."
    ),
    "untrusted": _("The certificate was not issued by a trusted certification authority."),
    "expired": _("The certificate had expired at the time of signing."),
    "not_yet_valid": _("The certificate was not yet valid at the time of signing."),
    "revoked": _("The certificate has been revoked by the certification authority."),
    "revocation_unknown": _(
        "The certificate's revocation status cannot be checked right now. Try again later."
    ),
    "wrong_key_usage": _(
        "This key is not meant for this: use your authentication key (AUTH) to log in and "
        "your signing key (RSA/GOST) to sign documents."
    ),
    "signer_mismatch": _("The document is signed by someone else's certificate."),
    "no_identity": _("The certificate does not carry an IIN."),
}

_HASHES = {"sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}
MAX_CHAIN = 6
_SHA256 = hashes.SHA256()


class SignatureInvalid(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass
class Verification:
    valid: bool
    reason: str = ""
    signer: x509.Certificate | None = None
    chain: list[x509.Certificate] = field(default_factory=list)
    iin: str = ""
    bin: str = ""
    signer_name: str = ""
    signing_time: dt.datetime | None = None
    content: bytes | None = None
    revoked_since: dt.datetime | None = None

    @property
    def message(self) -> str:
        return str(REASONS.get(self.reason, "")) if self.reason else ""

    @property
    def content_sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest() if self.content is not None else ""


def subject_identity(cert: x509.Certificate) -> tuple[str, str, str]:
    """(IIN, BIN, name) as the national CA writes them: SERIALNUMBER=IIN…, OU=BIN…, CN."""

    def first(oid) -> str:
        values = cert.subject.get_attributes_for_oid(oid)
        return str(values[0].value) if values else ""

    serial = first(NameOID.SERIAL_NUMBER)
    unit = first(NameOID.ORGANIZATIONAL_UNIT_NAME)
    iin = serial[3:] if serial.upper().startswith("IIN") else ""
    bin_ = unit[3:] if unit.upper().startswith("BIN") else ""
    return iin, bin_, first(NameOID.COMMON_NAME)


def cms_verify(
    cms_der: bytes,
    *,
    content: bytes | None = None,
    purpose: str = Purpose.DOCUMENT,
    at: dt.datetime | None = None,
    expected_iin: str | None = None,
    store: TrustStore | None = None,
) -> Verification:
    """Verify `cms_der`, detached over `content` or with the content inside. `at` is when
    the portal received the signature (defaults to now): the certificate must be valid and
    unrevoked then. Never raises for bad input; the result says what is wrong."""
    at = at or timezone.now()
    result = Verification(valid=False)
    try:
        signed_data, signer_info, signer_cert, embedded = _parse(cms_der)
        result.signer = signer_cert
        result.iin, result.bin, result.signer_name = subject_identity(signer_cert)
        result.content = _content(signed_data, content)
        result.signing_time = _verify_signature(signer_info, signer_cert, result.content)
        store = store or trust_store()
        result.chain = _verify_chain(signer_cert, embedded, store, at)
        _check_key_usage(signer_cert, purpose)
        result.revoked_since = _check_revocation(result.chain, store, at)
        if not result.iin:
            raise SignatureInvalid("no_identity")
        if expected_iin is not None and result.iin != expected_iin:
            raise SignatureInvalid("signer_mismatch")
    except SignatureInvalid as failure:
        result.reason = failure.reason
        return result
    result.valid = True
    return result


def _parse(cms_der: bytes):
    try:
        info = cms.ContentInfo.load(cms_der, strict=True)
        if info["content_type"].native != "signed_data":
            raise SignatureInvalid("malformed")
        signed_data = info["content"]
        signer_infos = signed_data["signer_infos"]
        if len(signer_infos) != 1:
            raise SignatureInvalid("malformed")
        signer_info = signer_infos[0]
        embedded = [
            x509.load_der_x509_certificate(choice.chosen.dump())
            for choice in signed_data["certificates"] or []
            if choice.name == "certificate"
        ]
        sid = signer_info["sid"]
        signer = None
        for cert in embedded:
            if sid.name == "issuer_and_serial_number":
                if (
                    cert.serial_number == sid.chosen["serial_number"].native
                    and cert.issuer.public_bytes() == sid.chosen["issuer"].dump()
                ):
                    signer = cert
            else:
                ski = _ski(cert)
                if ski is not None and ski == sid.chosen.native:
                    signer = cert
        if signer is None:
            raise SignatureInvalid("malformed")
        return signed_data, signer_info, signer, embedded
    except SignatureInvalid:
        raise
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        raise SignatureInvalid("malformed") from error


def _ski(cert: x509.Certificate) -> bytes | None:
    try:
        return cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    except x509.ExtensionNotFound:
        return None


def _content(signed_data, detached: bytes | None) -> bytes:
    encapsulated = signed_data["encap_content_info"]["content"].native
    if encapsulated is not None and detached is not None and encapsulated != detached:
        raise SignatureInvalid("document_altered")
    content = detached if detached is not None else encapsulated
    if content is None:
        raise SignatureInvalid("malformed")
    return content


def _verify_signature(signer_info, cert: x509.Certificate, content: bytes):
    """Check the digest and the signature; return the self-reported signing time."""
    digest_name = signer_info["digest_algorithm"]["algorithm"].native
    if digest_name not in _HASHES:
        raise SignatureInvalid("unsupported_algorithm")
    hash_algorithm = _HASHES[digest_name]()
    signing_time = None
    signed_attrs = signer_info["signed_attrs"]
    if signed_attrs.native is not None and len(signed_attrs):
        digests = [
            a["values"][0].native for a in signed_attrs if a["type"].native == "message_digest"
        ]
        if len(digests) != 1:
            raise SignatureInvalid("malformed")
        h = hashes.Hash(hash_algorithm)
        h.update(content)
        if h.finalize() != digests[0]:
            raise SignatureInvalid("document_altered")
        for attribute in signed_attrs:
            if attribute["type"].native == "signing_time":
                signing_time = attribute["values"][0].native
        # The signature covers the attributes DER-encoded as a SET, not as the [0] field.
        to_verify = b"\x31" + signed_attrs.dump()[1:]
    else:
        to_verify = content
    signature = signer_info["signature"].native
    algorithm = signer_info["signature_algorithm"].signature_algo
    key = cert.public_key()
    try:
        if algorithm == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, to_verify, padding.PKCS1v15(), hash_algorithm)
        elif algorithm == "rsassa_pss" and isinstance(key, rsa.RSAPublicKey):
            key.verify(
                signature,
                to_verify,
                padding.PSS(padding.MGF1(hash_algorithm), padding.PSS.AUTO),
                hash_algorithm,
            )
        elif algorithm == "ecdsa" and isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, to_verify, ec.ECDSA(hash_algorithm))
        else:
            raise SignatureInvalid("unsupported_algorithm")
    except InvalidSignature as error:
        raise SignatureInvalid("document_altered") from error
    except UnsupportedAlgorithm as error:
        raise SignatureInvalid("unsupported_algorithm") from error
    return signing_time


def _verify_chain(leaf, embedded, store: TrustStore, at: dt.datetime) -> list[x509.Certificate]:
    """Build leaf → … → trusted root, checking each link's signature and CA rights, then
    the validity period of every certificate at `at`."""
    chain = [leaf]
    current = leaf
    while not store.is_root(current):
        if len(chain) > MAX_CHAIN:
            raise SignatureInvalid("untrusted")
        issuer = _find_issuer(current, embedded, store)
        if issuer is None:
            raise SignatureInvalid("untrusted")
        chain.append(issuer)
        current = issuer
    for cert in chain:
        if at < cert.not_valid_before_utc:
            raise SignatureInvalid("not_yet_valid")
        if at > cert.not_valid_after_utc:
            raise SignatureInvalid("expired")
    return chain


def _find_issuer(cert, embedded, store: TrustStore):
    for candidate in store.issuers_of(cert, embedded):
        if candidate == cert:
            continue
        link = (cert.fingerprint(_SHA256), candidate.fingerprint(_SHA256))
        if link not in store.ca_links:
            try:
                cert.verify_directly_issued_by(candidate)
            except (ValueError, TypeError, InvalidSignature):
                continue
        try:
            constraints = candidate.extensions.get_extension_for_class(x509.BasicConstraints)
            usage = candidate.extensions.get_extension_for_class(x509.KeyUsage)
        except x509.ExtensionNotFound:
            continue
        if constraints.value.ca and usage.value.key_cert_sign:
            if store.is_known_ca(cert):
                # A link between two CAs of the trust store never changes: check it once.
                store.ca_links.add(link)
            return candidate
    return None


def _check_key_usage(cert: x509.Certificate, purpose: str) -> None:
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound as error:
        raise SignatureInvalid("wrong_key_usage") from error
    if not usage.digital_signature:
        raise SignatureInvalid("wrong_key_usage")
    if purpose == Purpose.DOCUMENT and not usage.content_commitment:
        raise SignatureInvalid("wrong_key_usage")
    if purpose == Purpose.LOGIN and usage.content_commitment:
        # The signing key is for documents only: a login signed with it would let one
        # confuse "I log in" with "I sign this".
        raise SignatureInvalid("wrong_key_usage")


def _check_revocation(chain, store: TrustStore, at: dt.datetime) -> dt.datetime | None:
    """Each certificate below the root must appear on a current CRL of its issuer as not
    revoked at `at`. Returns the revocation date when a certificate was revoked only after
    `at` (the signature stays valid, but the person should know)."""
    now = timezone.now()
    revoked_later = None
    for cert, issuer in zip(chain, chain[1:], strict=False):
        crl = store.crl_for(issuer)
        if crl is None or (crl.next_update_utc is not None and crl.next_update_utc < now):
            raise SignatureInvalid("revocation_unknown")
        revoked_on = store.revocation_date(crl, cert.serial_number)
        if revoked_on is None:
            continue
        if revoked_on <= at:
            raise SignatureInvalid("revoked")
        revoked_later = revoked_on
    return revoked_later


def decode_cms(value: str) -> bytes | None:
    """Base64 of DER as the browser and the API send it; None if it is not base64."""
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None
