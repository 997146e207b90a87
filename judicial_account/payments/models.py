from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

# Labels of the purposes the portal knows; an invoice with another code shows the code.
PURPOSE_LABELS = {
    "state_fee": _("State fee"),
}


def is_portal_path(url: str) -> bool:
    """A path on the portal itself (never another site, "//host" included)."""
    return url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None)


class Invoice(models.Model):
    """A sum someone owes the state for something in the portal (a claim's state fee, ...),
    paid through the payment gateway. What it pays for is named by `target_type` and
    `target_id` so that this app does not depend on the apps that bill through it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting payment")
        PAID = "paid", _("Paid")
        DECLINED = "declined", _("Payment declined")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Cancelled")

    # An invoice may still be paid while it is in one of these.
    OPEN_STATUSES = (Status.PENDING, Status.DECLINED)

    public_id = models.UUIDField(unique=True, editable=False)
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("payer"),
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    purpose = models.CharField(_("purpose"), max_length=32)
    description = models.CharField(_("description"), max_length=255)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="KZT", editable=False)
    target_type = models.CharField(_("object type"), max_length=64)
    target_id = models.CharField(_("object id"), max_length=64)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(_("created"))
    expires_at = models.DateTimeField(_("payable until"))
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    gateway_reference = models.CharField(_("gateway reference"), max_length=64, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    # Where the gateway sends the payer back to (a path in the portal); empty: the invoice page.
    return_url = models.CharField(_("return address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="payments_invoice_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(currency="KZT"), name="payments_invoice_currency_kzt"
            ),
            models.UniqueConstraint(
                fields=["gateway_reference"],
                condition=~models.Q(gateway_reference=""),
                name="payments_invoice_reference_unique",
            ),
            # One invoice that can still be paid per thing and purpose: asking again returns it.
            models.UniqueConstraint(
                fields=["target_type", "target_id", "purpose"],
                condition=models.Q(status__in=["pending", "declined"]),
                name="payments_invoice_one_open_per_target",
            ),
        ]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["status", "expires_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.public_id} {self.amount} {self.currency} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("payments:invoice_detail", kwargs={"public_id": self.public_id})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_payable(self, now=None) -> bool:
        """Open and not yet past its time (the periodic expiry may not have run yet)."""
        return self.is_open and self.expires_at > (now or timezone.now())

    @property
    def return_path(self) -> str:
        """Where the gateway sends the payer back to: the caller's page, or this invoice's."""
        if self.return_url and is_portal_path(self.return_url):
            return self.return_url
        return self.get_absolute_url()

    @property
    def purpose_label(self) -> str:
        return str(PURPOSE_LABELS.get(self.purpose, self.purpose))


class GatewayCallback(models.Model):
    """Every callback the gateway (or someone claiming to be it) sent, as it arrived, and
    what the portal made of it. Rows are only ever inserted: a database trigger refuses
    UPDATE and DELETE."""

    class Outcome(models.TextChoices):
        PAID = "paid", _("Payment recorded")
        DECLINED = "declined", _("Decline recorded")
        DUPLICATE = "duplicate", _("Already recorded, nothing changed")
        IGNORED = "ignored", _("Ignored: the invoice is already paid")
        BAD_SIGNATURE = "bad_signature", _("Refused: bad signature")
        MALFORMED = "malformed", _("Refused: unreadable")
        UNKNOWN_INVOICE = "unknown_invoice", _("Refused: unknown invoice")
        AMOUNT_MISMATCH = "amount_mismatch", _("Refused: wrong amount")
        INVOICE_CLOSED = "invoice_closed", _("Refused: invoice expired or cancelled")
        ALREADY_PAID = "already_paid", _("Refused: invoice already paid with another reference")
        REFERENCE_REUSED = "reference_reused", _("Refused: reference used by another invoice")

    received_at = models.DateTimeField(_("received"), db_index=True)
    body = models.BinaryField(_("raw body"))
    signature = models.CharField(_("signature header"), max_length=256, blank=True)
    signature_valid = models.BooleanField(_("valid signature"))
    outcome = models.CharField(_("outcome"), max_length=32, choices=Outcome)
    invoice = models.ForeignKey(
        Invoice,
        verbose_name=_("invoice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="callbacks",
    )

    class Meta:
        verbose_name = _("gateway callback")
        verbose_name_plural = _("gateway callbacks")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.outcome}"
