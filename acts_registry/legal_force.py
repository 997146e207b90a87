"""When an act enters into legal force, kept as data.

Which term a party has to challenge an act depends on its kind and instance; the terms
themselves are procedural deadline rules (cases.deadline_rules, with their legal basis and the
court's working-day calendar). An act whose term ends unchallenged is in force from the next
day. Acts of the appeal and cassation instances are in force from the day they are issued
(CPC RK art. 426 and 451, to be confirmed by the court's lawyers with the rest of the rules).
"""

from __future__ import annotations

import datetime as dt

from acts_registry.models import ActKind
from cases.deadline_rules import rule_get
from cases.models import Instance

# (instance, kind) → the deadline rule whose expiry puts the act in force; None: in force
# on issue. A combination not listed cannot be issued (see drafting.KINDS_BY_INSTANCE).
CHALLENGE_TERMS: dict[tuple[str, str], str | None] = {
    (Instance.FIRST, ActKind.DECISION): "appeal",
    (Instance.FIRST, ActKind.RULING): "appeal_ruling",
    (Instance.FIRST, ActKind.COURT_ORDER): "court_order_objection",
    (Instance.APPEAL, ActKind.RESOLUTION): None,
    (Instance.APPEAL, ActKind.RULING): None,
    (Instance.CASSATION, ActKind.RESOLUTION): None,
    (Instance.CASSATION, ActKind.RULING): None,
}

# An act of the appeal instance can still go to cassation: this term runs from its entry
# into force.
CASSATION_TERM = "cassation"


def challenge_rule(instance: str, kind: str) -> str | None:
    return CHALLENGE_TERMS[(instance, kind)]


def appeal_until(instance: str, kind: str, issued_on: dt.date) -> dt.date | None:
    """The last day to challenge the act, or None when it is in force on issue."""
    code = challenge_rule(instance, kind)
    return rule_get(code).due(issued_on) if code else None


def in_force_from(appeal_until_day: dt.date) -> dt.date:
    """An unchallenged act is in force from the day after its term ends."""
    return appeal_until_day + dt.timedelta(days=1)


def cassation_until(in_force_on: dt.date) -> dt.date:
    return rule_get(CASSATION_TERM).due(in_force_on)
