"""Non-standard decisions: an issued act whose outcome the model finds unlikely for its text,
or that stands apart from its nearest neighbours (similar acts of the same category), is
flagged for its judge and the analysts, with the neighbours as evidence.

- Low probability: the probability of the act's own outcome under the current outcome model,
  read from the text before the operative part, is below ANALYTICS_NONSTANDARD_THRESHOLD
  (setting, default 0.15).
- Outlier: among its NEIGHBOURS nearest acts of the same category with an outcome (at least
  MIN_NEIGHBOURS of them), at most OUTLIER_SHARE ended the same way.
The evidence holds the neighbours' ids, outcomes and cosine similarity. Neighbours come only
from the judiciary's case law, which never includes cases heard in camera, so a flag shown
to anyone carries no closed case as evidence. Acts in the portal carry no list of cited
articles, so "the same articles" is approximated by the same category.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from acts_registry.access import judiciary_acts
from acts_registry.models import Act, ActStatus
from analytics import embeddings
from analytics.artifacts import DEFAULT_OUTCOME_MODEL, UnknownModel, model_current
from analytics.forecast import outcome_label
from analytics.models import NonStandardFlag
from analytics.similar import nearest_passages
from analytics.training import text_before_operative

DEFAULT_THRESHOLD = 0.15
NEIGHBOURS = 10
MIN_NEIGHBOURS = 5
OUTLIER_SHARE = 0.2
RECENT_DAYS = 7


def threshold() -> float:
    return float(getattr(settings, "ANALYTICS_NONSTANDARD_THRESHOLD", DEFAULT_THRESHOLD))


def _act_vector(act: Act):
    stored = (
        embeddings.current_vectors().filter(act=act, chunk=0).values_list("vector", flat=True)
    ).first()
    if stored is not None:
        return stored
    return embeddings.embed(embeddings.query_text(embeddings.act_text(act)), kind="query")


def neighbours_of(act: Act, *, limit: int = NEIGHBOURS) -> list[dict]:
    """The act's nearest issued acts of its category that have an outcome, best first."""
    pool = judiciary_acts().exclude(pk=act.pk).exclude(outcome="")
    if act.category_code:
        pool = pool.filter(category_code=act.category_code)
    if act.case_id:
        pool = pool.exclude(case_id=act.case_id)
    best: dict[int, float] = {}
    for act_id, _chunk, _start, _end, distance in nearest_passages(
        _act_vector(act), acts=pool, limit=limit * (1 + embeddings.MAX_PASSAGES)
    ):
        best.setdefault(act_id, 1.0 - float(distance))
        if len(best) >= limit:
            break
    details = Act.objects.in_bulk(best.keys())
    return [
        {
            "act_id": act_id,
            "outcome": details[act_id].outcome,
            "similarity": round(similarity, 4),
            "case_number": details[act_id].case_number,
            "issued_on": details[act_id].issued_on.isoformat()
            if details[act_id].issued_on
            else None,
        }
        for act_id, similarity in best.items()
        if act_id in details
    ]


def _probability_of_outcome(model, act: Act) -> float | None:
    text = text_before_operative(act.text).strip() or act.text
    if act.outcome not in model.classes:
        return None
    probabilities = model.predict_proba([text])[0]
    return float(probabilities[model.classes.index(act.outcome)])


@transaction.atomic
def flag_nonstandard(act: Act, *, model_name: str = DEFAULT_OUTCOME_MODEL):
    """Check one issued act; return its NonStandardFlag (new or refreshed) or None when it
    looks standard. Raises artifacts.UnknownModel when no model is trained."""
    if act.status == ActStatus.DRAFT or not act.outcome:
        return None
    artifact, model = model_current(model_name)
    probability = _probability_of_outcome(model, act)
    neighbours = neighbours_of(act)
    same = sum(1 for n in neighbours if n["outcome"] == act.outcome)
    share_same = same / len(neighbours) if neighbours else None
    reasons = []
    if probability is not None and probability < threshold():
        reasons.append("low_probability")
    if len(neighbours) >= MIN_NEIGHBOURS and share_same is not None and share_same <= OUTLIER_SHARE:
        reasons.append("outlier_among_neighbours")
    version = f"{artifact.version}+{embeddings.MODEL_VERSION}"
    if not reasons:
        NonStandardFlag.objects.filter(
            act=act, model_name=artifact.name, model_version=version, status="open"
        ).delete()
        return None
    unusual = [1 - probability if probability is not None else 0.0]
    if share_same is not None:
        unusual.append(1 - share_same)
    flag, _created = NonStandardFlag.objects.update_or_create(
        act=act,
        model_name=artifact.name,
        model_version=version,
        defaults={
            "score": round(max(unusual), 4),
            "evidence": {
                "outcome": act.outcome,
                "probability": None if probability is None else round(probability, 4),
                "threshold": threshold(),
                "reasons": reasons,
                "category": act.category_code,
                "share_same_outcome": None if share_same is None else round(share_same, 4),
                "neighbours": neighbours,
            },
        },
    )
    return flag


def acts_to_check(*, days: int = RECENT_DAYS) -> QuerySet[Act]:
    """Issued acts of the last `days` days with an outcome (the beat re-checks them; a flag
    is updated in place, so a repeated check does no harm)."""
    since = timezone.now() - dt.timedelta(days=days)
    return (
        Act.objects.exclude(status=ActStatus.DRAFT)
        .exclude(outcome="")
        .filter(issued_at__gte=since)
        .order_by("pk")
    )


def flag_recent_acts(*, days: int = RECENT_DAYS, model_name: str = DEFAULT_OUTCOME_MODEL) -> int:
    """Check the recently issued acts; the number flagged. Without a trained model, none."""
    try:
        model_current(model_name)
    except UnknownModel:
        return 0
    flagged = 0
    for act in acts_to_check(days=days).iterator(chunk_size=100):
        if flag_nonstandard(act, model_name=model_name) is not None:
            flagged += 1
    return flagged


def flag_as_dict(flag: NonStandardFlag) -> dict:
    evidence = flag.evidence or {}
    return {
        "id": flag.pk,
        "act_id": flag.act_id,
        "case_number": flag.act.case_number,
        "outcome": evidence.get("outcome"),
        "outcome_label": outcome_label(evidence.get("outcome") or ""),
        "score": flag.score,
        "status": flag.status,
        "model": {"name": flag.model_name, "version": flag.model_version},
        "evidence": {
            **evidence,
            "neighbours": [
                {**n, "outcome_label": outcome_label(n.get("outcome") or "")}
                for n in evidence.get("neighbours", [])
            ],
        },
        "created_at": flag.created_at.isoformat(),
    }
