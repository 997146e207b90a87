from judicial_account.core.tasks import portal_task


@portal_task(name="payments.invoices_expire")
def invoices_expire_task() -> int:
    from judicial_account.payments.services import invoices_expire

    return invoices_expire()


@portal_task(name="payments.invoices_remind")
def invoices_remind_task() -> int:
    """Runs the "reminder" hooks of invoices half-way to expiry; the app that owns the
    purpose reminds the payer (payments does not notify anyone itself)."""
    from judicial_account.payments.services import invoices_remind

    return invoices_remind()
