import pytest

from tests.factories import UserFactory
from tests.payments.conftest import deliver

pytestmark = pytest.mark.django_db


def url_for(invoice) -> str:
    return f"/api/v1/payments/invoices/{invoice.public_id}/"


def test_payer_sees_status_amount_and_where_to_pay(api_client, invoice, payer):
    api_client.force_authenticate(payer)
    response = api_client.get(url_for(invoice))
    data = response.json()
    assert response.status_code == 200
    assert (data["status"], data["amount"], data["currency"]) == ("pending", "12500.00", "KZT")
    assert data["public_id"] == str(invoice.public_id)
    assert data["checkout_url"].endswith(f"/payments/sandbox/{invoice.public_id}/")
    assert data["paid_at"] is None


def test_paid_invoice_has_no_checkout_url(api_client, invoice, payer):
    deliver(invoice)
    api_client.force_authenticate(payer)
    data = api_client.get(url_for(invoice)).json()
    assert data["status"] == "paid"
    assert data["checkout_url"] is None
    assert data["paid_at"] is not None


def test_another_user_gets_404_in_the_common_shape(api_client, invoice):
    api_client.force_authenticate(UserFactory())
    response = api_client.get(url_for(invoice))
    assert response.status_code == 404
    assert set(response.json()) == {"detail", "code"}


def test_anonymous_is_refused(api_client, invoice):
    response = api_client.get(url_for(invoice))
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"
