from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from judicial_account.accounts.identifiers import validate_bin, validate_iin


class Role(models.TextChoices):
    LITIGANT = "litigant", _("Litigant")
    REPRESENTATIVE = "representative", _("Representative (lawyer)")
    CLERK = "clerk", _("Clerk")
    JUDGE = "judge", _("Judge")
    CHAIRMAN = "chairman", _("Court chairman")
    ANALYST = "analyst", _("Analyst")
    MEDIATOR = "mediator", _("Mediator")
    ADMIN = "admin", _("Administrator")


class Language(models.TextChoices):
    RU = "ru", "Русский"
    KK = "kk", "Қазақша"
    EN = "en", "English"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, iin, password=None, **fields):
        user = self.model(iin=iin, **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, iin, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True, role=Role.ADMIN)
        return self.create_user(iin, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person, identified by their IIN. Organisations act through their officers
    (see EntityOfficer); staff roles are tied to a court through cases.CourtStaff."""

    iin = models.CharField(_("IIN"), max_length=12, unique=True, validators=[validate_iin])
    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    middle_name = models.CharField(_("patronymic"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("mobile number"), max_length=16, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.LITIGANT)
    language = models.CharField(_("language"), max_length=2, choices=Language, default=Language.RU)
    # Lawyers' licence, checked against the bar's register when they are given a case.
    licence_number = models.CharField(_("licence number"), max_length=32, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the admin site"), default=False)
    date_joined = models.DateTimeField(_("registered"), default=timezone.now)
    failed_logins = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "iin"
    REQUIRED_FIELDS = ["last_name", "first_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.iin})"

    def clean(self):
        super().clean()
        if self.role == Role.REPRESENTATIVE and not self.licence_number:
            raise ValidationError(
                {"licence_number": _("A representative needs a lawyer's licence number.")}
            )

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    @property
    def short_name(self) -> str:
        initials = "".join(f"{p[0]}." for p in (self.first_name, self.middle_name) if p)
        return f"{self.last_name} {initials}".strip()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.short_name

    @property
    def requires_otp(self) -> bool:
        return self.role in settings.OTP_REQUIRED_ROLES

    def is_locked(self, now=None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())


class LegalEntity(models.Model):
    """An organisation registered by BIN; it files and is sued through its officers."""

    bin = models.CharField(_("BIN"), max_length=12, unique=True, validators=[validate_bin])
    name = models.CharField(_("name"), max_length=255)
    address = models.CharField(_("address"), max_length=255, blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("legal entity")
        verbose_name_plural = _("legal entities")

    def __str__(self) -> str:
        return f"{self.name} ({self.bin})"


class EntityOfficer(models.Model):
    entity = models.ForeignKey(LegalEntity, on_delete=models.CASCADE, related_name="officers")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="offices")
    position = models.CharField(_("position"), max_length=100)
    may_sign = models.BooleanField(_("may sign for the entity"), default=True)

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        constraints = [
            models.UniqueConstraint(fields=["entity", "user"], name="officer_once_per_entity")
        ]

    def __str__(self) -> str:
        return f"{self.user.short_name}, {self.position}, {self.entity.name}"


class QrApproval(models.Model):
    """A QR code shown on one device (the desktop) for a logged-in phone to approve: a
    login, or the signing of a document. Short-lived, single use, and bound to the
    desktop session that displayed it, so a photographed code is useless elsewhere."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Log in on another device")
        SIGN = "sign", _("Sign a document")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the phone")
        APPROVED = "approved", _("Approved")
        USED = "used", _("Used")

    token = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=8, choices=Kind)
    status = models.CharField(max_length=8, choices=Status, default=Status.PENDING)
    session_key = models.CharField(max_length=40)
    # Only for SIGN: whose document, which one.
    owner = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    signing_request = models.ForeignKey(
        "pki.SigningRequest", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    approved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    requested_ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("QR approval")
        verbose_name_plural = _("QR approvals")

    def __str__(self) -> str:
        return f"{self.kind} {self.status}"

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at
