"""Who may see or act on a judicial act: the one place for it.

- A draft is the judge's own: nobody else sees it, not the clerk, not the chairman, not the
  parties. It is not part of the case until it is signed.
- An issued act (in force or not) is seen by whoever may read its case (cases.access: the
  parties, their representatives, the court's staff), with its full text.
- The public sees only the register: acts in legal force, of cases heard in open court,
  depersonalised and published, and only their depersonalised text and public PDF.
- Acts imported from outside corpora have no case here; they are public once published.
- Judges, chairmen and analysts search the case law: every issued act with its full text,
  except acts of cases heard in camera.
Missing and not allowed look the same (404), so a draft's or a closed case's act's existence
never leaks.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from acts_registry.models import FORCE_STATUSES, Act, ActStatus
from cases.access import Need, needs_of, visible_cases
from cases.models import CourtStaff


def public_acts() -> QuerySet[Act]:
    """What the register may show to anyone."""
    return Act.objects.filter(published_at__isnull=False, status__in=FORCE_STATUSES).exclude(
        case__is_closed_session=True
    )


def judiciary_acts() -> QuerySet[Act]:
    """What the judges' case-law search covers: every issued act of any court, with its full
    text, except acts of cases heard in camera (those stay within their case, where the
    court's own staff read them)."""
    return Act.objects.exclude(status=ActStatus.DRAFT).exclude(case__is_closed_session=True)


def may_search_case_law(user) -> bool:
    """Judges, chairmen and analysts search the case law in full; nobody else."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "role", "") in ("judge", "chairman", "analyst"):
        return True
    return CourtStaff.objects.filter(
        user=user, is_active=True, position__in=("judge", "chairman")
    ).exists()


def case_law_act_get(user, act_id) -> Act:
    if not may_search_case_law(user):
        raise Http404
    act = judiciary_acts().filter(pk=act_id).first()
    if act is None:
        raise Http404
    return act


def public_act_get(act_id) -> Act:
    act = public_acts().filter(pk=act_id).first()
    if act is None:
        raise Http404
    return act


def visible_acts(user) -> QuerySet[Act]:
    """Acts `user` may read in full: issued acts of the cases they may read, and their own
    drafts."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Act.objects.none()
    issued = Q(case__in=visible_cases(user).values("pk")) & ~Q(status=ActStatus.DRAFT)
    own_drafts = Q(status=ActStatus.DRAFT, judge=user)
    return Act.objects.filter(issued | own_drafts)


def act_get_for(user, act_id) -> Act:
    act = visible_acts(user).select_related("case", "case__court").filter(pk=act_id).first()
    if act is None:
        raise Http404
    return act


def may_draft(user, case) -> bool:
    """The judge of the case writes its acts (and only while they serve at its court)."""
    return case.judge_id == getattr(user, "pk", None) and Need.MANAGE in needs_of(user, case)


def draft_get_for(user, act_id) -> Act:
    """A draft the user may edit and sign: their own, in a case they still judge."""
    act = (
        Act.objects.select_related("case", "case__court")
        .filter(pk=act_id, status=ActStatus.DRAFT, judge=user)
        .first()
    )
    if act is None or not may_draft(user, act.case):
        raise Http404
    return act


def may_request_writ(user, act: Act) -> bool:
    """A participant of the case (not the court) asks for a writ of execution."""
    return act.case_id is not None and Need.FILE in needs_of(user, act.case)


def may_decide_writ(user, act: Act) -> bool:
    return act.case_id is not None and Need.MANAGE in needs_of(user, act.case)


def may_appeal(user, act: Act) -> bool:
    return act.case_id is not None and Need.FILE in needs_of(user, act.case)
