import datetime as dt

import pytest
from django.urls import reverse

from hearings import appointments
from hearings.models import Appointment
from tests.factories import UserFactory
from tests.hearings.test_scheduling import MONDAY, at


@pytest.fixture
def official(case):
    return case.judge


def test_slots_are_reception_hours_on_working_days(case, official, frozen):
    slots = appointments.appointment_slots(official=official, limit=7)
    assert slots[0] == at(MONDAY, 15) and slots[5] == at(MONDAY, 16, 40)
    assert slots[6] == at(dt.date(2026, 3, 3), 15)


def test_booking_notifies_both_and_takes_the_slot(case, official, frozen):
    visitor = UserFactory()
    appointment = appointments.appointment_book(
        court=case.court,
        official=official,
        visitor=visitor,
        starts_at=at(MONDAY, 15),
        topic="Вопрос о сроке",
    )
    assert visitor.notifications.filter(kind="appointment.booked").count() == 1
    assert official.notifications.filter(kind="appointment.booked").count() == 1
    assert at(MONDAY, 15) not in appointments.appointment_slots(official=official)
    with pytest.raises(appointments.AppointmentError):
        appointments.appointment_book(
            court=case.court,
            official=official,
            visitor=UserFactory(),
            starts_at=at(MONDAY, 15),
            topic="Другой вопрос",
        )
    appointments.appointment_cancel(appointment=appointment, by=visitor)
    assert at(MONDAY, 15) in appointments.appointment_slots(official=official)
    assert official.notifications.filter(kind="appointment.cancelled").count() == 1


@pytest.mark.parametrize(
    ("when", "topic"),
    [
        (at(MONDAY, 10), "x"),
        (at(dt.date(2026, 3, 7), 15), "x"),
        (at(MONDAY, 15, 5), "x"),
        (at(MONDAY, 15), "  "),
    ],
)
def test_bad_bookings_refused(case, official, frozen, when, topic):
    with pytest.raises(appointments.AppointmentError):
        appointments.appointment_book(
            court=case.court, official=official, visitor=UserFactory(), starts_at=when, topic=topic
        )
    assert not Appointment.objects.exists()


def test_reminder_the_day_before_once(case, official, frozen, time_machine):
    visitor = UserFactory()
    appointments.appointment_book(
        court=case.court,
        official=official,
        visitor=visitor,
        starts_at=at(MONDAY, 15),
        topic="Вопрос",
    )
    assert appointments.appointments_remind() == 0  # Friday: too early
    time_machine.move_to(at(dt.date(2026, 3, 1), 16))
    assert appointments.appointments_remind() == 1
    assert appointments.appointments_remind() == 0
    assert visitor.notifications.filter(kind="appointment.reminder").count() == 1


def test_booking_page(client, case, official, frozen):
    visitor = UserFactory(language="en")
    client.force_login(visitor)
    client.cookies["django_language"] = "en"
    page = client.get(
        reverse("hearings:appointments"), {"court": case.court.pk, "official": official.pk}
    )
    assert "02.03.2026 15:00" in page.content.decode().replace("Mon ", "")
    client.post(
        reverse("hearings:appointments"),
        {
            "court": case.court.pk,
            "official": official.pk,
            "starts_at": at(MONDAY, 15).isoformat(),
            "topic": "Question",
        },
    )
    appointment = Appointment.objects.get()
    client.force_login(UserFactory())
    assert (
        client.post(reverse("hearings:appointment_cancel", args=[appointment.pk])).status_code
        == 404
    )
