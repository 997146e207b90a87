from judicial_account.core.tasks import portal_task


@portal_task(name="cases.deadlines_mark_missed")
def deadlines_mark_missed_task() -> int:
    from cases.deadlines import deadlines_mark_missed

    return deadlines_mark_missed()
