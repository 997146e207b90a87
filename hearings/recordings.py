"""Audio/video recordings of hearings: chunked, resumable upload that keeps nothing
partial, content checks (only audio and video), and the rules for who gets a copy."""

from __future__ import annotations

import hashlib
import shutil
import struct
import subprocess
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hearings.models import Hearing, Recording, RecordingUpload, RecordingWarningAccepted
from hearings.transcripts import transcript_request
from judicial_account.audit.actions import AuditAction
from judicial_account.audit.services import audit_record
from judicial_account.core.api import ApplicationError


class RecordingError(ApplicationError):
    pass


def sniff_media(head: bytes) -> str | None:
    """Audio/video containers by their signature: MP4/MOV, Matroska/WebM, Ogg, WAV, MP3."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm"
    if head.startswith(b"OggS"):
        return "audio/ogg"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "audio/wav"
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "audio/mpeg"
    return None


def media_duration(path: Path, content_type: str) -> int | None:
    """Whole seconds of sound or picture: a WAV file's header tells; other containers are
    asked of ffprobe when it is installed. None when nothing can tell (the recording is
    still accepted: its hash, not its duration, is what proves it)."""
    if content_type == "audio/wav":
        seconds = wav_duration(path)
        if seconds is not None:
            return seconds
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        return None
    command = [ffprobe, "-v", "error", "-show_entries", "format=duration"]
    command += ["-of", "default=noprint_wrappers=1:nokey=1", str(path)]
    try:
        answer = subprocess.run(command, capture_output=True, text=True, timeout=60)  # noqa: S603 - fixed argv, no shell
        return round(float(answer.stdout.strip()))
    except (subprocess.TimeoutExpired, ValueError, OverflowError):
        return None


def wav_duration(path: Path) -> int | None:
    """Seconds of a PCM WAV file from its header."""
    with path.open("rb") as handle:
        header = handle.read(44)
    if len(header) < 44 or header[:4] != b"RIFF":
        return None
    byte_rate = struct.unpack("<I", header[28:32])[0]
    data_size = struct.unpack("<I", header[40:44])[0]
    return round(data_size / byte_rate) if byte_rate else None


def _staging(upload: RecordingUpload) -> Path:
    directory = Path(settings.MEDIA_ROOT) / "uploads-in-progress"
    directory.mkdir(parents=True, exist_ok=True)
    return directory / str(upload.public_id)


def upload_start(
    *, hearing: Hearing, user, file_name: str, size: int, sha256: str, language: str = "ru"
) -> RecordingUpload:
    if size <= 0 or size > settings.RECORDING_MAX_BYTES:
        raise RecordingError(
            _("A recording must be between 1 byte and %(gb)s GB.")
            % {"gb": settings.RECORDING_MAX_BYTES // 1024**3}
        )
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256.lower()):
        raise RecordingError(_("Give the SHA-256 of the whole file (64 hex digits)."))
    if language not in dict(settings.LANGUAGES):
        raise RecordingError(_("The language of the hearing must be Russian, Kazakh or English."))
    upload = RecordingUpload.objects.create(
        public_id=uuid.uuid4(),
        hearing=hearing,
        uploaded_by=user,
        file_name=file_name[-255:],
        size=size,
        sha256=sha256.lower(),
        language=language,
    )
    _staging(upload).write_bytes(b"")
    return upload


def upload_chunk(*, upload: RecordingUpload, offset: int, data: bytes) -> RecordingUpload:
    """Append a chunk at `offset`, which must be where the previous one ended (a client
    that lost its connection asks for `received` and resumes from there)."""
    if offset == 0 and upload.received == 0 and sniff_media(data[:16]) is None:
        _discard(upload)  # outside the transaction below: the refusal must not undo it
        raise RecordingError(_("This is not an audio or video recording."))
    with transaction.atomic():
        upload = RecordingUpload.objects.select_for_update().get(pk=upload.pk)
        if offset != upload.received:
            raise RecordingError(_("Resume from byte %(n)s.") % {"n": upload.received})
        if upload.received + len(data) > upload.size:
            raise RecordingError(_("More data than announced."))
        with _staging(upload).open("ab") as handle:
            handle.write(data)
        upload.received += len(data)
        upload.save(update_fields=["received"])
    return upload


def _discard(upload: RecordingUpload) -> None:
    _staging(upload).unlink(missing_ok=True)
    upload.delete()


def upload_finish(*, upload: RecordingUpload) -> Recording:
    """Check the whole file and turn it into a Recording; anything wrong discards it."""
    path = _staging(upload)
    if upload.received != upload.size:
        raise RecordingError(
            _("The upload is not complete: %(got)s of %(size)s bytes.")
            % {"got": upload.received, "size": upload.size}
        )
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
        handle.seek(0)
        content_type = sniff_media(handle.read(16))
    if digest.hexdigest() != upload.sha256 or content_type is None:
        _discard(upload)
        raise RecordingError(_("The file does not match its announced SHA-256; upload it again."))
    with transaction.atomic(), path.open("rb") as handle:
        recording = Recording(
            hearing=upload.hearing,
            file_name=upload.file_name,
            content_type=content_type,
            size=upload.size,
            sha256=upload.sha256,
            uploaded_by=upload.uploaded_by,
            duration_seconds=media_duration(path, content_type),
            language=upload.language,
        )
        recording.file.save(upload.file_name[-80:], File(handle), save=False)
        recording.save()
        audit_record(
            upload.uploaded_by,
            AuditAction.RECORDING_UPLOADED,
            target=upload.hearing.case,
            details={"hearing": upload.hearing_id, "sha256": upload.sha256},
        )
        upload.delete()
        transcript_request(recording)
    path.unlink(missing_ok=True)
    return recording


def uploads_abandoned_purge(*, older_than) -> int:
    count = 0
    for upload in RecordingUpload.objects.filter(created_at__lt=older_than):
        _discard(upload)
        count += 1
    return count


def copy_allowed(recording: Recording) -> bool:
    """Copies (download, stream) are never given for closed hearings: those recordings
    are reviewed at the court."""
    return not recording.hearing.case.is_closed_session


def warning_accept(*, recording: Recording, user) -> None:
    RecordingWarningAccepted.objects.create(recording=recording, user=user)
    audit_record(
        user,
        AuditAction.RECORDING_WARNING_ACCEPTED,
        target=recording.hearing.case,
        details={"recording": recording.pk},
    )


def warning_accepted(recording: Recording, user) -> bool:
    return RecordingWarningAccepted.objects.filter(recording=recording, user=user).exists()


def staging_dir_clear() -> None:
    shutil.rmtree(Path(settings.MEDIA_ROOT) / "uploads-in-progress", ignore_errors=True)
