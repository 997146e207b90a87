"""Writes for signatures: recording a verified signature and re-verifying it later."""

import datetime as dt

from cryptography.hazmat.primitives import serialization
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from judicial_account.audit.actions import AuditAction
from judicial_account.audit.services import audit_record
from judicial_account.pki.models import SignatureRecord
from judicial_account.pki.verify import Verification, cms_verify


@transaction.atomic
def signature_record(
    *,
    target: Model,
    verification: Verification,
    cms_der: bytes,
    purpose: str,
    user=None,
    received_at: dt.datetime | None = None,
) -> SignatureRecord:
    """Keep a signature and its verdict with the object it signs."""
    now = timezone.now()
    cert = verification.signer
    record = SignatureRecord.objects.create(
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        purpose=purpose,
        content_sha256=verification.content_sha256,
        cms=cms_der,
        certificate=cert.public_bytes(serialization.Encoding.DER) if cert else None,
        signer_iin=verification.iin,
        signer_bin=verification.bin,
        signer_name=verification.signer_name,
        signer=user,
        received_at=received_at or now,
        signing_time=verification.signing_time,
        valid=verification.valid,
        reason=verification.reason,
        verified_at=now,
    )
    audit_record(
        user,
        AuditAction.SIGNATURE_VERIFIED,
        target=record,
        details={
            "valid": verification.valid,
            "reason": verification.reason,
            "sha256": verification.content_sha256,
        },
    )
    return record


@transaction.atomic
def signature_reverify(*, record: SignatureRecord, content: bytes, acting_user=None):
    """Check the stored signature again against the current trust store and CRLs, as of
    when it was received; the previous verdict goes to the record's history."""
    verification = cms_verify(
        bytes(record.cms),
        content=content,
        purpose=record.purpose,
        at=record.received_at,
        expected_iin=record.signer_iin or None,
    )
    record.history = [
        *record.history,
        {
            "verified_at": record.verified_at.isoformat(),
            "valid": record.valid,
            "reason": record.reason,
        },
    ]
    record.valid = verification.valid
    record.reason = verification.reason
    record.verified_at = timezone.now()
    record.save(update_fields=["history", "valid", "reason", "verified_at"])
    audit_record(
        acting_user,
        AuditAction.SIGNATURE_REVERIFIED,
        target=record,
        details={"valid": verification.valid, "reason": verification.reason},
    )
    return verification
