"""Trace through instances: an act's case from the first instance up through appeal and
cassation, each instance with its acts and their outcomes, as far as the reader may read them.

The path itself comes from acts_registry.selectors.instance_path; here it is limited to the
cases in which the reader may read at least one act (analytics.access.readable_acts), and in
each case to those acts. A member of the public so sees the published acts of every instance
and nothing of an instance whose act is not public; a party sees their own case's acts too.
An act imported without a case stands alone, with the act it reviewed when known.
"""

from __future__ import annotations

from django.urls import reverse

from acts_registry.models import Act
from acts_registry.search import Audience
from acts_registry.selectors import instance_path
from analytics import access
from analytics.similar import audience_for
from cases.models import Case, Instance


def _tree_case_ids(case: Case) -> set[int]:
    root = case
    while root.parent_id is not None:
        root = root.parent
    ids, frontier = set(), [root.pk]
    while frontier:
        ids.update(frontier)
        frontier = list(Case.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
    return ids


def _act_row(act: Act, *, user) -> dict:
    public = access.ai_acts_for(None).filter(pk=act.pk).exists()
    if audience_for(user) == Audience.JUDICIARY and not public:
        url = reverse("register:case_law_act", args=[act.pk])
    elif public:
        url = reverse("register:act", args=[act.pk])
    else:
        url = reverse("acts:detail", args=[act.pk])
    return {
        "act_id": act.pk,
        "title": act.title,
        "kind": act.kind,
        "outcome": act.outcome,
        "outcome_label": str(act.get_outcome_display()) if act.outcome else "",
        "status": act.status,
        "issued_on": act.issued_on.isoformat() if act.issued_on else None,
        "in_force_on": act.in_force_on.isoformat() if act.in_force_on else None,
        "url": url,
    }


def _instance_label(code: str) -> str:
    return str(Instance(code).label) if code in Instance.values else ""


def act_trace(act: Act, *, user) -> dict:
    """{"act_id", "steps": [{"instance", "instance_label", "court", "case_number",
    "is_current", "acts": [...]}]}, the first instance first."""
    readable = access.readable_acts(user)
    if act.case_id is None:
        chain = [act]
        while chain[0].reviewed_act_id is not None:
            lower = readable.filter(pk=chain[0].reviewed_act_id).first()
            if lower is None:
                break
            chain.insert(0, lower)
        steps = [
            {
                "instance": step.instance,
                "instance_label": _instance_label(step.instance),
                "court": step.court_name,
                "case_number": step.case_number,
                "is_current": step.pk == act.pk,
                "acts": [_act_row(step, user=user)],
            }
            for step in chain
        ]
        return {"act_id": act.pk, "steps": steps}
    tree = _tree_case_ids(act.case)
    readable_ids = set(readable.filter(case_id__in=tree).values_list("pk", flat=True))
    visible_cases = set(Act.objects.filter(pk__in=readable_ids).values_list("case_id", flat=True))
    steps = []
    for step in instance_path(act.case, visible_case_ids=visible_cases):
        steps.append(
            {
                "instance": step.case.instance,
                "instance_label": _instance_label(step.case.instance),
                "court": step.case.court.name_ru,
                "case_number": step.case.number,
                "is_current": step.is_current,
                "acts": [_act_row(a, user=user) for a in step.acts if a.pk in readable_ids],
            }
        )
    return {"act_id": act.pk, "steps": steps}
