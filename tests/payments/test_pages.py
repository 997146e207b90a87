import pytest
from django.urls import reverse

from judicial_account.payments.models import GatewayCallback, Invoice
from judicial_account.payments.services import invoice_create
from tests.factories import UserFactory
from tests.payments.conftest import FEE, deliver

pytestmark = pytest.mark.django_db


def sandbox_url(invoice) -> str:
    return reverse("payments:sandbox_checkout", kwargs={"public_id": invoice.public_id})


def test_sandbox_page_shows_what_is_paid_and_says_it_is_a_test(client, invoice, payer):
    client.force_login(payer)
    response = client.get(sandbox_url(invoice), HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert "This is a test gateway (sandbox)" in page
    assert "No money is charged here." in page
    assert "12500.00 KZT" in page
    assert "State fee" in page
    assert payer.full_name in page
    assert 'value="paid"' in page
    assert 'value="declined"' in page


def test_sandbox_page_is_translated(client, invoice, payer):
    client.force_login(payer)
    response = client.get(sandbox_url(invoice), HTTP_ACCEPT_LANGUAGE="ru")
    assert "Государственная пошлина" in response.content.decode()


def test_paying_in_the_sandbox_records_a_signed_callback(client, invoice, payer):
    client.force_login(payer)
    response = client.post(sandbox_url(invoice), {"decision": "paid"})
    invoice.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == f"/payments/{invoice.public_id}/"
    assert invoice.status == Invoice.Status.PAID
    assert invoice.gateway_reference.startswith("SANDBOX-")
    logged = GatewayCallback.objects.get()
    assert (logged.outcome, logged.signature_valid) == ("paid", True)


def test_declining_in_the_sandbox_records_the_decline(client, invoice, payer):
    client.force_login(payer)
    response = client.post(sandbox_url(invoice), {"decision": "declined"}, follow=True)
    invoice.refresh_from_db()
    assert response.status_code == 200
    assert invoice.status == Invoice.Status.DECLINED
    assert invoice.gateway_reference == ""
    assert GatewayCallback.objects.get().outcome == "declined"


def test_sandbox_returns_the_payer_to_the_callers_page(client, payer, target):
    invoice = invoice_create(
        payer=payer,
        amount=FEE,
        purpose="state_fee",
        description="d",
        target=target,
        return_url="/cases/?paid=1",
    )
    client.force_login(payer)
    response = client.post(sandbox_url(invoice), {"decision": "paid"})
    assert response["Location"] == "/cases/?paid=1"


def test_paid_invoice_cannot_be_paid_again_in_the_sandbox(client, invoice, payer):
    deliver(invoice)
    client.force_login(payer)
    page = client.get(sandbox_url(invoice))
    response = client.post(sandbox_url(invoice), {"decision": "paid"})
    assert 'value="paid"' not in page.content.decode()
    assert response["Location"] == f"/payments/{invoice.public_id}/"
    assert GatewayCallback.objects.count() == 1


def test_unknown_decision_is_refused(client, invoice, payer):
    client.force_login(payer)
    response = client.post(sandbox_url(invoice), {"decision": "refund"})
    invoice.refresh_from_db()
    assert response.status_code == 400
    assert invoice.status == Invoice.Status.PENDING
    assert not GatewayCallback.objects.exists()


@pytest.mark.parametrize("name", ["payments:sandbox_checkout", "payments:invoice_detail"])
def test_another_user_gets_404(client, invoice, name):
    client.force_login(UserFactory())
    response = client.get(reverse(name, kwargs={"public_id": invoice.public_id}))
    assert response.status_code == 404


def test_another_user_cannot_pay_or_decline(client, invoice):
    client.force_login(UserFactory())
    response = client.post(sandbox_url(invoice), {"decision": "declined"})
    invoice.refresh_from_db()
    assert response.status_code == 404
    assert invoice.status == Invoice.Status.PENDING


@pytest.mark.parametrize("name", ["payments:sandbox_checkout", "payments:invoice_detail"])
def test_anonymous_is_sent_to_log_in(client, invoice, name):
    response = client.get(reverse(name, kwargs={"public_id": invoice.public_id}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_invoice_page_links_to_the_gateway_while_payable(client, invoice, payer):
    client.force_login(payer)
    response = client.get(invoice.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Awaiting payment" in page
    assert f"/payments/sandbox/{invoice.public_id}/" in page


def test_invoice_page_shows_the_payment_once_paid(client, invoice, payer):
    deliver(invoice, reference="EGOV-777")
    client.force_login(payer)
    page = client.get(invoice.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "EGOV-777" in page
    assert f"/payments/sandbox/{invoice.public_id}/" not in page


def test_closed_invoice_page_says_why_in_kazakh(client, invoice, payer):
    deliver(invoice)
    client.force_login(payer)
    page = client.get(sandbox_url(invoice), HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert "Бұл шотты енді төлеу мүмкін емес (мәртебесі: Төленді)." in page
    assert "Сынақ төлем шлюзі" in page
