"""How acts reach the search index: a transactional outbox in PostgreSQL drained by the
search queue (one worker, concurrency 1), in batches."""

from django.db import transaction

from acts_registry.models import SearchOutbox


def outbox_enqueue(act_id: int) -> None:
    """Note, inside the caller's transaction, that the act's index entries must be
    refreshed; the drain is kicked once that transaction commits."""
    SearchOutbox.objects.create(act_id=act_id)
    transaction.on_commit(_drain_soon)


def _drain_soon() -> None:
    from acts_registry.tasks import search_outbox_drain_task

    search_outbox_drain_task.delay()
