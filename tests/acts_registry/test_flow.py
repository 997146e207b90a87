"""The life of an act through the services: drafted by the judge, signed with EDS, issued,
in force after the appeal term, published depersonalised; appealed, reviewed and decided by
the higher court; writs of execution. Signatures are real CMS over the act's document,
checked against the test CA."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from acts_registry import access, services
from acts_registry.drafting import act_document
from acts_registry.models import Act, ActKind, ActStatus, Outcome, SearchOutbox, WritStatus
from acts_registry.verification import CODE_LENGTH
from cases.models import CaseDocument, CaseStatus, Instance
from filings import reviews
from filings import services as filing_services
from filings.intake import filing_intake
from filings.models import FilingKind, FilingStatus
from judicial_account.pki.ca import SIGN
from judicial_account.pki.client import cms_sign
from judicial_account.pki.services import SigningRefused, signing_request_content
from notifications.models import Notification
from tests.factories import CourtStaffFactory, UserFactory

pytestmark = pytest.mark.django_db

DECISION_TEXT = (
    "РЕШЕНИЕ\nИменем Республики Казахстан\n\nСуд установил, что {plaintiff} передал "
    "{defendant} по договору займа 500 000 тенге, которые не возвращены.\n\nРЕШИЛ:\n"
    "Иск удовлетворить. Взыскать с {defendant} в пользу {plaintiff} 500 000 тенге.\n"
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path, trust_test_ca):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def fee_table(db):
    from filings.fee_table import fee_table_load

    fee_table_load()


def sign_and_issue(act, judge, issue):
    holder = issue(SIGN, "ec", iin=judge.iin)
    request = services.act_signing_request(act=act)
    from judicial_account.pki.services import signing_request_sign

    signing_request_sign(
        request=request,
        cms_der=cms_sign(signing_request_content(request), holder.key, holder.cert),
        user=judge,
        channel="test",
    )
    return services.act_issue(act=act, judge=judge)


def write_decision(case, judge, plaintiff, defendant, *, outcome=Outcome.GRANTED, amount=None):
    act = services.act_draft_create(case=case, judge=judge, kind=ActKind.DECISION)
    return services.act_draft_update(
        act=act,
        text=DECISION_TEXT.format(plaintiff=plaintiff.full_name, defendant=defendant.full_name),
        outcome=outcome,
        awarded_amount=amount,
    )


def test_draft_is_prefilled_from_the_case(first_case, judge_first, plaintiff, defendant):
    act = services.act_draft_create(case=first_case, judge=judge_first, kind=ActKind.DECISION)
    assert act.status == ActStatus.DRAFT and act.title == "Решение"
    for fact in (first_case.number, first_case.court.name_ru, judge_first.full_name):
        assert fact in act.text
    assert plaintiff.full_name in act.text and defendant.full_name in act.text
    assert "500 000.00" in act.text  # the amount claimed
    kazakh = services.act_draft_create(
        case=first_case, judge=judge_first, kind=ActKind.DECISION, language="kk"
    )
    assert kazakh.title == "Шешім" and "ШЕШТІ" in kazakh.text


def test_only_the_judge_of_the_case_drafts(first_case, judge_first, plaintiff, district_court):
    other_judge = CourtStaffFactory(court=district_court).user
    for person in (other_judge, plaintiff, UserFactory()):
        with pytest.raises(services.ActError) as refusal:
            services.act_draft_create(case=first_case, judge=person, kind=ActKind.DECISION)
        assert refusal.value.code == "not_the_judge"
    with pytest.raises(services.ActError) as refusal:
        services.act_draft_create(case=first_case, judge=judge_first, kind=ActKind.RESOLUTION)
    assert refusal.value.code == "wrong_kind"


def test_drafts_are_private_to_their_judge(first_case, judge_first, plaintiff, district_court):
    act = services.act_draft_create(case=first_case, judge=judge_first, kind=ActKind.DECISION)
    clerk = CourtStaffFactory(court=district_court, position="clerk").user
    assert access.act_get_for(judge_first, act.pk) == act
    for person in (plaintiff, clerk, UserFactory()):
        with pytest.raises(Http404):
            access.act_get_for(person, act.pk)
    assert not access.public_acts().filter(pk=act.pk).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"outcome": Outcome.UPHELD}, "outcome"),
        ({"awarded_amount": "-1"}, "awarded_amount"),
        ({"awarded_amount": "abc"}, "awarded_amount"),
        ({"awarded_amount": "1.001"}, "awarded_amount"),
        ({"awarded_amount": "1e20"}, "awarded_amount"),
        ({"title": "   "}, "title"),
    ],
)
def test_bad_draft_changes_are_refused_and_nothing_saved(first_case, judge_first, changes, field):
    act = services.act_draft_create(case=first_case, judge=judge_first, kind=ActKind.DECISION)
    before = Act.objects.get(pk=act.pk)
    with pytest.raises(ValidationError) as error:
        services.act_draft_update(act=act, **changes)
    assert field in error.value.message_dict
    after = Act.objects.get(pk=act.pk)
    assert (after.outcome, after.awarded_amount, after.title) == (
        before.outcome,
        before.awarded_amount,
        before.title,
    )


def test_template_hints_and_missing_outcome_block_signing(first_case, judge_first):
    act = services.act_draft_create(case=first_case, judge=judge_first, kind=ActKind.DECISION)
    with pytest.raises(services.ActError) as refusal:
        services.act_signing_request(act=act)
    assert refusal.value.code == "incomplete"


def test_issue_needs_a_signature_over_the_current_text(
    first_case, judge_first, plaintiff, defendant, issue
):
    act = write_decision(first_case, judge_first, plaintiff, defendant)
    with pytest.raises(services.ActError) as refusal:
        services.act_issue(act=act, judge=judge_first)
    assert refusal.value.code == "not_signed"
    holder = issue(SIGN, "ec", iin=judge_first.iin)
    request = services.act_signing_request(act=act)
    from judicial_account.pki.services import signing_request_sign

    signing_request_sign(
        request=request,
        cms_der=cms_sign(signing_request_content(request), holder.key, holder.cert),
        user=judge_first,
        channel="test",
    )
    # The judge changes the text after signing: the old signature does not cover it.
    act = services.act_draft_update(act=act, text=act.text + "Дополнение.\n")
    with pytest.raises(services.ActError) as refusal:
        services.act_issue(act=act, judge=judge_first)
    assert refusal.value.code == "not_signed"
    assert Act.objects.get(pk=act.pk).status == ActStatus.DRAFT


def test_someone_elses_key_cannot_sign_the_act(
    first_case, judge_first, plaintiff, defendant, issue
):
    act = write_decision(first_case, judge_first, plaintiff, defendant)
    stranger = issue(SIGN, "ec", iin=plaintiff.iin)
    document = act_document(act)
    with pytest.raises(SigningRefused):
        services.act_sign_and_issue(
            act=act, cms_der=cms_sign(document, stranger.key, stranger.cert), judge=judge_first
        )
    assert Act.objects.get(pk=act.pk).status == ActStatus.DRAFT


def test_full_flow_issue_appeal_term_in_force_published(
    first_case, judge_first, plaintiff, defendant, issue
):
    act = write_decision(first_case, judge_first, plaintiff, defendant, amount="500000")
    act = sign_and_issue(act, judge_first, issue)
    assert act.status == ActStatus.ISSUED and act.signature.valid
    assert len(act.verification_code) == CODE_LENGTH
    # One month from the issue date, moved to the next working day when it ends on a day off.
    assert dt.timedelta(days=28) <= act.appeal_until - act.issued_on <= dt.timedelta(days=35)
    first_case.refresh_from_db()
    assert first_case.status == CaseStatus.DECIDED
    document = CaseDocument.objects.get(case=first_case, kind="act")
    assert document.signature == act.signature
    for party in (plaintiff, defendant):
        assert Notification.objects.filter(recipient=party, kind="act.issued").exists()
        assert access.act_get_for(party, act.pk) == act
    assert SearchOutbox.objects.filter(act_id=act.pk).exists()
    assert not access.public_acts().filter(pk=act.pk).exists()  # not in force yet

    # The day the term ends nothing happens; the day after, the act is in force.
    assert services.acts_enter_force(today=act.appeal_until) == 0
    assert services.acts_enter_force(today=act.appeal_until + dt.timedelta(days=1)) == 1
    act.refresh_from_db()
    assert act.status == ActStatus.IN_FORCE
    assert act.in_force_on == act.appeal_until + dt.timedelta(days=1)
    assert act.published_at is not None
    assert access.public_acts().filter(pk=act.pk).exists()
    for name_part in (*plaintiff.full_name.split(), *defendant.full_name.split()):
        assert name_part not in act.text_public
    assert "500 000 тенге" in act.text_public
    assert services.acts_enter_force(today=act.appeal_until + dt.timedelta(days=9)) == 0


def test_closed_hearing_acts_enter_force_but_are_never_published(
    first_case, judge_first, plaintiff, defendant, issue
):
    first_case.is_closed_session = True
    first_case.save()
    act = sign_and_issue(
        write_decision(first_case, judge_first, plaintiff, defendant), judge_first, issue
    )
    services.acts_enter_force(today=act.appeal_until + dt.timedelta(days=1))
    act.refresh_from_db()
    assert act.status == ActStatus.IN_FORCE and act.published_at is None
    assert not access.public_acts().filter(pk=act.pk).exists()


@pytest.fixture
def appeal(issue, fee_table, django_capture_on_commit_callbacks, monkeypatch):
    """appeal(act, author, kind=...) files, signs, pays and puts through the intake an
    appeal (or cassation petition) against `act`; the intake runs here, not in a worker."""
    from filings import tasks

    monkeypatch.setattr(tasks.filing_intake_task, "delay", lambda filing_id: None)

    def make(act, author, *, kind=FilingKind.APPEAL):
        return _appeal(act, author, issue, django_capture_on_commit_callbacks, kind=kind)

    return make


def _appeal(act, author, issue, capture, *, kind):
    from judicial_account.payments.models import Invoice
    from judicial_account.payments.services import sandbox_callback_send

    filing = reviews.review_filing_create(author=author, act=act, kind=kind)
    filing = filing_services.filing_update(filing=filing, text="Решение незаконно, прошу отменить.")
    holder = issue(SIGN, "ec", iin=author.iin)
    request = filing_services.filing_signing_request(filing=filing)
    from judicial_account.pki.services import signing_request_sign

    signing_request_sign(
        request=request,
        cms_der=cms_sign(signing_request_content(request), holder.key, holder.cert),
        user=author,
        channel="test",
    )
    filing = filing_services.filing_submit(filing=filing, acting_user=author)
    assert filing.status == FilingStatus.AWAITING_PAYMENT and filing.fee_amount > 0
    with capture(execute=True):
        sandbox_callback_send(invoice=Invoice.objects.get(target_id=str(filing.pk)), status="paid")
    return filing_intake(filing_id=filing.pk)


def test_appeal_overturns_the_decision(
    first_case, judge_first, judge_appeal, plaintiff, defendant, issue, appeal, regional_court
):
    act = sign_and_issue(
        write_decision(first_case, judge_first, plaintiff, defendant), judge_first, issue
    )
    filing = appeal(act, defendant)
    assert filing.status == FilingStatus.REGISTERED, filing.return_reasons
    higher = filing.case
    assert higher.court == regional_court and higher.parent == first_case
    assert higher.instance == Instance.APPEAL and higher.judge == judge_appeal
    act.refresh_from_db()
    assert act.status == ActStatus.APPEALED
    # An appealed act does not enter into force when its term ends.
    assert services.acts_enter_force(today=act.appeal_until + dt.timedelta(days=1)) == 0

    resolution = services.act_draft_create(case=higher, judge=judge_appeal, kind=ActKind.RESOLUTION)
    assert resolution.reviewed_act == act
    assert first_case.number in resolution.text
    services.act_draft_update(
        act=resolution,
        text="ПОСТАНОВЛЕНИЕ\nРешение отменить, в иске отказать.\n",
        outcome=Outcome.OVERTURNED,
    )
    resolution = sign_and_issue(resolution, judge_appeal, issue)
    assert resolution.status == ActStatus.IN_FORCE  # in force on issue
    act.refresh_from_db()
    assert act.status == ActStatus.OVERTURNED and act.published_at is None
    assert access.public_acts().filter(pk=resolution.pk).exists()
    assert Notification.objects.filter(recipient=plaintiff, kind="act.reviewed").exists()


def test_appeal_upheld_puts_the_decision_in_force_and_cassation_follows(
    first_case,
    judge_first,
    judge_appeal,
    judge_cassation,
    plaintiff,
    defendant,
    issue,
    appeal,
    supreme_court,
):
    act = sign_and_issue(
        write_decision(first_case, judge_first, plaintiff, defendant), judge_first, issue
    )
    higher = appeal(act, defendant).case
    resolution = services.act_draft_create(case=higher, judge=judge_appeal, kind=ActKind.RESOLUTION)
    services.act_draft_update(
        act=resolution, text="ПОСТАНОВЛЕНИЕ\nОставить без изменения.\n", outcome=Outcome.UPHELD
    )
    resolution = sign_and_issue(resolution, judge_appeal, issue)
    act.refresh_from_db()
    assert act.status == ActStatus.IN_FORCE and act.in_force_on == resolution.issued_on
    assert act.published_at is not None
    # An appeal is no longer possible; cassation against the appeal's act is.
    assert services.review_refusal(act, "appeal")
    assert services.review_refusal(resolution, "cassation") is None
    filing = appeal(resolution, defendant, kind=FilingKind.CASSATION)
    assert filing.status == FilingStatus.REGISTERED, filing.return_reasons
    assert filing.case.court == supreme_court and filing.case.parent == higher
    assert filing.case.instance == Instance.CASSATION


def test_appeal_after_the_term_or_by_a_stranger_is_refused(
    first_case, judge_first, plaintiff, defendant, issue
):
    act = sign_and_issue(
        write_decision(first_case, judge_first, plaintiff, defendant), judge_first, issue
    )
    with pytest.raises(filing_services.FilingError) as refusal:
        reviews.review_filing_create(author=UserFactory(), act=act, kind=FilingKind.APPEAL)
    assert refusal.value.get_codes() == "forbidden"
    late = act.appeal_until + dt.timedelta(days=1)
    assert services.review_refusal(act, "appeal", today=late)
    with pytest.raises(filing_services.FilingError) as refusal:
        reviews.review_filing_create(author=defendant, act=act, kind=FilingKind.CASSATION)
    assert refusal.value.get_codes() == "not_open_to_review"


def test_sent_back_reopens_the_first_case(
    first_case, judge_first, judge_appeal, plaintiff, defendant, issue, appeal
):
    act = sign_and_issue(
        write_decision(first_case, judge_first, plaintiff, defendant), judge_first, issue
    )
    higher = appeal(act, plaintiff).case
    resolution = services.act_draft_create(case=higher, judge=judge_appeal, kind=ActKind.RESOLUTION)
    services.act_draft_update(
        act=resolution,
        text="ПОСТАНОВЛЕНИЕ\nНаправить на новое рассмотрение.\n",
        outcome=Outcome.SENT_BACK,
    )
    sign_and_issue(resolution, judge_appeal, issue)
    act.refresh_from_db()
    first_case.refresh_from_db()
    assert act.status == ActStatus.OVERTURNED
    assert first_case.status == CaseStatus.IN_PROGRESS


def test_writ_of_execution_on_an_act_in_force(first_case, judge_first, plaintiff, defendant, issue):
    act = sign_and_issue(
        write_decision(first_case, judge_first, plaintiff, defendant, amount="500000"),
        judge_first,
        issue,
    )
    with pytest.raises(services.ActError) as refusal:
        services.writ_request(act=act, user=plaintiff)
    assert refusal.value.code == "not_in_force"
    services.acts_enter_force(today=act.appeal_until + dt.timedelta(days=1))
    act.refresh_from_db()
    with pytest.raises(services.ActError):
        services.writ_request(act=act, user=UserFactory())
    writ = services.writ_request(act=act, user=plaintiff)
    with pytest.raises(services.ActError) as refusal:
        services.writ_request(act=act, user=plaintiff)
    assert refusal.value.code == "already_requested"
    with pytest.raises(services.ActError):
        services.writ_decide(writ=writ, user=plaintiff, issue=True)
    with pytest.raises(ValidationError):
        services.writ_decide(writ=writ, user=judge_first, issue=False, reason=" ")
    writ = services.writ_decide(writ=writ, user=judge_first, issue=True)
    assert writ.status == WritStatus.ISSUED and writ.number == f"{first_case.number}/ИЛ-1"
    assert CaseDocument.objects.filter(case=first_case, kind="writ").exists()
    assert Notification.objects.filter(recipient=plaintiff, kind="writ.decided").exists()


def test_denied_claim_has_nothing_to_enforce(first_case, judge_first, plaintiff, defendant, issue):
    act = sign_and_issue(
        write_decision(first_case, judge_first, plaintiff, defendant, outcome=Outcome.DENIED),
        judge_first,
        issue,
    )
    services.acts_enter_force(today=act.appeal_until + dt.timedelta(days=1))
    with pytest.raises(services.ActError) as refusal:
        services.writ_request(act=Act.objects.get(pk=act.pk), user=plaintiff)
    assert refusal.value.code == "not_enforceable"


def test_amount_only_with_a_granting_outcome(first_case, judge_first, plaintiff, defendant):
    act = write_decision(
        first_case, judge_first, plaintiff, defendant, outcome=Outcome.DENIED, amount="100"
    )
    assert act.awarded_amount == Decimal("100.00")
    with pytest.raises(services.ActError) as refusal:
        services.act_signing_request(act=act)
    assert refusal.value.code == "incomplete"
