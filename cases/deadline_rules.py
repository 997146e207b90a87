"""Procedural deadlines of civil proceedings, kept as data.

The terms and article numbers below are the developers' best reading of the Civil Procedure
Code of the Republic of Kazakhstan (CPC RK, 31 October 2015 No. 377-V, as amended). The exact
terms, their starting events and the article numbers must be confirmed by a lawyer of the court
before the planner relies on them: the Code is amended often, and several terms have special
cases (extensions, suspension, categories of cases) that these rules do not model.

How a term runs follows calendar.py: it starts on the day after the triggering event; a term in
months ends on the matching date of its last month; one that ends on a non-working day ends on
the next working day (CPC RK art. 124).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases import calendar

Kind = Literal["working", "calendar"]

# Events a term can start from; the planner records them against the case.
TRIGGERS = frozenset(
    {
        "claim_filed",  # the claim reached the court (see calendar.filing_effective_date)
        "case_registered",  # the claim was accepted and the case opened
        "preparation_completed",  # preparation for trial ended
        "response_requested",  # the defendant received the claim and the request for a response
        "conciliation_started",  # the court approved mediation or another conciliation procedure
        "operative_part_announced",  # the operative part of the decision was announced
        "act_issued",  # the judicial act was issued in final form
        "act_in_force",  # the judicial act entered into legal force
    }
)


@dataclass(frozen=True)
class DeadlineRule:
    """One procedural term: `days` working or calendar days, or `months` calendar months, from
    the `starts_from` event. `notify_before_days` is how many working days before the due date
    the planner starts reminding."""

    code: str
    name: Promise
    days: int
    kind: Kind
    starts_from: str
    legal_basis: str
    notify_before_days: int
    months: int = 0

    def __post_init__(self) -> None:
        if self.kind not in ("working", "calendar"):
            raise ValueError(f"Deadline rule {self.code!r}: unknown kind {self.kind!r}")
        if (self.days > 0) == (self.months > 0):
            raise ValueError(f"Deadline rule {self.code!r}: give a positive days or months")
        if self.months and self.kind != "calendar":
            raise ValueError(f"Deadline rule {self.code!r}: months only count as calendar time")
        if self.starts_from not in TRIGGERS:
            raise ValueError(f"Deadline rule {self.code!r}: unknown event {self.starts_from!r}")
        if self.notify_before_days < 0:
            raise ValueError(f"Deadline rule {self.code!r}: notify_before_days is negative")

    def due(self, start: date) -> date:
        """The last day of the term that starts with the event on `start`."""
        if self.months:
            return calendar.add_months(start, self.months)
        if self.kind == "working":
            return calendar.add_working_days(start, self.days)
        return calendar.add_calendar_days(start, self.days)


def _registry(*rules: DeadlineRule) -> dict[str, DeadlineRule]:
    registry: dict[str, DeadlineRule] = {}
    for rule in rules:
        if rule.code in registry:
            raise ValueError(f"Deadline rule {rule.code!r} is defined twice")
        registry[rule.code] = rule
    return registry


RULES: dict[str, DeadlineRule] = _registry(
    DeadlineRule(
        code="claim_acceptance",
        name=_("Decide whether to accept the claim"),
        days=5,
        kind="working",
        starts_from="claim_filed",
        legal_basis="CPC RK art. 148",
        notify_before_days=1,
    ),
    # Since the June 2020 amendments the judge has 10 working days when conciliation
    # procedures are held at the acceptance stage.
    DeadlineRule(
        code="claim_acceptance_conciliation",
        name=_("Decide whether to accept the claim after conciliation"),
        days=10,
        kind="working",
        starts_from="claim_filed",
        legal_basis="CPC RK art. 148",
        notify_before_days=2,
    ),
    # Extendable by the judge in complex cases; not modelled.
    DeadlineRule(
        code="case_preparation",
        name=_("Prepare the case for trial"),
        days=20,
        kind="working",
        starts_from="case_registered",
        legal_basis="CPC RK art. 165",
        notify_before_days=3,
    ),
    DeadlineRule(
        code="civil_case_hearing",
        name=_("Hear and decide the civil case"),
        days=0,
        months=2,
        kind="calendar",
        starts_from="preparation_completed",
        legal_basis="CPC RK art. 183(2)",
        notify_before_days=10,
    ),
    DeadlineRule(
        code="civil_case_hearing_expedited",
        name=_("Hear a reinstatement, paternity or alimony case"),
        days=0,
        months=1,
        kind="calendar",
        starts_from="preparation_completed",
        legal_basis="CPC RK art. 183(2)",
        notify_before_days=5,
    ),
    DeadlineRule(
        code="simplified_proceedings",
        name=_("Decide the case in simplified (written) proceedings"),
        days=0,
        months=1,
        kind="calendar",
        starts_from="case_registered",
        legal_basis="CPC RK ch. 21-1 (art. 267-1 ff.)",
        notify_before_days=5,
    ),
    # The judge may set a shorter term in the request; this is the outer limit.
    DeadlineRule(
        code="claim_response",
        name=_("Submit a response to the claim"),
        days=10,
        kind="working",
        starts_from="response_requested",
        legal_basis="CPC RK art. 166",
        notify_before_days=2,
    ),
    DeadlineRule(
        code="conciliation",
        name=_("Complete mediation or another conciliation procedure"),
        days=15,
        kind="working",
        starts_from="conciliation_started",
        legal_basis="CPC RK art. 174",
        notify_before_days=3,
    ),
    DeadlineRule(
        code="decision_full_text",
        name=_("Prepare the decision in final form"),
        days=5,
        kind="working",
        starts_from="operative_part_announced",
        legal_basis="CPC RK art. 223(4)",
        notify_before_days=1,
    ),
    DeadlineRule(
        code="appeal",
        name=_("File an appeal"),
        days=0,
        months=1,
        kind="calendar",
        starts_from="act_issued",
        legal_basis="CPC RK art. 403(2)",
        notify_before_days=5,
    ),
    # A private complaint against a ruling that can be appealed separately from the decision.
    DeadlineRule(
        code="appeal_ruling",
        name=_("File a private complaint against a ruling"),
        days=10,
        kind="working",
        starts_from="act_issued",
        legal_basis="CPC RK art. 429",
        notify_before_days=2,
    ),
    # The debtor's objection cancels a court order; without one the order enters into force.
    DeadlineRule(
        code="court_order_objection",
        name=_("Object to a court order"),
        days=10,
        kind="working",
        starts_from="act_issued",
        legal_basis="CPC RK ch. 11 (writ proceedings)",
        notify_before_days=2,
    ),
    DeadlineRule(
        code="cassation",
        name=_("File a cassation petition"),
        days=0,
        months=6,
        kind="calendar",
        starts_from="act_in_force",
        legal_basis="CPC RK art. 436",
        notify_before_days=15,
    ),
)


def rule_get(code: str) -> DeadlineRule:
    try:
        return RULES[code]
    except KeyError:
        known = ", ".join(sorted(RULES))
        raise KeyError(f"Unknown deadline rule {code!r}; known rules: {known}") from None


def deadline_due(rule_code: str, start: date) -> date:
    """The due date of `rule_code` for a term whose triggering event happened on `start`.
    Raises KeyError for an unknown rule."""
    return rule_get(rule_code).due(start)
