"""E-reconciliation with a professional mediator, from the proposal to the court's
approval of the signed settlement."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CaseStatus
from hearings.models import Mediation, MediationSession, MediationStatus, SettlementSignature
from judicial_account.accounts.models import Role
from judicial_account.audit.actions import AuditAction
from judicial_account.audit.services import audit_record
from judicial_account.core.api import ApplicationError
from judicial_account.pki import services as pki_services
from judicial_account.pki.models import SigningRequest


class MediationError(ApplicationError):
    pass


def mediators():
    from judicial_account.accounts.models import User

    return User.objects.filter(role=Role.MEDIATOR, is_active=True).order_by("last_name")


def _parties(case: Case):
    return {p.user for p in case.parties.select_related("user") if p.user}


def _tell(people, mediation: Mediation, kind: str, title) -> None:
    from notifications.services import notify

    for person in people:
        notify(
            recipient=person,
            kind=kind,
            title=title,
            params={"number": mediation.case.number},
            link=f"/cases/{mediation.case_id}/",
            external=kind == "mediation.proposed",
            subject_ref=f"cases.case:{mediation.case_id}",
            idempotency_key=f"{kind}:{mediation.pk}:{person.pk}",
        )


@transaction.atomic
def mediation_propose(*, case: Case, proposer, mediator) -> Mediation:
    if proposer not in _parties(case):
        raise MediationError(_("Only a party may propose reconciliation."))
    if mediator.role != Role.MEDIATOR or not mediator.is_active:
        raise MediationError(_("Choose a mediator from the register."))
    if case.mediations.exclude(status=MediationStatus.DECLINED).exists():
        raise MediationError(_("Reconciliation is already under way in this case."))
    mediation = Mediation.objects.create(case=case, proposer=proposer, mediator=mediator)
    audit_record(
        proposer, AuditAction.MEDIATION_PROPOSED, target=case, details={"mediator": mediator.pk}
    )
    _tell(
        _parties(case) - {proposer},
        mediation,
        "mediation.proposed",
        _("Reconciliation is proposed in case %(number)s"),
    )
    return mediation


@transaction.atomic
def mediation_answer(*, mediation: Mediation, party, accept: bool) -> Mediation:
    mediation = Mediation.objects.select_for_update().get(pk=mediation.pk)
    if party not in _parties(mediation.case) or party == mediation.proposer:
        raise MediationError(_("Only the other party answers the proposal."))
    if mediation.status != MediationStatus.PROPOSED:
        raise MediationError(_("The proposal has already been answered."))
    mediation.status = MediationStatus.ACCEPTED if accept else MediationStatus.DECLINED
    mediation.save(update_fields=["status"])
    _tell(
        {mediation.proposer, mediation.mediator},
        mediation,
        "mediation.answered",
        _("The reconciliation proposal in case %(number)s was answered"),
    )
    return mediation


@transaction.atomic
def mediation_session_add(
    *, mediation: Mediation, starts_at: dt.datetime, duration: dt.timedelta
) -> MediationSession:
    mediation = Mediation.objects.select_related("case").get(pk=mediation.pk)
    if mediation.status != MediationStatus.ACCEPTED:
        raise MediationError(_("Sessions are held once both parties accepted."))
    if starts_at <= timezone.now():
        raise MediationError(_("A session cannot be in the past."))
    session = MediationSession.objects.create(
        mediation=mediation,
        starts_at=starts_at,
        ends_at=starts_at + duration,
        video_room=f"ja-med-{mediation.pk}-{secrets.token_hex(6)}",
    )
    _tell(
        _parties(mediation.case),
        mediation,
        "mediation.session",
        _("A reconciliation session is set in case %(number)s"),
    )
    return session


@transaction.atomic
def settlement_prepare(*, mediation: Mediation, text: str) -> list[SettlementSignature]:
    """The mediator puts the agreed text to the parties: each gets it to sign with EDS."""
    mediation = Mediation.objects.select_for_update().get(pk=mediation.pk)
    if mediation.status != MediationStatus.ACCEPTED:
        raise MediationError(_("A settlement follows an accepted reconciliation."))
    if not text.strip():
        raise MediationError(_("Write the terms of the settlement."))
    mediation.settlement_text = text.strip()
    mediation.save(update_fields=["settlement_text"])
    mediation.signatures.all().delete()
    content = _settlement_document(mediation)
    signatures = []
    for party in sorted(_parties(mediation.case), key=lambda user: user.pk):
        request = pki_services.signing_request_create(
            owner=party,
            title=str(
                _("Settlement agreement in case %(number)s") % {"number": mediation.case.number}
            ),
            upload=ContentFile(content, name=f"settlement-{mediation.pk}.txt"),
            receipt_wanted=False,
        )
        signatures.append(
            SettlementSignature.objects.create(
                mediation=mediation, party=party, signing_request=request
            )
        )
    return signatures


def _settlement_document(mediation: Mediation) -> bytes:
    parties = "\n".join(
        f"{p.get_role_display()}: {p.name} ({p.iin or p.bin})" for p in mediation.case.parties.all()
    )
    return (
        f"Settlement agreement / Мировое соглашение\nCase {mediation.case.number}, "
        f"{mediation.case.court.name_ru}\n{parties}\nMediator: "
        f"{mediation.mediator.full_name} ({mediation.mediator.iin})\n\n"
        f"{mediation.settlement_text}\n"
    ).encode()


@transaction.atomic
def settlement_complete(*, mediation: Mediation) -> Mediation:
    """Once every party has signed, the settlement and its signatures join the case
    file and the judge is asked to approve it."""
    from cases.case_file import case_document_add
    from notifications.services import notify

    mediation = Mediation.objects.select_for_update().get(pk=mediation.pk)
    signatures = list(mediation.signatures.select_related("signing_request__signature"))
    if (
        mediation.status != MediationStatus.ACCEPTED
        or not signatures
        or any(s.signing_request.status != SigningRequest.Status.SIGNED for s in signatures)
    ):
        raise MediationError(_("Every party must sign the settlement first."))
    content = pki_services.signing_request_content(signatures[0].signing_request)
    for signature in signatures:
        case_document_add(
            case=mediation.case,
            kind="settlement",
            title=str(_("Settlement agreement")),
            content=content,
            file_name=f"settlement-{mediation.pk}.txt",
            content_type="text/plain",
            filed_by=signature.party,
            signature=signature.signing_request.signature,
        )
    mediation.status = MediationStatus.SETTLED
    mediation.save(update_fields=["status"])
    if mediation.case.judge:
        notify(
            recipient=mediation.case.judge,
            kind="mediation.settled",
            title=_("A settlement awaits your approval in case %(number)s"),
            params={"number": mediation.case.number},
            link=f"/cases/{mediation.case_id}/",
            idempotency_key=f"mediation-settled:{mediation.pk}",
        )
    return mediation


@transaction.atomic
def settlement_approve(*, mediation: Mediation, judge) -> Mediation:
    from cases.services import case_event_add

    mediation = Mediation.objects.select_for_update().get(pk=mediation.pk)
    if mediation.status != MediationStatus.SETTLED:
        raise MediationError(_("Only a settlement signed by every party can be approved."))
    mediation.status = MediationStatus.APPROVED
    mediation.approved_by = judge
    mediation.save(update_fields=["status", "approved_by"])
    case = mediation.case
    case.status = CaseStatus.CLOSED
    case.save(update_fields=["status"])
    case_event_add(case=case, kind="mediation.approved", actor=judge)
    audit_record(
        judge, AuditAction.SETTLEMENT_APPROVED, target=case, details={"mediation": mediation.pk}
    )
    _tell(
        _parties(case),
        mediation,
        "mediation.approved",
        _("The court approved the settlement in case %(number)s"),
    )
    return mediation
