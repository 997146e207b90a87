"""Writes for filings: the claim draft, its parties and attachments, the state fee, the
signature, submission, and the intake robot that turns a claim into a case."""

from __future__ import annotations

import logging
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import CaseCategory, Court, CourtLevel, PartyRole
from filings.attachments import AttachmentRefused, attachment_check
from filings.fees import FeeQuote, applicant_kind, fee_quote
from filings.manifest import filing_manifest
from filings.models import (
    REVIEW_KINDS,
    Attachment,
    Filing,
    FilingKind,
    FilingParty,
    FilingStatus,
)
from judicial_account import registries
from judicial_account.accounts.identifiers import validate_bin, validate_iin
from judicial_account.audit.actions import AuditAction
from judicial_account.audit.services import audit_record
from judicial_account.core.api import ApplicationError
from judicial_account.pki import services as pki_services
from judicial_account.pki.models import SigningRequest

logger = logging.getLogger(__name__)

# A claim above this is not a real civil claim but a typo (1 trillion tenge).
MAX_AMOUNT = Decimal("1000000000000")


class FilingError(ApplicationError):
    """A rule of filing said no; `code` is stable for API clients."""


def _editable(filing: Filing) -> None:
    if not filing.is_editable:
        raise FilingError(
            _("This filing has been submitted and can no longer be changed."), code="not_editable"
        )


def _changed(filing: Filing) -> None:
    """Any change after signing voids the signature: the manifest no longer matches."""
    if filing.signing_request_id:
        filing.signing_request = None
        filing.save(update_fields=["signing_request", "updated_at"])


@transaction.atomic
def filing_draft_create(
    *, author, kind: str = FilingKind.CLAIM, idempotency_key: str = "", on_behalf_of=None, case=None
) -> Filing:
    """A new draft, or the same one again for a repeated idempotency key."""
    idempotency_key = idempotency_key.strip()[:64]
    if idempotency_key:
        existing = Filing.objects.filter(author=author, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    if (
        on_behalf_of is not None
        and not author.offices.filter(entity=on_behalf_of, may_sign=True).exists()
    ):
        raise FilingError(_("You do not sign for this organisation."), code="not_officer")
    filing = Filing.objects.create(
        public_id=uuid.uuid4(),
        kind=kind,
        author=author,
        on_behalf_of=on_behalf_of,
        case=case,
        idempotency_key=idempotency_key,
    )
    audit_record(author, AuditAction.FILING_DRAFTED, target=filing)
    return filing


@transaction.atomic
def filing_update(
    *,
    filing: Filing,
    court: Court | None = None,
    category: CaseCategory | None = None,
    subject: str | None = None,
    amount: Decimal | None = None,
    text: str | None = None,
    simplified: bool | None = None,
    clear_amount: bool = False,
) -> Filing:
    _editable(filing)
    errors = {}
    if court is not None:
        if filing.kind == FilingKind.CLAIM and court.level != CourtLevel.DISTRICT:
            errors["court"] = _("Claims are filed with a district court.")
        if filing.kind in REVIEW_KINDS and court != filing.court:
            # The competent higher court follows from the act (filings.reviews).
            errors["court"] = _("This court does not hear this kind of review of this act.")
        filing.court = court
    if category is not None:
        if not category.is_active:
            errors["category"] = _("This category is no longer used.")
        filing.category = category
    if subject is not None:
        filing.subject = subject.strip()[:500]
    if text is not None:
        filing.text = text
    if clear_amount:
        filing.amount = None
    elif amount is not None:
        amount = Decimal(str(amount))
        if amount <= 0:
            errors["amount"] = _("The amount must be greater than zero.")
        elif amount > MAX_AMOUNT:
            errors["amount"] = _("The amount is not plausible; check it.")
        elif amount != amount.quantize(Decimal("0.01")):
            errors["amount"] = _("The amount may have at most two decimal places.")
        filing.amount = amount
    if simplified is not None:
        filing.simplified = simplified
    if filing.simplified and filing.kind == FilingKind.CLAIM:
        from filings.simplified import simplified_allowed

        category = filing.category.code if filing.category else None
        if not simplified_allowed(
            category_code=category, amount=filing.amount, applicant=applicant_kind(filing)
        ):
            filing.simplified = False
            errors["simplified"] = _(
                "Simplified proceedings are available only for money claims on loans, "
                "contracts and consumer matters up to 1,000 MCI (2,000 MCI for organisations)."
            )
    if errors:
        raise ValidationError(errors)
    filing.full_clean(exclude=["author", "signing_request"])
    filing.save()
    _changed(filing)
    return filing


@transaction.atomic
def filing_party_add(
    *, filing: Filing, role: str, iin: str = "", bin_: str = "", name: str = "", address: str = ""
) -> FilingParty:
    """Add a party by IIN or BIN. The name comes from the registry; for an identifier the
    registry does not know, the name typed is kept and the party is flagged."""
    _editable(filing)
    iin, bin_ = iin.strip(), bin_.strip()
    if bool(iin) == bool(bin_):
        raise ValidationError(
            {"iin": _("Give either an IIN (a person) or a BIN (an organisation).")}
        )
    if role not in PartyRole.values:
        raise ValidationError({"role": _("Unknown role.")})
    try:
        (validate_iin if iin else validate_bin)(iin or bin_)
    except ValidationError as error:
        raise ValidationError({"iin" if iin else "bin": error.messages}) from error
    record = registries.person_lookup(iin) if iin else registries.legal_entity_lookup(bin_)
    if record is not None:
        name = record.full_name if iin else record.name
        address = address or record.address
    elif not name.strip():
        raise ValidationError(
            {
                "name": _(
                    "The registry does not know this number: enter the "
                    "name as it appears in documents."
                )
            }
        )
    party = FilingParty(
        filing=filing,
        role=role,
        iin=iin,
        bin=bin_,
        name=name.strip()[:255],
        address=address.strip()[:255],
        found_in_registry=record is not None,
    )
    party.full_clean()
    party.save()
    _changed(filing)
    return party


@transaction.atomic
def filing_party_remove(*, filing: Filing, party_id: int) -> None:
    _editable(filing)
    filing.parties.filter(pk=party_id).delete()
    _changed(filing)


def filing_attachment_add(*, filing: Filing, upload) -> Attachment:
    """Check and store an attachment; raises AttachmentRefused with the reason."""
    _editable(filing)
    attached = sum(filing.attachments.values_list("size", flat=True))
    checked = attachment_check(upload, already_attached_bytes=attached)
    if filing.attachments.filter(sha256=checked.sha256).exists():
        raise AttachmentRefused("duplicate")
    with transaction.atomic():
        attachment = Attachment(
            filing=filing,
            name=upload.name[-255:],
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
        )
        attachment.file.save(upload.name[-80:], upload, save=False)
        attachment.save()
        _changed(filing)
    return attachment


@transaction.atomic
def filing_attachment_remove(*, filing: Filing, attachment_id: int) -> None:
    _editable(filing)
    attachment = filing.attachments.filter(pk=attachment_id).first()
    if attachment is not None:
        attachment.file.delete(save=False)
        attachment.delete()
        _changed(filing)


# Documents into a case that carry no state fee (Tax Code art. 610 charges claims,
# counterclaims, appeals and cassation petitions).
FEE_FREE_KINDS = {
    FilingKind.RESPONSE,
    FilingKind.OBJECTION,
    FilingKind.PETITION,
    FilingKind.COMPLAINT,
}


def filing_fee(filing: Filing) -> FeeQuote:
    if filing.kind in FEE_FREE_KINDS:
        return FeeQuote(Decimal("0.00"), str(_("No state fee for this document")), "")
    category = filing.category or (filing.case.category if filing.case else None)
    return fee_quote(
        kind=filing.kind,
        category_code=category.code,
        applicant=applicant_kind(filing),
        amount=filing.amount,
        on=timezone.localdate(),
    )


def filing_problems(filing: Filing) -> list[str]:
    """What is missing before the claim can be signed, in words."""
    problems = []
    if filing.kind != FilingKind.CLAIM and filing.case is None:
        problems.append(str(_("Choose the case this document is filed in.")))
    if filing.kind == FilingKind.CLAIM:
        if filing.court is None:
            problems.append(str(_("Choose the court.")))
        if filing.category is None:
            problems.append(str(_("Choose the category of the case.")))
        roles = {p.role for p in filing.parties.all()}
        if PartyRole.PLAINTIFF not in roles:
            problems.append(str(_("Add the plaintiff.")))
        if PartyRole.DEFENDANT not in roles:
            problems.append(str(_("Add the defendant.")))
    if filing.kind in REVIEW_KINDS:
        from filings.reviews import review_problems

        problems.extend(review_problems(filing))
    if not filing.subject:
        problems.append(str(_("State the subject of the claim.")))
    if not filing.text.strip():
        problems.append(str(_("Write the text of the claim.")))
    return problems


@transaction.atomic
def filing_signing_request(*, filing: Filing) -> SigningRequest:
    """The manifest to sign, as a signing request of the author's (reused while the
    filing does not change)."""
    _editable(filing)
    problems = filing_problems(filing)
    if problems:
        raise FilingError(" ".join(problems), code="incomplete")
    manifest = filing_manifest(filing)
    request = filing.signing_request
    if request is not None and request.sha256 == pki_services.sha256_hex(manifest):
        return request
    title = str(_("%(kind)s to %(court)s")) % {
        "kind": filing.get_kind_display(),
        "court": (filing.case.court if filing.case else filing.court).name
        if (filing.case or filing.court)
        else "",
    }
    request = pki_services.signing_request_create(
        owner=filing.author,
        title=title,
        upload=ContentFile(manifest, name=f"filing-{filing.public_id}.json"),
        receipt_wanted=False,
    )
    filing.signing_request = request
    filing.save(update_fields=["signing_request", "updated_at"])
    return request


def _signed(filing: Filing) -> bool:
    request = filing.signing_request
    return (
        request is not None
        and request.status == SigningRequest.Status.SIGNED
        and request.signature is not None
        and request.signature.valid
        and request.sha256 == pki_services.sha256_hex(filing_manifest(filing))
    )


def filing_submit(*, filing: Filing, acting_user) -> Filing:
    """Submit a signed filing. With a state fee due, an invoice is issued and the filing
    waits for payment; otherwise it goes to the intake robot at once. Submitting again
    returns the filing as it is (no second invoice, no second case)."""
    with transaction.atomic():
        filing = Filing.objects.select_for_update().get(pk=filing.pk)
        if filing.status != FilingStatus.DRAFT:
            return filing
        if not _signed(filing):
            raise FilingError(
                _("Sign the filing with your EDS before submitting it."), code="unsigned"
            )
        quote = filing_fee(filing)
        filing.fee_amount, filing.fee_basis = quote.amount, f"{quote.basis} ({quote.legal_basis})"
        filing.submitted_at = timezone.now()
        if quote.amount > 0 and not filing.fee_paid:
            filing.status = FilingStatus.AWAITING_PAYMENT
        else:
            filing.status = FilingStatus.SUBMITTED
            transaction.on_commit(lambda: _intake_enqueue(filing.pk))
        filing.save()
        audit_record(
            acting_user,
            AuditAction.FILING_SUBMITTED,
            target=filing,
            details={"fee": str(quote.amount), "manifest": filing.signing_request.sha256},
        )
    if filing.status == FilingStatus.AWAITING_PAYMENT:
        filing_invoice(filing=filing)
    return filing


def filing_invoice(*, filing: Filing):
    from judicial_account.payments.services import invoice_create

    return invoice_create(
        payer=filing.author,
        amount=filing.fee_amount,
        purpose="state_fee",
        description=str(_("State fee: %(subject)s")) % {"subject": filing.subject[:200]},
        target=filing,
        return_url=f"/filings/{filing.public_id}/",
    )


def _intake_enqueue(filing_id: int) -> None:
    from filings.tasks import filing_intake_task

    filing_intake_task.delay(filing_id)


def filing_fee_paid_hook(invoice) -> None:
    """payments says a state fee is paid: the claim goes on to intake."""
    if invoice.target_type != Filing._meta.label_lower:
        return
    with transaction.atomic():
        filing = Filing.objects.select_for_update().filter(pk=invoice.target_id).first()
        if filing is None or filing.fee_paid:
            return
        filing.fee_paid = True
        fields = ["fee_paid", "updated_at"]
        if filing.status == FilingStatus.AWAITING_PAYMENT:
            filing.status = FilingStatus.SUBMITTED
            fields.append("status")
            transaction.on_commit(lambda: _intake_enqueue(filing.pk))
        filing.save(update_fields=fields)


def filing_fee_reminder_hook(invoice) -> None:
    """payments says a state fee is still unpaid halfway through the invoice's life."""
    from notifications.services import notify

    if invoice.target_type != Filing._meta.label_lower:
        return
    filing = Filing.objects.filter(
        pk=invoice.target_id, status=FilingStatus.AWAITING_PAYMENT
    ).first()
    if filing is None:
        return
    notify(
        recipient=filing.author,
        kind="filing.fee_reminder",
        title=_("The state fee for your claim is not paid yet"),
        body=_("Pay %(amount)s KZT by %(date)s, or the claim will not reach the court."),
        params={
            "amount": invoice.amount,
            "date": timezone.localtime(invoice.expires_at).strftime("%d.%m.%Y"),
        },
        link=f"/filings/{filing.public_id}/",
        idempotency_key=f"fee-reminder:{invoice.pk}",
    )
