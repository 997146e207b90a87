from judicial_account.core.tasks import portal_task


@portal_task(name="hearings.protocol_issue", retry_for=(OSError,))
def protocol_issue_task(hearing_id: int) -> None:
    from hearings.progress import protocol_issue

    protocol_issue(hearing_id=hearing_id)


@portal_task(name="hearings.uploads_abandoned_purge")
def uploads_abandoned_purge_task() -> int:
    """A recording upload left unfinished for a day is given up: nothing partial stays."""
    import datetime as dt

    from django.utils import timezone

    from hearings.recordings import uploads_abandoned_purge

    return uploads_abandoned_purge(older_than=timezone.now() - dt.timedelta(days=1))


@portal_task(name="hearings.appointments_remind")
def appointments_remind_task() -> int:
    from hearings.appointments import appointments_remind

    return appointments_remind()


def _transcript_gave_up(exc, args, kwargs) -> None:
    from hearings.transcripts import transcript_failed

    recording_id = args[0] if args else kwargs["recording_id"]
    transcript_failed(recording_id=recording_id, error=f"{type(exc).__name__}: {exc}")


@portal_task(
    name="hearings.recording_transcribe", retry_for=(OSError,), on_give_up=_transcript_gave_up
)
def recording_transcribe_task(recording_id: int) -> None:
    """Speech recognition of one recording (routed to the media queue)."""
    from hearings.transcripts import transcript_make

    transcript_make(recording_id=recording_id)
