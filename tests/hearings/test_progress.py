import datetime as dt
import subprocess

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.urls import reverse

from cases.models import PartyRole
from hearings import access, progress, video
from hearings.models import BroadcastConsent, HearingStatus
from hearings.scheduling import hearing_schedule
from judicial_account.asgi import application
from tests.factories import UserFactory
from tests.hearings.test_scheduling import MONDAY, at

HOUR = dt.timedelta(hours=1)
REAL_NOW = dt.datetime.now(dt.UTC)  # read before any test freezes the clock


@pytest.fixture
def hearing(case, frozen):
    return hearing_schedule(
        case=case, starts_at=at(MONDAY, 9), duration=HOUR, hearing_format="mixed"
    )


def run(hearing, *kinds):
    for kind in kinds:
        progress.hearing_event_add(hearing=hearing, kind=kind, actor=hearing.judge)
    hearing.refresh_from_db()
    return hearing


def test_states_follow_the_events(hearing):
    assert run(hearing, "opened").status == HearingStatus.STARTED
    assert run(hearing, "appearance_checked", "recess").status == HearingStatus.RECESS
    assert run(hearing, "resumed", "decision_announced").status == HearingStatus.RESUMED
    with pytest.raises(progress.ProgressError):
        run(hearing, "opened")
    assert run(hearing, "closed").status == HearingStatus.FINISHED
    with pytest.raises(progress.ProgressError):
        run(hearing, "petition_decided")
    assert [e.kind for e in hearing.events.all()] == [
        "opened",
        "appearance_checked",
        "recess",
        "resumed",
        "decision_announced",
        "closed",
    ]


def test_nothing_happens_before_the_hearing_opens(hearing):
    with pytest.raises(progress.ProgressError):
        run(hearing, "evidence_examined")


def test_protocol_is_a_sealed_pdf_filed_into_the_case(
    hearing, seals, test_ca, settings, tmp_path, time_machine
):
    from judicial_account.pki.seals import seals_issue

    settings.MEDIA_ROOT = tmp_path
    seals_issue(test_ca, courts=[(hearing.case.court.code, "Районный суд")])
    run(hearing, "opened", "appearance_checked", "closed")
    time_machine.move_to(REAL_NOW)  # the seal's certificate is valid now, not in March
    document = progress.protocol_issue(hearing_id=hearing.pk)
    assert document.kind == "protocol" and document.content_type == "application/pdf"
    assert progress.protocol_issue(hearing_id=hearing.pk) is None  # once
    path = tmp_path / "protocol.pdf"
    path.write_bytes(document.file.read())
    report = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signature is Valid." in report


def test_video_tokens_only_for_participants_and_only_around_the_hearing(client, hearing):
    party = hearing.case.parties.get(role=PartyRole.PLAINTIFF).user
    client.force_login(party)
    response = client.post(reverse("hearings:video", args=[hearing.pk]))
    token = response["Location"].split("jwt=")[1]
    claims = video.token_check(token, room=hearing.video_room, now=at(MONDAY, 9))
    assert claims["context"]["user"]["moderator"] is False
    for bad_time in (at(MONDAY, 8), at(MONDAY, 13, 1)):
        with pytest.raises(video.TokenInvalid):
            video.token_check(token, room=hearing.video_room, now=bad_time)
    with pytest.raises(video.TokenInvalid):
        video.token_check(token, room="another-room", now=at(MONDAY, 9))
    with pytest.raises(video.TokenInvalid):
        video.token_check(token[:-3] + "abc", room=hearing.video_room, now=at(MONDAY, 9))
    client.force_login(UserFactory())
    assert client.post(reverse("hearings:video", args=[hearing.pk])).status_code == 404


def test_judge_token_moderates(client, hearing):
    client.force_login(hearing.judge)
    token = client.post(reverse("hearings:video", args=[hearing.pk]))["Location"].split("jwt=")[1]
    claims = video.token_check(token, room=hearing.video_room, now=at(MONDAY, 9))
    assert claims["context"]["user"]["moderator"] is True


def test_broadcast_needs_every_partys_consent(client, hearing):
    assert not access.broadcast_allowed(hearing)
    plaintiff = hearing.case.parties.get(role=PartyRole.PLAINTIFF).user
    defendant = hearing.case.parties.get(role=PartyRole.DEFENDANT).user
    BroadcastConsent.objects.create(hearing=hearing, user=plaintiff)
    assert not access.broadcast_allowed(hearing)
    client.force_login(defendant)
    client.post(reverse("hearings:consent", args=[hearing.pk]))
    assert access.broadcast_allowed(hearing)


def test_closed_hearings_are_never_public_or_broadcast(client, hearing):
    case = hearing.case
    case.is_closed_session = True
    case.save()
    for party in case.parties.all():
        BroadcastConsent.objects.create(hearing=hearing, user=party.user)
    assert not access.broadcast_allowed(hearing)
    client.logout()
    assert client.get(reverse("hearings:public", args=[hearing.pk])).status_code == 404
    party = case.parties.get(role=PartyRole.PLAINTIFF).user
    client.force_login(party)
    assert client.post(reverse("hearings:consent", args=[hearing.pk])).status_code == 404


def test_public_page_of_an_open_hearing(client, hearing):
    run(hearing, "opened")
    client.cookies["django_language"] = "en"
    html = client.get(reverse("hearings:public", args=[hearing.pk])).content.decode()
    assert "Hearing opened" in html and "not broadcast" in html


@pytest.mark.django_db(transaction=True)
async def test_progress_is_pushed_to_followers(case, frozen):
    hearing = await database_sync_to_async(hearing_schedule)(
        case=case, starts_at=at(MONDAY, 9), duration=HOUR, hearing_format="online"
    )
    headers = [(b"origin", b"http://127.0.0.1:8000"), (b"host", b"127.0.0.1:8000")]
    follower = WebsocketCommunicator(application, f"/ws/hearings/{hearing.pk}/", headers=headers)
    connected, _ = await follower.connect()
    assert connected  # an open case: the public may follow
    await database_sync_to_async(progress.hearing_event_add)(
        hearing=hearing, kind="opened", actor=case.judge
    )
    event = await follower.receive_json_from(timeout=1)
    assert event["kind"] == "opened" and event["status"] == "started"
    await follower.disconnect()
