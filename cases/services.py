"""Writes for cases: registration with a gapless number, automatic judge assignment, the
case timeline and representation."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from cases.models import (
    OPEN_STATUSES,
    Case,
    CaseCategory,
    CaseEvent,
    CaseNumberSequence,
    Court,
    CourtStaff,
    Instance,
    JudgeAssignment,
    Party,
    PartyRole,
    Position,
    Proceedings,
    Representation,
)
from judicial_account.accounts.models import LegalEntity, User
from judicial_account.audit.actions import AuditAction
from judicial_account.audit.services import audit_record
from judicial_account.core.api import ApplicationError


@dataclass(frozen=True)
class PartyInput:
    role: str
    name: str
    iin: str = ""
    bin: str = ""
    address: str = ""


class NoJudgeAvailable(ApplicationError):
    default_code = "no_judge"


def case_number_next(*, court: Court, year: int) -> int:
    """The next number for `court` in `year`, inside the caller's transaction. The row
    lock serialises registrations per court and year (and only those); if the caller's
    transaction rolls back, so does the number, which keeps the sequence gapless."""
    with connection.cursor() as cursor:
        # Create the row if this is the court's first case of the year; a concurrent
        # creator makes this a no-op and both then queue on the same row lock.
        cursor.execute(
            "INSERT INTO cases_casenumbersequence (court_id, year, last_value) "
            "VALUES (%s, %s, 0) ON CONFLICT (court_id, year) DO NOTHING",
            [court.pk, year],
        )
    sequence = CaseNumberSequence.objects.select_for_update().get(court=court, year=year)
    sequence.last_value += 1
    sequence.save(update_fields=["last_value"])
    return sequence.last_value


def case_number_format(*, court: Court, year: int, sequence: int, instance: str) -> str:
    """e.g. ALM-BOS-2-15/2026: court, 2 for civil (3 for appeal, 4 for cassation), the
    sequence and the year, as court clerks write case numbers."""
    code = {Instance.FIRST: 2, Instance.APPEAL: 3, Instance.CASSATION: 4}[instance]
    return f"{court.code}-{code}-{sequence}/{year}"


def case_event_add(*, case: Case, kind: str, actor: User | None = None, **details) -> CaseEvent:
    return CaseEvent.objects.create(case=case, kind=kind, actor=actor, details=details)


def _link_party(data: PartyInput) -> dict:
    links: dict = {}
    if data.iin:
        links["user"] = User.objects.filter(iin=data.iin).first()
    if data.bin:
        links["legal_entity"] = LegalEntity.objects.filter(bin=data.bin).first()
    return links


@transaction.atomic
def case_register(
    *,
    court: Court,
    category: CaseCategory,
    subject: str,
    parties: list[PartyInput],
    filed_at: dt.datetime,
    amount: Decimal | None = None,
    proceedings: str = Proceedings.ORDINARY,
    instance: str = Instance.FIRST,
    parent: Case | None = None,
    is_closed_session: bool = False,
    acting_user: User | None = None,
    seed: str | None = None,
) -> Case:
    """Register a case, give it the next number and assign a judge (see judge_assign).
    Everything happens in one transaction: a failure leaves no case and uses no number."""
    if not any(p.role == PartyRole.PLAINTIFF for p in parties) or not any(
        p.role == PartyRole.DEFENDANT for p in parties
    ):
        raise ApplicationError("A claim needs at least one plaintiff and one defendant.")
    now = timezone.now()
    year = timezone.localdate(now).year
    sequence = case_number_next(court=court, year=year)
    case = Case(
        court=court,
        year=year,
        sequence=sequence,
        number=case_number_format(court=court, year=year, sequence=sequence, instance=instance),
        category=category,
        proceedings=proceedings,
        instance=instance,
        parent=parent,
        is_closed_session=is_closed_session,
        subject=subject.strip(),
        amount=amount,
        filed_at=filed_at,
        registered_at=now,
    )
    case.full_clean()
    case.save()
    Party.objects.bulk_create(
        Party(
            case=case,
            role=p.role,
            iin=p.iin,
            bin=p.bin,
            name=p.name.strip(),
            address=p.address,
            **_link_party(p),
        )
        for p in parties
    )
    case_event_add(case=case, kind="case.registered", actor=acting_user, number=case.number)
    audit_record(
        acting_user, AuditAction.CASE_REGISTERED, target=case, details={"number": case.number}
    )
    judge_assign(case=case, seed=seed, acting_user=acting_user)
    if instance == Instance.FIRST:
        from cases.deadlines import deadlines_open_for_new_case

        deadlines_open_for_new_case(case)
    return case


def judge_workload(court: Court) -> dict[int, int]:
    """Open cases per judge of `court`."""
    rows = (
        Case.objects.filter(court=court, status__in=OPEN_STATUSES, judge__isnull=False)
        .values("judge")
        .annotate(n=Count("id"))
    )
    return {row["judge"]: row["n"] for row in rows}


def _conflicts(case: Case, judges: list[User]) -> dict[int, str]:
    """Judges who may not hear the case: a party to it, or the judge of its lower
    instance (a judge never reviews their own decision)."""
    party_iins = set(case.parties.exclude(iin="").values_list("iin", flat=True))
    excluded = {}
    for judge in judges:
        if judge.iin in party_iins:
            excluded[judge.pk] = "party"
        elif case.parent is not None and case.parent.judge_id == judge.pk:
            excluded[judge.pk] = "judged_lower_instance"
    return excluded


@transaction.atomic
def judge_assign(*, case: Case, seed: str | None = None, acting_user: User | None = None):
    """Draw the judge: among the court's serving judges specialised in the category (all
    its judges if none is), without conflicts, with weight 1 / (1 + open cases) so the
    least loaded are likeliest. The draw is recorded with its seed and can be replayed."""
    posts = CourtStaff.objects.filter(court=case.court, position=Position.JUDGE, is_active=True)
    specialised = list(posts.filter(specialisations=case.category).select_related("user"))
    is_specialised = bool(specialised)
    judges = [p.user for p in (specialised or posts.select_related("user"))]
    excluded = _conflicts(case, judges)
    eligible = [j for j in judges if j.pk not in excluded]
    if not eligible:
        raise NoJudgeAvailable("No judge of this court can hear the case.")
    workload = judge_workload(case.court)
    candidates = [
        {
            "judge": j.pk,
            "name": j.short_name,
            "workload": workload.get(j.pk, 0),
            "weight": round(1 / (1 + workload.get(j.pk, 0)), 6),
        }
        for j in sorted(eligible, key=lambda j: j.pk)
    ]
    seed = seed or secrets.token_hex(16)
    draw = random.Random(seed)  # noqa: S311 - a fair, replayable draw, not a secret
    chosen_id = draw.choices(
        [c["judge"] for c in candidates], weights=[c["weight"] for c in candidates]
    )[0]
    judge = next(j for j in eligible if j.pk == chosen_id)
    JudgeAssignment.objects.create(
        case=case,
        judge=judge,
        candidates=candidates,
        excluded=[{"judge": pk, "reason": reason} for pk, reason in excluded.items()],
        seed=seed,
        specialised=is_specialised,
    )
    case.judge = judge
    case.save(update_fields=["judge"])
    case_event_add(case=case, kind="case.judge_assigned", actor=acting_user, judge=judge.short_name)
    audit_record(
        acting_user,
        AuditAction.CASE_JUDGE_ASSIGNED,
        target=case,
        details={"judge": judge.pk, "seed": seed, "candidates": len(candidates)},
    )
    return judge


def judge_assignment_replay(assignment: JudgeAssignment) -> int:
    """Re-run a recorded draw from its seed and candidates: the judge it must give."""
    draw = random.Random(assignment.seed)  # noqa: S311
    return draw.choices(
        [c["judge"] for c in assignment.candidates],
        weights=[c["weight"] for c in assignment.candidates],
    )[0]


@transaction.atomic
def representation_add(
    *,
    case: Case,
    party: Party,
    representative: User,
    valid_until: dt.date | None,
    acting_user: User | None = None,
):
    representation = Representation.objects.create(
        case=case, party=party, representative=representative, valid_until=valid_until
    )
    case_event_add(
        case=case,
        kind="case.representative_added",
        actor=acting_user,
        name=representative.short_name,
    )
    audit_record(
        acting_user,
        AuditAction.CASE_REPRESENTATIVE_ADDED,
        target=case,
        details={"representative": representative.pk, "party": party.pk},
    )
    return representation


@transaction.atomic
def representation_revoke(*, representation: Representation, acting_user: User | None = None):
    representation.revoked_at = timezone.now()
    representation.save(update_fields=["revoked_at"])
    audit_record(
        acting_user,
        AuditAction.CASE_REPRESENTATIVE_REVOKED,
        target=representation.case,
        details={"representation": representation.pk},
    )
