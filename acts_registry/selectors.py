"""Reads of judicial acts that pages and other apps use."""

from __future__ import annotations

from dataclasses import dataclass, field

from acts_registry.models import Act, ActStatus
from cases.models import Case


@dataclass
class InstanceStep:
    """One case on the path through instances, with its issued acts."""

    case: Case
    acts: list[Act] = field(default_factory=list)
    is_current: bool = False


def instance_path(case: Case, *, visible_case_ids: set[int]) -> list[InstanceStep]:
    """The case's path from the first instance up through appeal and cassation: the
    cases linked by `parent`, oldest first, each with its issued acts. Only cases the
    reader may see are listed (a higher case is a case like any other)."""
    root = case
    while root.parent_id is not None:
        root = root.parent
    steps, frontier = [], [root]
    while frontier:
        current = frontier.pop(0)
        if current.pk in visible_case_ids:
            acts = list(
                Act.objects.filter(case=current)
                .exclude(status=ActStatus.DRAFT)
                .order_by("issued_at", "pk")
            )
            steps.append(InstanceStep(case=current, acts=acts, is_current=current.pk == case.pk))
        frontier.extend(current.appeals.select_related("court").order_by("registered_at", "pk"))
    return steps


def case_acts_for(user, case: Case) -> list[Act]:
    """The case's acts `user` may see: issued ones, and their own drafts."""
    from acts_registry.access import visible_acts

    return list(visible_acts(user).filter(case=case).order_by("-issued_at", "-pk"))
