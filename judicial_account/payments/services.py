"""Writes for payments: issuing invoices, applying the payment gateway's callbacks, and
the periodic expiry and reminders. The apps that bill through payments hear back through
`payment_hooks`."""

import datetime as dt
import json
import logging
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from judicial_account.audit.actions import AuditAction
from judicial_account.audit.services import audit_record
from judicial_account.payments import gateway, payment_hooks
from judicial_account.payments.models import GatewayCallback, Invoice, is_portal_path

logger = logging.getLogger(__name__)

# A callback is a few hundred bytes; anything much larger is not one.
MAX_CALLBACK_BYTES = 16 * 1024


class PaymentError(Exception):
    """Why payments said no. `code` is stable for API clients and the gateway (and is the
    outcome logged for a refused callback); `message` is for people."""

    MESSAGES = {
        "invoice_conflict": _(
            "An invoice for this is already issued to another payer or for another amount."
        ),
        "bad_signature": _("The callback signature is not valid."),
        "malformed": _("The callback could not be read."),
        "unknown_invoice": _("There is no such invoice."),
        "amount_mismatch": _("The amount differs from the invoice amount."),
        "invoice_closed": _("The invoice has expired or was cancelled and can no longer be paid."),
        "already_paid": _("The invoice is already paid under another gateway reference."),
        "reference_reused": _("This gateway reference was already used for another invoice."),
    }
    # The answer the callback endpoint gives: 400 for a callback that is wrong in itself,
    # 409 for one that contradicts what the portal already recorded.
    HTTP_STATUS = {"invoice_closed": 409, "already_paid": 409, "reference_reused": 409}

    def __init__(self, code: str, *, invoice: Invoice | None = None) -> None:
        self.code = code
        self.invoice = invoice
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(self.MESSAGES[self.code])

    @property
    def http_status(self) -> int:
        return self.HTTP_STATUS.get(self.code, 400)


# --- Invoices ------------------------------------------------------------------------------


def _invoice_live_for(*, target_type: str, target_id: str, purpose: str) -> Invoice | None:
    """The invoice for this thing and purpose that is open or already paid, if any."""
    return (
        Invoice.objects.filter(
            target_type=target_type,
            target_id=target_id,
            purpose=purpose,
            status__in=[*Invoice.OPEN_STATUSES, Invoice.Status.PAID],
        )
        .order_by("-created_at", "-id")
        .first()
    )


def _invoice_same(existing: Invoice, wanted: Invoice) -> Invoice:
    if existing.payer_id != wanted.payer_id or existing.amount != wanted.amount:
        raise PaymentError("invoice_conflict", invoice=existing)
    return existing


@transaction.atomic
def invoice_create(
    *,
    payer,
    amount: Decimal,
    purpose: str,
    description: str,
    target: Model,
    return_url: str = "",
) -> Invoice:
    """Issue an invoice to `payer` for `target` (any saved model instance). Idempotent per
    target and purpose: while an invoice for them is open or paid, asking again returns it
    (the same payer and amount are expected; otherwise PaymentError "invoice_conflict").
    `return_url` is the portal path the gateway sends the payer back to. Raises
    ValidationError for a non-positive amount or a return address outside the portal."""
    if target.pk is None:
        raise ValueError("An invoice is issued for a saved object")
    now = timezone.now()
    wanted = Invoice(
        public_id=uuid.uuid4(),
        payer=payer,
        purpose=purpose,
        description=description.strip()[:255],
        amount=amount,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        created_at=now,
        expires_at=now + dt.timedelta(days=settings.PAYMENTS_INVOICE_DAYS),
        return_url=return_url,
    )
    if return_url and not is_portal_path(return_url):
        raise ValidationError({"return_url": _("The return address must be a page of the portal.")})
    # The one-open-invoice rule (constraints involving target_type) is applied just below.
    wanted.full_clean(exclude=["target_type"])
    lookup = {"target_type": wanted.target_type, "target_id": wanted.target_id, "purpose": purpose}
    existing = _invoice_live_for(**lookup)
    if existing is not None:
        return _invoice_same(existing, wanted)
    try:
        with transaction.atomic():
            wanted.save()
    except IntegrityError:
        # A parallel call issued the invoice between the look-up and the insert.
        existing = _invoice_live_for(**lookup)
        if existing is None:
            raise
        return _invoice_same(existing, wanted)
    audit_record(
        payer,
        AuditAction.PAYMENT_INVOICED,
        target=wanted,
        details={
            "amount": str(wanted.amount),
            "purpose": purpose,
            "for": f"{wanted.target_type}:{wanted.target_id}",
        },
    )
    return wanted


def invoice_checkout_url(invoice: Invoice) -> str:
    """The gateway page where the payer pays `invoice`."""
    return gateway.checkout_url(invoice)


# --- Gateway callbacks ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Callback:
    invoice: uuid.UUID
    status: str
    reference: str
    amount: Decimal
    paid_at: dt.datetime | None


def _callback_parse(body: bytes) -> _Callback:
    if len(body) > MAX_CALLBACK_BYTES:
        raise PaymentError("malformed")
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise PaymentError("malformed") from error
    if not isinstance(data, dict):
        raise PaymentError("malformed")
    invoice_id, status, reference, amount, paid_at = (
        data.get(key) for key in ("invoice", "status", "reference", "amount", "paid_at")
    )
    if status not in ("paid", "declined"):
        raise PaymentError("malformed")
    if not all(isinstance(value, str) for value in (invoice_id, reference, amount)):
        raise PaymentError("malformed")
    reference = reference.strip()
    if not reference or len(reference) > 64 or not reference.isprintable():
        raise PaymentError("malformed")
    try:
        public_id = uuid.UUID(invoice_id)
        amount = Decimal(amount)
        paid_at = dt.datetime.fromisoformat(paid_at) if status == "paid" else None
    except (ValueError, TypeError, InvalidOperation) as error:
        raise PaymentError("malformed") from error
    if not amount.is_finite() or (paid_at is not None and timezone.is_naive(paid_at)):
        raise PaymentError("malformed")
    return _Callback(public_id, status, reference, amount, paid_at)


def _refuse_closed(invoice: Invoice) -> None:
    if not invoice.is_payable():
        raise PaymentError("invoice_closed", invoice=invoice)


def _callback_paid(invoice: Invoice, callback: _Callback) -> str:
    if invoice.status == Invoice.Status.PAID:
        if invoice.gateway_reference == callback.reference:
            return GatewayCallback.Outcome.DUPLICATE
        # Money taken twice for one invoice: refuse, so that it is noticed and refunded.
        raise PaymentError("already_paid", invoice=invoice)
    _refuse_closed(invoice)
    if Invoice.objects.filter(gateway_reference=callback.reference).exists():
        raise PaymentError("reference_reused", invoice=invoice)
    invoice.status = Invoice.Status.PAID
    invoice.paid_at = callback.paid_at
    invoice.gateway_reference = callback.reference
    try:
        with transaction.atomic():
            invoice.save(update_fields=["status", "paid_at", "gateway_reference"])
    except IntegrityError as error:
        raise PaymentError("reference_reused", invoice=invoice) from error
    audit_record(
        None,
        AuditAction.PAYMENT_PAID,
        target=invoice,
        details={
            "reference": callback.reference,
            "amount": str(invoice.amount),
            "paid_at": callback.paid_at.isoformat(),
        },
    )
    payment_hooks.run_on_commit(invoice, payment_hooks.PAID)
    return GatewayCallback.Outcome.PAID


def _callback_declined(invoice: Invoice, callback: _Callback) -> str:
    if invoice.status == Invoice.Status.PAID:
        # A late or replayed decline never undoes a payment.
        return GatewayCallback.Outcome.IGNORED
    _refuse_closed(invoice)
    if invoice.status == Invoice.Status.DECLINED:
        return GatewayCallback.Outcome.DUPLICATE
    invoice.status = Invoice.Status.DECLINED
    invoice.save(update_fields=["status"])
    audit_record(
        None,
        AuditAction.PAYMENT_DECLINED,
        target=invoice,
        details={"reference": callback.reference},
    )
    payment_hooks.run_on_commit(invoice, payment_hooks.DECLINED)
    return GatewayCallback.Outcome.DECLINED


def _callback_apply(body: bytes, signature_valid: bool) -> tuple[Invoice, str]:
    if not signature_valid:
        # Nothing in an unsigned body is believed, not even which invoice it names.
        raise PaymentError("bad_signature")
    callback = _callback_parse(body)
    invoice = Invoice.objects.select_for_update().filter(public_id=callback.invoice).first()
    if invoice is None:
        raise PaymentError("unknown_invoice")
    if callback.amount != invoice.amount:
        raise PaymentError("amount_mismatch", invoice=invoice)
    if callback.status == "paid":
        return invoice, _callback_paid(invoice, callback)
    return invoice, _callback_declined(invoice, callback)


def _callback_log(
    *, body: bytes, signature: str, valid: bool, outcome: str, invoice: Invoice | None
) -> GatewayCallback:
    return GatewayCallback.objects.create(
        received_at=timezone.now(),
        body=body[:MAX_CALLBACK_BYTES],
        # As it came, but printable: the header is whatever the sender put there.
        signature="".join(char if char.isprintable() else "?" for char in signature[:256]),
        signature_valid=valid,
        outcome=outcome,
        invoice=invoice,
    )


def callback_process(*, body: bytes, signature: str) -> Invoice:
    """Apply a callback from the payment gateway: `body` exactly as received and the hex
    HMAC-SHA256 from its signature header. Every callback is logged, applied or not.
    Idempotent: the same callback again changes nothing; a decline never undoes a payment.
    Raises PaymentError (and changes no invoice) for a forged, unreadable or wrong
    callback, or one for an invoice that can no longer be paid."""
    signature = signature or ""
    valid = gateway.callback_signature_valid(body, signature)
    log = {"body": body, "signature": signature, "valid": valid}
    try:
        with transaction.atomic():
            invoice, outcome = _callback_apply(body, valid)
            _callback_log(**log, outcome=outcome, invoice=invoice)
    except PaymentError as error:
        with transaction.atomic():
            callback = _callback_log(**log, outcome=error.code, invoice=error.invoice)
            audit_record(
                None,
                AuditAction.PAYMENT_CALLBACK_REJECTED,
                target=error.invoice or callback,
                details={"reason": error.code, "callback": callback.pk},
            )
        logger.warning(
            "payments.callback_rejected", extra={"code": error.code, "callback": callback.pk}
        )
        raise
    return invoice


def sandbox_callback_send(*, invoice: Invoice, status: str) -> Invoice:
    """What the sandbox gateway does when the payer presses "Pay" or "Decline": sends the
    portal the signed callback the real gateway would send (handed straight to
    `callback_process` rather than over HTTP)."""
    body, signature = gateway.sandbox_callback_build(invoice, status=status, at=timezone.now())
    return callback_process(body=body, signature=signature)


# --- Periodic ------------------------------------------------------------------------------


def invoices_expire() -> int:
    """Close the open invoices whose time has run out; their "expired" hooks run after
    commit. Returns how many expired. Invoices locked by a callback in progress are left
    for the next run."""
    with transaction.atomic():
        invoices = list(
            Invoice.objects.select_for_update(skip_locked=True).filter(
                status__in=Invoice.OPEN_STATUSES, expires_at__lte=timezone.now()
            )
        )
        Invoice.objects.filter(pk__in=[invoice.pk for invoice in invoices]).update(
            status=Invoice.Status.EXPIRED
        )
        for invoice in invoices:
            invoice.status = Invoice.Status.EXPIRED
            payment_hooks.run_on_commit(invoice, payment_hooks.EXPIRED)
    return len(invoices)


def invoices_remind() -> int:
    """Once half an open invoice's validity has passed, run its "reminder" hooks (once per
    invoice). payments itself notifies nobody: the app that owns the purpose reminds the
    payer from its hook. Returns how many invoices were due."""
    now = timezone.now()
    halfway = ExpressionWrapper(
        F("created_at") + (F("expires_at") - F("created_at")) / 2, output_field=DateTimeField()
    )
    with transaction.atomic():
        invoices = list(
            Invoice.objects.select_for_update(skip_locked=True)
            .alias(halfway=halfway)
            .filter(
                status__in=Invoice.OPEN_STATUSES,
                reminder_sent_at__isnull=True,
                halfway__lte=now,
                expires_at__gt=now,
            )
        )
        Invoice.objects.filter(pk__in=[invoice.pk for invoice in invoices]).update(
            reminder_sent_at=now
        )
        for invoice in invoices:
            invoice.reminder_sent_at = now
            payment_hooks.run_on_commit(invoice, payment_hooks.REMINDER)
    return len(invoices)
