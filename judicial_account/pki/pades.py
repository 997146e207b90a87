"""PAdES signatures on the PDFs the court issues: the court's seal (and, when a judge
signs, the judge's key) with a RFC 3161 time-stamp and the certificates and CRLs embedded
(PAdES B-LT), so the document stays verifiable after the certificates expire. Detached CMS
by the portal's seal for any stored document."""

from __future__ import annotations

from io import BytesIO

from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata, PdfSigner
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from judicial_account.pki.client import cms_sign
from judicial_account.pki.seals import SealIdentity, seal_identity
from judicial_account.pki.trust import trust_store


def _asn1_cert(cert) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def validation_context() -> ValidationContext:
    """What the signer embeds for B-LT: our trust store's chain and current CRLs. No
    fetching over the network: the CRLs are those the trust store already holds."""
    store = trust_store()
    return ValidationContext(
        trust_roots=[_asn1_cert(c) for c in store.roots],
        other_certs=[_asn1_cert(c) for c in store.intermediates],
        crls=[
            asn1_crl.CertificateList.load(c.public_bytes(serialization.Encoding.DER))
            for c in store.crls
        ],
        allow_fetching=False,
    )


def timestamper():
    """A RFC 3161 time-stamping service: the configured one, or the portal's own."""
    if settings.PKI_TSA_URL:
        return HTTPTimeStamper(settings.PKI_TSA_URL)
    return local_timestamper()


def local_timestamper() -> DummyTimeStamper:
    # pyHanko's in-process time stamper answers RFC 3161 requests with tokens signed by
    # our TSA key; the /pki/tsa endpoint serves the same to outside clients.
    tsa = seal_identity("tsa")
    return DummyTimeStamper(
        tsa_cert=tsa.asn1_certificate,
        tsa_key=tsa.asn1_key,
        certs_to_embed=SimpleCertificateStore.from_certs(tsa.asn1_chain),
    )


def pdf_seal(
    pdf: bytes,
    *,
    identity: SealIdentity,
    field_name: str,
    reason: str = "",
    location: str = "",
) -> bytes:
    """Add a PAdES B-LT signature by `identity` as a new revision of `pdf` (earlier
    signatures stay valid: each one is an incremental update)."""
    signer = signers.SimpleSigner(
        signing_cert=identity.asn1_certificate,
        signing_key=identity.asn1_key,
        cert_registry=SimpleCertificateStore.from_certs(identity.asn1_chain),
    )
    metadata = PdfSignatureMetadata(
        field_name=field_name,
        reason=reason or None,
        location=location or None,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        embed_validation_info=True,
        validation_context=validation_context(),
    )
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    output = PdfSigner(metadata, signer=signer, timestamper=timestamper()).sign_pdf(writer)
    return output.getvalue()


def portal_detached_cms(content: bytes) -> bytes:
    """The portal's seal over any stored document, as detached CMS (DER)."""
    seal = seal_identity("portal")
    return cms_sign(content, seal.key, seal.certificate, list(seal.chain))
