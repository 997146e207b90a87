"""Opening, meeting and policing procedural deadlines of cases."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.calendar import filing_effective_date
from cases.deadline_rules import deadline_due, rule_get
from cases.models import Case, CourtStaff, Deadline, DeadlineStatus, Position, Proceedings
from judicial_account.audit.actions import AuditAction
from judicial_account.audit.services import audit_record


def deadline_open(*, case: Case, rule_code: str, start: dt.date) -> Deadline:
    """Start the term `rule_code` from `start` (idempotent per case and rule)."""
    rule_get(rule_code)  # unknown codes fail here, loudly
    deadline, _created = Deadline.objects.get_or_create(
        case=case,
        rule_code=rule_code,
        defaults={"starts_on": start, "due_on": deadline_due(rule_code, start)},
    )
    return deadline


def deadlines_open_for_new_case(case: Case) -> list[Deadline]:
    """The terms every new first-instance case starts with: deciding on acceptance counts
    from the filing (online filings after hours count from the next working day), and the
    hearing term from registration."""
    filed = filing_effective_date(case.filed_at)
    registered = timezone.localdate(case.registered_at)
    hearing = (
        "simplified_proceedings"
        if case.proceedings == Proceedings.SIMPLIFIED
        else "civil_case_hearing"
    )
    return [
        deadline_open(case=case, rule_code="claim_acceptance", start=filed),
        deadline_open(case=case, rule_code=hearing, start=registered),
    ]


@transaction.atomic
def deadline_meet(*, case: Case, rule_code: str) -> None:
    Deadline.objects.filter(case=case, rule_code=rule_code, status=DeadlineStatus.OPEN).update(
        status=DeadlineStatus.MET, met_at=timezone.now()
    )


def deadlines_mark_missed(*, today: dt.date | None = None) -> int:
    """Mark every open term whose last day has passed as missed and tell the case's judge
    and the court's chairman, once. Returns how many were marked."""
    from notifications.services import notify

    today = today or timezone.localdate()
    missed = 0
    overdue = Deadline.objects.select_related("case__judge", "case__court").filter(
        status=DeadlineStatus.OPEN, due_on__lt=today
    )
    for deadline in overdue.iterator():
        with transaction.atomic():
            updated = Deadline.objects.filter(pk=deadline.pk, status=DeadlineStatus.OPEN).update(
                status=DeadlineStatus.MISSED, missed_notified_at=timezone.now()
            )
            if not updated:
                continue
            missed += 1
            case = deadline.case
            audit_record(
                None,
                AuditAction.DEADLINE_MISSED,
                target=case,
                details={"rule": deadline.rule_code, "due": deadline.due_on.isoformat()},
            )
            chairmen = [
                p.user
                for p in CourtStaff.objects.filter(
                    court=case.court, position=Position.CHAIRMAN, is_active=True
                ).select_related("user")
            ]
            for recipient in [case.judge, *chairmen]:
                if recipient is None:
                    continue
                notify(
                    recipient=recipient,
                    kind="deadline.missed",
                    title=_("Procedural term missed in case %(number)s"),
                    body=_("The term “%(rule)s” (%(basis)s) ended on %(due)s."),
                    params={
                        "number": case.number,
                        "rule": str(deadline.rule.name),
                        "basis": deadline.rule.legal_basis,
                        "due": deadline.due_on.strftime("%d.%m.%Y"),
                    },
                    link=f"/cases/{case.pk}/",
                    idempotency_key=f"deadline-missed:{deadline.pk}:{recipient.pk}",
                )
    return missed
