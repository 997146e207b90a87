"""Who may see or act on a case: the one place for it, used by pages, API, tasks and
consumers alike.

- The parties: in person (by their account) or through an organisation they sign for.
- Their representatives, while the power of attorney is in force.
- The court's staff (judges, clerks, the chairman) for the cases of their court.
Nobody else sees a case through these functions, whatever the case; a closed (in camera)
case is no exception to that list, and it is hidden from the public search too. Missing
and not allowed look the same (404), so a closed case's existence never leaks.
"""

from enum import Enum

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from cases.models import Case, CourtStaff, Party, PowerOfAttorney, Representation


class Need(Enum):
    READ = "read"
    FILE = "file"  # submit documents into the case
    MANAGE = "manage"  # court staff: schedule, change status, ...


def _party_q(user) -> Q:
    parties = Party.objects.filter(case=OuterRef("pk")).filter(
        Q(user=user) | Q(legal_entity__officers__user=user, legal_entity__officers__may_sign=True)
    )
    return Q(Exists(parties))


def _representative_q(user) -> Q:
    """A lawyer admitted in the case, or holding a signed power of attorney in force from
    a party: for that case, or for all the principal's cases."""
    today = timezone.localdate()
    representations = Representation.objects.filter(
        case=OuterRef("pk"), representative=user, revoked_at__isnull=True
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    powers = PowerOfAttorney.objects.filter(
        representative=user,
        activated_at__isnull=False,
        revoked_at__isnull=True,
        valid_from__lte=today,
        valid_until__gte=today,
    ).filter(
        Q(case=OuterRef("pk")) | Q(case__isnull=True, principal__case_parties__case=OuterRef("pk"))
    )
    return Q(Exists(representations)) | Q(Exists(powers))


def _staff_courts(user) -> list[int]:
    return list(
        CourtStaff.objects.filter(user=user, is_active=True).values_list("court_id", flat=True)
    )


def visible_cases(user) -> QuerySet[Case]:
    if user is None or not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    condition = _party_q(user) | _representative_q(user)
    courts = _staff_courts(user)
    if courts:
        condition |= Q(court_id__in=courts)
    return Case.objects.filter(condition)


def needs_of(user, case: Case) -> set[Need]:
    needs: set[Need] = set()
    if case.court_id in _staff_courts(user):
        needs |= {Need.READ, Need.MANAGE}
    if Case.objects.filter(pk=case.pk).filter(_party_q(user) | _representative_q(user)).exists():
        needs |= {Need.READ, Need.FILE}
    return needs


def case_get_for(user, case_id, *, need: Need = Need.READ) -> Case:
    """The case if `user` may do `need` on it; otherwise Http404, exactly as for a case
    that does not exist."""
    case = (
        visible_cases(user).select_related("court", "category", "judge").filter(pk=case_id).first()
    )
    if case is None or need not in needs_of(user, case):
        raise Http404
    return case


def public_cases() -> QuerySet[Case]:
    """What Find a Case may show: cases heard in open court, first instance or above."""
    return Case.objects.filter(is_closed_session=False)
