from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cases.models import PartyRole
from filings import services
from filings.attachments import AttachmentRefused
from filings.intake import filing_intake
from filings.models import Filing, FilingStatus
from judicial_account.pki.ca import SIGN
from judicial_account.pki.client import cms_sign
from judicial_account.pki.services import signing_request_content, signing_request_sign
from tests.factories import UserFactory
from tests.filings.conftest import pdf_bytes, registry_people, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    person = registry_people(1)[0]
    return UserFactory(iin=person.iin, last_name=person.last_name, first_name=person.first_name)


def sign(filing, issue):
    request = services.filing_signing_request(filing=filing)
    holder = issue(SIGN, "ec", iin=filing.author.iin)
    signing_request_sign(
        request=request,
        cms_der=cms_sign(signing_request_content(request), holder.key, holder.cert),
        user=filing.author,
        channel="test",
    )
    return Filing.objects.get(pk=filing.pk)


def test_draft_creation_is_idempotent_per_key(author):
    first = services.filing_draft_create(author=author, idempotency_key="abc")
    again = services.filing_draft_create(author=author, idempotency_key="abc")
    assert first.pk == again.pk
    assert services.filing_draft_create(author=author).pk != first.pk


def test_party_name_comes_from_registry(author, complete_claim):
    filing = complete_claim(author)
    plaintiff = filing.parties.get(role=PartyRole.PLAINTIFF)
    assert plaintiff.found_in_registry and plaintiff.name.startswith(author.last_name)


def test_unknown_identifier_needs_a_name_and_is_flagged(author):
    filing = services.filing_draft_create(author=author)
    stranger = UserFactory()  # a valid IIN the registry does not know
    with pytest.raises(ValidationError):
        services.filing_party_add(filing=filing, role=PartyRole.DEFENDANT, iin=stranger.iin)
    party = services.filing_party_add(
        filing=filing, role=PartyRole.DEFENDANT, iin=stranger.iin, name="Иванов Иван"
    )
    assert not party.found_in_registry


@pytest.mark.parametrize(
    ("iin", "bin_"), [("123", ""), ("", "123456789012"), ("", ""), ("850314300017", "x")]
)
def test_bad_identifiers_refused(author, iin, bin_):
    filing = services.filing_draft_create(author=author)
    with pytest.raises(ValidationError):
        services.filing_party_add(filing=filing, role=PartyRole.DEFENDANT, iin=iin, bin_=bin_)
    assert not filing.parties.exists()


@pytest.mark.parametrize(
    "amount", [Decimal("0"), Decimal("-5"), Decimal("1e15"), Decimal("10.001")]
)
def test_bad_amounts_refused_and_nothing_saved(author, amount):
    filing = services.filing_draft_create(author=author)
    with pytest.raises(ValidationError):
        services.filing_update(filing=filing, amount=amount)
    filing.refresh_from_db()
    assert filing.amount is None


def test_claim_must_go_to_a_district_court(author, court):
    filing = services.filing_draft_create(author=author)
    with pytest.raises(ValidationError):
        services.filing_update(filing=filing, court=court.parent)


def test_incomplete_claim_cannot_be_signed(author):
    filing = services.filing_draft_create(author=author)
    with pytest.raises(services.FilingError) as error:
        services.filing_signing_request(filing=filing)
    assert error.value.detail.code == "incomplete"


def test_change_after_signing_voids_the_signature(author, complete_claim, issue, trust_test_ca):
    filing = sign(complete_claim(author), issue)
    assert services._signed(filing)
    services.filing_attachment_add(filing=filing, upload=upload(pdf_bytes("ещё"), "more.pdf"))
    filing.refresh_from_db()
    assert not services._signed(filing)
    with pytest.raises(services.FilingError) as error:
        services.filing_submit(filing=filing, acting_user=author)
    assert error.value.detail.code == "unsigned"


def test_same_attachment_twice_is_refused(author, complete_claim):
    filing = complete_claim(author)
    with pytest.raises(AttachmentRefused) as refusal:
        services.filing_attachment_add(filing=filing, upload=upload(pdf_bytes()))
    assert refusal.value.code == "duplicate"


def test_submission_with_fee_waits_for_payment_then_registers(
    author, complete_claim, issue, trust_test_ca, django_capture_on_commit_callbacks, monkeypatch
):
    from filings import tasks

    queued = []
    monkeypatch.setattr(tasks.filing_intake_task, "delay", queued.append)
    from judicial_account.payments.models import Invoice
    from judicial_account.payments.services import sandbox_callback_send

    filing = sign(complete_claim(author), issue)
    filing = services.filing_submit(filing=filing, acting_user=author)
    assert filing.status == FilingStatus.AWAITING_PAYMENT
    assert filing.fee_amount == Decimal("15000.00")
    invoice = Invoice.objects.get(target_id=str(filing.pk))
    assert services.filing_submit(filing=filing, acting_user=author).pk == filing.pk
    assert Invoice.objects.filter(target_id=str(filing.pk)).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        sandbox_callback_send(invoice=invoice, status="paid")
    filing.refresh_from_db()
    assert filing.fee_paid and filing.status == FilingStatus.SUBMITTED
    assert queued == [filing.pk]  # the paid hook sent the claim to the intake robot
    filing = filing_intake(filing_id=filing.pk)
    assert filing.status == FilingStatus.REGISTERED and filing.case is not None
    assert filing_intake(filing_id=filing.pk).case == filing.case  # the robot twice: one case


def test_exempt_claim_goes_straight_to_intake(
    author, complete_claim, issue, trust_test_ca, django_capture_on_commit_callbacks
):
    from tests.factories import CaseCategoryFactory

    alimony = CaseCategoryFactory(code="alimony")
    filing = sign(complete_claim(author, category=alimony), issue)
    with django_capture_on_commit_callbacks() as callbacks:
        filing = services.filing_submit(filing=filing, acting_user=author)
    assert filing.status == FilingStatus.SUBMITTED and filing.fee_amount == Decimal("0.00")
    assert len(callbacks) == 1  # the intake robot is enqueued after commit


def test_intake_returns_a_claim_against_an_unknown_party(
    author, court, loans, issue, trust_test_ca
):
    filing = services.filing_draft_create(author=author)
    services.filing_update(
        filing=filing,
        court=court,
        category=loans,
        subject="Долг",
        amount=Decimal(1000),
        text="Текст",
    )
    services.filing_party_add(filing=filing, role=PartyRole.PLAINTIFF, iin=author.iin)
    services.filing_party_add(
        filing=filing, role=PartyRole.DEFENDANT, iin=UserFactory().iin, name="Неизвестный"
    )
    filing = sign(filing, issue)
    Filing.objects.filter(pk=filing.pk).update(status=FilingStatus.SUBMITTED, fee_paid=True)
    from django.utils import translation

    with translation.override("en"):
        filing = filing_intake(filing_id=filing.pk)
    assert filing.status == FilingStatus.RETURNED
    assert any("not found" in reason for reason in filing.return_reasons)
    assert filing.case is None
    assert author.notifications.filter(kind="filing.returned").exists()


@pytest.fixture
def june_2026(time_machine):
    import datetime as dt

    time_machine.move_to(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC))  # MCI 4,325 KZT


def test_simplified_proceedings_within_the_limit(author, court, loans, june_2026):
    filing = services.filing_draft_create(author=author)
    services.filing_update(filing=filing, court=court, category=loans, amount=Decimal(4325000))
    services.filing_update(filing=filing, simplified=True)
    assert Filing.objects.get(pk=filing.pk).simplified


def test_simplified_proceedings_refused_above_the_limit(author, court, loans, june_2026):
    filing = services.filing_draft_create(author=author)
    services.filing_update(filing=filing, court=court, category=loans, amount=Decimal("4325000.01"))
    with pytest.raises(ValidationError) as error:
        services.filing_update(filing=filing, simplified=True)
    assert "simplified" in error.value.message_dict
    assert not Filing.objects.get(pk=filing.pk).simplified


def test_unpaid_fee_is_reminded_once(
    author, complete_claim, issue, trust_test_ca, django_capture_on_commit_callbacks, time_machine
):
    import datetime as dt

    from django.utils import timezone

    from judicial_account.payments.services import invoices_remind

    time_machine.move_to(timezone.now().replace(hour=10))
    filing = services.filing_submit(filing=sign(complete_claim(author), issue), acting_user=author)
    assert filing.status == FilingStatus.AWAITING_PAYMENT
    time_machine.shift(dt.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        invoices_remind()
        invoices_remind()
    assert author.notifications.filter(kind="filing.fee_reminder").count() == 1


def test_signing_a_claim_queues_no_separate_receipt(
    author, complete_claim, issue, trust_test_ca, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        filing = sign(complete_claim(author), issue)
    assert filing.signing_request.receipt_wanted is False
    assert callbacks == []  # the claim's record is the case file, not a receipt PDF
