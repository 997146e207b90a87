"""Automatic transcripts of hearing recordings: the offline engine hears a sample the tests
make, in the containers courtrooms upload; languages without a model are refused rather
than guessed; the transcript follows the recording's access rules; the player seeks."""

import shutil
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse
from django.utils import translation

from cases.models import PartyRole
from hearings import speech
from hearings.models import Recording, Transcript, TranscriptStatus
from hearings.recordings import media_duration
from hearings.transcripts import transcript_make
from judicial_account.celery import app
from tests.hearings.speech_sample import SENTENCES, converted, speech_wav, video_with, words
from tests.hearings.test_recordings import upload

REFERENCE = [words(sentence) for sentence in SENTENCES]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return speech_wav(tmp_path_factory.mktemp("speech"))


def recall(heard: str, reference: set[str]) -> float:
    return len(words(heard) & reference) / len(reference)


@pytest.mark.parametrize("container", ["wav", "ogg", "mp4"])
def test_engine_hears_the_sample_and_times_each_sentence(sample, container, settings):
    settings.SPEECH_MODELS = {**settings.SPEECH_MODELS, "en": "builtin"}
    path = {
        "wav": lambda: sample,
        "ogg": lambda: converted(sample, ".ogg", "-f", "wav"),
        "mp4": lambda: video_with(sample),
    }[container]()
    result = speech.PocketSphinxBackend().transcribe(path, "en")
    assert result.engine.startswith("pocketsphinx ")
    assert len(result.segments) == 2, result.segments
    first, second = result.segments
    # The pause between the sentences separates them in time.
    assert second.start - first.end >= 1.0
    assert recall(first.text, REFERENCE[0]) >= 0.5, first.text
    assert recall(second.text, REFERENCE[1]) >= 0.6, second.text
    assert "plaintiff" in second.text


def test_duration_of_compressed_recordings_comes_from_ffprobe(sample):
    ogg = converted(sample, ".ogg", "-f", "wav")
    assert ogg.read_bytes()[:4] == b"OggS"
    expected = media_duration(sample, "audio/wav")
    assert expected and media_duration(ogg, "audio/ogg") == expected
    assert media_duration(video_with(sample), "video/mp4") == expected


def test_garbage_behind_a_media_signature_has_no_duration(tmp_path):
    fake = tmp_path / "fake.ogg"
    fake.write_bytes(b"OggS" + b"\x00" * 4000)
    assert media_duration(fake, "audio/ogg") is None


def test_language_without_a_model_is_refused_not_guessed(sample, settings):
    settings.SPEECH_MODELS = {"ru": "", "kk": "", "en": "builtin"}
    with pytest.raises(speech.SpeechUnavailable) as refusal:
        speech.PocketSphinxBackend().transcribe(sample, "kk")
    assert refusal.value.code == "no_model"


def test_an_installed_model_directory_is_found_by_its_files(sample, settings, tmp_path):
    """An operator unpacks a model of any layout and names the directory."""
    from pocketsphinx import get_model_path

    builtin = speech.model_find("builtin")
    installed = tmp_path / "model-ru"
    shutil.copytree(builtin.acoustic, installed / "acoustic")
    shutil.copy(builtin.language_model, installed / "ru.lm.bin")
    shutil.copy(builtin.dictionary, installed / "ru.dic")
    shutil.copy(f"{get_model_path()}/en-us/en-us-phone.lm.bin", installed / "ru-phone.lm.bin")
    found = speech.model_find(str(installed))
    assert found.acoustic == installed / "acoustic"
    assert found.language_model.name == "ru.lm.bin"  # not the phone-loop model
    settings.SPEECH_MODELS = {"ru": str(installed), "kk": "", "en": ""}
    result = speech.PocketSphinxBackend().transcribe(sample, "ru")
    assert result.engine.endswith("model-ru") and len(result.segments) == 2
    (installed / "ru.dic").unlink()
    with pytest.raises(speech.SpeechUnavailable):
        speech.model_find(str(installed))
    with pytest.raises(speech.SpeechUnavailable):
        speech.model_find(str(tmp_path / "missing"))


def test_undecodable_sound_is_refused_with_the_reason(tmp_path, settings):
    settings.SPEECH_MODELS = {"ru": "", "kk": "", "en": "builtin"}
    fake = tmp_path / "fake.ogg"
    fake.write_bytes(b"OggS" + b"\x01" * 50_000)
    with pytest.raises(speech.SpeechUnavailable) as refusal:
        speech.PocketSphinxBackend().transcribe(fake, "en")
    assert refusal.value.code == "undecodable" and "CRC" in refusal.value.detail
    assert str(tmp_path) not in refusal.value.detail  # no storage paths shown to people


# --- Through the portal -------------------------------------------------------------------


def _uploaded(api_client, hearing, content: bytes, *, name="session.wav", language="en"):
    api_client.force_authenticate(hearing.judge)
    _, finished = upload(api_client, hearing, content, file_name=name, language=language)
    assert finished.status_code == 201, finished.content
    return Recording.objects.get(pk=finished.json()["id"])


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_uploaded_video_is_transcribed_by_the_media_worker_and_read_by_a_party(
    api_client, client, hearing, sample, settings
):
    settings.SPEECH_MODELS = {"ru": "", "kk": "", "en": "builtin"}
    app.control.purge()  # messages left by earlier tests must not reach this worker
    recording = _uploaded(api_client, hearing, video_with(sample).read_bytes(), name="s.mp4")
    assert recording.content_type == "video/mp4" and recording.duration_seconds
    assert recording.transcript.status == TranscriptStatus.PENDING
    with start_worker(
        app, pool="solo", perform_ping_check=False, queues=["media"], shutdown_timeout=30
    ):
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            transcript = Transcript.objects.get(recording=recording)
            if transcript.status != TranscriptStatus.PENDING:
                break
            time.sleep(0.2)
    assert transcript.status == TranscriptStatus.DONE, transcript.reason
    assert "plaintiff" in transcript.text

    party = hearing.case.parties.get(role=PartyRole.PLAINTIFF).user
    client.force_login(party)
    client.cookies["django_language"] = "en"
    page_url = reverse("hearings:recording", args=[recording.pk])
    assert "plaintiff" not in client.get(page_url).content.decode()  # warning first
    api_url = f"/api/v1/recordings/{recording.pk}/transcript/"
    api_client.force_authenticate(party)
    refused = api_client.get(api_url, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 403 and "warning" in refused.json()["detail"]
    client.post(page_url, {"accept": "yes"})
    page = client.get(page_url).content.decode()
    assert "plaintiff" in page and "<video" in page and "data-seek" in page
    answer = api_client.get(api_url).json()
    assert answer["status"] == "done" and len(answer["segments"]) == 2


def test_player_seeks_by_ranges(api_client, client, hearing, sample):
    content = sample.read_bytes()
    recording = _uploaded(api_client, hearing, content)
    client.force_login(hearing.judge)
    client.post(reverse("hearings:recording", args=[recording.pk]), {"accept": "yes"})
    url = reverse("hearings:recording_file", args=[recording.pk]) + "?play=1"
    part = client.get(url, HTTP_RANGE="bytes=1000-1999")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 1000-1999/{len(content)}"
    assert b"".join(part.streaming_content) == content[1000:2000]
    tail = client.get(url, HTTP_RANGE="bytes=-10")
    assert b"".join(tail.streaming_content) == content[-10:]
    beyond = client.get(url, HTTP_RANGE=f"bytes={len(content)}-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{len(content)}"
    whole = client.get(url, HTTP_RANGE="bytes=0-1,5-9")  # several ranges: the whole file
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert "inline" in whole["Content-Disposition"]


def test_closed_hearing_transcript_is_for_the_court_only(api_client, client, hearing, sample):
    recording = _uploaded(api_client, hearing, sample.read_bytes())
    transcript_make(recording_id=recording.pk)
    case = hearing.case
    case.is_closed_session = True
    case.save()
    party = case.parties.get(role=PartyRole.PLAINTIFF).user
    client.force_login(party)
    page_url = reverse("hearings:recording", args=[recording.pk])
    client.post(page_url, {"accept": "yes"})
    page = client.get(page_url).content.decode()
    assert "plaintiff" not in page and "<audio" not in page
    api_client.force_authenticate(party)
    assert api_client.get(f"/api/v1/recordings/{recording.pk}/transcript/").status_code == 404
    client.force_login(hearing.judge)
    assert "plaintiff" in client.get(page_url).content.decode()


def test_staff_ask_again_and_parties_cannot(api_client, client, hearing, sample, settings):
    settings.SPEECH_MODELS = {"ru": "", "kk": "", "en": ""}
    recording = _uploaded(api_client, hearing, sample.read_bytes(), language="kk")
    transcript = transcript_make(recording_id=recording.pk)
    assert transcript.status == TranscriptStatus.UNAVAILABLE and transcript.reason
    page_url = reverse("hearings:recording", args=[recording.pk])
    party = hearing.case.parties.get(role=PartyRole.PLAINTIFF).user
    client.force_login(party)
    client.post(page_url, {"transcribe": "again"})
    assert Transcript.objects.get(pk=transcript.pk).status == TranscriptStatus.UNAVAILABLE
    client.force_login(hearing.judge)
    client.post(page_url, {"transcribe": "again"})
    assert Transcript.objects.get(pk=transcript.pk).status == TranscriptStatus.PENDING


def test_switched_off_engine_says_so(api_client, hearing, sample, settings):
    settings.SPEECH_BACKEND = "off"
    recording = _uploaded(api_client, hearing, sample.read_bytes())
    transcript = transcript_make(recording_id=recording.pk)
    assert transcript.status == TranscriptStatus.UNAVAILABLE and transcript.reason == "off"
    with translation.override("en"):
        assert transcript.reason_text == "Automatic transcripts are switched off."
    with translation.override("kk"):
        assert "өшірілген" in transcript.reason_text


def test_unknown_language_of_the_hearing_is_refused(api_client, hearing, sample):
    api_client.force_authenticate(hearing.judge)
    response = api_client.post(
        f"/api/v1/hearings/{hearing.pk}/recordings/uploads/",
        {"file_name": "a.wav", "size": 10, "sha256": "0" * 64, "language": "de"},
        format="json",
    )
    assert response.status_code == 400
