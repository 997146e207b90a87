import pytest
from django.utils import timezone

from cases.models import PartyRole
from cases.services import PartyInput, case_register
from notifications.gateways import local_fail_next
from notifications.models import Delivery, DeliveryStatus, OutboxMessage, Preference
from notifications.services import notification_mark_read, notify
from notifications.tasks import delivery_send_task
from tests.factories import (
    CaseCategoryFactory,
    CourtStaffFactory,
    DistrictCourtFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    court = DistrictCourtFactory()
    category = CaseCategoryFactory(code="loans")
    CourtStaffFactory(court=court).specialisations.set([category])
    plaintiff, defendant = UserFactory(email=""), UserFactory(email="d@example.kz")
    return case_register(
        court=court,
        category=category,
        subject="Долг",
        filed_at=timezone.now(),
        parties=[
            PartyInput(role=PartyRole.PLAINTIFF, name="A", iin=plaintiff.iin),
            PartyInput(role=PartyRole.DEFENDANT, name="B", iin=defendant.iin),
        ],
    )


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def court_notice(person, case, key="n1"):
    return notify(
        recipient=person,
        kind="hearing.scheduled",
        title="Судебное заседание",
        body="02.03.2026 09:00",
        external=True,
        subject_ref=f"cases.case:{case.pk}",
        idempotency_key=key,
    )


def test_sms_failing_twice_then_succeeding_delivers_exactly_once(
    case, django_capture_on_commit_callbacks, monkeypatch
):
    person = case.parties.get(role=PartyRole.PLAINTIFF).user
    queued = []
    monkeypatch.setattr(delivery_send_task, "delay", queued.append)
    with django_capture_on_commit_callbacks(execute=True):
        notice = court_notice(person, case)
        court_notice(person, case)  # the same event again: no second delivery
    delivery = Delivery.objects.get(notification=notice)
    assert queued == [delivery.pk] and delivery.channel == "sms"
    local_fail_next("sms", 2)
    with django_capture_on_commit_callbacks(execute=True):
        delivery_send_task.apply(args=[delivery.pk])
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 3
    assert OutboxMessage.objects.filter(channel="sms", address=person.phone).count() == 1
    proof = case.documents.get(kind="delivery_proof")
    assert person.iin in proof.file.read().decode()


def test_undeliverable_notice_becomes_a_task_for_the_clerks(
    case, django_capture_on_commit_callbacks
):
    clerk = CourtStaffFactory(court=case.court, position="clerk").user
    person = case.parties.get(role=PartyRole.PLAINTIFF).user
    with django_capture_on_commit_callbacks(execute=False):
        notice = court_notice(person, case)
    delivery = Delivery.objects.get(notification=notice)
    local_fail_next("sms", 10)
    with django_capture_on_commit_callbacks(execute=True):
        delivery_send_task.apply(args=[delivery.pk])
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 5
    assert not OutboxMessage.objects.exists()
    assert clerk.notifications.filter(kind="notice.not_served").count() == 1
    assert not case.documents.filter(kind="delivery_proof").exists()


def test_opening_the_notice_in_the_portal_is_proof(case, django_capture_on_commit_callbacks):
    person = case.parties.get(role=PartyRole.DEFENDANT).user
    with django_capture_on_commit_callbacks(execute=False):
        notice = court_notice(person, case)
    assert set(notice.deliveries.values_list("channel", flat=True)) == {"sms", "email"}
    with django_capture_on_commit_callbacks(execute=True):
        notification_mark_read(notification=notice)
        notification_mark_read(notification=notice)
    assert case.documents.filter(kind="delivery_proof").count() == 1
    assert case.events.filter(kind="notice.delivered").exists()


def test_preferences_turn_channels_off(case):
    person = case.parties.get(role=PartyRole.DEFENDANT).user
    Preference.objects.create(user=person, sms=False, email=True)
    notice = court_notice(person, case)
    assert list(notice.deliveries.values_list("channel", flat=True)) == ["email"]


def test_in_app_notices_are_not_sent_outside(case):
    person = case.parties.get(role=PartyRole.PLAINTIFF).user
    notice = notify(recipient=person, kind="x", title="t", idempotency_key="in-app")
    assert not notice.deliveries.exists()
