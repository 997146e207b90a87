import datetime as dt
import hashlib
import struct

from django.urls import reverse

from cases.models import PartyRole
from hearings.models import Recording, RecordingUpload
from tests.factories import UserFactory

CHUNK = 1024


def wav(seconds: int = 3, rate: int = 8000) -> bytes:
    data = b"\x00\x00" * rate * seconds
    header = (
        b"RIFF"
        + struct.pack("<I", 36 + len(data))
        + b"WAVEfmt "
        + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
        + b"data"
        + struct.pack("<I", len(data))
    )
    return header + data


def upload(
    api_client,
    hearing,
    content: bytes,
    *,
    sha=None,
    stop_after=None,
    file_name="session.wav",
    language="ru",
):
    started = api_client.post(
        f"/api/v1/hearings/{hearing.pk}/recordings/uploads/",
        {
            "file_name": file_name,
            "size": len(content),
            "sha256": sha or hashlib.sha256(content).hexdigest(),
            "language": language,
        },
        format="json",
    ).json()
    url = f"/api/v1/recordings/uploads/{started['id']}/"
    offset = 0
    for number, start in enumerate(range(0, len(content), CHUNK)):
        if stop_after is not None and number == stop_after:
            break
        response = api_client.put(
            f"{url}?offset={start}",
            content[start : start + CHUNK],
            content_type="application/octet-stream",
        )
        offset = response.json().get("received", offset)
    return url, api_client.post(f"{url}finish/")


def test_chunked_upload_with_a_resume(api_client, hearing):
    api_client.force_authenticate(hearing.judge)
    content = wav()
    url, unfinished = upload(api_client, hearing, content, stop_after=3)
    assert unfinished.status_code == 400  # not complete: nothing is kept yet
    assert not Recording.objects.exists()
    received = api_client.get(url).json()["received"]
    assert received == 3 * CHUNK
    wrong = api_client.put(
        f"{url}?offset=0", content[:CHUNK], content_type="application/octet-stream"
    )
    assert wrong.status_code == 400  # must resume where it stopped
    for start in range(received, len(content), CHUNK):
        api_client.put(
            f"{url}?offset={start}",
            content[start : start + CHUNK],
            content_type="application/octet-stream",
        )
    done = api_client.post(f"{url}finish/")
    assert done.status_code == 201 and done.json()["duration_seconds"] == 3
    recording = Recording.objects.get()
    assert recording.file.read() == content and not RecordingUpload.objects.exists()


def test_not_audio_or_video_is_refused_at_the_first_chunk(api_client, hearing):
    api_client.force_authenticate(hearing.judge)
    _url, finish = upload(api_client, hearing, b"%PDF-1.7 not a recording" * 100)
    assert finish.status_code == 404  # the upload was discarded with its data
    assert not Recording.objects.exists() and not RecordingUpload.objects.exists()


def test_corrupted_transfer_is_discarded(api_client, hearing):
    api_client.force_authenticate(hearing.judge)
    _url, finish = upload(api_client, hearing, wav(), sha="0" * 64)
    assert finish.status_code == 400
    assert not Recording.objects.exists() and not RecordingUpload.objects.exists()


def test_parties_cannot_upload(api_client, hearing):
    api_client.force_authenticate(hearing.case.parties.get(role=PartyRole.PLAINTIFF).user)
    response = api_client.post(
        f"/api/v1/hearings/{hearing.pk}/recordings/uploads/",
        {"file_name": "x.wav", "size": 10, "sha256": "a" * 64},
        format="json",
    )
    assert response.status_code == 404


def recorded(api_client, hearing) -> Recording:
    api_client.force_authenticate(hearing.judge)
    upload(api_client, hearing, wav(1))
    return Recording.objects.get()


def test_copy_after_the_personal_data_warning(api_client, client, hearing):
    recording = recorded(api_client, hearing)
    party = hearing.case.parties.get(role=PartyRole.PLAINTIFF).user
    client.force_login(party)
    file_url = reverse("hearings:recording_file", args=[recording.pk])
    assert client.get(file_url).status_code == 302  # warning first
    client.post(reverse("hearings:recording", args=[recording.pk]), {"accept": "yes"})
    assert b"".join(client.get(file_url).streaming_content) == wav(1)
    client.force_login(UserFactory())
    assert client.get(file_url).status_code == 404


def test_closed_hearing_recording_is_never_copied(api_client, client, hearing):
    recording = recorded(api_client, hearing)
    case = hearing.case
    case.is_closed_session = True
    case.save()
    party = case.parties.get(role=PartyRole.PLAINTIFF).user
    client.force_login(party)
    client.post(reverse("hearings:recording", args=[recording.pk]), {"accept": "yes"})
    assert client.get(reverse("hearings:recording_file", args=[recording.pk])).status_code == 403


def test_abandoned_uploads_are_purged_with_their_data(api_client, hearing, time_machine):
    from hearings.tasks import uploads_abandoned_purge_task

    api_client.force_authenticate(hearing.judge)
    upload(api_client, hearing, wav(), stop_after=2)
    assert uploads_abandoned_purge_task() == 0
    time_machine.shift(dt.timedelta(days=2))
    assert uploads_abandoned_purge_task() == 1
    assert not RecordingUpload.objects.exists() and not Recording.objects.exists()
