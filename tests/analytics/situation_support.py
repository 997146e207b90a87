"""Factories and a small world for the situation center's and the planner's tests.

The world: a district court D (region R) with judges J1 and J2, its chairman, and another
court D2 (another region) with judge J3; cases, deadlines, hearings, acts, filings, fees,
mediations, notices and questionnaire answers whose every figure is known (EXPECTED_AT_D).
Rows are dated relative to now so that they fall inside the default period (the last twelve
months); fields the models stamp themselves (auto_now_add) are moved with update() where a
date matters.
"""

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

import factory
from django.utils import timezone

from acts_registry.models import Act, ActKind, ActSource, ActStatus, Outcome, WritOfExecution
from analytics.models import QuestionnaireResponse
from cases.models import Case, CaseCategory, CaseEvent, Court, CourtStaff, Deadline, Position
from filings.models import Filing, FilingKind, FilingStatus
from hearings.models import Hearing, Mediation, Recording, Transcript
from judicial_account.accounts.models import Role, User
from judicial_account.payments.models import Invoice
from notifications.models import Delivery, Notification
from tests.factories import (
    CaseCategoryFactory,
    CourtStaffFactory,
    DistrictCourtFactory,
    UserFactory,
)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    court = factory.SubFactory(DistrictCourtFactory)
    year = factory.LazyFunction(lambda: timezone.now().year)
    sequence = factory.Sequence(lambda n: n + 1)
    number = factory.Sequence(lambda n: f"TEST-{n:06d}")
    category = factory.SubFactory(CaseCategoryFactory)
    subject = "Взыскание долга"
    filed_at = factory.LazyFunction(timezone.now)
    registered_at = factory.SelfAttribute("filed_at")


class DeadlineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deadline

    case = factory.SubFactory(CaseFactory)
    rule_code = factory.Sequence(lambda n: f"rule-{n}")
    starts_on = factory.LazyAttribute(lambda o: o.due_on - dt.timedelta(days=10))
    due_on = factory.LazyFunction(timezone.localdate)


class HearingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hearing

    case = factory.SubFactory(CaseFactory)
    judge = factory.SelfAttribute("case.judge")
    format = "in_person"
    starts_at = factory.LazyFunction(timezone.now)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=1))


class ActFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Act

    source = ActSource.SYNTHETIC
    kind = ActKind.DECISION
    outcome = Outcome.GRANTED
    status = ActStatus.IN_FORCE
    title = "Решение"
    text = "Текст решения"
    issued_on = factory.LazyFunction(timezone.localdate)
    issued_at = factory.LazyAttribute(
        lambda o: timezone.make_aware(dt.datetime.combine(o.issued_on, dt.time(12)))
    )


class FilingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Filing

    public_id = factory.LazyFunction(uuid.uuid4)
    kind = FilingKind.CLAIM
    author = factory.SubFactory(UserFactory)
    status = FilingStatus.REGISTERED


class InvoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invoice

    public_id = factory.LazyFunction(uuid.uuid4)
    payer = factory.SubFactory(UserFactory)
    purpose = "state_fee"
    description = "Госпошлина"
    amount = Decimal("5000")
    target_type = "filings.filing"
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda o: o.created_at + dt.timedelta(days=30))


class MediationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mediation

    case = factory.SubFactory(CaseFactory)
    proposer = factory.SubFactory(UserFactory)
    mediator = factory.SubFactory(UserFactory, role=Role.MEDIATOR)


class RecordingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recording

    file = "recordings/test.wav"
    file_name = "test.wav"
    content_type = "audio/wav"
    size = 1000
    sha256 = "0" * 64


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "case.registered"
    title = "Дело зарегистрировано"
    idempotency_key = factory.Sequence(lambda n: f"event-{n}")


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    notification = factory.SubFactory(NotificationFactory)
    channel = "sms"
    address = "+77010000000"


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionnaireResponse

    service = "portal"
    rating = 5
    language = "ru"


@dataclass
class World:
    region: object
    court: Court
    other_court: Court
    judge1: User
    judge2: User
    judge3: User
    chairman: User
    analyst: User
    admin: User
    litigant: User
    clerk: User
    loans: CaseCategory
    cases: dict
    acts: dict


def _ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def _day_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def world_make() -> World:  # noqa: PLR0915 - one straight list of rows, read top to bottom
    court = DistrictCourtFactory()
    other_court = DistrictCourtFactory()
    loans = CaseCategoryFactory(code="loans", name_ru="Займы", name_en="Loans")
    labour = CaseCategoryFactory(code="labour", name_ru="Трудовые", name_en="Labour")
    judge1 = CourtStaffFactory(court=court).user
    judge2 = CourtStaffFactory(court=court).user
    judge3 = CourtStaffFactory(court=other_court).user
    chairman = CourtStaffFactory(
        court=court, position=Position.CHAIRMAN, user=UserFactory(role=Role.CHAIRMAN)
    ).user
    clerk = CourtStaffFactory(
        court=court, position=Position.CLERK, user=UserFactory(role=Role.CLERK)
    ).user
    analyst = UserFactory(role=Role.ANALYST)
    admin = UserFactory(role=Role.ADMIN)
    litigant = UserFactory()

    c1 = CaseFactory(
        court=court,
        judge=judge1,
        category=loans,
        registered_at=_ago(60),
        amount=Decimal("1000"),
        status="decided",
    )
    c2 = CaseFactory(
        court=court,
        judge=judge1,
        category=loans,
        registered_at=_ago(30),
        amount=Decimal("3000"),
        status="in_progress",
        proceedings="simplified",
        is_closed_session=True,
    )
    c3 = CaseFactory(
        court=court, judge=judge2, category=labour, registered_at=_ago(30), status="closed"
    )
    c4 = CaseFactory(court=other_court, judge=judge3, category=loans, registered_at=_ago(30))
    CaseEvent.objects.bulk_create([CaseEvent(case=c3, kind="mediation.approved")])
    CaseEvent.objects.filter(case=c3, kind="mediation.approved").update(at=_ago(10))

    DeadlineFactory(case=c1, due_on=_day_ago(50), status="met")
    DeadlineFactory(case=c2, due_on=_day_ago(20), status="missed")
    DeadlineFactory(case=c2, due_on=_day_ago(5), status="open")
    DeadlineFactory(case=c3, due_on=_day_ago(-5), status="open")

    h1 = HearingFactory(case=c1, starts_at=_ago(45), status="finished", format="online")
    HearingFactory(
        case=c2, starts_at=_ago(20), status="postponed", postponement_ground="technical_failure"
    )
    HearingFactory(case=c3, starts_at=_ago(25), status="finished", format="mixed")
    HearingFactory(case=c2, starts_at=_ago(15), status="cancelled", format="online")
    recording = RecordingFactory(hearing=h1)
    Transcript.objects.bulk_create([Transcript(recording=recording, status="done", language="ru")])

    a1 = ActFactory(
        source=ActSource.COURT,
        case=c1,
        judge=judge1,
        court_code=court.code,
        region_code=court.region.code,
        category_code="loans",
        issued_at=_ago(40),
        issued_on=timezone.localtime(_ago(40)).date(),
        awarded_amount=Decimal("800"),
        in_force_on=_day_ago(10),
        published_at=_ago(9),
        analytics_consulted=True,
    )
    ActFactory(
        court_code=court.code,
        region_code=court.region.code,
        category_code="loans",
        outcome=Outcome.DENIED,
        issued_on=_day_ago(20),
        in_force_on=_day_ago(20),
    )
    ActFactory(
        source=ActSource.COURT,
        case=c2,
        judge=judge1,
        status=ActStatus.DRAFT,
        court_code=court.code,
        region_code=court.region.code,
        issued_on=None,
        issued_at=None,
    )
    ActFactory(
        court_code=court.parent.code,
        region_code=court.region.code,
        kind=ActKind.RESOLUTION,
        outcome=Outcome.CHANGED,
        reviewed_act=a1,
        issued_on=_day_ago(15),
        in_force_on=_day_ago(15),
        published_at=_ago(14),
    )

    claim = FilingFactory(case=c1, court=court, category=loans, submitted_at=_ago(61))
    FilingFactory(
        kind=FilingKind.APPEAL,
        case=c1,
        court=court,
        appealed_act=a1,
        status=FilingStatus.FILED,
        submitted_at=_ago(35),
    )
    InvoiceFactory(target_id=str(claim.pk), status="paid", paid_at=_ago(59))
    InvoiceFactory(target_id=str(claim.pk), amount=Decimal("100"))  # never paid
    WritOfExecution.objects.bulk_create(
        [WritOfExecution(act=a1, requested_by=litigant, status="issued", decided_at=_ago(1))]
    )

    MediationFactory(case=c2, status="settled")
    MediationFactory(case=c3, status="approved")

    about_c1 = NotificationFactory(subject_ref=f"cases.case:{c1.pk}")
    DeliveryFactory(notification=about_c1, status="delivered")
    DeliveryFactory(notification=about_c1, channel="email", status="failed")
    DeliveryFactory(notification=NotificationFactory(subject_ref=f"cases.case:{c1.pk}"))
    DeliveryFactory(
        notification=NotificationFactory(subject_ref=f"cases.case:{c4.pk}"), status="delivered"
    )

    AnswerFactory(court=court, rating=5)
    AnswerFactory(court=court, rating=3)
    AnswerFactory(court=None, rating=1)

    return World(
        region=court.region,
        court=court,
        other_court=other_court,
        judge1=judge1,
        judge2=judge2,
        judge3=judge3,
        chairman=chairman,
        analyst=analyst,
        admin=admin,
        litigant=litigant,
        clerk=clerk,
        loans=loans,
        cases={"c1": c1, "c2": c2, "c3": c3, "c4": c4},
        acts={"a1": a1},
    )


# Every indicator's value for court D over the default period (None: not applicable).
EXPECTED_AT_D = {
    "cases_incoming": 3,
    "cases_incoming_first": 3,
    "cases_incoming_appeal": 0,
    "cases_closed": 2,
    "clearance_rate": 66.67,
    "avg_duration_days": 20,
    "cases_pending": 1,
    "workload_per_judge": 1.5,
    "simplified_share": 33.33,
    "efiling_share": 33.33,
    "closed_session_share": 33.33,
    "avg_claim_amount": 2000,
    "deadline_compliance": 50,
    "deadlines_missed": 1,
    "deadlines_overdue": 1,
    "hearings_held": 2,
    "hearings_postponed_share": 33.33,
    "hearings_postponed_technical": 1,
    "online_hearing_share": 66.67,
    "recordings": 1,
    "transcripts_ready": 1,
    "acts_issued": 2,
    "decisions_issued": 2,
    "acts_in_force": 2,
    "acts_published_share": 50,
    "avg_days_to_act": 20,
    "analytics_consulted_share": 100,
    "appeals_filed": 1,
    "cassation_petitions": 0,
    "appeal_reversal_rate": 100,
    "acts_reviewed": 1,
    "fee_revenue": 5000,
    "awarded_total": 800,
    "writs_requested": 1,
    "writs_issued": 1,
    "mediation_share": 66.67,
    "mediation_settlements": 1,
    "mediation_success_rate": 100,
    "notices_delivered_share": 50,
    "questionnaire_count": 2,
    "satisfaction_avg": 4,
    "satisfaction_share": 50,
}

__all__ = ["EXPECTED_AT_D", "CourtStaff", "World", "world_make"]
