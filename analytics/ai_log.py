"""The log of AI answers (DESIGN "Principles": every AI answer is logged with its model
version; the judge can mark it wrong). Every analytics function that answers a person calls
`record`; the judge's "this is wrong" goes through `mark_wrong`.

When a judge consults analytics in their own case, the case gets one "analytics.consulted"
event; acts_registry reads it when the act is issued (Act.analytics_consulted)."""

import hashlib
import json

from django.db import transaction
from django.utils import timezone

from analytics.models import AIInteraction

CONSULTED_EVENT = "analytics.consulted"
FEEDBACK_MAX_CHARS = 2000


def input_digest(input_text: str | dict | list) -> str:
    """SHA-256 of what was asked. Structured input is hashed in a canonical JSON form, so
    the same question always gets the same digest whatever the key order."""
    if not isinstance(input_text, str):
        input_text = json.dumps(input_text, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(input_text.encode("utf-8")).hexdigest()


def _real_user(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


@transaction.atomic
def record(
    *,
    kind: str,
    user,
    case=None,
    input_text: str | dict | list,
    model_name: str,
    model_version: str,
    output: dict | list,
) -> AIInteraction:
    """Log one answer. `user` may be anonymous (kept as None). The input is kept only as
    its hash: the claim text may hold personal data the log has no business keeping."""
    interaction = AIInteraction.objects.create(
        kind=kind,
        user=_real_user(user),
        case=case,
        input_sha256=input_digest(input_text),
        model_name=model_name,
        model_version=str(model_version),
        output=output if isinstance(output, dict) else {"items": output},
    )
    if case is not None and _is_case_judge(user, case):
        _note_consulted(case=case, judge=user, interaction=interaction)
    return interaction


def _is_case_judge(user, case) -> bool:
    user = _real_user(user)
    return user is not None and getattr(case, "judge_id", None) == user.pk


def _note_consulted(*, case, judge, interaction: AIInteraction) -> None:
    # One event per judge and case is enough for the act's flag and keeps the timeline short.
    if case.events.filter(kind=CONSULTED_EVENT, actor=judge).exists():
        return
    from cases.services import case_event_add

    case_event_add(case=case, kind=CONSULTED_EVENT, actor=judge, first=interaction.kind)


@transaction.atomic
def mark_wrong(*, interaction: AIInteraction, user, feedback: str = "") -> AIInteraction:
    """The person who got the answer (or the case's judge) says it was wrong. The first
    mark is kept; a later one only adds feedback if none was given. Authorisation is the
    caller's (see analytics.access.interaction_get_for_feedback)."""
    interaction = AIInteraction.objects.select_for_update().get(pk=interaction.pk)
    if interaction.marked_wrong_at is None:
        interaction.marked_wrong_by = _real_user(user)
        interaction.marked_wrong_at = timezone.now()
    if feedback and not interaction.feedback:
        interaction.feedback = feedback.strip()[:FEEDBACK_MAX_CHARS]
    interaction.save(update_fields=["marked_wrong_by", "marked_wrong_at", "feedback"])
    return interaction
