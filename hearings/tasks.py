from judicial_account.core.tasks import portal_task


@portal_task(name="hearings.protocol_issue", retry_for=(OSError,))
def protocol_issue_task(hearing_id: int) -> None:
    from hearings.progress import protocol_issue

    protocol_issue(hearing_id=hearing_id)
