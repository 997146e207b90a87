"""Category suggestion for a claim text while filing: the filer chooses, this only suggests.

A nearest-neighbour vote over the published acts that have a category: the claim is embedded
as a query, its NEIGHBOURS nearest acts (best passage each, through the same HNSW index as
the similar-case search) vote for their category, each vote weighted by exp(similarity /
TEMPERATURE) so that a close act counts for more than a distant one. No training step, so a
category the register gains is suggested as soon as its acts are embedded, and the neighbours
are the explanation. Only public acts vote: the filer is not entitled to more.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from acts_registry.access import public_acts
from analytics import embeddings
from analytics.similar import nearest_passages
from cases.models import CaseCategory

NEIGHBOURS = 15
# e5 similarities of related legal texts sit in a narrow band (about 0.75..0.9); a small
# temperature spreads that band into weights that differ enough to matter.
TEMPERATURE = 0.02
MAX_SUGGESTIONS = 3


@dataclass(frozen=True)
class Suggestion:
    code: str
    name: str
    probability: float
    neighbours: int  # how many of the nearest acts are of this category


def suggest_category(text: str, *, limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
    """The likeliest categories for `text`, most likely first, with the share of the
    neighbours' weighted vote each got (the probabilities of all categories found sum to 1,
    the ones returned to at most 1). Empty when no categorised act has a vector yet."""
    vector = embeddings.embed(embeddings.query_text(text), kind="query")
    acts = public_acts().exclude(category_code="")
    rows = nearest_passages(vector, acts=acts, limit=NEIGHBOURS * (1 + embeddings.MAX_PASSAGES))
    best: dict[int, float] = {}
    for act_id, _chunk, _start, _end, distance in rows:
        best.setdefault(act_id, 1.0 - float(distance))
        if len(best) == NEIGHBOURS:
            break
    categories = dict(acts.filter(pk__in=best).values_list("pk", "category_code").iterator())
    names = dict(acts.filter(pk__in=best).values_list("category_code", "category_name"))
    # The catalogue's name in the reader's language where the category is the portal's own.
    names |= {c.code: c.name for c in CaseCategory.objects.filter(code__in=list(names))}
    weights: dict[str, float] = {}
    counts: dict[str, int] = {}
    for act_id, similarity in best.items():
        code = categories[act_id]
        weights[code] = weights.get(code, 0.0) + math.exp(similarity / TEMPERATURE)
        counts[code] = counts.get(code, 0) + 1
    total = sum(weights.values())
    ranked = sorted(weights.items(), key=lambda item: -item[1])[:limit]
    return [
        Suggestion(code, names.get(code, code), round(weight / total, 4), counts[code])
        for code, weight in ranked
    ]
