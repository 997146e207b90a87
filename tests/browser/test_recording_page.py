"""A litigant on a phone plays a hearing's recording and jumps to a moment from its
transcript: the player seeks there (served by HTTP ranges) and the page fits 360 px."""

import datetime as dt
import hashlib

import pytest
from django.test import Client
from django.utils import timezone

from cases.models import PartyRole
from cases.services import PartyInput, case_register
from hearings import recordings
from hearings.scheduling import hearing_schedule, hearing_slots
from hearings.transcripts import transcript_make
from tests.factories import (
    CaseCategoryFactory,
    CourtStaffFactory,
    DistrictCourtFactory,
    UserFactory,
)
from tests.hearings.speech_sample import speech_wav

pytestmark = pytest.mark.django_db(transaction=True)


def test_transcript_time_seeks_the_player_on_a_phone(browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SPEECH_MODELS = {"ru": "", "kk": "", "en": "builtin"}
    court = DistrictCourtFactory()
    category = CaseCategoryFactory(code="loans")
    CourtStaffFactory(court=court).specialisations.set([category])
    litigant, defendant = UserFactory(language="en"), UserFactory()
    case = case_register(
        court=court,
        category=category,
        subject="Debt",
        filed_at=timezone.now(),
        parties=[
            PartyInput(role=PartyRole.PLAINTIFF, name="A", iin=litigant.iin),
            PartyInput(role=PartyRole.DEFENDANT, name="B", iin=defendant.iin),
        ],
    )
    slot = hearing_slots(case=case, duration=dt.timedelta(hours=1), hearing_format="online")[0]
    hearing = hearing_schedule(
        case=case,
        starts_at=slot.starts_at,
        duration=dt.timedelta(hours=1),
        hearing_format="online",
    )
    content = speech_wav(tmp_path).read_bytes()
    upload = recordings.upload_start(
        hearing=hearing,
        user=case.judge,
        file_name="hearing.wav",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        language="en",
    )
    upload = recordings.upload_chunk(upload=upload, offset=0, data=content)
    recording = recordings.upload_finish(upload=upload)
    transcript = transcript_make(recording_id=recording.pk)
    second = transcript.segments[1]

    client = Client()
    client.force_login(litigant)
    url = live_server.url
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-US")
    context.add_cookies(
        [
            {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url},
            {"name": "django_language", "value": "en", "url": url},
        ]
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{url}/hearings/recordings/{recording.pk}/")
    page.get_by_role("button", name="I understand and accept").click()
    player = page.locator("audio[data-player]")
    player.wait_for()
    page.wait_for_function("document.querySelector('[data-player]').readyState >= 1")
    page.locator("[data-seek]").nth(1).click()
    page.wait_for_function(
        f"document.querySelector('[data-player]').currentTime >= {second['start'] - 0.05}"
    )
    assert "plaintiff" in page.locator(".transcript").inner_text()
    # Nothing sticks out sideways on a 360 px phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
