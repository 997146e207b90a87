"""Who may see what in analytics: the one place for it, used by pages and API alike.

Sections: the situation center; the judge's planner. (Rules for the AI endpoints belong
here too, in their own section.)

Situation center
- The analyst and the administrator see every level and unit.
- The court chairman sees their court and each judge serving at it.
- A judge sees their own figures (the judge level, themself) and nothing else.
- Anyone else (litigants, lawyers, clerks, mediators) is refused with 403, and so is an
  anonymous visitor; pages send an anonymous visitor to the login page first. The
  situation center's existence is no secret, so 403 rather than 404; a unit outside the
  user's reach is refused the same way (403, code "unit_not_allowed"), while a unit that
  does not exist at all is a bad request (400, code "unknown_unit").

Judge's planner
- A judge sees their own planner; the chairman picks any judge serving at their court
  (their own planner too, if they also hear cases). Nobody else has one.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from analytics.situation import Level, Scope
from cases.models import Court, CourtStaff, Position, Region
from judicial_account.accounts.models import Role, User

# --- situation center ------------------------------------------------------------------

SITUATION_ROLES = (Role.JUDGE, Role.CHAIRMAN, Role.ANALYST, Role.ADMIN)


class UnknownUnit(Exception):
    """The unit named does not exist at that level."""


def _is_active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def sees_everything(user) -> bool:
    return _is_active(user) and (user.is_superuser or user.role in (Role.ANALYST, Role.ADMIN))


def may_use_situation_center(user) -> bool:
    return _is_active(user) and (user.is_superuser or user.role in SITUATION_ROLES)


def chaired_courts(user) -> QuerySet[Court]:
    if not _is_active(user) or user.role != Role.CHAIRMAN:
        return Court.objects.none()
    return Court.objects.filter(
        staff__user=user, staff__position=Position.CHAIRMAN, staff__is_active=True
    ).distinct()


def judges_of(courts: QuerySet[Court]) -> QuerySet[User]:
    return (
        User.objects.filter(
            court_posts__court__in=courts,
            court_posts__position=Position.JUDGE,
            court_posts__is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def situation_levels_for(user) -> list[str]:
    if sees_everything(user):
        return list(Level.ALL)
    if user.role == Role.CHAIRMAN:
        return [Level.COURT, Level.JUDGE]
    if user.role == Role.JUDGE:
        return [Level.JUDGE]
    return []


def situation_units_for(user, level: str) -> list[Scope]:
    """The units the selector offers at `level` (the country offers none)."""
    if level == Level.NATIONAL:
        return []
    if sees_everything(user):
        if level == Level.REGION:
            return [Scope(level, r) for r in Region.objects.order_by("name_ru")]
        if level == Level.COURT:
            return [Scope(level, c) for c in Court.objects.order_by("level", "code")]
        return [Scope(level, j) for j in judges_of(Court.objects.all())]
    if user.role == Role.CHAIRMAN:
        courts = chaired_courts(user)
        if level == Level.COURT:
            return [Scope(level, c) for c in courts]
        if level == Level.JUDGE:
            return [Scope(level, j) for j in judges_of(courts)]
    if user.role == Role.JUDGE and level == Level.JUDGE:
        return [Scope(level, user)]
    return []


def default_scope_for(user) -> Scope:
    if sees_everything(user):
        return Scope(Level.NATIONAL)
    level = situation_levels_for(user)[0]
    units = situation_units_for(user, level)
    if not units:
        raise PermissionDenied
    return units[0]


def _unit_lookup(level: str, key: str):
    """The unit named `key` at `level`, or UnknownUnit."""
    if level == Level.REGION:
        unit = Region.objects.filter(code=key).first()
    elif level == Level.COURT:
        unit = Court.objects.filter(code=key).first()
    else:
        unit = (
            User.objects.filter(pk=int(key), court_posts__position=Position.JUDGE).first()
            if key.isdigit() and len(key) < 12
            else None
        )
    if unit is None:
        raise UnknownUnit
    return unit


def situation_scope_get_for(user, level: str, key: str) -> Scope:
    """The scope (`level`, unit `key`) if `user` may see it. Raises PermissionDenied when
    they may not, UnknownUnit when the unit does not exist (to the users who may look
    across units; to the others it is simply not theirs), ValueError for an unknown level."""
    if level not in Level.ALL:
        raise ValueError(level)
    if not may_use_situation_center(user):
        raise PermissionDenied
    if level == Level.NATIONAL:
        if not sees_everything(user):
            raise PermissionDenied
        return Scope(Level.NATIONAL)
    if level not in situation_levels_for(user):
        raise PermissionDenied
    try:
        unit = _unit_lookup(level, key)
    except UnknownUnit:
        if sees_everything(user) or user.role == Role.CHAIRMAN:
            raise
        raise PermissionDenied from None
    scope = Scope(level, unit)
    if sees_everything(user):
        return scope
    if any(allowed.unit.pk == unit.pk for allowed in situation_units_for(user, level)):
        return scope
    raise PermissionDenied


# --- judge's planner -------------------------------------------------------------------


def may_use_planner(user) -> bool:
    return _is_active(user) and user.role in (Role.JUDGE, Role.CHAIRMAN)


def planner_judges_for(user) -> list[User]:
    """Whose planner `user` may open: themself (a judge), and a chairman's court's judges."""
    if not may_use_planner(user):
        return []
    judges = list(judges_of(chaired_courts(user)))
    serving = CourtStaff.objects.filter(user=user, position=Position.JUDGE, is_active=True)
    if user.role == Role.JUDGE or serving.exists():
        judges = [user, *[j for j in judges if j.pk != user.pk]]
    return judges


def planner_judge_get_for(user, judge_id: str | None) -> User:
    """The judge whose planner to show: `judge_id` if given and allowed, else the user's
    own (or, for a chairman who hears no cases, the first judge of their court).
    PermissionDenied if there is none the user may see."""
    judges = planner_judges_for(user)
    if not judges:
        raise PermissionDenied
    if not judge_id:
        return judges[0]
    for judge in judges:
        if str(judge.pk) == judge_id:
            return judge
    raise PermissionDenied


# --- AI: similar cases, ranking, category, trace through instances ---------------------
#
# - Similar cases and the category suggestion for a text: anyone, anonymous included. They
#   search only what the asker may read: judges, chairmen and analysts every issued act
#   (acts_registry.access.judiciary_acts), everybody else the public register. Acts of cases
#   heard in camera are never among them (analytics.similar).
# - Similar cases for a case: whoever may read the case (cases.access), else 404.
# - Ranking texts: any signed-in user. It reads no data but costs CPU per candidate, so it is
#   not offered to anonymous callers.
# - Trace through instances: for an act the asker may read (public, their case's, or the
#   case law for the judiciary), the instances whose acts they may read; else 404.
# - "This answer is wrong": the person it was given to, or the judge of its case; else 404.
# Every AI endpoint is throttled (analytics.api.throttles).


def may_rank(user) -> bool:
    return _is_active(user)


def ai_acts_for(user) -> QuerySet:
    """Acts whose text the AI may use as evidence in an answer to `user`."""
    from acts_registry import access as acts_access

    if acts_access.may_search_case_law(user):
        return acts_access.judiciary_acts()
    return acts_access.public_acts()


def readable_acts(user) -> QuerySet:
    """Acts `user` may open: the evidence above, plus the issued acts of their own cases."""
    from django.db.models import Q

    from acts_registry import access as acts_access
    from acts_registry.models import Act, ActStatus

    own = acts_access.visible_acts(user).exclude(status=ActStatus.DRAFT).values("pk")
    return Act.objects.filter(Q(pk__in=ai_acts_for(user).values("pk")) | Q(pk__in=own))


def similar_case_get_for(user, case_id):
    """The case to find similar acts for, if `user` may read it; Http404 otherwise."""
    from cases.access import Need, case_get_for

    return case_get_for(user, case_id, need=Need.READ)


def trace_act_get_for(user, act_id):
    from django.http import Http404

    act = readable_acts(user).select_related("case").filter(pk=act_id).first()
    if act is None:
        raise Http404
    return act


def interaction_get_for_feedback(user, interaction_id):
    """An AI answer `user` may mark wrong: one given to them, or about a case they judge."""
    from django.db.models import Q
    from django.http import Http404

    from analytics.models import AIInteraction

    if not _is_active(user):
        raise Http404
    interaction = (
        AIInteraction.objects.filter(Q(user=user) | Q(case__judge=user))
        .filter(pk=interaction_id)
        .first()
    )
    if interaction is None:
        raise Http404
    return interaction


# --- AI: outcome forecast and non-standard decisions -----------------------------------
#
# - Forecast for a case: whoever may read the case (cases.access), else 404.
# - Forecast for a text: any signed-in user; anonymous visitors are refused (the answer is
#   an outcome estimate, kept in the AI log with who asked it; see analytics.api.forecast).
# - Non-standard decision flags: the analyst and the administrator see all of them; a court
#   chairman those on acts of the courts they chair; a judge those on their own acts;
#   nobody else (403 on the page, an empty list in the API). The evidence never holds an act
#   of a case heard in camera (analytics.nonstandard).


def may_forecast(user) -> bool:
    return _is_active(user)


def forecast_case_get_for(user, case_id):
    """The case to forecast, if `user` may read it; Http404 otherwise."""
    from cases.access import Need, case_get_for

    return case_get_for(user, case_id, need=Need.READ)


def may_review_nonstandard(user) -> bool:
    return _is_active(user) and (sees_everything(user) or user.role in (Role.CHAIRMAN, Role.JUDGE))


def nonstandard_flags_for(user) -> QuerySet:
    from django.db.models import Q

    from analytics.models import NonStandardFlag

    flags = NonStandardFlag.objects.select_related("act")
    if not may_review_nonstandard(user):
        return flags.none()
    if sees_everything(user):
        return flags
    condition = Q(act__judge=user)
    if user.role == Role.CHAIRMAN:
        condition |= Q(act__case__court__in=chaired_courts(user))
    return flags.filter(condition)
