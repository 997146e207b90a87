"""A conversation before the hearing is booked like a hearing but labelled apart."""

import datetime as dt

import pytest
from django.urls import reverse

from hearings.models import Hearing, SessionKind
from notifications.models import Notification
from tests.hearings.test_scheduling import MONDAY, at


@pytest.fixture
def judge_client(client, case):
    client.force_login(case.judge)
    client.cookies["django_language"] = "en"
    return client


def test_judge_books_online_conversation_and_parties_are_told_it_is_one(
    judge_client, case, frozen, django_capture_on_commit_callbacks
):
    url = reverse("hearings:schedule", args=[case.pk])
    page = judge_client.get(url, {"duration": 30, "format": "online", "kind": "conversation"})
    assert 'name="kind" value="conversation"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        booked = judge_client.post(
            url,
            {
                "starts_at": at(MONDAY, 9).isoformat(),
                "duration": 30,
                "format": "online",
                "kind": SessionKind.CONVERSATION,
            },
        )
    assert booked.status_code == 302
    hearing = Hearing.objects.get(case=case)
    assert hearing.kind == SessionKind.CONVERSATION
    assert hearing.ends_at - hearing.starts_at == dt.timedelta(minutes=30)
    assert hearing.room is None and hearing.video_room
    plaintiff = case.parties.get(role="plaintiff").user
    titles = list(Notification.objects.filter(recipient=plaintiff).values_list("title", flat=True))
    # Notices speak the recipient's language (Russian by default).
    assert titles and all("беседа" in t.lower() for t in titles), titles
    case_page = judge_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Online conversation before the hearing" in case_page


def test_unknown_session_kind_is_refused_without_booking(judge_client, case, frozen):
    response = judge_client.post(
        reverse("hearings:schedule", args=[case.pk]),
        {
            "starts_at": at(MONDAY, 9).isoformat(),
            "duration": 30,
            "format": "online",
            "kind": "trial-by-combat",
        },
    )
    assert response.status_code == 200
    assert "Choose a slot" in response.content.decode()
    assert not Hearing.objects.filter(case=case).exists()
