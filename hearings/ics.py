"""iCalendar (RFC 5545) for hearings: a person's feed and single events, with reminders
a day and an hour before."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from cases import access
from hearings.models import ACTIVE_STATUSES, Hearing


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1),
    cut only between characters so UTF-8 sequences stay whole."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(hearing: Hearing, stamp: dt.datetime) -> list[str]:
    case = hearing.case
    place = (
        f"{case.court.name_ru}, {hearing.room.number}"
        if hearing.room
        else f"{case.court.name_ru}, online"
    )
    lines = [
        "BEGIN:VEVENT",
        f"UID:hearing-{hearing.pk}@judicial-account",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART:{_utc(hearing.starts_at)}",
        f"DTEND:{_utc(hearing.ends_at)}",
        f"SUMMARY:{_escape(f'{case.number}: {hearing.get_format_display()}')}",
        f"LOCATION:{_escape(place)}",
        f"DESCRIPTION:{_escape(case.subject)}",
        f"URL:{settings.SITE_URL.rstrip('/')}/cases/{case.pk}/",
        "STATUS:" + ("CONFIRMED" if hearing.status in ACTIVE_STATUSES else "CANCELLED"),
    ]
    for trigger in ("-P1D", "-PT1H"):
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"TRIGGER:{trigger}",
            f"DESCRIPTION:{_escape(case.number)}",
            "END:VALARM",
        ]
    return [*lines, "END:VEVENT"]


def calendar_text(hearings) -> str:
    stamp = timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Judicial Account//Hearings//RU",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Judicial Account",
    ]
    for hearing in hearings:
        lines += _event(hearing, stamp)
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def hearings_for(user):
    """The hearings of the cases `user` may see (as a participant or court staff), from a
    month ago on, postponed ones included so calendars drop them."""
    since = timezone.now() - dt.timedelta(days=30)
    cases = access.visible_cases(user)
    return (
        Hearing.objects.filter(Q(case__in=cases) | Q(judge=user), starts_at__gte=since)
        .select_related("case__court", "room")
        .order_by("starts_at")
        .distinct()
    )
