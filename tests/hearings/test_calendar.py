import datetime as dt

import pytest
from django.urls import reverse

from cases.models import PartyRole
from hearings.models import CalendarFeed, Unavailability
from hearings.scheduling import hearing_schedule
from tests.factories import UserFactory
from tests.hearings.test_scheduling import MONDAY, at


@pytest.fixture
def hearing(case, frozen):
    return hearing_schedule(
        case=case, starts_at=at(MONDAY, 9), duration=dt.timedelta(hours=1), hearing_format="online"
    )


def unfold(text: str) -> str:
    return text.replace("\r\n ", "")


def test_participant_feed_lists_the_hearing_with_reminders(client, case, hearing):
    party = case.parties.get(role=PartyRole.PLAINTIFF).user
    client.force_login(party)
    client.get(reverse("hearings:calendar"))
    token = CalendarFeed.objects.get(user=party).token
    client.logout()
    body = client.get(reverse("hearings:ics_feed", args=[token])).content.decode()
    text = unfold(body)
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "DTSTART:20260302T040000Z" in text  # 09:00 in Almaty is 04:00 UTC
    assert f"SUMMARY:{case.number}" in text
    assert text.count("BEGIN:VALARM") == 2
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_feed_token_is_the_only_key_and_can_be_replaced(client, case, hearing):
    party = case.parties.get(role=PartyRole.PLAINTIFF).user
    client.force_login(party)
    client.get(reverse("hearings:calendar"))
    old = CalendarFeed.objects.get(user=party).token
    client.post(reverse("hearings:feed_reset"))
    assert client.get(reverse("hearings:ics_feed", args=[old])).status_code == 404
    assert client.get(reverse("hearings:ics_feed", args=["made-up"])).status_code == 404


def test_strangers_get_no_hearings(client, case, hearing):
    stranger = UserFactory()
    client.force_login(stranger)
    client.get(reverse("hearings:calendar"))
    token = CalendarFeed.objects.get(user=stranger).token
    assert "VEVENT" not in client.get(reverse("hearings:ics_feed", args=[token])).content.decode()
    assert client.get(reverse("hearings:ics_event", args=[hearing.pk])).status_code == 404


def test_marking_unavailability_and_bad_period(client, case, frozen):
    party = case.parties.get(role=PartyRole.PLAINTIFF).user
    client.force_login(party)
    client.cookies["django_language"] = "en"
    bad = client.post(
        reverse("hearings:calendar"),
        {"starts_at": "2026-03-02T12:00", "ends_at": "2026-03-02T10:00"},
    )
    assert "after the start" in bad.content.decode()
    client.post(
        reverse("hearings:calendar"),
        {"starts_at": "2026-03-02T09:00", "ends_at": "2026-03-02T18:00"},
    )
    assert Unavailability.objects.filter(user=party).count() == 1
