"""Documents filed into an existing case: a response, a counterclaim with its fee."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import PartyRole
from cases.services import PartyInput, case_register
from filings import services
from filings.intake import filing_intake
from filings.models import FilingKind, FilingStatus
from judicial_account.pki.ca import SIGN
from judicial_account.pki.client import cms_sign
from judicial_account.pki.services import signing_request_content, signing_request_sign
from tests.factories import UserFactory
from tests.filings.conftest import pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(court, loans):
    plaintiff, defendant = UserFactory(), UserFactory()
    return case_register(
        court=court,
        category=loans,
        subject="Долг",
        amount=Decimal(1000),
        filed_at=timezone.now(),
        parties=[
            PartyInput(role=PartyRole.PLAINTIFF, name=plaintiff.full_name, iin=plaintiff.iin),
            PartyInput(role=PartyRole.DEFENDANT, name=defendant.full_name, iin=defendant.iin),
        ],
    )


def signed_document(case, author, kind, issue, **fields):
    filing = services.filing_draft_create(author=author, kind=kind, case=case)
    services.filing_update(filing=filing, subject="Отзыв на иск", text="Иск не признаю.", **fields)
    services.filing_attachment_add(filing=filing, upload=upload(pdf_bytes("Расписка")))
    request = services.filing_signing_request(filing=filing)
    holder = issue(SIGN, "rsa", iin=author.iin)
    signing_request_sign(
        request=request,
        cms_der=cms_sign(signing_request_content(request), holder.key, holder.cert),
        user=author,
        channel="test",
    )
    return filing


def test_response_goes_into_the_case_file_and_the_other_side_is_told(case, issue, trust_test_ca):
    defendant = case.parties.get(role=PartyRole.DEFENDANT).user
    plaintiff = case.parties.get(role=PartyRole.PLAINTIFF).user
    filing = signed_document(case, defendant, FilingKind.RESPONSE, issue)
    filing = services.filing_submit(filing=filing, acting_user=defendant)
    assert filing.status == FilingStatus.SUBMITTED and filing.fee_amount == Decimal("0.00")
    filing = filing_intake(filing_id=filing.pk)
    assert filing.status == FilingStatus.FILED
    assert list(case.documents.values_list("kind", flat=True)) == ["response", "attachment"]
    assert plaintiff.notifications.filter(kind="case.document_filed").count() == 1
    assert case.judge.notifications.filter(kind="case.document_filed").count() == 1
    assert not defendant.notifications.filter(kind="case.document_filed").exists()
    assert filing_intake(filing_id=filing.pk).status == FilingStatus.FILED  # once only
    assert case.documents.count() == 2


def test_counterclaim_carries_the_claim_fee(case, issue, trust_test_ca):
    defendant = case.parties.get(role=PartyRole.DEFENDANT).user
    filing = signed_document(
        case, defendant, FilingKind.COUNTERCLAIM, issue, amount=Decimal(200000)
    )
    filing = services.filing_submit(filing=filing, acting_user=defendant)
    assert filing.status == FilingStatus.AWAITING_PAYMENT
    assert filing.fee_amount == Decimal("2000.00")


def test_only_participants_may_start_a_document_in_the_case(case, client):
    client.force_login(UserFactory())
    url = reverse("filings:new_in_case", args=[case.pk])
    assert client.post(url, {"kind": "response"}).status_code == 404
    party = case.parties.get(role=PartyRole.DEFENDANT).user
    client.force_login(party)
    response = client.post(url, {"kind": "response"})
    assert response.status_code == 302 and "/filings/" in response["Location"]
    assert client.post(url, {"kind": "claim"})["Location"].endswith(f"/cases/{case.pk}/")
