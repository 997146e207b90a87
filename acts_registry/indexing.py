"""How acts reach the search index: a transactional outbox in PostgreSQL drained by the
search queue (one worker, concurrency 1), in batches.

Every change to an act that the index must see writes a SearchOutbox row in the same
transaction (`outbox_enqueue`). The drain reads rows in id order, indexes the acts' current
documents, removes the documents that no longer apply, commits the backend, and only then
deletes the rows: a crash anywhere before that leaves the rows for the next drain, and
indexing an act twice does no harm.

Only the drain and `search_reindex` open the backend's writer, and both close it when they
finish, under one PostgreSQL advisory lock, so a stray second drain (a misconfigured worker,
a reindex from the command line) waits or steps aside instead of failing on tantivy's
directory lock. Web processes only read.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable, Iterator

from django.db import connection, transaction

from acts_registry import access
from acts_registry.models import Act, ActStatus, SearchOutbox
from acts_registry.search import Audience, SearchDocument, backend

logger = logging.getLogger(__name__)

DRAIN_BATCH_SIZE = 500
REINDEX_BATCH_SIZE = 2000
# pg_advisory_lock key of the index writer: "ACTSRCH" as a number, any constant would do.
_WRITER_LOCK_KEY = 0x41435453524348


def outbox_enqueue(act_id: int) -> None:
    """Note, inside the caller's transaction, that the act's index entries must be
    refreshed; the drain is kicked once that transaction commits."""
    SearchOutbox.objects.create(act_id=act_id)
    transaction.on_commit(_drain_soon)


def outbox_enqueue_many(act_ids: Iterable[int]) -> None:
    """outbox_enqueue for a bulk import or generator: one INSERT for all of them."""
    SearchOutbox.objects.bulk_create([SearchOutbox(act_id=act_id) for act_id in act_ids])
    transaction.on_commit(_drain_soon)


def _drain_soon() -> None:
    from acts_registry.tasks import search_outbox_drain_task

    search_outbox_drain_task.delay()


# --- what an act looks like in the index ------------------------------------------------


def search_documents(act: Act) -> list[SearchDocument]:
    """The documents the index should hold for `act` now: none for a draft; the full text
    for the judges' case-law search once issued; and the depersonalised text for the
    register when the public may see the act (access.public_acts())."""
    is_public = access.public_acts().filter(pk=act.pk).exists()
    for_judiciary = access.judiciary_acts().filter(pk=act.pk).exists()
    return _documents(act, is_public=is_public, for_judiciary=for_judiciary)


def _documents(act: Act, *, is_public: bool, for_judiciary: bool) -> list[SearchDocument]:
    if act.status == ActStatus.DRAFT or not (is_public or for_judiciary):
        return []
    common = {
        "id": str(act.pk),
        "title": act.title,
        "case_number": act.case_number,
        "court": act.court_code,
        "region": act.region_code,
        "instance": act.instance,
        "category": act.category_code,
        "judges": judges_of(act),
        "kind": act.kind,
        "outcome": act.outcome,
        "issued": act.issued_on,
    }
    docs = []
    if for_judiciary:
        docs.append(
            SearchDocument(
                text=act.text,
                audience=Audience.JUDICIARY,
                published=act.is_published,
                depersonalised=act.depersonalised_at is not None,
                **common,
            )
        )
    if is_public and act.text_public and act.depersonalised_at is not None:
        docs.append(
            SearchDocument(
                text=act.text_public,
                audience=Audience.PUBLIC,
                published=True,
                depersonalised=True,
                **common,
            )
        )
    return docs


def judges_of(act: Act) -> tuple[str, ...]:
    """The judges' names as the judge filter matches them (a panel is comma-separated)."""
    return tuple(name.strip() for name in act.judge_names.split(",") if name.strip())


def _stage(act_ids: Iterable[int]) -> int:
    """Stage in the backend the current documents of these acts and the removal of every
    document of theirs that no longer applies. Returns how many documents were staged."""
    act_ids = set(act_ids)
    acts = Act.objects.filter(pk__in=act_ids).defer("signing_request", "signature")
    public_ids = set(access.public_acts().filter(pk__in=act_ids).values_list("pk", flat=True))
    judiciary_ids = set(access.judiciary_acts().filter(pk__in=act_ids).values_list("pk", flat=True))
    docs = [
        doc
        for act in acts
        for doc in _documents(
            act, is_public=act.pk in public_ids, for_judiciary=act.pk in judiciary_ids
        )
    ]
    kept = {(doc.id, doc.audience) for doc in docs}
    engine = backend()
    for audience in Audience:
        gone = [str(pk) for pk in sorted(act_ids) if (str(pk), audience) not in kept]
        if gone:
            engine.delete(gone, audience=audience)
    engine.index(docs)
    return len(docs)


# --- the writer: one at a time ----------------------------------------------------------


@contextlib.contextmanager
def _writer_lock(*, wait: bool) -> Iterator[bool]:
    """Hold the index writer's advisory lock (session level, so it spans the batches'
    transactions). Yields False without waiting when `wait` is off and it is taken."""
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_lock(%s)", [_WRITER_LOCK_KEY])
            got = True
        else:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [_WRITER_LOCK_KEY])
            got = cursor.fetchone()[0]
    try:
        yield got
    finally:
        if got:
            # Release the writer before the lock, so the next holder can open its own.
            backend().close()
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_WRITER_LOCK_KEY])


def outbox_drain(batch_size: int = DRAIN_BATCH_SIZE) -> int:
    """Index everything the outbox holds, batch by batch. Returns the rows processed.

    When another drain holds the writer this returns at once: that drain looks at the
    outbox again after letting go of the writer, so rows written meanwhile are not left
    behind."""
    processed = 0
    while True:
        with _writer_lock(wait=False) as got:
            if not got:
                return processed
            while batch := _drain_batch(batch_size):
                processed += batch
        if not SearchOutbox.objects.exists():
            return processed


def _drain_batch(batch_size: int) -> int:
    with transaction.atomic():
        rows = list(
            SearchOutbox.objects.select_for_update(skip_locked=True)
            .order_by("id")
            .values_list("id", "act_id")[: max(batch_size, 1)]
        )
        if not rows:
            return 0
        engine = backend()
        try:
            _stage(act_id for _, act_id in rows)
            engine.commit()
        except BaseException:
            engine.close()  # drop what was staged; the rows stay for the next drain
            raise
        # Only after the backend's commit: a crash before this line re-indexes the batch.
        SearchOutbox.objects.filter(pk__in=[pk for pk, _ in rows]).delete()
    logger.info("search.outbox_drained", extra={"rows": len(rows)})
    return len(rows)


def _highest_act_id_ever() -> int:
    """The sequence's last value: acts deleted from the top of the id range are still
    covered by a rebuild (and still removed from the index)."""
    table = Act._meta.db_table
    last_value = 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        sequence = cursor.fetchone()[0]
        if sequence:
            # The name comes from the catalogue, not from input.
            cursor.execute(f"SELECT last_value FROM {sequence}")  # noqa: S608
            last_value = cursor.fetchone()[0] or 0
    highest = Act.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return max(highest, last_value)


def search_reindex(
    *, batch_size: int = REINDEX_BATCH_SIZE, progress: Callable[[int, int], None] | None = None
) -> int:
    """Rebuild the index from the database, acts in id order, one backend commit per batch.

    Each batch covers a range of ids, and every id in the range is first removed from the
    index, so acts deleted from the database leave it too. Outbox rows older than the
    rebuild are covered by it and deleted at the end. `progress(done, total)` is called
    after each batch. Returns the number of acts read."""
    batch_size = max(batch_size, 1)
    with _writer_lock(wait=True):
        last_outbox_id = SearchOutbox.objects.order_by("-id").values_list("id", flat=True)
        last_outbox_id = last_outbox_id.first() or 0
        total = Act.objects.count()
        top = _highest_act_id_ever()
        done = 0
        engine = backend()
        for low in range(1, top + 1, batch_size):
            ids = list(
                Act.objects.filter(pk__gte=low, pk__lt=low + batch_size).values_list(
                    "pk", flat=True
                )
            )
            try:
                engine.delete([str(pk) for pk in range(low, low + batch_size)])
                _stage(ids)
                engine.commit()
            except BaseException:
                engine.close()
                raise
            done += len(ids)
            if progress is not None:
                progress(done, total)
        SearchOutbox.objects.filter(id__lte=last_outbox_id).delete()
    return done
