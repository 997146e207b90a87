from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FilingKind(models.TextChoices):
    CLAIM = "claim", _("Statement of claim")
    RESPONSE = "response", _("Response to a claim")
    OBJECTION = "objection", _("Objection to a response")
    COUNTERCLAIM = "counterclaim", _("Counterclaim")
    PETITION = "petition", _("Petition")
    COMPLAINT = "complaint", _("Complaint")
    APPEAL = "appeal", _("Appeal")
    CASSATION = "cassation", _("Cassation petition")


REVIEW_KINDS = frozenset({FilingKind.APPEAL, FilingKind.CASSATION})


class FilingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment of the state fee")
    SUBMITTED = "submitted", _("Submitted, being checked")
    REGISTERED = "registered", _("Accepted: case registered")
    FILED = "filed", _("Filed into the case")
    RETURNED = "returned", _("Returned")


class ApplicantKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    LEGAL_ENTITY = "legal_entity", _("Legal entity")


class Filing(models.Model):
    """A document someone files with a court: a claim (which becomes a case) or a
    document into an existing case. Editable while a draft; what is signed is its
    manifest (see manifest.py), so any change after signing needs a new signature."""

    public_id = models.UUIDField(unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=FilingKind)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="filings"
    )
    # Filing on behalf of an organisation the author signs for (then it pays as one).
    on_behalf_of = models.ForeignKey(
        "accounts.LegalEntity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="filings",
    )
    court = models.ForeignKey(
        "cases.Court", verbose_name=_("court"), null=True, blank=True, on_delete=models.PROTECT
    )
    category = models.ForeignKey(
        "cases.CaseCategory",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="filings"
    )
    # An appeal or cassation petition: the act it asks the higher court to review.
    appealed_act = models.ForeignKey(
        "acts_registry.Act",
        verbose_name=_("act appealed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_filings",
    )
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    amount = models.DecimalField(
        _("amount claimed, KZT"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    text = models.TextField(_("text"), max_length=100_000, blank=True)
    simplified = models.BooleanField(_("simplified (written) proceedings"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=FilingStatus, default=FilingStatus.DRAFT
    )
    fee_amount = models.DecimalField(
        _("state fee, KZT"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    fee_basis = models.CharField(_("fee basis"), max_length=255, blank=True)
    fee_paid = models.BooleanField(default=False)
    signing_request = models.ForeignKey(
        "pki.SigningRequest", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_reasons = models.JSONField(default=list, blank=True)
    # The client's key for "create this draft": a retried request returns the same draft.
    idempotency_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("filing")
        verbose_name_plural = _("filings")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="filing_idempotency_per_author",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gt=0),
                name="filing_amount_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.public_id}"

    @property
    def is_editable(self) -> bool:
        return self.status == FilingStatus.DRAFT


class FilingParty(models.Model):
    """A party named in a claim, looked up in the registries when added."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("role"), max_length=16)  # cases.PartyRole values
    iin = models.CharField(_("IIN"), max_length=12, blank=True)
    bin = models.CharField(_("BIN"), max_length=12, blank=True)
    name = models.CharField(_("name"), max_length=255)
    address = models.CharField(_("address"), max_length=255, blank=True)
    # False when the registry does not know the identifier: flagged, checked by intake.
    found_in_registry = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(iin="") & ~models.Q(bin=""))
                | (~models.Q(iin="") & models.Q(bin="")),
                name="filing_party_has_iin_or_bin",
            )
        ]

    def __str__(self) -> str:
        return f"{self.role}: {self.name}"

    @property
    def role_label(self) -> str:
        from cases.models import PartyRole

        return PartyRole(self.role).label


def _attachment_path(instance, filename: str) -> str:
    return f"filings/{instance.filing.public_id}/{instance.sha256[:16]}-{filename[-80:]}"


class Attachment(models.Model):
    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, max_length=300)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size, bytes"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["filing", "sha256"], name="attachment_once_per_filing")
        ]

    def __str__(self) -> str:
        return self.name


class ClaimType(models.TextChoices):
    PROPERTY = "property", _("Property claim (with an amount)")
    NON_PROPERTY = "non_property", _("Non-property claim")


class FeeRate(models.Model):
    """One line of the state-fee table (Tax Code of the RK, art. 610), kept as data with
    the period it applies to, so a change of law is a new row, not a deployment."""

    kind = models.CharField(_("filing kind"), max_length=16)  # claim, appeal, cassation, ...
    claim_type = models.CharField(_("claim type"), max_length=16, choices=ClaimType)
    applicant = models.CharField(_("applicant"), max_length=16, choices=ApplicantKind)
    percent = models.DecimalField(
        _("percent of the amount"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    mci_multiple = models.DecimalField(
        _("multiple of the MCI"), max_digits=8, decimal_places=3, null=True, blank=True
    )
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(_("in force until"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255)

    class Meta:
        verbose_name = _("state fee rate")
        verbose_name_plural = _("state fee rates")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(percent__isnull=False) & models.Q(mci_multiple__isnull=True))
                | (models.Q(percent__isnull=True) & models.Q(mci_multiple__isnull=False)),
                name="fee_rate_percent_or_mci",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}/{self.claim_type}/{self.applicant} from {self.effective_from}"


class FeeExemption(models.Model):
    """Claims exempt from the state fee (Tax Code of the RK, art. 616), by category and
    applicant; blank applicant means any."""

    category_code = models.CharField(_("case category"), max_length=32)
    applicant = models.CharField(_("applicant"), max_length=16, choices=ApplicantKind, blank=True)
    reason = models.CharField(_("reason"), max_length=255)
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(_("in force until"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255)

    class Meta:
        verbose_name = _("state fee exemption")
        verbose_name_plural = _("state fee exemptions")

    def __str__(self) -> str:
        return f"{self.category_code}: {self.reason}"


class MonthlyCalculationIndex(models.Model):
    """The MCI (МРП) set by the budget law for each year."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    amount = models.DecimalField(_("amount, KZT"), max_digits=10, decimal_places=2)
    legal_basis = models.CharField(_("legal basis"), max_length=255)

    class Meta:
        verbose_name = _("monthly calculation index")
        verbose_name_plural = _("monthly calculation index values")

    def __str__(self) -> str:
        return f"{self.year}: {self.amount}"


class LetterStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ANSWERED = "answered", _("Answered")


class Letter(models.Model):
    """My Letters: a letter to a court on a matter outside any proceedings (a question, a
    request for information, a complaint about service), answered by the court's staff."""

    public_id = models.UUIDField(unique=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="letters"
    )
    court = models.ForeignKey(
        "cases.Court", verbose_name=_("court"), on_delete=models.PROTECT, related_name="letters"
    )
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("letter"), max_length=20_000)
    status = models.CharField(
        _("status"), max_length=10, choices=LetterStatus, default=LetterStatus.SENT
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    reply = models.TextField(_("reply"), max_length=20_000, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replied_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return self.subject
