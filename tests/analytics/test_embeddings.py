"""Embeddings: the vectors, cutting acts to the model's window, the resumable job that
re-embeds on a model change, input checks, and the HNSW index's recall against exact search."""

import numpy as np
import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from pgvector.django import CosineDistance

from acts_registry.models import Act, ActKind, ActSource, ActStatus
from analytics import embeddings
from analytics.models import ActEmbedding
from analytics.similar import nearest_passages
from analytics.tasks import embed_acts_task
from tests.analytics.corpus_support import LOANS, public

pytestmark = pytest.mark.django_db


def test_vectors_are_normalised_float32_of_384_dimensions():
    vectors = embeddings.embed(["договор займа", "трудовой спор"], kind="passage")
    single = embeddings.embed("договор займа", kind="query")

    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert single.shape == (384,)
    assert not np.allclose(single, vectors[0])  # the "query: " prefix matters


def test_a_long_act_is_cut_into_a_head_and_a_few_passages():
    text = " ".join(f"Предложение номер {i} о договоре займа и его исполнении." for i in range(400))

    pieces = embeddings.chunks(text)

    assert len(pieces) == 1 + embeddings.MAX_PASSAGES
    assert pieces[0].start == 0
    assert embeddings.token_count(pieces[0].text) <= embeddings.HEAD_TOKENS
    assert all(embeddings.token_count(p.text) <= embeddings.PASSAGE_TOKENS for p in pieces[1:])
    assert all(text[p.start : p.end] == p.text for p in pieces)
    assert all(p.text.rstrip().endswith(".") for p in pieces[1:])


def test_a_short_act_is_one_chunk_and_an_empty_one_none():
    assert [p.text for p in embeddings.chunks("Иск удовлетворить.")] == ["Иск удовлетворить."]
    assert embeddings.chunks("  \n") == []


def test_the_job_is_resumable_and_re_embeds_when_the_model_changes(act_make, monkeypatch):
    acts = [act_make(**public(text, "loans", timezone.localdate())) for text in LOANS]

    first = embeddings.acts_embed(limit=2)
    rest = embeddings.acts_embed()
    again = embeddings.acts_embed()
    monkeypatch.setattr(embeddings, "MODEL_VERSION", "next")
    redone = embeddings.acts_embed()

    assert (first, rest, again, redone) == (2, 1, 0, 3)
    assert set(ActEmbedding.objects.values_list("model_version", flat=True)) == {"next"}
    assert ActEmbedding.objects.filter(act__in=acts).count() == 3


def test_the_command_and_the_task_embed_what_is_left(act_make, capsys):
    for text in LOANS:
        act_make(status=ActStatus.ISSUED, text=text)

    call_command("analytics_embed", "--limit", "1")
    done_by_task = embed_acts_task()

    assert "1 acts embedded, 2 left" in capsys.readouterr().out
    assert done_by_task == 2
    assert embeddings.current_vectors().count() == 3


def test_an_act_published_after_embedding_is_embedded_again(act_make):
    act = act_make(status=ActStatus.ISSUED, text=LOANS[0])
    embeddings.acts_embed()
    act.text_public = LOANS[0].replace("ответчика", "[ФИО-1]")
    act.depersonalised_at = timezone.now()
    act.save()

    assert embeddings.acts_embed() == 1
    chunk = embeddings.current_vectors().get(act=act)
    assert act.text_public[chunk.start : chunk.end] == act.text_public


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty_text"),
        ("x" * (embeddings.MAX_INPUT_CHARS + 1), "text_too_long"),
        ("2-15/2026 — 1 000 000", "no_words"),
        ("دعوى استرداد الدين", "unsupported_script"),
    ],
)
def test_texts_the_analytics_will_not_answer(text, code):
    with pytest.raises(embeddings.TextRejected) as rejected:
        embeddings.text_check(text)

    assert rejected.value.code == code


@pytest.mark.parametrize("text", ["Займ", "Қарыз шарты бойынша", "loan agreement", "民间借贷"])
def test_russian_kazakh_english_and_chinese_are_read(text):
    assert embeddings.text_check(f"  {text} ") == text


# --- recall of the HNSW index against exact search ----------------------------------------

VECTORS = 3000
QUERIES = 40
CLUSTERS = 30


def _clustered_vectors(rng, count):
    """Vectors around a few centres, as embeddings of texts on a few subjects are, rather
    than uniform noise (on which no index has neighbours worth the name)."""
    centres = rng.normal(size=(CLUSTERS, 384))
    points = centres[rng.integers(0, CLUSTERS, count)] + rng.normal(scale=0.6, size=(count, 384))
    return (points / np.linalg.norm(points, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture
def many_vectors():
    rng = np.random.default_rng(7)
    now = timezone.now()
    acts = Act.objects.bulk_create(
        Act(
            source=ActSource.IMPORT,
            kind=ActKind.DECISION,
            status=ActStatus.IN_FORCE,
            title="Решение",
            text="текст",
            text_public="текст",
            published_at=now,
            depersonalised_at=now,
            category_code="even" if i % 2 else "odd",
        )
        for i in range(VECTORS)
    )
    ActEmbedding.objects.bulk_create(
        ActEmbedding(
            act=act,
            model_name=embeddings.MODEL_NAME,
            model_version=embeddings.MODEL_VERSION,
            vector=vector,
        )
        for act, vector in zip(acts, _clustered_vectors(rng, VECTORS), strict=True)
    )
    with connection.cursor() as cursor:  # the planner's statistics, as autovacuum would
        cursor.execute("ANALYZE acts_registry_act")
        cursor.execute("ANALYZE analytics_actembedding")
    return _clustered_vectors(rng, QUERIES)


def _exact(vector, acts=None, limit=10) -> list[int]:
    rows = embeddings.current_vectors()
    if acts is not None:
        rows = rows.filter(act__in=acts.values("pk"))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        return list(
            rows.annotate(d=CosineDistance("vector", vector))
            .order_by("d")
            .values_list("act_id", flat=True)[:limit]
        )


def _hnsw_forced():
    """At a few thousand rows the planner rightly prefers an exact scan; the recall of the
    index is measured by keeping it from doing so (as it stops doing at real sizes)."""
    transaction_ = transaction.atomic()
    transaction_.__enter__()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
    return transaction_


def _plan(vector, acts) -> str:
    rows = embeddings.current_vectors()
    if acts is not None:
        rows = rows.filter(act__in=acts.values("pk"))
    return rows.order_by(CosineDistance("vector", vector))[:10].explain()


@pytest.mark.parametrize("filtered", [False, True])
def test_hnsw_recall_at_10_is_at_least_095_of_exact_search(many_vectors, filtered):
    acts = Act.objects.filter(category_code="even") if filtered else None
    hits = total = 0
    for vector in many_vectors:
        exact = _exact(vector, acts)
        forced = _hnsw_forced()
        try:
            approximate = [row[0] for row in nearest_passages(vector, acts=acts, limit=10)]
            plan = _plan(vector, acts)
        finally:
            forced.__exit__(None, None, None)
        hits += len(set(approximate) & set(exact))
        total += len(exact)

    assert "act_embedding_hnsw" in plan
    assert len(approximate) == 10
    assert hits / total >= 0.95
