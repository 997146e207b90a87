import pytest
from django.test import Client

from judicial_account.payments.gateway import callback_signature
from judicial_account.payments.models import GatewayCallback, Invoice
from tests.payments.conftest import deliver, gateway_says, signed

pytestmark = pytest.mark.django_db
URL = "/payments/callback/"


@pytest.fixture
def gateway():
    """The gateway calls from its own server: no session and no CSRF token."""
    return Client(enforce_csrf_checks=True)


def post(gateway, body: bytes, signature: str | None):
    headers = {} if signature is None else {"X-Gateway-Signature": signature}
    return gateway.post(URL, body, content_type="application/json", headers=headers)


def test_valid_callback_is_applied(gateway, invoice):
    response = post(gateway, *gateway_says(invoice))
    invoice.refresh_from_db()
    assert response.status_code == 200
    assert response.json() == {"status": "paid"}
    assert invoice.status == Invoice.Status.PAID


def test_repeated_callback_answers_the_same(gateway, invoice):
    body, signature = gateway_says(invoice)
    post(gateway, body, signature)
    response = post(gateway, body, signature)
    assert response.status_code == 200
    assert response.json() == {"status": "paid"}


def test_decline_after_payment_answers_paid(gateway, invoice):
    deliver(invoice)
    response = post(gateway, *gateway_says(invoice, status="declined"))
    assert response.json() == {"status": "paid"}


@pytest.mark.parametrize("signature", [None, "", "nonsense", "ab" * 32, "é" * 64])
def test_bad_signature_is_400(gateway, invoice, signature):
    body, _ = gateway_says(invoice)
    response = post(gateway, body, signature)
    invoice.refresh_from_db()
    assert response.status_code == 400
    assert response.json()["code"] == "bad_signature"
    assert response.json()["detail"]
    assert invoice.status == Invoice.Status.PENDING
    assert GatewayCallback.objects.get().signature_valid is False


@pytest.mark.parametrize("body", [b"{not json", b"", b"null", b'{"invoice": []}'])
def test_malformed_body_is_400(gateway, invoice, body):
    response = post(gateway, body, callback_signature(body))
    assert response.status_code == 400
    assert response.json()["code"] == "malformed"


def test_unknown_invoice_is_400(gateway, invoice):
    response = post(gateway, *gateway_says(invoice, invoice="00000000-0000-4000-8000-000000000000"))
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_invoice"


def test_wrong_amount_is_400(gateway, invoice):
    response = post(gateway, *gateway_says(invoice, amount="1.00"))
    assert response.status_code == 400
    assert response.json()["code"] == "amount_mismatch"


def test_second_payment_is_409(gateway, invoice):
    deliver(invoice, reference="EGOV-1")
    response = post(gateway, *gateway_says(invoice, reference="EGOV-2"))
    assert response.status_code == 409
    assert response.json()["code"] == "already_paid"


def test_expired_invoice_is_409(gateway, invoice, time_machine):
    time_machine.move_to(invoice.expires_at)
    response = post(gateway, *gateway_says(invoice))
    assert response.status_code == 409
    assert response.json()["code"] == "invoice_closed"


def test_form_encoded_or_any_other_content_is_read_as_raw_body(gateway, invoice):
    body, signature = signed({"junk": True})
    response = gateway.post(
        URL, body, content_type="text/plain", headers={"X-Gateway-Signature": signature}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed"


def test_get_is_not_allowed(gateway):
    assert gateway.get(URL).status_code == 405
