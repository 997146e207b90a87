"""Appeals and cassation petitions: a filing against a judicial act.

A party starts one from the act's page. The competent higher court is set from the act (the
regional court above for an appeal, the Supreme Court for cassation) and cannot be changed to
another court. It is then drafted, signed and paid for like any filing (the fee is half the
rate of the claim: filings.fee_table). When the intake accepts it, the higher court gets its
own case, linked to the lower one, with the same parties, and the act under review is marked
appealed, which stops it from entering into force.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from acts_registry import access as act_access
from acts_registry import services as act_services
from acts_registry.models import Act
from cases.models import Case
from cases.services import NoJudgeAvailable, PartyInput, case_register
from filings.models import Filing, FilingKind
from filings.services import FilingError, filing_draft_create

SUBJECTS = {
    FilingKind.APPEAL: "Апелляционная жалоба на %(title)s по делу № %(number)s",
    FilingKind.CASSATION: "Кассационная жалоба на %(title)s по делу № %(number)s",
}


@transaction.atomic
def review_filing_create(*, author, act: Act, kind: str, on_behalf_of=None) -> Filing:
    """A draft appeal or cassation petition against `act`, addressed to the competent
    court."""
    if kind not in SUBJECTS:
        raise FilingError(_("Choose an appeal or a cassation petition."), code="wrong_kind")
    if not act_access.may_appeal(author, act):
        raise FilingError(
            _("Only a participant of the case may challenge its acts."), code="forbidden"
        )
    refusal = act_services.review_refusal(act, kind)
    if refusal:
        raise FilingError(refusal, code="not_open_to_review")
    court = act_services.competent_court(act, kind)
    if court is None:
        raise FilingError(_("No higher court is known for this court."), code="no_higher_court")
    filing = filing_draft_create(author=author, kind=kind, case=act.case, on_behalf_of=on_behalf_of)
    filing.appealed_act = act
    filing.court = court
    filing.category = act.case.category
    filing.amount = act.case.amount
    filing.subject = SUBJECTS[kind] % {"title": act.title.lower(), "number": act.case_number}
    filing.save()
    return filing


def review_problems(filing: Filing) -> list[str]:
    """What stops a review filing from going ahead, beyond what every filing needs."""
    act = filing.appealed_act
    if act is None:
        return [str(_("Choose the act you challenge."))]
    problems = []
    if filing.court_id != getattr(act_services.competent_court(act, filing.kind), "pk", None):
        problems.append(str(_("This court does not hear this kind of review of this act.")))
    on = timezone.localdate(filing.submitted_at) if filing.submitted_at else None
    refusal = act_services.review_refusal(act, filing.kind, today=on)
    if refusal:
        problems.append(refusal)
    return problems


def review_open(filing: Filing) -> tuple[Case | None, list[str]]:
    """Open the higher court's case for an accepted review filing (inside the intake's
    transaction). Returns the case, or None and the reasons to return the filing."""
    reasons = review_problems(filing)
    if reasons:
        return None, reasons
    act = filing.appealed_act
    lower = act.case
    try:
        case = case_register(
            court=filing.court,
            category=lower.category,
            subject=filing.subject,
            amount=filing.amount,
            filed_at=filing.submitted_at,
            instance=filing.kind,
            parent=lower,
            is_closed_session=lower.is_closed_session,
            parties=[
                PartyInput(role=p.role, name=p.name, iin=p.iin, bin=p.bin, address=p.address)
                for p in lower.parties.all()
            ],
        )
    except NoJudgeAvailable:
        return None, [
            str(
                _(
                    "The court has no judge available for this category; "
                    "the court's office will register the complaint by hand."
                )
            )
        ]
    act_services.act_review_opened(act=act, higher_case=case, kind=filing.kind, actor=filing.author)
    return case, []
