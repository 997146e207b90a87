import datetime as dt

import pytest
from django.urls import reverse

from cases.models import PartyRole
from hearings.models import Hearing
from tests.hearings.test_scheduling import MONDAY, at


@pytest.fixture
def judge_client(client, case):
    client.force_login(case.judge)
    client.cookies["django_language"] = "en"
    return client


def test_staff_find_and_book_a_slot_then_postpone(judge_client, case, frozen):
    url = reverse("hearings:schedule", args=[case.pk])
    page = judge_client.get(url, {"duration": 60, "format": "in_person"})
    assert page.status_code == 200 and "02.03.2026 09:00" in page.content.decode()
    booked = judge_client.post(
        url, {"starts_at": at(MONDAY, 9).isoformat(), "duration": 60, "format": "in_person"}
    )
    assert booked.status_code == 302
    hearing = Hearing.objects.get()
    assert hearing.room is not None
    case_page = judge_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "02.03.2026 09:00" in case_page and "Schedule a hearing" in case_page
    judge_client.post(
        reverse("hearings:postpone", args=[hearing.pk]),
        {"ground": "party_absent", "reason": "Ответчик не явился"},
    )
    hearing.refresh_from_db()
    assert hearing.status == "postponed"


def test_taken_slot_is_explained(judge_client, case, frozen):
    url = reverse("hearings:schedule", args=[case.pk])
    body = {"starts_at": at(MONDAY, 10).isoformat(), "duration": 60, "format": "online"}
    judge_client.post(url, body)
    again = judge_client.post(url, body, follow=True)
    assert "just been taken" in again.content.decode()
    assert Hearing.objects.count() == 1


def test_parties_see_hearings_but_cannot_schedule(client, case, frozen):
    party = case.parties.get(role=PartyRole.PLAINTIFF).user
    client.force_login(party)
    assert client.get(reverse("hearings:schedule", args=[case.pk])).status_code == 404
    assert (
        "Schedule a hearing"
        not in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    )


def test_find_a_case_shows_the_next_hearing(client, case, frozen):
    from hearings.scheduling import hearing_schedule

    hearing_schedule(
        case=case, starts_at=at(MONDAY, 11), duration=dt.timedelta(hours=1), hearing_format="online"
    )
    html = client.get(reverse("find_case"), {"number": case.number}).content.decode()
    assert "02.03.2026 11:00" in html
