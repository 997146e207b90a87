"""Personal appointments with court officials (judges, the chairman) in reception hours:
free slots, booking, cancellation, confirmation and a reminder the day before."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.calendar import is_working_day
from cases.models import Court, CourtStaff, Position
from hearings.models import ACTIVE_STATUSES, Appointment, AppointmentStatus, Hearing
from hearings.scheduling import ALMATY
from judicial_account.core.api import ApplicationError
from judicial_account.core.db import ConcurrentConflict, atomic_retrying_deadlocks

SLOT = dt.timedelta(minutes=20)


class AppointmentError(ApplicationError):
    pass


def officials(court: Court):
    return [
        post.user
        for post in CourtStaff.objects.filter(
            court=court,
            is_active=True,
            position__in=[Position.JUDGE, Position.CHAIRMAN],
        )
        .select_related("user")
        .order_by("user__last_name")
    ]


def _reception(day: dt.date):
    if not is_working_day(day):
        return []
    start, end = settings.RECEPTION_HOURS
    return [(dt.datetime.combine(day, start, ALMATY), dt.datetime.combine(day, end, ALMATY))]


def _busy(official, start, end) -> bool:
    return (
        Appointment.objects.filter(
            official=official, status=AppointmentStatus.BOOKED, starts_at__lt=end, ends_at__gt=start
        ).exists()
        or Hearing.objects.filter(
            judge=official, status__in=ACTIVE_STATUSES, starts_at__lt=end, ends_at__gt=start
        ).exists()
    )


def appointment_slots(*, official, days: int = 14, limit: int = 20) -> list[dt.datetime]:
    now = timezone.now()
    slots: list[dt.datetime] = []
    day = timezone.localdate() + dt.timedelta(days=1)
    for offset in range(days):
        for period_start, period_end in _reception(day + dt.timedelta(days=offset)):
            start = period_start
            while start + SLOT <= period_end and len(slots) < limit:
                if start > now and not _busy(official, start, start + SLOT):
                    slots.append(start)
                start += SLOT
    return slots


def appointment_book(
    *, court: Court, official, visitor, starts_at: dt.datetime, topic: str
) -> Appointment:
    from notifications.services import notify

    if official not in officials(court):
        raise AppointmentError(_("This person does not receive visitors at this court."))
    if not topic.strip():
        raise AppointmentError(_("Say briefly what the appointment is about."))
    if starts_at not in appointment_slots(official=official, limit=1000):
        raise AppointmentError(_("This time is not free. Choose one of the offered times."))

    def book() -> Appointment:
        appointment = Appointment.objects.create(
            official=official,
            court=court,
            visitor=visitor,
            starts_at=starts_at,
            ends_at=starts_at + SLOT,
            topic=topic.strip()[:500],
        )
        when = timezone.localtime(starts_at).strftime("%d.%m.%Y %H:%M")
        for person, other in ((visitor, official), (official, visitor)):
            notify(
                recipient=person,
                kind="appointment.booked",
                title=_("Appointment on %(when)s"),
                body=_("With %(name)s, %(court)s: %(topic)s"),
                params={
                    "when": when,
                    "name": other.full_name,
                    "court": court.name_ru,
                    "topic": appointment.topic,
                },
                link="/hearings/appointments/",
                idempotency_key=f"appointment:{appointment.pk}:{person.pk}",
            )
        return appointment

    try:
        appointment = atomic_retrying_deadlocks(book)
    except (IntegrityError, ConcurrentConflict) as error:
        raise AppointmentError(_("This time has just been taken. Choose another.")) from error
    return appointment


@transaction.atomic
def appointment_cancel(*, appointment: Appointment, by) -> None:
    from notifications.services import notify

    if appointment.status != AppointmentStatus.BOOKED:
        return
    appointment.status = AppointmentStatus.CANCELLED
    appointment.save(update_fields=["status"])
    other = appointment.official if by == appointment.visitor else appointment.visitor
    notify(
        recipient=other,
        kind="appointment.cancelled",
        title=_("Appointment on %(when)s cancelled"),
        params={"when": timezone.localtime(appointment.starts_at).strftime("%d.%m.%Y %H:%M")},
        link="/hearings/appointments/",
        idempotency_key=f"appointment-cancelled:{appointment.pk}:{other.pk}",
    )


def appointments_remind(*, now: dt.datetime | None = None) -> int:
    """Remind visitors of tomorrow's appointments, once."""
    from notifications.services import notify

    now = now or timezone.now()
    due = Appointment.objects.filter(
        status=AppointmentStatus.BOOKED,
        reminded_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + dt.timedelta(days=1),
    )
    count = 0
    for appointment in due.select_related("visitor", "official", "court"):
        notify(
            recipient=appointment.visitor,
            kind="appointment.reminder",
            title=_("Tomorrow: appointment at %(time)s"),
            body=_("With %(name)s, %(court)s."),
            params={
                "time": timezone.localtime(appointment.starts_at).strftime("%H:%M"),
                "name": appointment.official.full_name,
                "court": appointment.court.name_ru,
            },
            external=True,
            link="/hearings/appointments/",
            idempotency_key=f"appointment-reminder:{appointment.pk}",
        )
        Appointment.objects.filter(pk=appointment.pk).update(reminded_at=now)
        count += 1
    return count
