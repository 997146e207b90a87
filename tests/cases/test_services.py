import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from cases.models import Case, CaseNumberSequence, JudgeAssignment, PartyRole
from cases.services import (
    NoJudgeAvailable,
    PartyInput,
    case_register,
    judge_assignment_replay,
)
from judicial_account.audit.models import AuditEntry
from judicial_account.core.api import ApplicationError
from tests.factories import CourtStaffFactory, UserFactory


@pytest.mark.django_db
def test_registration_numbers_assigns_and_audits(register, court, judges):
    case = register()
    assert case.number == f"{court.code}-2-1/{case.year}"
    assert case.judge in judges[:2]  # specialised in loans
    assert list(case.events.values_list("kind", flat=True)) == [
        "case.registered",
        "case.judge_assigned",
    ]
    assert set(
        AuditEntry.objects.filter(target_id=str(case.pk)).values_list("action", flat=True)
    ) == {"case.registered", "case.judge_assigned"}
    assert register().sequence == 2


@pytest.mark.django_db
def test_parties_link_to_accounts_and_entities(register):
    plaintiff = UserFactory()
    case = register(plaintiff=plaintiff)
    assert case.parties.get(role=PartyRole.PLAINTIFF).user == plaintiff
    assert case.parties.get(role=PartyRole.DEFENDANT).legal_entity is not None


@pytest.mark.django_db
def test_claim_without_defendant_is_refused_and_uses_no_number(court, category, judges):
    with pytest.raises(ApplicationError):
        case_register(
            court=court,
            category=category,
            subject="x",
            filed_at=timezone.now(),
            parties=[PartyInput(role=PartyRole.PLAINTIFF, name="A", iin=UserFactory().iin)],
        )
    assert not Case.objects.exists()
    assert not CaseNumberSequence.objects.filter(last_value__gt=0).exists()


@pytest.mark.django_db
def test_draw_is_recorded_and_replayable(register):
    case = register(seed="fixed-seed")
    assignment = JudgeAssignment.objects.get(case=case)
    assert assignment.seed == "fixed-seed" and assignment.specialised
    assert len(assignment.candidates) == 2
    assert judge_assignment_replay(assignment) == case.judge_id


@pytest.mark.django_db
def test_less_loaded_judge_gets_more_weight(register, judges):
    busy = register(seed="a").judge
    for _ in range(3):
        case = register(seed="a")
        case.judge = busy
        case.save()
    assignment = JudgeAssignment.objects.get(case=register(seed="b"))
    weights = {c["judge"]: c["weight"] for c in assignment.candidates}
    idle = next(j for j in judges[:2] if j != busy)
    assert weights[idle.pk] > weights[busy.pk]


@pytest.mark.django_db
def test_judge_who_is_a_party_is_excluded(register, judges):
    case = register(plaintiff=judges[0], seed="x")
    assignment = JudgeAssignment.objects.get(case=case)
    assert case.judge == judges[1]
    assert assignment.excluded == [{"judge": judges[0].pk, "reason": "party"}]


@pytest.mark.django_db
def test_falls_back_to_any_judge_when_none_specialised(court, judges):
    from tests.factories import CaseCategoryFactory

    rare = CaseCategoryFactory(code="land", name_ru="Земля")
    case = case_register(
        court=court,
        category=rare,
        subject="x",
        filed_at=timezone.now(),
        parties=[
            PartyInput(role=PartyRole.PLAINTIFF, name="A", iin=UserFactory().iin),
            PartyInput(role=PartyRole.DEFENDANT, name="B", iin=UserFactory().iin),
        ],
    )
    assert not case.assignment.specialised
    assert len(case.assignment.candidates) == 3


@pytest.mark.django_db
def test_court_without_judges_refuses_and_keeps_nothing(category):
    from tests.factories import DistrictCourtFactory

    empty = DistrictCourtFactory()
    with pytest.raises(NoJudgeAvailable):
        case_register(
            court=empty,
            category=category,
            subject="x",
            filed_at=timezone.now(),
            parties=[
                PartyInput(role=PartyRole.PLAINTIFF, name="A", iin=UserFactory().iin),
                PartyInput(role=PartyRole.DEFENDANT, name="B", iin=UserFactory().iin),
            ],
        )
    assert not Case.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_registrations_get_fifty_gapless_numbers(court, category):
    CourtStaffFactory(court=court).specialisations.set([category])
    plaintiff, defendant = UserFactory(), UserFactory()
    errors: list[BaseException] = []
    barrier = threading.Barrier(10)

    def worker(count: int) -> None:
        try:
            barrier.wait()
            for _ in range(count):
                case_register(
                    court=court,
                    category=category,
                    subject="x",
                    filed_at=timezone.now(),
                    parties=[
                        PartyInput(role=PartyRole.PLAINTIFF, name="A", iin=plaintiff.iin),
                        PartyInput(role=PartyRole.DEFENDANT, name="B", iin=defendant.iin),
                    ],
                )
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(5,)) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    sequences = sorted(Case.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 51))
    assert Case.objects.values("number").distinct().count() == 50
    connection.close()


@pytest.mark.django_db
def test_new_case_starts_acceptance_and_hearing_terms(register):
    from cases.calendar import add_working_days, filing_effective_date

    case = register()
    terms = {d.rule_code: d for d in case.deadlines.all()}
    assert set(terms) == {"claim_acceptance", "civil_case_hearing"}
    start = filing_effective_date(case.filed_at)
    assert terms["claim_acceptance"].due_on == add_working_days(start, 5)


@pytest.mark.django_db
def test_missed_terms_are_marked_once_and_reported(register, court):
    import datetime as dt

    from cases.deadlines import deadlines_mark_missed
    from cases.models import DeadlineStatus
    from judicial_account.accounts.models import Role

    chairman = CourtStaffFactory(
        court=court, position="chairman", user=UserFactory(role=Role.CHAIRMAN)
    ).user
    case = register()
    late = case.deadlines.get(rule_code="claim_acceptance").due_on + dt.timedelta(days=1)
    assert deadlines_mark_missed(today=late) == 1
    assert deadlines_mark_missed(today=late) == 0
    assert case.deadlines.get(rule_code="claim_acceptance").status == DeadlineStatus.MISSED
    assert case.judge.notifications.filter(kind="deadline.missed").count() == 1
    assert chairman.notifications.filter(kind="deadline.missed").count() == 1
    assert AuditEntry.objects.filter(action="case.deadline_missed").count() == 1
