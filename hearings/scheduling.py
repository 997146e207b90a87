"""Finding free slots and booking hearings. A slot must be on a working day, within the
court's hours, in the future, and free for the judge, the room (when one is needed) and
every participant who marked themselves unavailable. The database has the last word on
double booking (exclusion constraints on Hearing)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.calendar import is_working_day
from cases.models import Case
from hearings.models import (
    ACTIVE_STATUSES,
    Courtroom,
    Hearing,
    HearingFormat,
    HearingStatus,
    SessionKind,
    Unavailability,
)
from judicial_account.audit.actions import AuditAction
from judicial_account.audit.services import audit_record
from judicial_account.core.api import ApplicationError
from judicial_account.core.db import ConcurrentConflict, atomic_retrying_deadlocks

ALMATY = ZoneInfo("Asia/Almaty")
STEP = dt.timedelta(minutes=30)


class SchedulingError(ApplicationError):
    pass


@dataclass(frozen=True)
class Slot:
    starts_at: dt.datetime
    ends_at: dt.datetime
    room: Courtroom | None


def court_sessions(day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    """The court's working periods on `day` (empty on non-working days): morning and
    afternoon around the lunch break, in Almaty time."""
    if not is_working_day(day):
        return []
    periods = []
    for start, end in settings.COURT_SESSIONS:
        periods.append(
            (dt.datetime.combine(day, start, ALMATY), dt.datetime.combine(day, end, ALMATY))
        )
    return periods


def participants(case: Case):
    """Everyone whose availability counts: party accounts, their officers and lawyers."""
    from cases.models import PowerOfAttorney, Representation

    people = {p.user for p in case.parties.select_related("user") if p.user}
    for party in case.parties.exclude(legal_entity=None).select_related("legal_entity"):
        people |= {o.user for o in party.legal_entity.officers.select_related("user")}
    people |= {
        r.representative
        for r in Representation.objects.filter(case=case, revoked_at__isnull=True).select_related(
            "representative"
        )
    }
    people |= {
        p.representative
        for p in PowerOfAttorney.objects.filter(
            Q(case=case) | Q(case__isnull=True, principal__in=people),
            activated_at__isnull=False,
            revoked_at__isnull=True,
        ).select_related("representative")
    }
    return people


def _busy(queryset, start: dt.datetime, end: dt.datetime) -> bool:
    return queryset.filter(starts_at__lt=end, ends_at__gt=start).exists()


def _needs_room(hearing_format: str) -> bool:
    return hearing_format in (HearingFormat.IN_PERSON, HearingFormat.MIXED)


def _free_room(case: Case, hearing_format: str, start, end) -> Courtroom | None:
    rooms = Courtroom.objects.filter(court=case.court, is_active=True).order_by("number")
    if hearing_format == HearingFormat.MIXED:
        rooms = rooms.filter(has_video_conference=True)
    for room in rooms:
        if not _busy(Hearing.objects.filter(room=room, status__in=ACTIVE_STATUSES), start, end):
            return room
    return None


def hearing_slots(
    *,
    case: Case,
    duration: dt.timedelta,
    hearing_format: str,
    start_day: dt.date | None = None,
    days: int = 15,
    limit: int = 10,
) -> list[Slot]:
    """Up to `limit` free slots over the next `days` calendar days, earliest first."""
    if case.judge is None:
        raise SchedulingError(_("The case has no judge yet."))
    now = timezone.now()
    day = start_day or timezone.localdate() + dt.timedelta(days=1)
    judge_hearings = Hearing.objects.filter(judge=case.judge, status__in=ACTIVE_STATUSES)
    people = participants(case)
    away = Unavailability.objects.filter(user__in=people)
    slots: list[Slot] = []
    for offset in range(days):
        for period_start, period_end in court_sessions(day + dt.timedelta(days=offset)):
            start = period_start
            while start + duration <= period_end and len(slots) < limit:
                end = start + duration
                if (
                    start > now
                    and not _busy(judge_hearings, start, end)
                    and not _busy(away, start, end)
                ):
                    room = (
                        _free_room(case, hearing_format, start, end)
                        if _needs_room(hearing_format)
                        else None
                    )
                    if room is not None or not _needs_room(hearing_format):
                        slots.append(Slot(start, end, room))
                start += STEP
    return slots


def _validate_time(start: dt.datetime, end: dt.datetime) -> None:
    if timezone.is_naive(start):
        raise SchedulingError(_("The time must include the time zone."))
    if start <= timezone.now():
        raise SchedulingError(_("A hearing cannot be scheduled in the past."))
    local_start, local_end = start.astimezone(ALMATY), end.astimezone(ALMATY)
    if local_start.date() != local_end.date() or not any(
        p_start <= local_start and local_end <= p_end
        for p_start, p_end in court_sessions(local_start.date())
    ):
        raise SchedulingError(
            _("The court does not sit then: choose a working day within the court's hours.")
        )


def hearing_schedule(
    *,
    case: Case,
    starts_at: dt.datetime,
    duration: dt.timedelta,
    hearing_format: str,
    room: Courtroom | None = None,
    acting_user=None,
    kind: str = SessionKind.HEARING,
) -> Hearing:
    """Book a hearing. Raises SchedulingError (with a reason for people) when the time is
    outside the court's hours, in the past, or taken."""
    if hearing_format not in HearingFormat.values:
        raise SchedulingError(_("Unknown hearing format."))
    if kind not in SessionKind.values:
        raise SchedulingError(_("Unknown kind of session."))
    if duration < dt.timedelta(minutes=15) or duration > dt.timedelta(hours=8):
        raise SchedulingError(_("A hearing lasts between 15 minutes and 8 hours."))
    ends_at = starts_at + duration
    _validate_time(starts_at, ends_at)
    if case.judge is None:
        raise SchedulingError(_("The case has no judge yet."))
    if _needs_room(hearing_format):
        if room is None:
            room = _free_room(case, hearing_format, starts_at, ends_at)
        if room is None or room.court_id != case.court_id:
            raise SchedulingError(_("No courtroom of this court is free then."))
    else:
        room = None
    away = Unavailability.objects.filter(user__in=participants(case))
    if _busy(away, starts_at, ends_at):
        raise SchedulingError(_("A participant has said they cannot attend then."))

    def book() -> Hearing:
        hearing = Hearing.objects.create(
            case=case,
            judge=case.judge,
            room=room,
            format=hearing_format,
            starts_at=starts_at,
            ends_at=ends_at,
            created_by=acting_user,
            kind=kind,
        )
        if hearing_format != HearingFormat.IN_PERSON:
            from hearings.video import room_name

            hearing.video_room = room_name(hearing)
            hearing.save(update_fields=["video_room"])
        audit_record(
            acting_user,
            AuditAction.HEARING_SCHEDULED,
            target=case,
            details={"hearing": hearing.pk, "starts": starts_at.isoformat()},
        )
        from cases.services import case_event_add

        case_event_add(
            case=case,
            kind="hearing.scheduled",
            actor=acting_user,
            when=timezone.localtime(starts_at).strftime("%d.%m.%Y %H:%M"),
        )
        transaction.on_commit(lambda: _notify(hearing, "hearing.scheduled"))
        return hearing

    try:
        hearing = atomic_retrying_deadlocks(book)
    except (IntegrityError, ConcurrentConflict) as error:
        raise SchedulingError(
            _("This time has just been taken: the judge or the room is busy. Choose another slot.")
        ) from error
    return hearing


@transaction.atomic
def hearing_postpone(*, hearing: Hearing, ground: str, reason: str, acting_user=None) -> Hearing:
    from hearings.models import PostponementGround

    if ground not in PostponementGround.values:
        raise SchedulingError(_("Choose the ground for postponement."))
    if hearing.status not in ACTIVE_STATUSES:
        raise SchedulingError(_("Only a scheduled or running hearing can be postponed."))
    hearing.status = HearingStatus.POSTPONED
    hearing.postponement_ground = ground
    hearing.postponement_reason = reason.strip()[:2000]
    hearing.save(update_fields=["status", "postponement_ground", "postponement_reason"])
    audit_record(
        acting_user,
        AuditAction.HEARING_POSTPONED,
        target=hearing.case,
        details={"hearing": hearing.pk, "ground": ground},
    )
    transaction.on_commit(lambda: _notify(hearing, "hearing.postponed"))
    return hearing


def _notify(hearing: Hearing, kind: str) -> None:
    from notifications.services import notify

    titles = {
        "hearing.scheduled": (
            _("Hearing in case %(number)s on %(when)s"),
            _("%(format)s. %(place)s"),
        ),
        "hearing.postponed": (
            _("The hearing in case %(number)s on %(when)s is postponed"),
            _("Ground: %(ground)s. %(reason)s"),
        ),
    }
    title, body = titles[kind]
    if kind == "hearing.scheduled" and hearing.kind == SessionKind.CONVERSATION:
        # Parties must not mistake a preparatory talk with the judge for the trial.
        title = _("Online conversation with the judge in case %(number)s on %(when)s")
    when = timezone.localtime(hearing.starts_at).strftime("%d.%m.%Y %H:%M")
    place = (
        f"{hearing.case.court.name_ru}, {hearing.room.number}" if hearing.room else str(_("Online"))
    )
    recipients = participants(hearing.case) | {hearing.judge}
    for person in recipients:
        notify(
            recipient=person,
            kind=kind,
            title=title,
            body=body,
            params={
                "number": hearing.case.number,
                "when": when,
                "format": hearing.get_format_display(),
                "place": place,
                "ground": hearing.get_postponement_ground_display(),
                "reason": hearing.postponement_reason,
            },
            link=f"/cases/{hearing.case_id}/",
            external=True,
            subject_ref=f"cases.case:{hearing.case_id}",
            idempotency_key=f"{kind}:{hearing.pk}:{person.pk}",
        )
