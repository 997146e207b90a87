"""Automatic transcripts of hearing recordings: requested when a recording is filed, made
by the speech engine on the media queue, shown beside the recording with times to jump to.

Who may read a transcript is decided in hearings.access, beside the recording's rules."""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from hearings import speech
from hearings.models import Recording, Transcript, TranscriptStatus

logger = logging.getLogger(__name__)


def transcript_request(recording: Recording) -> Transcript:
    """Ask for a (new) transcript; the work happens on the media queue after commit. Asking
    again, e.g. once a model for the language is installed, starts over."""
    transcript, _created = Transcript.objects.update_or_create(
        recording=recording,
        defaults={
            "status": TranscriptStatus.PENDING,
            "language": recording.language,
            "segments": [],
            "engine": "",
            "reason": "",
            "reason_detail": "",
            "finished_at": None,
        },
    )
    from hearings.tasks import recording_transcribe_task

    transaction.on_commit(lambda: recording_transcribe_task.delay(recording.pk))
    return transcript


@contextlib.contextmanager
def _local_file(recording: Recording) -> Iterator[Path]:
    """A path on this machine to the recording: the file itself with local storage, a
    temporary copy (streamed, not read into memory) with remote object storage."""
    try:
        local = Path(recording.file.path)
    except NotImplementedError:
        local = None
    if local is not None:
        yield local
        return
    suffix = Path(recording.file_name).suffix[:10]
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy, recording.file.open("rb") as source:
        shutil.copyfileobj(source, copy, length=1 << 20)
        copy.flush()
        yield Path(copy.name)


def transcript_make(*, recording_id: int) -> Transcript:
    """Run the speech engine over the recording and keep what it heard. A transcript that
    cannot be made says why (no engine, no model for the language, undecodable sound);
    a passing fault (the file store unreachable) is raised for the task to retry."""
    transcript = Transcript.objects.select_related("recording").get(recording_id=recording_id)
    if transcript.status == TranscriptStatus.DONE:
        return transcript  # a redelivered message does not redo an hour of work
    engine = speech.backend()
    try:
        if engine is None:
            raise speech.SpeechUnavailable("off")
        with _local_file(transcript.recording) as path:
            result = engine.transcribe(path, transcript.language)
    except speech.SpeechUnavailable as refusal:
        transcript.status = TranscriptStatus.UNAVAILABLE
        transcript.reason = refusal.code
        transcript.reason_detail = refusal.detail[:500]
        logger.info("transcript.unavailable", extra={"recording": recording_id})
    else:
        transcript.status = TranscriptStatus.DONE
        transcript.engine = result.engine[:100]
        transcript.segments = [
            {"start": s.start, "end": s.end, "text": s.text} for s in result.segments
        ]
    transcript.finished_at = timezone.now()
    transcript.save()
    return transcript


def transcript_failed(*, recording_id: int, error: str) -> None:
    """The task gave up: keep the reason so staff see it and can ask again."""
    Transcript.objects.filter(recording_id=recording_id).exclude(
        status=TranscriptStatus.DONE
    ).update(
        status=TranscriptStatus.FAILED,
        reason="failed",
        reason_detail=error[:500],
        finished_at=timezone.now(),
    )
