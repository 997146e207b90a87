"""The intake robot: checks a submitted claim and registers the case, or returns the
claim with the reasons. Runs in Celery (tasks.filing_intake_task); safe to run twice."""

import logging

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cases.models import PartyRole
from cases.services import NoJudgeAvailable, PartyInput, case_event_add, case_register
from filings.models import REVIEW_KINDS, Filing, FilingKind, FilingStatus
from filings.services import _signed, filing_problems
from judicial_account import registries
from judicial_account.audit.actions import AuditAction
from judicial_account.audit.services import audit_record
from notifications.services import notify

logger = logging.getLogger(__name__)


def _check(filing: Filing) -> list[str]:
    reasons = list(filing_problems(filing))
    if not _signed(filing):
        reasons.append(str(_("The signature is missing or does not match the claim.")))
    if filing.fee_amount and not filing.fee_paid:
        reasons.append(str(_("The state fee is not paid.")))
    for party in filing.parties.all():
        known = (
            registries.person_lookup(party.iin)
            if party.iin
            else registries.legal_entity_lookup(party.bin)
        )
        if known is None:
            reasons.append(
                str(
                    _("%(role)s %(id)s is not found in the state registries.")
                    % {
                        "role": PartyRole(party.role).label,
                        "id": party.iin or party.bin,
                    }
                )
            )
    return reasons


def filing_intake(*, filing_id: int) -> Filing:
    with transaction.atomic():
        filing = (
            Filing.objects.select_for_update(of=("self",))
            .select_related("court", "category", "author", "signing_request__signature")
            .get(pk=filing_id)
        )
        if filing.status != FilingStatus.SUBMITTED:
            return filing  # already handled: the same submission never makes two cases
        if filing.kind in REVIEW_KINDS:
            return _open_review(filing)
        if filing.kind != FilingKind.CLAIM:
            return _file_document(filing)
        reasons = _check(filing)
        if not reasons:
            try:
                case = case_register(
                    court=filing.court,
                    category=filing.category,
                    subject=filing.subject,
                    amount=filing.amount,
                    filed_at=filing.submitted_at,
                    proceedings="simplified" if filing.simplified else "ordinary",
                    parties=[
                        PartyInput(
                            role=p.role, name=p.name, iin=p.iin, bin=p.bin, address=p.address
                        )
                        for p in filing.parties.all()
                    ],
                )
            except NoJudgeAvailable:
                reasons.append(
                    str(
                        _(
                            "The court has no judge available for this category; "
                            "the court's office will register the claim by hand."
                        )
                    )
                )
        if reasons:
            return _return(filing, reasons)
        _file_into_case(filing, case)
        filing.case = case
        filing.status = FilingStatus.REGISTERED
        filing.save(update_fields=["case", "status", "updated_at"])
        audit_record(
            None, AuditAction.FILING_REGISTERED, target=filing, details={"case": case.number}
        )
        _notify_parties(filing, case)
    return filing


def _return(filing: Filing, reasons: list[str]) -> Filing:
    filing.status = FilingStatus.RETURNED
    filing.return_reasons = reasons
    filing.save(update_fields=["status", "return_reasons", "updated_at"])
    audit_record(None, AuditAction.FILING_RETURNED, target=filing, details={"reasons": reasons})
    notify(
        recipient=filing.author,
        kind="filing.returned",
        title=_("Your claim was returned"),
        body=_("The court could not accept the claim: %(reasons)s"),
        params={"reasons": " ".join(reasons)},
        link=f"/filings/{filing.public_id}/",
        idempotency_key=f"filing-returned:{filing.pk}",
    )
    return filing


def _open_review(filing: Filing) -> Filing:
    """An appeal or cassation petition: the higher court's case is opened (filings.reviews)
    and the complaint becomes its first document."""
    from filings.reviews import review_open

    reasons = []
    if not _signed(filing):
        reasons.append(str(_("The signature is missing or does not match the document.")))
    if filing.fee_amount and not filing.fee_paid:
        reasons.append(str(_("The state fee is not paid.")))
    case = None
    if not reasons:
        case, reasons = review_open(filing)
    if reasons:
        return _return(filing, reasons)
    _file_into_case(filing, case, title=f"{filing.get_kind_display()}: {filing.subject}")
    filing.case = case
    filing.status = FilingStatus.REGISTERED
    filing.save(update_fields=["case", "status", "updated_at"])
    audit_record(None, AuditAction.FILING_REGISTERED, target=filing, details={"case": case.number})
    notify(
        recipient=filing.author,
        kind="case.registered",
        title=_("Your complaint is registered: case %(number)s"),
        body=_("Judge %(judge)s will hear it in %(court)s."),
        params={"number": case.number, "judge": case.judge.short_name, "court": case.court.name_ru},
        link=f"/cases/{case.pk}/",
        idempotency_key=f"case-registered:{case.pk}:{filing.author_id}",
    )
    return filing


def _file_document(filing: Filing) -> Filing:
    """A response, objection, petition, ... into its case: checked like a claim (signature,
    fee), added to the case file, and the other participants told."""
    case = filing.case
    reasons = []
    if not _signed(filing):
        reasons.append(str(_("The signature is missing or does not match the document.")))
    if filing.fee_amount and not filing.fee_paid:
        reasons.append(str(_("The state fee is not paid.")))
    if reasons:
        filing.status = FilingStatus.RETURNED
        filing.return_reasons = reasons
        filing.save(update_fields=["status", "return_reasons", "updated_at"])
        return filing
    _file_into_case(filing, case, title=f"{filing.get_kind_display()}: {filing.subject}")
    filing.status = FilingStatus.FILED
    filing.save(update_fields=["status", "updated_at"])
    case_event_add(
        case=case,
        kind="case.document_filed",
        actor=filing.author,
        kind_label=str(filing.get_kind_display()),
        author=filing.author.short_name,
    )
    audit_record(
        filing.author, AuditAction.FILING_FILED, target=filing, details={"case": case.number}
    )
    recipients = {p.user for p in case.parties.select_related("user") if p.user}
    for party in case.parties.select_related("legal_entity").exclude(legal_entity=None):
        recipients |= {o.user for o in party.legal_entity.officers.filter(may_sign=True)}
    if case.judge:
        recipients.add(case.judge)
    recipients.discard(filing.author)
    for recipient in recipients:
        notify(
            recipient=recipient,
            kind="case.document_filed",
            title=_("New document in case %(number)s"),
            body=_("%(author)s filed: %(kind)s."),
            params={
                "number": case.number,
                "author": filing.author.short_name,
                "kind": filing.get_kind_display(),
            },
            link=f"/cases/{case.pk}/",
            idempotency_key=f"document-filed:{filing.pk}:{recipient.pk}",
        )
    return filing


def _file_into_case(filing: Filing, case, title: str = "") -> None:
    """The signed filing (its manifest, with the signature) and its attachments go into
    the case file; for a claim they are the first documents of the new case."""
    from cases.case_file import case_document_add
    from judicial_account.pki.services import signing_request_content

    signing = filing.signing_request
    case_document_add(
        case=case,
        kind=filing.kind,
        title=title or str(filing.get_kind_display()),
        content=signing_request_content(signing),
        file_name=signing.file_name,
        content_type="application/json",
        filed_by=filing.author,
        signature=signing.signature,
    )
    for attachment in filing.attachments.all():
        with attachment.file.open("rb") as handle:
            content = handle.read()
        case_document_add(
            case=case,
            kind="attachment",
            title=attachment.name,
            content=content,
            file_name=attachment.name,
            content_type=attachment.content_type,
            filed_by=filing.author,
        )


def _notify_parties(filing: Filing, case) -> None:
    link = f"/cases/{case.pk}/"
    notify(
        recipient=filing.author,
        kind="case.registered",
        title=_("Your claim is registered: case %(number)s"),
        body=_("Judge %(judge)s will hear it in %(court)s."),
        params={"number": case.number, "judge": case.judge.short_name, "court": case.court.name_ru},
        link=link,
        idempotency_key=f"case-registered:{case.pk}:{filing.author_id}",
    )
    recipients = []
    defendants = case.parties.select_related("user", "legal_entity").filter(
        role=PartyRole.DEFENDANT
    )
    for party in defendants:
        if party.user is not None:
            recipients.append(party.user)
        if party.legal_entity is not None:  # an organisation hears through its officers
            officers = party.legal_entity.officers.filter(may_sign=True).select_related("user")
            recipients.extend(officer.user for officer in officers)
    for recipient in recipients:
        notify(
            recipient=recipient,
            kind="case.claim_received",
            title=_("A claim has been filed against you: case %(number)s"),
            body=_("You can read the claim and file a response in My cases."),
            params={"number": case.number},
            link=link,
            external=True,
            subject_ref=f"cases.case:{case.pk}",
            idempotency_key=f"claim-received:{case.pk}:{recipient.pk}",
        )
