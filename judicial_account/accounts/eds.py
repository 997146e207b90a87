"""Logging in with an electronic digital signature: the portal hands out a one-time nonce,
the person signs it with their authentication key, the portal verifies the signature and
logs in whoever the certificate names (by the IIN in its subject)."""

import secrets

from django.conf import settings
from django.core.cache import cache

from judicial_account.accounts.models import User
from judicial_account.accounts.services import LoginError
from judicial_account.audit.actions import AuditAction
from judicial_account.audit.services import audit_record
from judicial_account.pki.verify import REASONS, Purpose, cms_verify, decode_cms

_PREFIX = "eds-challenge:"


class EdsLoginError(LoginError):
    """A refused EDS login; `code` is the signature reason where there is one."""

    @property
    def message(self) -> str:
        if self.code in REASONS:
            return str(REASONS[self.code])
        return super().message


def eds_challenge_issue() -> str:
    """A fresh nonce, answerable once within EDS_CHALLENGE_SECONDS."""
    nonce = secrets.token_urlsafe(32)
    cache.set(_PREFIX + nonce, 1, timeout=settings.EDS_CHALLENGE_SECONDS)
    return nonce


def _challenge_consume(nonce: str) -> bool:
    # delete() answers whether the key was there: of two racing requests only one wins.
    return bool(nonce) and len(nonce) < 100 and bool(cache.delete(_PREFIX + nonce))


def login_check_eds(*, nonce: str, cms_b64: str, ip: str | None) -> User:
    """Verify the signed nonce and return the certificate's owner. Raises EdsLoginError."""
    if not _challenge_consume(nonce):
        raise EdsLoginError("challenge_invalid")
    cms_der = decode_cms(cms_b64)
    if not cms_der:
        raise EdsLoginError("malformed")
    verification = cms_verify(cms_der, content=nonce.encode(), purpose=Purpose.LOGIN)
    if not verification.valid:
        audit_record(
            None,
            AuditAction.EDS_LOGIN_FAILED,
            ip=ip,
            actor_iin=verification.iin,
            details={"reason": verification.reason},
        )
        raise EdsLoginError(verification.reason)
    user = User.objects.filter(iin=verification.iin).first()
    if user is None:
        raise EdsLoginError("no_account")
    if user.is_locked():
        raise EdsLoginError("locked", until=user.locked_until)
    if not user.is_active:
        raise EdsLoginError("inactive")
    return user
