from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SignatureRecord(models.Model):
    """A signature the portal accepted or refused, kept as evidence: what was signed (its
    SHA-256), the CMS itself, the signer's certificate, when it arrived and what
    verification said. Re-verification (e.g. after a revocation) updates the verdict and
    keeps the original one in `history`."""

    target_type = models.CharField(_("object type"), max_length=64)
    target_id = models.CharField(_("object id"), max_length=64)
    purpose = models.CharField(_("purpose"), max_length=16)
    content_sha256 = models.CharField(_("SHA-256 of what was signed"), max_length=64)
    cms = models.BinaryField(_("CMS signature"))
    certificate = models.BinaryField(_("signer certificate (DER)"), null=True)
    signer_iin = models.CharField(_("signer IIN"), max_length=12, blank=True)
    signer_bin = models.CharField(_("signer BIN"), max_length=12, blank=True)
    signer_name = models.CharField(_("signer"), max_length=255, blank=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    received_at = models.DateTimeField(_("received"))
    signing_time = models.DateTimeField(_("signing time stated by the signer"), null=True)
    valid = models.BooleanField(_("valid"))
    reason = models.CharField(_("reason"), max_length=32, blank=True)
    verified_at = models.DateTimeField(_("last verified"))
    history = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.signer_name} ({self.signer_iin}) {'valid' if self.valid else self.reason}"

    @property
    def reason_message(self) -> str:
        from judicial_account.pki.verify import REASONS

        return str(REASONS.get(self.reason, self.reason))


def _document_path(instance, filename: str) -> str:
    return f"signing/{instance.public_id}/{filename[-100:]}"


class SigningRequest(models.Model):
    """A document someone is asked to sign with their EDS: uploaded by them (the "sign a
    document" tool) or put before them by the court or another app. The file is kept as
    it was uploaded; its SHA-256 is what the signature must cover."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting signature")
        SIGNED = "signed", _("Signed")

    public_id = models.UUIDField(unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signing_requests"
    )
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to=_document_path, max_length=300)
    file_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size, bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.PENDING)
    signature = models.OneToOneField(
        SignatureRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # A PDF receipt the portal issues once the document is signed, sealed PAdES B-LT.
    receipt = models.FileField(_("receipt"), upload_to=_document_path, max_length=300, blank=True)
    receipt_sha256 = models.CharField(_("receipt SHA-256"), max_length=64, blank=True)
    # Documents signed inside another flow (a claim's manifest, a power of attorney) get
    # their record there; the sealed receipt is for the "sign a document" tool.
    receipt_wanted = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("document to sign")
        verbose_name_plural = _("documents to sign")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
