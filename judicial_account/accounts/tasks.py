from judicial_account.core.tasks import portal_task


@portal_task(name="accounts.lockouts_expire")
def lockouts_expire_task() -> int:
    from judicial_account.accounts.services import lockouts_expire

    return lockouts_expire()
