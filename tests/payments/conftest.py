import json
from decimal import Decimal

import pytest

from judicial_account.payments import gateway, payment_hooks
from judicial_account.payments.services import callback_process, invoice_create
from tests.factories import LegalEntityFactory, UserFactory

FEE = Decimal("12500.00")


@pytest.fixture(autouse=True)
def hook_calls(monkeypatch):
    """A registry of its own for each test (apps register real hooks at start-up), with a
    recording hook for every event of the "state_fee" purpose."""
    monkeypatch.setattr(payment_hooks, "_HOOKS", {})
    calls: list[tuple[str, str]] = []
    for event in sorted(payment_hooks.EVENTS):
        payment_hooks.register(
            "state_fee",
            lambda invoice, event=event: calls.append((event, str(invoice.public_id))),
            event=event,
        )
    return calls


@pytest.fixture
def payer(db):
    return UserFactory()


@pytest.fixture
def target(db):
    """What is paid for: any saved model instance will do."""
    return LegalEntityFactory()


@pytest.fixture
def invoice(payer, target):
    return invoice_create(
        payer=payer, amount=FEE, purpose="state_fee", description="Госпошлина", target=target
    )


def signed(payload) -> tuple[bytes, str]:
    body = json.dumps(payload).encode()
    return body, gateway.callback_signature(body)


def gateway_says(invoice, status="paid", /, **overrides) -> tuple[bytes, str]:
    """A callback as the gateway signs it, for `invoice`."""
    payload = {
        "invoice": str(invoice.public_id),
        "status": status,
        "reference": "EGOV-0001",
        "amount": f"{invoice.amount:.2f}",
        "paid_at": "2026-03-02T10:15:00+05:00",
    }
    return signed({**payload, **overrides})


def deliver(invoice, status="paid", /, **overrides):
    """Hand the portal a correctly signed callback for `invoice`."""
    body, signature = gateway_says(invoice, status, **overrides)
    return callback_process(body=body, signature=signature)
