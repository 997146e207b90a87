"""Similar cases: the acts closest to a claim text or a case, for the judge and for anyone.

Two rankings are fused, because each misses what the other finds:
- vector similarity (pgvector HNSW over the acts' passages, analytics.embeddings) finds acts
  that say the same thing in other words, or in the other language;
- full-text rank (the register's search engine, BM25) finds the rare exact term, the
  article number, the company's name, that an embedding blurs.
They are fused by reciprocal-rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009): an act
scores sum(1 / (RRF_K + rank)) over the lists it appears in. RRF_K = 60 is the paper's
constant; it keeps one list's top hit from drowning an act that both lists rank well, and
needs no calibration between cosine distances and BM25 scores, which are not comparable.
Both lists have the same weight.

Who sees what is decided once (`audience_for`): judges, chairmen and analysts search every
issued act (acts_registry.access.judiciary_acts); everyone else, the parties included, only
the public register (published, depersonalised acts in force, of open cases). Acts of cases
heard in camera have no vectors and no public documents, so they never come back as
evidence to anyone outside their case.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field

from django.db import connection, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import strip_tags
from pgvector.django import CosineDistance

from acts_registry import access as acts_access
from acts_registry.models import Act
from acts_registry.search import Audience, Filters, SearchQuery, backend
from analytics import embeddings
from cases.models import Instance

RRF_K = 60
MIN_K, MAX_K, DEFAULT_K = 1, 50, 10
# Candidates taken from each list before fusing: enough that an act ranked modestly by both
# lists can still make the top k.
POOL_ACTS = 100
# Each act has up to 1 + MAX_PASSAGES vectors; ask the index for enough passages to cover
# POOL_ACTS distinct acts in the usual case.
POOL_PASSAGES = POOL_ACTS * (1 + embeddings.MAX_PASSAGES)
# HNSW candidates examined per query (pgvector's default is 40). With filters, pgvector 0.8's
# iterative scan goes on past ef_search until enough rows pass them (relaxed order: the
# results are re-sorted here), up to hnsw.max_scan_tuples.
EF_SEARCH = 200
PASSAGE_MAX_CHARS = 600
# Full-text side: the query is a conjunction (every word must match), so a whole claim
# finds nothing; the rarest few of its words that still match together stand in for it.
KEYWORDS_TRIED = 12
KEYWORDS_KEPT = 4
_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)


@dataclass(frozen=True)
class SimilarFilters:
    category: str = ""
    court: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass
class Match:
    act_id: int
    score: float  # fused RRF score; only the order means something
    similarity: float | None  # cosine similarity of the best passage, when the vector list has it
    text_rank: int | None  # 1-based place in the full-text list, when it has it
    passage: str
    title: str
    kind: str
    outcome: str
    outcome_label: str
    instance: str
    instance_label: str
    issued_on: dt.date | None
    court: str
    category: str
    case_number: str
    url: str
    why: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["issued_on"] = self.issued_on.isoformat() if self.issued_on else None
        return data


def audience_for(user) -> Audience:
    return Audience.JUDICIARY if acts_access.may_search_case_law(user) else Audience.PUBLIC


def allowed_acts(user) -> QuerySet[Act]:
    from analytics.access import ai_acts_for

    return ai_acts_for(user)


def case_query_text(case) -> str:
    """What a case is about, as far as analytics may know: its category and the subject of
    the claim (the claim's text belongs to filings, which this app does not read)."""
    return f"{case.category.name_ru}. {case.subject}"


def similar_acts(
    *,
    user,
    text: str | None = None,
    case=None,
    k: int = DEFAULT_K,
    filters: SimilarFilters | None = None,
) -> list[Match]:
    """The k acts most similar to `text` (or to `case`, already authorised by the caller),
    among the acts `user` may see, best first. The case's own acts are left out."""
    filters = filters or SimilarFilters()
    query = text if text is not None else case_query_text(case)
    acts = _filtered(allowed_acts(user), filters)
    if case is not None:
        acts = acts.exclude(case=case)
    vector_list = _vector_ranking(query, acts)
    text_list = _text_ranking(query, audience_for(user), filters)
    fused = _fuse([act_id for act_id, _ in vector_list], [hit_id for hit_id, _ in text_list])
    return _matches(
        fused,
        k=k,
        acts=acts,
        vector_hits=dict(vector_list),
        text_hits={hit_id: (place, snippet) for place, (hit_id, snippet) in enumerate(text_list)},
        audience=audience_for(user),
    )


def _filtered(acts: QuerySet[Act], filters: SimilarFilters) -> QuerySet[Act]:
    if filters.category:
        acts = acts.filter(category_code=filters.category)
    if filters.court:
        acts = acts.filter(court_code=filters.court)
    if filters.date_from:
        acts = acts.filter(issued_on__gte=filters.date_from)
    if filters.date_to:
        acts = acts.filter(issued_on__lte=filters.date_to)
    return acts


# --- vector side -------------------------------------------------------------------------


def nearest_passages(vector, *, acts: QuerySet[Act] | None = None, limit: int) -> list[tuple]:
    """(act_id, chunk, start, end, distance) of the `limit` nearest passages of the current
    model, nearest first, through the HNSW index with pgvector 0.8's iterative scan so that
    filters (allowed acts, category, dates) do not starve the result."""
    passages = embeddings.current_vectors()
    if acts is not None:
        passages = passages.filter(act__in=acts.values("pk"))
    query = (
        passages.annotate(distance=CosineDistance("vector", vector))
        .order_by("distance")
        .values_list("act_id", "chunk", "start", "end", "distance")[:limit]
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL hnsw.iterative_scan = relaxed_order")
        cursor.execute(f"SET LOCAL hnsw.ef_search = {int(EF_SEARCH)}")
        rows = list(query)
    # relaxed_order may return neighbours slightly out of order.
    return sorted(rows, key=lambda row: row[4])


def _vector_ranking(query: str, acts: QuerySet[Act]) -> list[tuple[int, tuple]]:
    """[(act_id, (chunk, start, end, similarity))] best first, one entry per act (its best
    passage)."""
    vector = embeddings.embed(embeddings.query_text(query), kind="query")
    best: dict[int, tuple] = {}
    for act_id, chunk, start, end, distance in nearest_passages(
        vector, acts=acts, limit=POOL_PASSAGES
    ):
        if act_id not in best:
            best[act_id] = (chunk, start, end, 1.0 - float(distance))
        if len(best) >= POOL_ACTS:
            break
    return list(best.items())


# --- full-text side ----------------------------------------------------------------------


def _search(audience: Audience, q: str, filters: SimilarFilters, size: int):
    return backend().search(
        SearchQuery(
            audience=audience,
            q=q,
            filters=Filters(
                category=(filters.category,) if filters.category else (),
                court=(filters.court,) if filters.court else (),
                issued_from=filters.date_from,
                issued_to=filters.date_to,
            ),
            page_size=size,
            facets=False,
        )
    )


def keywords(query: str, audience: Audience, filters: SimilarFilters) -> list[str]:
    """The rarest words of the query (by how many acts contain them, as IDF would) that
    still match some act together, at most KEYWORDS_KEPT of them."""
    words = list(dict.fromkeys(word.lower() for word in _WORD.findall(query)))[:KEYWORDS_TRIED]
    counts = {word: _search(audience, word, filters, 1).total for word in words}
    kept: list[str] = []
    for word in sorted((w for w in words if counts[w]), key=lambda w: counts[w]):
        if _search(audience, " ".join([*kept, word]), filters, 1).total:
            kept.append(word)
        if len(kept) == KEYWORDS_KEPT:
            break
    return kept


def _text_ranking(query: str, audience: Audience, filters: SimilarFilters) -> list[tuple]:
    """[(act_id, snippet)] by BM25, best first."""
    words = keywords(query, audience, filters)
    if not words:
        return []
    result = _search(audience, " ".join(words), filters, min(POOL_ACTS, 100))
    return [(int(hit.id), strip_tags(hit.snippet)) for hit in result.hits]


# --- fusion and the answer ---------------------------------------------------------------


def _fuse(*rankings: list[int]) -> list[tuple[int, float]]:
    scores: dict[int, float] = {}
    for ranking in rankings:
        for place, act_id in enumerate(ranking, start=1):
            scores[act_id] = scores.get(act_id, 0.0) + 1.0 / (RRF_K + place)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


def _matches(fused, *, k, acts, vector_hits, text_hits, audience) -> list[Match]:
    # Both lists were built from the allowed acts; fetching through `acts` again makes sure
    # nothing outside it is ever shown, whatever the index holds.
    by_id = acts.in_bulk([act_id for act_id, _ in fused])
    found = []
    for act_id, score in fused:
        act = by_id.get(act_id)
        if act is None:
            continue
        found.append(_match(act, score, vector_hits.get(act_id), text_hits.get(act_id), audience))
        if len(found) == k:
            break
    return found


def _match(act: Act, score: float, vector_hit, text_hit, audience: Audience) -> Match:
    why = []
    if vector_hit is not None:
        chunk, start, end, similarity = vector_hit
        passage = embeddings.act_text(act)[start:end]
        why.append("meaning")
    else:
        similarity, passage = None, ""
    if text_hit is not None:
        why.append("words")
        if not passage:
            passage = text_hit[1]
    return Match(
        act_id=act.pk,
        score=round(score, 6),
        similarity=round(similarity, 4) if similarity is not None else None,
        text_rank=text_hit[0] + 1 if text_hit is not None else None,
        passage=_shorten(passage),
        title=act.title,
        kind=act.kind,
        outcome=act.outcome,
        outcome_label=str(act.get_outcome_display()) if act.outcome else "",
        instance=act.instance,
        instance_label=_instance_label(act.instance),
        issued_on=act.issued_on,
        court=act.court_name,
        category=act.category_name,
        case_number=act.case_number,
        url=_url(act, audience),
        why=why,
    )


def _instance_label(code: str) -> str:
    return str(Instance(code).label) if code in Instance.values else ""


def _shorten(passage: str) -> str:
    passage = " ".join(passage.split())
    if len(passage) <= PASSAGE_MAX_CHARS:
        return passage
    cut = passage.rfind(" ", 0, PASSAGE_MAX_CHARS)
    return passage[: cut if cut > 0 else PASSAGE_MAX_CHARS] + "…"


def _url(act: Act, audience: Audience) -> str:
    if audience == Audience.JUDICIARY:
        return reverse("register:case_law_act", args=[act.pk])
    return reverse("register:act", args=[act.pk])
