import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from judicial_account.payments.access import invoice_get_for, invoices_visible
from judicial_account.payments.selectors import invoice_for_target, invoice_is_paid
from tests.factories import UserFactory
from tests.payments.conftest import deliver

pytestmark = pytest.mark.django_db


def test_payer_gets_the_invoice(invoice, payer):
    assert invoice_get_for(payer, invoice.public_id) == invoice


@pytest.mark.parametrize("who", [UserFactory, AnonymousUser], ids=["other user", "anonymous"])
def test_anyone_else_gets_404(invoice, who):
    with pytest.raises(Http404):
        invoice_get_for(who(), invoice.public_id)


def test_missing_invoice_is_404(payer):
    with pytest.raises(Http404):
        invoice_get_for(payer, uuid.uuid4())


def test_list_holds_only_the_payers_invoices(invoice, payer):
    assert list(invoices_visible(payer)) == [invoice]
    assert list(invoices_visible(UserFactory())) == []


def test_callers_find_the_invoice_of_their_object(invoice, target):
    assert invoice_for_target(target=target, purpose="state_fee") == invoice
    assert invoice_for_target(target=target, purpose="copy_fee") is None
    assert invoice_is_paid(target=target, purpose="state_fee") is False
    deliver(invoice)
    assert invoice_is_paid(target=target, purpose="state_fee") is True
