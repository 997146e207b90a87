"""Judicial acts: written by the judge, signed with EDS, issued into the case, in force after
the appeal term, published depersonalised in the register and verifiable by anyone.

An act keeps a snapshot of where it was made (court, region, category, instance, case number,
judges' names) taken when it is issued or imported. The register and the search index read
the snapshot, so they need no join to cases, and acts imported from outside corpora (which
have no case in this portal) are shown and filtered exactly like the portal's own.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActKind(models.TextChoices):
    DECISION = "decision", _("Decision")
    RULING = "ruling", _("Ruling")
    COURT_ORDER = "court_order", _("Court order")
    RESOLUTION = "resolution", _("Resolution")


class Outcome(models.TextChoices):
    # First instance
    GRANTED = "granted", _("Claim granted")
    PARTIALLY_GRANTED = "partially_granted", _("Claim partially granted")
    DENIED = "denied", _("Claim denied")
    DISCONTINUED = "discontinued", _("Proceedings discontinued")
    LEFT_WITHOUT_CONSIDERATION = "left_without_consideration", _("Claim left without consideration")
    SETTLEMENT_APPROVED = "settlement_approved", _("Settlement approved")
    # Appeal and cassation: what happened to the act under review
    UPHELD = "upheld", _("Act upheld")
    CHANGED = "changed", _("Act changed")
    OVERTURNED = "overturned", _("Act overturned, new decision")
    SENT_BACK = "sent_back", _("Act overturned, case sent back for a new hearing")


FIRST_INSTANCE_OUTCOMES = frozenset(
    {
        Outcome.GRANTED,
        Outcome.PARTIALLY_GRANTED,
        Outcome.DENIED,
        Outcome.DISCONTINUED,
        Outcome.LEFT_WITHOUT_CONSIDERATION,
        Outcome.SETTLEMENT_APPROVED,
    }
)
REVIEW_OUTCOMES = frozenset(
    {Outcome.UPHELD, Outcome.CHANGED, Outcome.OVERTURNED, Outcome.SENT_BACK}
)
# Outcomes that oblige someone to pay or do something: a writ of execution makes sense.
ENFORCEABLE_OUTCOMES = frozenset(
    {Outcome.GRANTED, Outcome.PARTIALLY_GRANTED, Outcome.SETTLEMENT_APPROVED, Outcome.CHANGED}
)


class ActStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued, not yet in force")
    APPEALED = "appealed", _("Appealed")
    IN_FORCE = "in_force", _("In legal force")
    CHANGED = "changed", _("Changed by a higher court")
    OVERTURNED = "overturned", _("Overturned by a higher court")


# Statuses in which the act stands as the law of the case (the register shows these).
FORCE_STATUSES = (ActStatus.IN_FORCE, ActStatus.CHANGED)


class ActSource(models.TextChoices):
    COURT = "court", _("Issued in this portal")
    IMPORT = "import", _("Imported corpus")
    SYNTHETIC = "synthetic", _("Synthetic demo corpus")


def _pdf_path(instance, filename: str) -> str:
    return f"acts/{instance.pk}/{filename[-80:]}"


class Act(models.Model):
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="acts"
    )
    source = models.CharField(max_length=16, choices=ActSource, default=ActSource.COURT)
    # Imported acts: the corpus's own id, so a second import updates instead of duplicating.
    external_id = models.CharField(max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ActKind)
    outcome = models.CharField(_("outcome"), max_length=32, choices=Outcome, blank=True)
    awarded_amount = models.DecimalField(
        _("amount awarded, KZT"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ActStatus, default=ActStatus.DRAFT
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("judge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="acts_written",
    )
    title = models.CharField(_("title"), max_length=300)
    # The act as signed. Never shown to the public: the register shows text_public.
    text = models.TextField(_("text"))
    text_public = models.TextField(_("depersonalised text"), blank=True)
    depersonalised_at = models.DateTimeField(null=True, blank=True)
    # The act of a lower court this one reviews (appeal or cassation acts only).
    reviewed_act = models.ForeignKey(
        "self",
        verbose_name=_("act under review"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
    )

    # Snapshot of where the act was made (see the module docstring).
    case_number = models.CharField(_("case number"), max_length=60, blank=True)
    court_code = models.CharField(max_length=64, blank=True, db_index=True)
    court_name = models.CharField(_("court"), max_length=300, blank=True)
    region_code = models.CharField(max_length=64, blank=True)
    region_name = models.CharField(_("region"), max_length=200, blank=True)
    category_code = models.CharField(max_length=64, blank=True, db_index=True)
    category_name = models.CharField(_("category"), max_length=200, blank=True)
    instance = models.CharField(_("instance"), max_length=16, blank=True)
    judge_names = models.CharField(_("judges"), max_length=300, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    issued_on = models.DateField(_("date of the act"), null=True, blank=True)
    appeal_until = models.DateField(_("appeal term ends"), null=True, blank=True)
    in_force_on = models.DateField(_("in legal force since"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    # What the judge signed: a frozen rendering of the act (see drafting.act_document).
    signing_request = models.ForeignKey(
        "pki.SigningRequest", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signature = models.ForeignKey(
        "pki.SignatureRecord", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Printed under the QR code and the barcode; /verify/<code> finds the act by it.
    verification_code = models.CharField(max_length=24, unique=True, null=True, blank=True)
    # The issued PDF (full text, for the participants) and the register's copy (the
    # depersonalised text, for everyone). Both are sealed and both verify by the same code;
    # the public is never served the first.
    pdf = models.FileField(upload_to=_pdf_path, max_length=300, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    pdf_generated_at = models.DateTimeField(null=True, blank=True)
    pdf_public = models.FileField(upload_to=_pdf_path, max_length=300, blank=True)
    pdf_public_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    # Whether the judge consulted case-law analytics (similar cases, forecast) in this case
    # before issuing: analytics records a "analytics.consulted" case event, read at issue.
    analytics_consulted = models.BooleanField(_("analytics consulted"), default=False)

    class Meta:
        verbose_name = _("judicial act")
        verbose_name_plural = _("judicial acts")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~models.Q(external_id=""),
                name="act_external_id_once_per_source",
            ),
            models.CheckConstraint(
                condition=models.Q(awarded_amount__isnull=True) | models.Q(awarded_amount__gte=0),
                name="act_awarded_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=~models.Q(source="court") | models.Q(case__isnull=False),
                name="court_act_has_case",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "appeal_until"]),
            models.Index(fields=["case", "status"]),
            models.Index(fields=["published_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number}".strip()

    @property
    def is_draft(self) -> bool:
        return self.status == ActStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class SearchOutbox(models.Model):
    """Changes the search index must catch up with, written in the same transaction as the
    change to the act; the search queue reads and deletes them in batches (see indexing.py).
    A crash between the commit and the indexing loses nothing: the row is still here."""

    act_id = models.BigIntegerField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"act {self.act_id}"


class WritStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ISSUED = "issued", _("Issued")
    REFUSED = "refused", _("Refused")


class WritOfExecution(models.Model):
    """A party's request for a writ of execution on an act in force, and the writ the court
    issues on it (sent to the enforcement officer by the creditor)."""

    act = models.ForeignKey(Act, on_delete=models.PROTECT, related_name="writs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="writs_requested"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=16, choices=WritStatus, default=WritStatus.REQUESTED
    )
    number = models.CharField(_("writ number"), max_length=80, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.CharField(_("reason for refusal"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("writ of execution")
        verbose_name_plural = _("writs of execution")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["act", "requested_by"],
                condition=models.Q(status="requested"),
                name="one_open_writ_request_per_person",
            )
        ]

    def __str__(self) -> str:
        return self.number or f"writ request {self.pk}"
