"""Writes for signatures: recording a verified signature and re-verifying it later."""

import datetime as dt
import hashlib
import uuid
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from judicial_account.audit.actions import AuditAction
from judicial_account.audit.services import audit_record
from judicial_account.pki.models import SignatureRecord, SigningRequest
from judicial_account.pki.verify import REASONS, Verification, cms_verify


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


class SigningRefused(Exception):
    """The signature was not accepted; `reason` is a verification reason code."""

    def __init__(self, reason: str, message: str = "") -> None:
        self.reason = reason
        self.message = message or str(REASONS.get(reason, reason))
        super().__init__(reason)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hash_upload(upload) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    for chunk in upload.chunks():
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return digest.hexdigest(), size


@transaction.atomic
def signing_request_create(
    *, owner, title: str, upload, receipt_wanted: bool = True
) -> SigningRequest:
    """Keep an uploaded document to be signed. The file is hashed as it streams in."""
    sha256, size = _hash_upload(upload)
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if size > settings.SIGNING_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("The file is larger than %(mb)s MB.")
                % {"mb": settings.SIGNING_MAX_BYTES // (1024 * 1024)}
            }
        )
    request = SigningRequest(
        public_id=uuid.uuid4(),
        owner=owner,
        title=title.strip()[:255],
        file_name=Path(upload.name).name[:255],
        receipt_wanted=receipt_wanted,
        size=size,
        sha256=sha256,
    )
    request.file.save(request.file_name, upload, save=False)
    request.full_clean()
    request.save()
    audit_record(owner, AuditAction.SIGNING_REQUESTED, target=request, details={"sha256": sha256})
    return request


def signing_request_content(request: SigningRequest) -> bytes:
    with request.file.open("rb") as handle:
        return handle.read()


def _receipt_enqueue(request_id: int) -> None:
    from judicial_account.pki.tasks import signing_receipt_issue_task

    signing_receipt_issue_task.delay(request_id)


def signing_request_sign(
    *, request: SigningRequest, cms_der: bytes, user, channel: str
) -> SignatureRecord:
    """Accept `cms_der` as `user`'s signature of the request's document, or raise
    SigningRefused. A refused signature is kept as evidence but the document stays
    unsigned."""
    if request.status == SigningRequest.Status.SIGNED:
        raise SigningRefused("already_signed", str(_("This document is already signed.")))
    content = signing_request_content(request)
    if hashlib.sha256(content).hexdigest() != request.sha256:
        # The stored file no longer matches what was uploaded: never sign over that.
        raise SigningRefused("document_altered")
    verification = cms_verify(cms_der, content=content, expected_iin=user.iin)
    with transaction.atomic():
        locked = SigningRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status == SigningRequest.Status.SIGNED:
            raise SigningRefused("already_signed", str(_("This document is already signed.")))
        record = signature_record(
            target=request,
            verification=verification,
            cms_der=cms_der,
            purpose="document",
            user=user,
        )
        if verification.valid:
            locked.status = SigningRequest.Status.SIGNED
            locked.signature = record
            locked.save(update_fields=["status", "signature"])
            request.status, request.signature = locked.status, record
            if locked.receipt_wanted:
                transaction.on_commit(lambda: _receipt_enqueue(request.pk))
    if not verification.valid:
        raise SigningRefused(verification.reason)
    return record
