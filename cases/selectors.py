"""Reads for cases, always through cases.access."""

from django.db.models import Prefetch, Q, QuerySet

from cases import access
from cases.models import Case, Party


def case_list_for_user(*, user, filters: dict | None = None) -> QuerySet[Case]:
    """My Cases (parties, representatives) and the court's list (staff), filtered by a
    number or party name (`q`), `status`, `category` (code) and `role` (judge: mine)."""
    filters = filters or {}
    qs = access.visible_cases(user).select_related("court", "category", "judge")
    query = (filters.get("q") or "").strip()[:100]
    if query:
        qs = qs.filter(
            Q(number__icontains=query)
            | Q(parties__name__icontains=query)
            | Q(subject__icontains=query)
        )
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("category"):
        qs = qs.filter(category__code=filters["category"])
    if filters.get("mine") and user.is_authenticated:
        qs = qs.filter(judge=user)
    return qs.distinct().prefetch_related(
        Prefetch("parties", queryset=Party.objects.order_by("role", "id"))
    )


def mask_person_name(name: str) -> str:
    """'Сулейменова Камила Канатовна' → 'С********а К. К.': enough to recognise one's own
    case, not enough to learn who is suing whom."""
    parts = name.split()
    if not parts:
        return ""
    surname = parts[0]
    masked = surname[0] + "*" * max(len(surname) - 2, 1) + (surname[-1] if len(surname) > 1 else "")
    initials = " ".join(f"{p[0]}." for p in parts[1:3])
    return f"{masked} {initials}".strip()


def public_party_name(party: Party) -> str:
    return mask_person_name(party.name) if party.is_individual else party.name


def public_case_find(*, number: str) -> QuerySet[Case]:
    """Find a Case: cases heard in open court whose number contains `number` (at least a
    few characters, so the register cannot be listed wholesale)."""
    number = number.strip()[:40]
    if len(number) < 3:
        return Case.objects.none()
    return (
        access.public_cases()
        .filter(number__icontains=number)
        .select_related("court", "category")
        .prefetch_related(Prefetch("parties", queryset=Party.objects.order_by("role", "id")))
        .order_by("-registered_at")[:20]
    )
