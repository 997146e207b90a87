from judicial_account.core.tasks import portal_task


@portal_task(name="acts_registry.search_outbox_drain")
def search_outbox_drain_task() -> int:
    from acts_registry.indexing import outbox_drain

    return outbox_drain()


@portal_task(name="acts_registry.acts_enter_force")
def acts_enter_force_task() -> int:
    """Acts whose challenge term ended yesterday enter into force today."""
    from acts_registry.services import acts_enter_force

    return acts_enter_force()


@portal_task(name="acts_registry.act_pdf_issue", retry_for=(OSError,))
def act_pdf_issue_task(act_id: int) -> None:
    """Render and seal the issued PDF of an act (idempotent)."""
    from acts_registry.pdf import act_pdf_issue

    act_pdf_issue(act_id)


@portal_task(name="acts_registry.act_public_pdf_issue", retry_for=(OSError,))
def act_public_pdf_issue_task(act_id: int) -> None:
    """Render and seal the register's depersonalised copy of an act (idempotent)."""
    from acts_registry.pdf import act_public_pdf_issue

    act_public_pdf_issue(act_id)


def pdf_issue_enqueue(act_id: int) -> None:
    """Queue the issued PDF once the current transaction commits (a worker must see the
    issued act, and a rolled-back issue must queue nothing)."""
    from django.db import transaction

    transaction.on_commit(lambda: act_pdf_issue_task.delay(act_id))


def public_pdf_enqueue(act_id: int) -> None:
    """Queue the public copy once the current transaction commits."""
    from django.db import transaction

    transaction.on_commit(lambda: act_public_pdf_issue_task.delay(act_id))
