"""Logging in and signing by QR code: the desktop shows a code, a logged-in phone
approves (or signs), and the desktop hears about it over a websocket."""

import datetime as dt
import io
import secrets

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from judicial_account.accounts.models import QrApproval, User
from judicial_account.audit.actions import AuditAction
from judicial_account.audit.services import audit_record
from judicial_account.core.push import group_send_on_commit
from judicial_account.pki import services as pki_services


class QrError(Exception):
    MESSAGES = {
        "invalid": _("This QR code is no longer valid. Show a new one on the other device."),
        "not_yours": _("This document can be signed only by its owner."),
    }

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(self.MESSAGES[self.code])


def qr_group(token: str) -> str:
    return f"qr.{token}"


def _ensure_session(request) -> str:
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key


def qr_approval_create(request, *, kind: str, signing_request=None) -> QrApproval:
    """A new code for the session making `request`. Earlier codes of this session for the
    same purpose stop working, so only the one on screen can be approved."""
    session_key = _ensure_session(request)
    QrApproval.objects.filter(
        session_key=session_key, kind=kind, status=QrApproval.Status.PENDING
    ).update(expires_at=timezone.now())
    from judicial_account.accounts.services import client_ip

    return QrApproval.objects.create(
        token=secrets.token_urlsafe(32),
        kind=kind,
        session_key=session_key,
        owner=signing_request.owner if signing_request else None,
        signing_request=signing_request,
        requested_ip=client_ip(request),
        user_agent=request.headers.get("User-Agent", "")[:255],
        expires_at=timezone.now() + dt.timedelta(seconds=settings.QR_TOKEN_SECONDS),
    )


def qr_url(approval: QrApproval) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("accounts:qr_phone", args=[approval.token])


def qr_svg(text: str) -> str:
    """An inline SVG QR code (no image file, no script; scales to any screen)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def qr_approval_pending(token: str) -> QrApproval:
    """The pending, unexpired approval for `token`, or QrError("invalid")."""
    approval = (
        QrApproval.objects.select_related("signing_request", "owner")
        .filter(token=token[:64], status=QrApproval.Status.PENDING)
        .first()
    )
    if approval is None or approval.is_expired():
        raise QrError("invalid")
    return approval


@transaction.atomic
def qr_login_approve(*, token: str, user: User, ip: str | None) -> QrApproval:
    approval = qr_approval_pending(token)
    if approval.kind != QrApproval.Kind.LOGIN:
        raise QrError("invalid")
    locked = QrApproval.objects.select_for_update().get(pk=approval.pk)
    if locked.status != QrApproval.Status.PENDING:
        raise QrError("invalid")
    locked.status = QrApproval.Status.APPROVED
    locked.approved_by = user
    locked.save(update_fields=["status", "approved_by"])
    audit_record(
        user,
        AuditAction.QR_LOGIN_APPROVED,
        target=locked,
        ip=ip,
        details={"desktop_ip": locked.requested_ip},
    )
    group_send_on_commit(qr_group(locked.token), {"event": "approved"})
    return locked


@transaction.atomic
def qr_login_complete(*, token: str, session_key: str) -> User:
    """The desktop claims its approved login: once, from the session that showed it."""
    approval = (
        QrApproval.objects.select_for_update()
        .filter(
            token=token[:64],
            kind=QrApproval.Kind.LOGIN,
            status=QrApproval.Status.APPROVED,
            session_key=session_key,
        )
        .first()
    )
    if approval is None or approval.is_expired():
        raise QrError("invalid")
    approval.status = QrApproval.Status.USED
    approval.save(update_fields=["status"])
    return User.objects.get(pk=approval.approved_by_id)


def qr_sign(*, token: str, user: User, cms_der: bytes):
    """The phone's signature of the document the desktop showed. The signer must be the
    document's owner; verification is the same as for any signature."""
    approval = qr_approval_pending(token)
    if approval.kind != QrApproval.Kind.SIGN or approval.signing_request is None:
        raise QrError("invalid")
    if approval.owner_id != user.pk:
        raise QrError("not_yours")
    record = pki_services.signing_request_sign(
        request=approval.signing_request, cms_der=cms_der, user=user, channel="qr"
    )
    with transaction.atomic():
        QrApproval.objects.filter(pk=approval.pk).update(
            status=QrApproval.Status.USED, approved_by=user
        )
        group_send_on_commit(qr_group(approval.token), {"event": "signed"})
    return record
