"""Outcome forecast: how often texts like this one ended each way, with the similar acts,
the words that moved the model, and (for money claims) what share of the claim similar
granted claims were awarded. Advisory only: it never says what the court will decide.

The probabilities come from the current outcome model (analytics.training, a calibrated
classifier over the text before the operative part). The awarded share is measured, not
modelled: among the similar acts the asker may read that granted a claim in full or in part
and whose case states the amount claimed, the awarded amount divided by the amount claimed;
acts without both figures (imported acts have no case here) are left out, and with fewer
than MIN_SHARE_ACTS such acts no share is given.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from acts_registry.models import Act, Outcome
from analytics import ai_log, embeddings
from analytics.artifacts import DEFAULT_OUTCOME_MODEL, model_current
from analytics.similar import Match, case_query_text, similar_acts
from analytics.training import text_before_operative

SIMILAR_SHOWN = 5
SIMILAR_POOL = 20  # acts read for the awarded share; the first SIMILAR_SHOWN are shown
MIN_SHARE_ACTS = 3
DRIVERS_SHOWN = 8
AWARDED_OUTCOMES = (Outcome.GRANTED, Outcome.PARTIALLY_GRANTED)

DISCLAIMER = gettext_lazy(
    "This is not a decision and not legal advice. The court decides on the evidence and the "
    "law of the case; these figures only show how similar texts ended in the past, and they "
    "may be wrong."
)


@dataclass
class OutcomeChance:
    outcome: str
    label: str
    probability: float


@dataclass
class AwardedShare:
    median: float
    low: float  # lower and upper quartile
    high: float
    acts: int


@dataclass
class Forecast:
    model_name: str
    model_version: int
    chances: list[OutcomeChance]
    drivers: list[dict]
    similar: list[Match]
    awarded_share: AwardedShare | None
    held_out: dict = field(default_factory=dict)  # accuracy, macro-F1, ECE of the model
    interaction_id: int | None = None

    @property
    def most_frequent(self) -> OutcomeChance:
        return self.chances[0]

    @property
    def disclaimer(self) -> str:
        return str(DISCLAIMER)

    def as_dict(self) -> dict:
        share = self.awarded_share
        return {
            "interaction_id": self.interaction_id,
            "model": {"name": self.model_name, "version": self.model_version},
            "probabilities": {c.outcome: c.probability for c in self.chances},
            "outcomes": [
                {"outcome": c.outcome, "label": c.label, "probability": c.probability}
                for c in self.chances
            ],
            "most_frequent": self.most_frequent.outcome,
            "summary": self.summary(),
            "drivers": self.drivers,
            "drivers_explained": str(DRIVERS_EXPLAINED),
            "awarded_share": None
            if share is None
            else {
                "median": share.median,
                "quartiles": [share.low, share.high],
                "acts": share.acts,
                "explained": str(SHARE_EXPLAINED),
            },
            "similar": [m.as_dict() for m in self.similar],
            "held_out": self.held_out,
            "disclaimer": self.disclaimer,
        }

    def summary(self) -> str:
        best = self.most_frequent
        return _(
            "In past acts, texts like this one most often ended as “%(label)s” "
            "(%(percent)s%% of comparable cases by the model's estimate)."
        ) % {"label": best.label, "percent": round(best.probability * 100)}


DRIVERS_EXPLAINED = gettext_lazy(
    "Words and phrases of this text that, in the acts the model learned from, went together "
    "with the most frequent outcome; they explain the estimate, they are not legal grounds."
)
SHARE_EXPLAINED = gettext_lazy(
    "Among similar acts that granted the claim in full or in part and whose case states the "
    "amount claimed: the amount awarded divided by the amount claimed (median and quartiles)."
)


def outcome_label(code: str) -> str:
    try:
        return str(Outcome(code).label)
    except ValueError:
        return code.replace("_", " ")


def forecast(
    *, user, text: str | None = None, case=None, model_name: str = DEFAULT_OUTCOME_MODEL
) -> Forecast:
    """Forecast for a text (already checked by embeddings.text_check) or a case (already
    authorised by the caller), logged in the AI log. Raises artifacts.UnknownModel."""
    artifact, model = model_current(model_name)
    query = text if text is not None else case_query_text(case)
    before = text_before_operative(query).strip() or query
    probabilities = model.predict_proba([before])[0]
    chances = sorted(
        (
            OutcomeChance(code, outcome_label(code), round(float(p), 4))
            for code, p in zip(model.classes, probabilities, strict=True)
        ),
        key=lambda c: -c.probability,
    )
    pool = similar_acts(user=user, text=text, case=case, k=SIMILAR_POOL)
    result = Forecast(
        model_name=artifact.name,
        model_version=artifact.version,
        chances=chances,
        drivers=model.explain(before, chances[0].outcome, limit=DRIVERS_SHOWN),
        similar=pool[:SIMILAR_SHOWN],
        awarded_share=awarded_share([m.act_id for m in pool]),
        held_out={
            k: (artifact.metrics.get("model") or {}).get(k) for k in ("accuracy", "macro_f1", "ece")
        },
    )
    interaction = ai_log.record(
        kind="forecast",
        user=user,
        case=case,
        input_text={"text": text or "", "case": case.pk if case is not None else None},
        model_name=artifact.name,
        model_version=f"{artifact.version}+{embeddings.MODEL_VERSION}",
        output={
            "probabilities": {c.outcome: c.probability for c in chances},
            "similar": [m.act_id for m in result.similar],
            "awarded_share": result.awarded_share.median if result.awarded_share else None,
        },
    )
    result.interaction_id = interaction.pk
    return result


def awarded_share(act_ids: list[int]) -> AwardedShare | None:
    """Awarded / claimed among the given acts that granted money and whose case has an amount
    (see the module docstring). The ids come from a search already scoped to the asker."""
    rows = Act.objects.filter(
        pk__in=act_ids,
        outcome__in=AWARDED_OUTCOMES,
        awarded_amount__isnull=False,
        case__amount__gt=0,
    ).values_list("awarded_amount", "case__amount")
    shares = sorted(float(awarded) / float(claimed) for awarded, claimed in rows)
    if len(shares) < MIN_SHARE_ACTS:
        return None
    quartiles = statistics.quantiles(shares, n=4, method="inclusive")
    return AwardedShare(
        median=round(statistics.median(shares), 3),
        low=round(quartiles[0], 3),
        high=round(quartiles[2], 3),
        acts=len(shares),
    )
