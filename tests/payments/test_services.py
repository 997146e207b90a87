import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from judicial_account.audit.models import AuditEntry
from judicial_account.payments import payment_hooks
from judicial_account.payments.gateway import callback_signature
from judicial_account.payments.models import GatewayCallback, Invoice
from judicial_account.payments.services import (
    PaymentError,
    callback_process,
    invoice_checkout_url,
    invoice_create,
    invoices_expire,
)
from tests.factories import LegalEntityFactory, UserFactory
from tests.payments.conftest import FEE, deliver, gateway_says, signed

pytestmark = pytest.mark.django_db


def actions_for(invoice) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_type="payments.invoice", target_id=str(invoice.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def outcomes() -> list[str]:
    return list(GatewayCallback.objects.order_by("id").values_list("outcome", flat=True))


# --- Issuing ---------------------------------------------------------------------------------


def test_invoice_is_issued_pending_for_its_target_and_audited(payer, target):
    invoice = invoice_create(
        payer=payer, amount=FEE, purpose="state_fee", description=" Госпошлина ", target=target
    )
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PENDING
    assert (invoice.amount, invoice.currency) == (FEE, "KZT")
    assert (invoice.target_type, invoice.target_id) == ("accounts.legalentity", str(target.pk))
    assert invoice.description == "Госпошлина"
    assert invoice.expires_at - invoice.created_at == dt.timedelta(days=5)
    assert actions_for(invoice) == ["payment.invoiced"]
    assert AuditEntry.objects.get(action="payment.invoiced").actor == payer


def test_asking_again_for_the_same_target_returns_the_same_invoice(invoice, payer, target):
    again = invoice_create(
        payer=payer, amount=FEE, purpose="state_fee", description="again", target=target
    )
    assert again == invoice
    assert Invoice.objects.count() == 1
    assert actions_for(invoice) == ["payment.invoiced"]


def test_another_purpose_or_target_gets_its_own_invoice(invoice, payer, target):
    copies = invoice_create(
        payer=payer, amount=Decimal("500"), purpose="copy_fee", description="c", target=target
    )
    other = invoice_create(
        payer=payer, amount=FEE, purpose="state_fee", description="o", target=LegalEntityFactory()
    )
    assert len({invoice.pk, copies.pk, other.pk}) == 3


def test_same_target_for_another_amount_conflicts(invoice, payer, target):
    with pytest.raises(PaymentError) as error:
        invoice_create(
            payer=payer,
            amount=Decimal("12500.01"),
            purpose="state_fee",
            description="d",
            target=target,
        )
    assert error.value.code == "invoice_conflict"
    assert Invoice.objects.count() == 1


def test_same_target_for_another_payer_conflicts(invoice, target):
    with pytest.raises(PaymentError) as error:
        invoice_create(
            payer=UserFactory(), amount=FEE, purpose="state_fee", description="d", target=target
        )
    assert error.value.code == "invoice_conflict"
    assert Invoice.objects.count() == 1


def test_paid_invoice_is_returned_rather_than_billed_again(invoice, payer, target):
    deliver(invoice)
    again = invoice_create(
        payer=payer, amount=FEE, purpose="state_fee", description="d", target=target
    )
    assert again == invoice
    assert again.status == Invoice.Status.PAID


def test_expired_invoice_is_replaced_by_a_new_one(invoice, payer, target, time_machine):
    time_machine.move_to(invoice.expires_at + dt.timedelta(minutes=1))
    invoices_expire()
    fresh = invoice_create(
        payer=payer, amount=FEE, purpose="state_fee", description="d", target=target
    )
    assert fresh != invoice
    assert fresh.status == Invoice.Status.PENDING


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-1.00"), Decimal("1.001")])
def test_non_positive_or_fractional_tiyn_amount_refused(payer, target, amount):
    with pytest.raises(ValidationError):
        invoice_create(
            payer=payer, amount=amount, purpose="state_fee", description="d", target=target
        )
    assert not Invoice.objects.exists()


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/x", "cases/1/"])
def test_return_address_outside_the_portal_refused(payer, target, url):
    with pytest.raises(ValidationError):
        invoice_create(
            payer=payer,
            amount=FEE,
            purpose="state_fee",
            description="d",
            target=target,
            return_url=url,
        )
    assert not Invoice.objects.exists()


def test_checkout_url_is_the_sandbox_page(invoice, settings):
    settings.SITE_URL = "https://sud.example.kz/"
    expected = f"https://sud.example.kz/payments/sandbox/{invoice.public_id}/"
    assert invoice_checkout_url(invoice) == expected


# --- Callbacks -------------------------------------------------------------------------------


def test_paid_callback_records_the_payment(invoice):
    body, signature = gateway_says(invoice, reference="EGOV-42")
    result = callback_process(body=body, signature=signature)
    invoice.refresh_from_db()
    assert result == invoice
    assert invoice.status == Invoice.Status.PAID
    assert invoice.gateway_reference == "EGOV-42"
    assert invoice.paid_at == dt.datetime(2026, 3, 2, 5, 15, tzinfo=dt.UTC)
    assert actions_for(invoice) == ["payment.invoiced", "payment.paid"]
    logged = GatewayCallback.objects.get()
    assert (logged.outcome, logged.signature_valid, logged.invoice) == ("paid", True, invoice)
    assert bytes(logged.body) == body
    assert logged.signature == signature


def test_the_same_callback_twice_pays_once(invoice):
    body, signature = gateway_says(invoice)
    callback_process(body=body, signature=signature)
    again = callback_process(body=body, signature=signature)
    assert again.status == Invoice.Status.PAID
    assert actions_for(invoice) == ["payment.invoiced", "payment.paid"]
    assert outcomes() == ["paid", "duplicate"]


@pytest.mark.parametrize(
    "forge",
    [
        lambda body, signature: "",
        lambda body, signature: "0" * 64,
        lambda body, signature: signature[:-1],
        lambda body, signature: signed({"other": "body"})[1],
        lambda body, signature: "é\x00" * 32,
    ],
    ids=["missing", "zeros", "truncated", "of-another-body", "not-ascii"],
)
def test_forged_signature_is_refused_logged_and_changes_nothing(invoice, forge):
    body, signature = gateway_says(invoice)
    with pytest.raises(PaymentError) as error:
        callback_process(body=body, signature=forge(body, signature))
    invoice.refresh_from_db()
    assert error.value.code == "bad_signature"
    assert (invoice.status, invoice.gateway_reference, invoice.paid_at) == ("pending", "", None)
    logged = GatewayCallback.objects.get()
    assert (logged.outcome, logged.signature_valid, logged.invoice) == (
        "bad_signature",
        False,
        None,
    )
    assert AuditEntry.objects.filter(action="payment.callback_rejected").count() == 1
    assert not AuditEntry.objects.filter(action="payment.paid").exists()


def test_signature_under_another_secret_is_refused(invoice, settings):
    body, signature = gateway_says(invoice)
    settings.PAYMENTS_CALLBACK_SECRET = "rotated-secret"
    with pytest.raises(PaymentError) as error:
        callback_process(body=body, signature=signature)
    assert error.value.code == "bad_signature"


def test_signature_is_read_regardless_of_hex_case_and_spaces(invoice):
    body, signature = gateway_says(invoice)
    assert callback_process(body=body, signature=f" {signature.upper()} ").status == "paid"


@pytest.mark.parametrize("amount", ["12499.99", "125000.00", "0"])
def test_wrong_amount_is_refused_and_changes_nothing(invoice, amount):
    with pytest.raises(PaymentError) as error:
        deliver(invoice, amount=amount)
    invoice.refresh_from_db()
    assert error.value.code == "amount_mismatch"
    assert invoice.status == Invoice.Status.PENDING
    assert outcomes() == ["amount_mismatch"]
    assert actions_for(invoice) == ["payment.invoiced", "payment.callback_rejected"]


def test_amount_written_without_cents_is_the_same_amount(invoice):
    assert deliver(invoice, amount="12500").status == "paid"


def test_declined_callback_leaves_the_invoice_payable(invoice):
    deliver(invoice, status="declined", paid_at=None)
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.DECLINED
    assert invoice.is_payable()
    assert actions_for(invoice) == ["payment.invoiced", "payment.declined"]
    paid = deliver(invoice, reference="EGOV-0002")
    assert paid.status == Invoice.Status.PAID


def test_decline_after_payment_does_not_unpay(invoice):
    deliver(invoice)
    result = deliver(invoice, status="declined", reference="EGOV-LATE")
    invoice.refresh_from_db()
    assert result.status == invoice.status == Invoice.Status.PAID
    assert invoice.gateway_reference == "EGOV-0001"
    assert outcomes() == ["paid", "ignored"]
    assert actions_for(invoice) == ["payment.invoiced", "payment.paid"]


def test_second_payment_under_another_reference_is_refused(invoice):
    deliver(invoice, reference="EGOV-1")
    with pytest.raises(PaymentError) as error:
        deliver(invoice, reference="EGOV-2")
    invoice.refresh_from_db()
    assert (error.value.code, error.value.http_status) == ("already_paid", 409)
    assert invoice.gateway_reference == "EGOV-1"


def test_reference_of_another_invoice_is_refused(invoice, payer):
    other = invoice_create(
        payer=payer, amount=FEE, purpose="state_fee", description="d", target=payer
    )
    deliver(invoice, reference="EGOV-1")
    with pytest.raises(PaymentError) as error:
        deliver(other, reference="EGOV-1")
    other.refresh_from_db()
    assert error.value.code == "reference_reused"
    assert other.status == Invoice.Status.PENDING


def test_expired_invoice_refuses_payment(invoice, time_machine):
    time_machine.move_to(invoice.expires_at + dt.timedelta(minutes=1))
    invoices_expire()
    with pytest.raises(PaymentError) as error:
        deliver(invoice)
    invoice.refresh_from_db()
    assert (error.value.code, error.value.http_status) == ("invoice_closed", 409)
    assert invoice.status == Invoice.Status.EXPIRED
    assert outcomes() == ["invoice_closed"]


def test_invoice_past_its_time_refuses_payment_before_expiry_runs(invoice, time_machine):
    time_machine.move_to(invoice.expires_at + dt.timedelta(seconds=1))
    with pytest.raises(PaymentError) as error:
        deliver(invoice)
    invoice.refresh_from_db()
    assert error.value.code == "invoice_closed"
    assert invoice.status == Invoice.Status.PENDING


def test_unknown_invoice_is_refused(invoice):
    body, signature = gateway_says(invoice, invoice="6f1c1b3e-0000-4000-8000-000000000000")
    with pytest.raises(PaymentError) as error:
        callback_process(body=body, signature=signature)
    assert error.value.code == "unknown_invoice"
    assert GatewayCallback.objects.get().invoice is None


@pytest.mark.parametrize(
    "overrides",
    [
        {"status": "refunded"},
        {"invoice": "not-a-uuid"},
        {"invoice": None},
        {"amount": "lots"},
        {"amount": "NaN"},
        {"amount": "sNaN"},
        {"amount": 12500},
        {"reference": ""},
        {"reference": "R" * 65},
        {"reference": "EGOV\u0000-1"},
        {"paid_at": None},
        {"paid_at": "yesterday"},
        {"paid_at": "2026-03-02T10:15:00"},
    ],
)
def test_unreadable_callback_is_refused(invoice, overrides):
    with pytest.raises(PaymentError) as error:
        deliver(invoice, **overrides)
    invoice.refresh_from_db()
    assert error.value.code == "malformed"
    assert invoice.status == Invoice.Status.PENDING
    assert outcomes() == ["malformed"]


@pytest.mark.parametrize(
    "body", [b"", b"not json", b"[]", b'"paid"', b"\xff\xfe", b"[" * 5000 + b"]" * 5000]
)
def test_signed_garbage_is_refused(invoice, body):
    with pytest.raises(PaymentError) as error:
        callback_process(body=body, signature=callback_signature(body))
    assert error.value.code == "malformed"


def test_oversized_callback_is_refused(invoice):
    with pytest.raises(PaymentError) as error:
        deliver(invoice, padding="x" * 20_000)
    assert error.value.code == "malformed"
    assert len(bytes(GatewayCallback.objects.get().body)) == 16 * 1024


def test_callback_log_is_append_only(invoice):
    deliver(invoice)
    with pytest.raises(DatabaseError), transaction.atomic():
        GatewayCallback.objects.update(outcome="declined")
    with pytest.raises(DatabaseError), transaction.atomic():
        GatewayCallback.objects.all().delete()


# --- Hooks -----------------------------------------------------------------------------------


def test_paid_hook_runs_once_after_commit(invoice, hook_calls, django_capture_on_commit_callbacks):
    body, signature = gateway_says(invoice)
    with django_capture_on_commit_callbacks() as callbacks:
        callback_process(body=body, signature=signature)
        callback_process(body=body, signature=signature)
        deliver(invoice, status="declined")
    assert hook_calls == []
    for callback in callbacks:
        callback()
    assert hook_calls == [("paid", str(invoice.public_id))]


def test_hooks_of_other_purposes_are_not_called(
    payer, target, hook_calls, django_capture_on_commit_callbacks
):
    copies = invoice_create(
        payer=payer, amount=Decimal("300"), purpose="copy_fee", description="c", target=target
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = deliver(copies)
    assert result.status == "paid"
    assert hook_calls == []


def test_refused_callback_runs_no_hook(invoice, hook_calls, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(PaymentError):
            deliver(invoice, amount="1.00")
    assert callbacks == []
    assert hook_calls == []


def test_declined_hook_runs_after_commit(invoice, hook_calls, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        deliver(invoice, status="declined")
    assert hook_calls == [("declined", str(invoice.public_id))]


def test_failing_hook_does_not_break_the_payment_or_other_hooks(
    invoice, hook_calls, django_capture_on_commit_callbacks
):
    def broken(invoice):
        raise RuntimeError("hook failed")

    payment_hooks._HOOKS[("state_fee", "paid")].insert(0, broken)
    with django_capture_on_commit_callbacks(execute=True):
        paid = deliver(invoice)
    assert paid.status == "paid"
    assert hook_calls == [("paid", str(invoice.public_id))]


def test_hook_registry_refuses_unknown_events():
    with pytest.raises(ValueError, match="Unknown payment event"):
        payment_hooks.register("state_fee", print, event="refunded")


def test_invoice_is_payable_only_while_open_and_in_time(invoice):
    assert invoice.is_payable()
    assert not invoice.is_payable(now=invoice.expires_at)
    assert not invoice.is_payable(now=timezone.now() + dt.timedelta(days=6))
