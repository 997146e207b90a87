"""What the judge starts from and what the judge signs.

A draft starts from a template per kind and language (templates/acts_registry/drafts/, plain
text the court's office can edit) filled in from the case: court, judge, parties, the claim,
the hearing dates from the case's timeline and, for a review, the act under review.

What is signed is `act_document(act)`: the act's text with its structured fields (kind,
outcome, amount) in a fixed layout, UTF-8. Any change to the draft changes those bytes, so a
signature given before the change no longer covers the act and issuing refuses it.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from acts_registry.models import FIRST_INSTANCE_OUTCOMES, REVIEW_OUTCOMES, Act, ActKind, Outcome
from cases.models import Case, Instance, PartyRole

LANGUAGES = ("ru", "kk")
# A line of the template still in brackets, e.g. "[Резолютивная часть.]".
_TEMPLATE_HINT = re.compile(r"^\s*\[[^\]\n]{3,}\]\s*$", re.MULTILINE)

# Which acts each instance issues, and which outcomes each kind may carry.
KINDS_BY_INSTANCE = {
    Instance.FIRST: (ActKind.DECISION, ActKind.RULING, ActKind.COURT_ORDER),
    Instance.APPEAL: (ActKind.RESOLUTION, ActKind.RULING),
    Instance.CASSATION: (ActKind.RESOLUTION, ActKind.RULING),
}
OUTCOMES_BY_KIND = {
    ActKind.DECISION: (Outcome.GRANTED, Outcome.PARTIALLY_GRANTED, Outcome.DENIED),
    ActKind.COURT_ORDER: (Outcome.GRANTED,),
    ActKind.RULING: (
        Outcome.DISCONTINUED,
        Outcome.LEFT_WITHOUT_CONSIDERATION,
        Outcome.SETTLEMENT_APPROVED,
    ),
    ActKind.RESOLUTION: tuple(o for o in Outcome if o in REVIEW_OUTCOMES),
}
# Outcomes after which something is owed, so an amount may be stated.
AMOUNT_OUTCOMES = frozenset(
    {Outcome.GRANTED, Outcome.PARTIALLY_GRANTED, Outcome.SETTLEMENT_APPROVED, Outcome.CHANGED}
)
# Acts that end the case at their instance (a ruling only when it ends the proceedings).
FINAL_OUTCOMES = FIRST_INSTANCE_OUTCOMES | REVIEW_OUTCOMES

TITLES = {
    ActKind.DECISION: {"ru": "Решение", "kk": "Шешім"},
    ActKind.RULING: {"ru": "Определение", "kk": "Ұйғарым"},
    ActKind.COURT_ORDER: {"ru": "Судебный приказ", "kk": "Сот бұйрығы"},
    ActKind.RESOLUTION: {"ru": "Постановление", "kk": "Қаулы"},
}


def kinds_for(case: Case) -> tuple[str, ...]:
    return KINDS_BY_INSTANCE[case.instance]


def _names(case: Case, role: str) -> list[str]:
    return [p.name for p in case.parties.all() if p.role == role]


def _hearing_dates(case: Case) -> list[str]:
    # The hearings app writes "hearing.scheduled" entries into the case's timeline; reading
    # them there keeps this app independent of hearings.
    return [e.details["when"] for e in case.events.filter(kind="hearing.scheduled") if e.details]


def _name_in(court, language: str) -> str:
    return getattr(court, f"name_{language}", "") or court.name_ru


def draft_text(*, case: Case, kind: str, language: str, reviewed_act: Act | None = None) -> str:
    """The template of `kind` in `language`, filled in from the case."""
    higher = case.court.parent
    context = {
        "case": case,
        "today": timezone.localdate(),
        "court": _name_in(case.court, language),
        "higher_court": _name_in(higher, language) if higher else "",
        "judge": case.judge.full_name if case.judge else "",
        "plaintiffs": _names(case, PartyRole.PLAINTIFF),
        "defendants": _names(case, PartyRole.DEFENDANT),
        "third_parties": _names(case, PartyRole.THIRD_PARTY),
        "appellants": [],
        "hearings": _hearing_dates(case),
        "amount": f"{case.amount:,.2f}".replace(",", " ") if case.amount else "",
        "lower": reviewed_act,
    }
    if reviewed_act is not None:
        filing = reviewed_act.review_filings.filter(court=case.court).select_related("author")
        context["appellants"] = [f.author.full_name for f in filing]
    return render_to_string(f"acts_registry/drafts/{kind}.{language}.txt", context).strip() + "\n"


def draft_title(kind: str, language: str) -> str:
    return TITLES[kind][language]


def _amount(value: Decimal | None) -> str:
    return f"{value:.2f}" if value is not None else "-"


def act_document(act: Act) -> bytes:
    """The exact bytes the judge signs (see the module docstring)."""
    lines = [
        f"{act.title}",
        f"Case / Дело: {act.case_number}",
        f"Court / Суд: {act.court_name}",
        f"Judge / Судья: {act.judge_names}",
        f"Kind / Вид: {act.kind}",
        f"Outcome / Результат: {act.outcome or '-'}",
        f"Awarded, KZT / Взыскано, тенге: {_amount(act.awarded_amount)}",
    ]
    if act.reviewed_act_id:
        lines.append(f"Reviews act / Пересматриваемый акт: {act.reviewed_act.verification_code}")
    return ("\n".join(lines) + "\n\n" + act.text.replace("\r\n", "\n")).encode("utf-8")


def draft_problems(act: Act) -> list[str]:
    """What stops the draft from being signed, in words."""
    problems = []
    if not act.text.strip():
        problems.append(str(_("Write the text of the act.")))
    if not act.title.strip():
        problems.append(str(_("Give the act a title.")))
    if not act.outcome:
        problems.append(str(_("Choose the outcome.")))
    elif act.outcome not in OUTCOMES_BY_KIND[act.kind]:
        problems.append(str(_("This outcome does not fit this kind of act.")))
    if act.awarded_amount is not None and act.outcome not in AMOUNT_OUTCOMES:
        problems.append(str(_("An amount is awarded only when the claim is granted.")))
    if _TEMPLATE_HINT.search(act.text):
        problems.append(
            str(_("Replace the bracketed hints of the template with the act's own text."))
        )
    return problems
