from judicial_account.core.tasks import portal_task


@portal_task(name="acts_registry.search_outbox_drain")
def search_outbox_drain_task() -> int:
    return 0
