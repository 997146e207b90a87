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
