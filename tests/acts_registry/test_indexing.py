"""Acts reach the search index through the outbox: what is indexed for whom, the drain's
batches and crash safety, and the rebuild from the database."""

import pytest
from django.db import transaction

from acts_registry.indexing import (
    outbox_drain,
    outbox_enqueue,
    search_documents,
    search_reindex,
)
from acts_registry.models import Act, ActStatus, SearchOutbox
from acts_registry.search import Audience
from acts_registry.search.tantivy_backend import TantivyBackend
from acts_registry.tasks import search_outbox_drain_task
from tests.acts_registry.registry_support import SECRET_NAME, found_ids, public_fields

pytestmark = pytest.mark.django_db


def enqueue_and_drain(*acts) -> int:
    for act in acts:
        outbox_enqueue(act.pk)
    return outbox_drain()


def test_a_draft_has_no_documents(act_make):
    assert search_documents(act_make(status=ActStatus.DRAFT)) == []


def test_an_issued_act_is_for_the_judiciary_only(act_make):
    docs = search_documents(act_make(status=ActStatus.ISSUED))

    assert [doc.audience for doc in docs] == [Audience.JUDICIARY]


def test_a_published_act_in_force_has_a_public_document_with_the_depersonalised_text(act_make):
    act = act_make(**public_fields())

    docs = {doc.audience: doc for doc in search_documents(act)}

    assert set(docs) == {Audience.JUDICIARY, Audience.PUBLIC}
    assert SECRET_NAME in docs[Audience.JUDICIARY].text
    assert SECRET_NAME not in docs[Audience.PUBLIC].text
    assert docs[Audience.PUBLIC].court == act.court_code


def test_closed_session_acts_get_no_document_at_all(act_make, first_case):
    # In camera: not in the register, and not in the judges' case-law search either; the
    # act is read within its case by those who may read the case.
    first_case.is_closed_session = True
    first_case.save()

    docs = search_documents(act_make(**public_fields()))

    assert docs == []


def test_the_drain_indexes_outbox_rows_and_deletes_them(
    act_make, django_capture_on_commit_callbacks
):
    act = act_make(**public_fields())
    with django_capture_on_commit_callbacks() as callbacks:
        outbox_enqueue(act.pk)

    assert len(callbacks) == 1  # the drain task is kicked after the commit
    assert SearchOutbox.objects.count() == 1
    assert outbox_drain() == 1
    assert not SearchOutbox.objects.exists()
    assert found_ids(Audience.PUBLIC, "займа") == [str(act.pk)]
    assert found_ids(Audience.JUDICIARY, SECRET_NAME) == [str(act.pk)]
    assert found_ids(Audience.PUBLIC, SECRET_NAME) == []


def test_rows_committed_but_never_drained_are_indexed_by_a_later_drain(act_make):
    # The process died after the database commit, before any drain ran: the rows stay.
    act = act_make(**public_fields())
    with transaction.atomic():
        outbox_enqueue(act.pk)

    assert found_ids(Audience.PUBLIC, "займа") == []
    assert search_outbox_drain_task() == 1
    assert found_ids(Audience.PUBLIC, "займа") == [str(act.pk)]


def test_a_failed_backend_commit_keeps_the_rows_for_the_next_drain(act_make, monkeypatch):
    act = act_make(**public_fields())
    outbox_enqueue(act.pk)

    def broken_commit(self):
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(TantivyBackend, "commit", broken_commit)
        with pytest.raises(OSError):
            outbox_drain()

    assert SearchOutbox.objects.count() == 1
    assert found_ids(Audience.PUBLIC, "займа") == []
    assert outbox_drain() == 1
    assert found_ids(Audience.PUBLIC, "займа") == [str(act.pk)]


def test_the_drain_works_in_batches_in_id_order(act_make):
    acts = [act_make(**public_fields()) for _ in range(5)]
    for act in acts:
        outbox_enqueue(act.pk)

    assert outbox_drain(batch_size=2) == 5
    assert sorted(found_ids(Audience.PUBLIC, "займа")) == sorted(str(a.pk) for a in acts)


def test_an_overturned_act_leaves_the_public_index_but_not_the_judges(act_make):
    act = act_make(**public_fields())
    enqueue_and_drain(act)

    act.status = ActStatus.OVERTURNED
    act.save()
    enqueue_and_drain(act)

    assert found_ids(Audience.PUBLIC, "займа") == []
    assert found_ids(Audience.JUDICIARY, "займа") == [str(act.pk)]


def test_a_deleted_act_leaves_every_audience(act_make):
    act = act_make(**public_fields())
    enqueue_and_drain(act)
    act_id = act.pk

    act.delete()
    outbox_enqueue(act_id)
    outbox_drain()

    assert found_ids(Audience.PUBLIC, "займа") == []
    assert found_ids(Audience.JUDICIARY, "займа") == []


def test_unpublished_and_appealed_acts_stay_out_of_the_public_index(act_make):
    unpublished = act_make(**public_fields(published_at=None))
    appealed = act_make(**public_fields(status=ActStatus.APPEALED))
    enqueue_and_drain(unpublished, appealed)

    assert found_ids(Audience.PUBLIC, "займа") == []
    assert sorted(found_ids(Audience.JUDICIARY, "займа")) == sorted(
        [str(unpublished.pk), str(appealed.pk)]
    )


def test_reindex_rebuilds_from_the_database_and_clears_the_outbox(act_make):
    kept = act_make(**public_fields())
    removed = act_make(**public_fields())
    enqueue_and_drain(kept, removed)
    Act.objects.filter(pk=removed.pk).delete()  # behind the outbox's back
    outbox_enqueue(kept.pk)
    seen = []

    assert search_reindex(batch_size=1000, progress=lambda done, total: seen.append(done)) == 1

    assert found_ids(Audience.PUBLIC, "займа") == [str(kept.pk)]
    assert not SearchOutbox.objects.exists()
    assert seen[-1] == 1
