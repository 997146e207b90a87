from judicial_account.core.tasks import portal_task


@portal_task(name="accounts.lockouts_expire")
def lockouts_expire_task() -> int:
    from judicial_account.accounts.services import lockouts_expire

    return lockouts_expire()


@portal_task(name="accounts.qr_approvals_purge")
def qr_approvals_purge_task() -> int:
    """QR codes live two minutes; their rows are kept a day for the audit trail's context,
    then removed."""
    import datetime as dt

    from django.utils import timezone

    from judicial_account.accounts.models import QrApproval

    cutoff = timezone.now() - dt.timedelta(days=1)
    deleted, _ = QrApproval.objects.filter(expires_at__lt=cutoff).delete()
    return deleted
