import datetime as dt

import pytest

from cases.models import CaseStatus, PartyRole
from hearings import mediation as med
from hearings.models import MediationStatus
from judicial_account.accounts.models import Role
from judicial_account.pki.ca import SIGN
from judicial_account.pki.client import cms_sign
from judicial_account.pki.services import signing_request_content, signing_request_sign
from tests.factories import UserFactory
from tests.hearings.test_scheduling import MONDAY, at

REAL_NOW = dt.datetime.now(dt.UTC)  # read before any test freezes the clock


@pytest.fixture
def mediator():
    return UserFactory(role=Role.MEDIATOR)


@pytest.fixture
def parties(case):
    return (
        case.parties.get(role=PartyRole.PLAINTIFF).user,
        case.parties.get(role=PartyRole.DEFENDANT).user,
    )


def sign_all(mediation, issue):
    for signature in mediation.signatures.select_related("signing_request", "party"):
        holder = issue(SIGN, "ec", iin=signature.party.iin)
        request = signature.signing_request
        signing_request_sign(
            request=request,
            cms_der=cms_sign(signing_request_content(request), holder.key, holder.cert),
            user=signature.party,
            channel="test",
        )


def test_reconciliation_from_proposal_to_approval(
    case, parties, mediator, issue, trust_test_ca, settings, tmp_path, frozen, time_machine
):
    settings.MEDIA_ROOT = tmp_path
    plaintiff, defendant = parties
    mediation = med.mediation_propose(case=case, proposer=plaintiff, mediator=mediator)
    assert defendant.notifications.filter(kind="mediation.proposed").count() == 1
    med.mediation_answer(mediation=mediation, party=defendant, accept=True)
    session = med.mediation_session_add(
        mediation=mediation, starts_at=at(MONDAY, 11), duration=dt.timedelta(hours=1)
    )
    assert session.video_room.startswith("ja-med-")
    time_machine.move_to(REAL_NOW)  # signing certificates are valid now, not in March
    med.settlement_prepare(mediation=mediation, text="Ответчик выплачивает 500 000 тенге.")
    with pytest.raises(med.MediationError):
        med.settlement_complete(mediation=mediation)  # nobody has signed yet
    sign_all(mediation, issue)
    med.settlement_complete(mediation=mediation)
    assert case.documents.filter(kind="settlement").count() == 2
    assert case.judge.notifications.filter(kind="mediation.settled").count() == 1
    med.settlement_approve(mediation=mediation, judge=case.judge)
    case.refresh_from_db()
    mediation.refresh_from_db()
    assert mediation.status == MediationStatus.APPROVED and case.status == CaseStatus.CLOSED


def test_only_parties_propose_and_only_registered_mediators(case, parties, mediator):
    with pytest.raises(med.MediationError):
        med.mediation_propose(case=case, proposer=UserFactory(), mediator=mediator)
    with pytest.raises(med.MediationError):
        med.mediation_propose(case=case, proposer=parties[0], mediator=UserFactory())


def test_proposer_cannot_accept_own_proposal_and_decline_ends_it(case, parties, mediator):
    plaintiff, defendant = parties
    mediation = med.mediation_propose(case=case, proposer=plaintiff, mediator=mediator)
    with pytest.raises(med.MediationError):
        med.mediation_answer(mediation=mediation, party=plaintiff, accept=True)
    med.mediation_answer(mediation=mediation, party=defendant, accept=False)
    with pytest.raises(med.MediationError):
        med.settlement_prepare(mediation=mediation, text="x")
    # A declined proposal does not block a new one.
    assert med.mediation_propose(case=case, proposer=defendant, mediator=mediator)


def test_unsigned_settlement_cannot_be_approved(case, parties, mediator):
    plaintiff, defendant = parties
    mediation = med.mediation_propose(case=case, proposer=plaintiff, mediator=mediator)
    med.mediation_answer(mediation=mediation, party=defendant, accept=True)
    with pytest.raises(med.MediationError):
        med.settlement_approve(mediation=mediation, judge=case.judge)


def test_reconciliation_pages(client, case, parties, mediator):
    from django.urls import reverse

    plaintiff, defendant = parties
    client.force_login(plaintiff)
    client.post(reverse("hearings:mediation_propose", args=[case.pk]), {"mediator": mediator.pk})
    mediation = case.mediations.get()
    client.force_login(defendant)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Accept reconciliation" in page
    client.post(reverse("hearings:mediation_answer", args=[mediation.pk]), {"accept": "yes"})
    mediation.refresh_from_db()
    assert mediation.status == MediationStatus.ACCEPTED
    client.force_login(mediator)
    assert case.number in client.get(reverse("hearings:mediator")).content.decode()
    client.post(
        reverse("hearings:mediation_settlement", args=[mediation.pk]),
        {"text": "Стороны договорились."},
    )
    assert mediation.signatures.count() == 2
    stranger = UserFactory(role=Role.MEDIATOR)
    client.force_login(stranger)
    assert case.number not in client.get(reverse("hearings:mediator")).content.decode()
    assert (
        client.post(
            reverse("hearings:mediation_settlement", args=[mediation.pk]), {"text": "x"}
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("hearings:mediation_approve", args=[mediation.pk])).status_code == 404
    )
