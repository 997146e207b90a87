"""Powers of attorney: drafted by the principal, signed with their EDS, in force for a
period, revocable at any moment."""

from __future__ import annotations

import datetime as dt
import json

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case, PowerOfAttorney
from judicial_account.accounts.models import Role, User
from judicial_account.audit.actions import AuditAction
from judicial_account.audit.services import audit_record
from judicial_account.pki import services as pki_services
from judicial_account.pki.models import SigningRequest

MAX_YEARS = 3


def _text(power: PowerOfAttorney) -> bytes:
    """What the principal signs."""
    return json.dumps(
        {
            "type": "judicial-account/power-of-attorney",
            "principal_iin": power.principal.iin,
            "principal": power.principal.full_name,
            "representative_iin": power.representative.iin,
            "representative": power.representative.full_name,
            "licence": power.representative.licence_number,
            "case": power.case.number if power.case else None,
            "scope": "case" if power.case else "all_cases",
            "valid_from": power.valid_from.isoformat(),
            "valid_until": power.valid_until.isoformat(),
        },
        ensure_ascii=False,
        sort_keys=True,
        indent=1,
    ).encode()


@transaction.atomic
def power_draft(
    *, principal: User, representative_iin: str, case: Case | None, valid_until: dt.date
) -> PowerOfAttorney:
    """Draft a power of attorney and the document to sign. `case` must be one the
    principal is a party to (checked by the caller through cases.access)."""
    today = timezone.localdate()
    representative = User.objects.filter(
        iin=representative_iin.strip(), role=Role.REPRESENTATIVE, is_active=True
    ).first()
    if representative is None:
        raise ValidationError(
            {"representative_iin": _("No lawyer with this IIN is registered on the portal.")}
        )
    if representative == principal:
        raise ValidationError({"representative_iin": _("You cannot authorise yourself.")})
    if valid_until < today or valid_until > today.replace(year=today.year + MAX_YEARS):
        raise ValidationError(
            {
                "valid_until": _("The end date must be between today and %(years)s years from now.")
                % {"years": MAX_YEARS}
            }
        )
    power = PowerOfAttorney(
        principal=principal,
        representative=representative,
        case=case,
        valid_from=today,
        valid_until=valid_until,
    )
    power.full_clean(exclude=["signing_request"])
    power.save()
    power.signing_request = pki_services.signing_request_create(
        owner=principal,
        title=str(_("Power of attorney for %(name)s")) % {"name": representative.full_name},
        upload=ContentFile(_text(power), name=f"power-of-attorney-{power.pk}.json"),
        receipt_wanted=False,
    )
    power.save(update_fields=["signing_request"])
    return power


@transaction.atomic
def power_activate(*, power: PowerOfAttorney) -> PowerOfAttorney:
    """Put a signed power of attorney in force; for one case it joins the case file."""
    power = PowerOfAttorney.objects.select_for_update().get(pk=power.pk)
    if power.activated_at or power.revoked_at:
        return power
    request = power.signing_request
    if request is None or request.status != SigningRequest.Status.SIGNED:
        raise ValidationError(_("Sign the power of attorney with your EDS first."))
    power.activated_at = timezone.now()
    power.save(update_fields=["activated_at"])
    audit_record(
        power.principal,
        AuditAction.POWER_ACTIVATED,
        target=power,
        details={
            "representative": power.representative_id,
            "case": power.case_id,
            "until": power.valid_until.isoformat(),
        },
    )
    if power.case is not None:
        from cases.case_file import case_document_add
        from cases.services import case_event_add

        case_document_add(
            case=power.case,
            kind="power_of_attorney",
            title=request.title,
            content=pki_services.signing_request_content(request),
            file_name=request.file_name,
            content_type="application/json",
            filed_by=power.principal,
            signature=request.signature,
        )
        case_event_add(
            case=power.case,
            kind="case.representative_added",
            actor=power.principal,
            name=power.representative.short_name,
        )
    from notifications.services import notify

    notify(
        recipient=power.representative,
        kind="power.granted",
        title=_("You have a new power of attorney"),
        body=_("%(principal)s authorised you until %(until)s."),
        params={
            "principal": power.principal.full_name,
            "until": power.valid_until.strftime("%d.%m.%Y"),
        },
        link="/cases/",
        idempotency_key=f"power-granted:{power.pk}",
    )
    return power


@transaction.atomic
def power_revoke(*, power: PowerOfAttorney) -> None:
    if power.revoked_at:
        return
    power.revoked_at = timezone.now()
    power.save(update_fields=["revoked_at"])
    audit_record(power.principal, AuditAction.POWER_REVOKED, target=power)
