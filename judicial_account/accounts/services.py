"""Writes for accounts: registration, the login checks with lockout, preferences."""

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import login as django_login
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from judicial_account import registries
from judicial_account.accounts.identifiers import validate_iin
from judicial_account.accounts.models import Language, Role, User
from judicial_account.audit.actions import AuditAction
from judicial_account.audit.services import audit_record

logger = logging.getLogger(__name__)


class LoginError(Exception):
    """Why a login was refused. `code` is stable for API clients; `message` is for people."""

    MESSAGES = {
        "invalid_credentials": _("Wrong IIN or password."),
        "locked": _(
            "Too many failed attempts: the account is locked until %(until)s. Try again later."
        ),
        "inactive": _("This account is disabled. Contact the court's administrator."),
        "otp_required": _("Enter the one-time code from your authenticator app."),
        "otp_invalid": _("The one-time code is wrong or has expired."),
        "challenge_invalid": _("The login request has expired or was already used. Start again."),
        "no_account": _("There is no account for the IIN in this certificate. Register first."),
        "otp_not_configured": _(
            "Your role requires two-factor authentication but no authenticator is set up. "
            "Contact the court's administrator."
        ),
    }

    def __init__(self, code: str, *, until: dt.datetime | None = None) -> None:
        self.code = code
        self.until = until
        super().__init__(code)

    @property
    def message(self) -> str:
        until = timezone.localtime(self.until).strftime("%H:%M") if self.until else ""
        return str(self.MESSAGES[self.code]) % {"until": until}


# A password hash computed once, so a login for an unknown IIN costs the same time as one
# for a known IIN and the response time does not reveal who has an account.
_DUMMY_HASH: str | None = None


def _spend_hash_time(password: str) -> None:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = make_password("not-a-real-password")
    from django.contrib.auth.hashers import check_password

    check_password(password, _DUMMY_HASH)


def _register_failure(user: User, *, ip: str | None, action=AuditAction.LOGIN_FAILED) -> None:
    """Count a failed attempt (atomically, parallel attempts all count) and lock the
    account when the limit is reached. Commits on its own: the caller raises next."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
        user.refresh_from_db(fields=["failed_logins", "locked_until"])
        audit_record(user, action, ip=ip, details={"failures": user.failed_logins})
        if user.failed_logins >= settings.LOGIN_MAX_FAILURES:
            until = timezone.now() + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
            User.objects.filter(pk=user.pk).update(locked_until=until, failed_logins=0)
            user.locked_until = until
            audit_record(user, AuditAction.LOGIN_LOCKED, ip=ip, details={"until": until})


def login_check_password(*, iin: str, password: str, ip: str | None) -> User:
    """First factor. Raises LoginError; unknown IIN and wrong password look the same."""
    user = User.objects.filter(iin=iin.strip()).first()
    if user is None:
        _spend_hash_time(password)
        audit_record(None, AuditAction.LOGIN_FAILED, ip=ip, actor_iin=iin.strip()[:12])
        raise LoginError("invalid_credentials")
    if user.is_locked():
        raise LoginError("locked", until=user.locked_until)
    if not user.check_password(password):
        _register_failure(user, ip=ip)
        if user.is_locked():
            raise LoginError("locked", until=user.locked_until)
        raise LoginError("invalid_credentials")
    if not user.is_active:
        raise LoginError("inactive")
    return user


def otp_device_for(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def login_check_otp(*, user: User, token: str | None, ip: str | None) -> TOTPDevice | None:
    """Second factor for roles that need it. Returns the verified device (None when the
    role needs none). Wrong codes count towards the lockout like wrong passwords."""
    if not user.requires_otp:
        return None
    if user.is_locked():
        raise LoginError("locked", until=user.locked_until)
    device = otp_device_for(user)
    if device is None:
        raise LoginError("otp_not_configured")
    token = (token or "").strip().replace(" ", "")
    if not token:
        raise LoginError("otp_required")
    if not device.verify_token(token):
        _register_failure(user, ip=ip, action=AuditAction.OTP_FAILED)
        if user.is_locked():
            raise LoginError("locked", until=user.locked_until)
        raise LoginError("otp_invalid")
    return device


def login_succeeded(*, user: User, ip: str | None, channel: str) -> None:
    """Reset the failure counter and record the login (web, api, ...)."""
    User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
    user.failed_logins, user.locked_until = 0, None
    audit_record(user, AuditAction.LOGIN, ip=ip, details={"channel": channel})


def login_web(request, *, user: User, device: TOTPDevice | None) -> None:
    """Open a browser session for a user who passed every factor."""
    django_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if device is not None:
        otp_login(request, device)
    login_succeeded(user=user, ip=client_ip(request), channel="web")


def client_ip(request) -> str | None:
    """The client's address. X-Forwarded-For is believed only when the request comes from
    one of TRUSTED_PROXIES (our own proxy, which sets the header to the address it saw);
    from anyone else the header is ignored, since a client can write anything in it."""
    remote = request.META.get("REMOTE_ADDR") or None
    if remote and remote in settings.TRUSTED_PROXIES:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1][:45]
    return remote


class RegistrationError(ValidationError):
    pass


@transaction.atomic
def user_register(
    *,
    iin: str,
    password: str,
    phone: str,
    email: str = "",
    language: str = Language.RU,
    ip: str | None = None,
) -> User:
    """Register a litigant. The IIN must be known to the population registry (the name is
    taken from there, not typed) and the mobile number must be the one the mobile-numbers
    registry holds for that IIN, because court notices are sent to it."""
    iin = iin.strip()
    try:
        validate_iin(iin)
    except ValidationError as error:
        raise RegistrationError({"iin": error.messages}) from error
    if User.objects.filter(iin=iin).exists():
        raise RegistrationError(
            {"iin": _("An account with this IIN already exists. Log in or restore access.")},
            code="exists",
        )
    person = registries.person_lookup(iin)
    if person is None:
        raise RegistrationError(
            {"iin": _("The population registry has no person with this IIN.")},
            code="unknown_person",
        )
    registered_phone = registries.mobile_number_lookup(iin)
    if registered_phone is None:
        raise RegistrationError(
            {
                "phone": _(
                    "No mobile number is registered for this IIN in the mobile-numbers "
                    "database. Register your number with your operator first."
                )
            },
            code="no_phone",
        )
    if normalise_phone(phone) != registered_phone:
        raise RegistrationError(
            {"phone": _("This number is not the one registered for your IIN.")},
            code="phone_mismatch",
        )
    user = User(
        iin=iin,
        last_name=person.last_name,
        first_name=person.first_name,
        middle_name=person.middle_name,
        phone=registered_phone,
        email=email,
        language=language,
        role=Role.LITIGANT,
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise RegistrationError({"password": error.messages}, code="weak_password") from error
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(user, AuditAction.USER_REGISTERED, target=user, ip=ip)
    return user


def normalise_phone(raw: str) -> str:
    """'8 (701) 123-45-67', '+7 701 1234567' and '77011234567' are the same number."""
    digits = "".join(c for c in raw if c.isdigit())
    if len(digits) == 11 and digits[0] == "8":
        digits = "7" + digits[1:]
    if len(digits) == 10:
        digits = "7" + digits
    return f"+{digits}"


def user_language_set(*, user: User, language: str, ip: str | None = None) -> None:
    if language not in Language.values or user.language == language:
        return
    user.language = language
    user.save(update_fields=["language"])
    audit_record(user, AuditAction.USER_LANGUAGE_CHANGED, ip=ip, details={"language": language})


@transaction.atomic
def user_otp_device_create(*, user: User, key_hex: str | None = None) -> TOTPDevice:
    """Give a user a confirmed TOTP authenticator (the admin hands over the secret)."""
    TOTPDevice.objects.filter(user=user).delete()
    fields = {"key": key_hex} if key_hex else {}
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True, **fields)
    audit_record(user, AuditAction.OTP_DEVICE_CREATED, target=user)
    return device


def lockouts_expire() -> int:
    """Clear locks whose time has passed, so the admin's list shows only live locks."""
    return User.objects.filter(locked_until__lte=timezone.now()).update(locked_until=None)
