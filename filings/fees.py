"""The state fee for a filing, from the rate table (FeeRate), the MCI of the year and the
exemptions, all kept as data. The quote says how it was computed, in words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from filings.models import ApplicantKind, ClaimType, FeeExemption, FeeRate, MonthlyCalculationIndex

CENT = Decimal("0.01")


class FeeUnknown(Exception):
    """No rate in force for this filing on that date: the table needs a row."""


@dataclass(frozen=True)
class FeeQuote:
    amount: Decimal
    basis: str
    legal_basis: str
    exempt: bool = False


def _in_force(qs, on: dt.date):
    return qs.filter(effective_from__lte=on).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=on)
    )


def mci_for(year: int) -> Decimal:
    value = MonthlyCalculationIndex.objects.filter(year=year).first()
    if value is None:
        raise FeeUnknown(f"No MCI value for {year}")
    return value.amount


def fee_quote(
    *, kind: str, category_code: str, applicant: str, amount: Decimal | None, on: dt.date
) -> FeeQuote:
    """The fee for filing `kind` in `category_code` by an `applicant` (individual or legal
    entity) claiming `amount` (None for a non-property claim) on date `on`."""
    exemption = (
        _in_force(FeeExemption.objects.filter(category_code=category_code), on)
        .filter(Q(applicant="") | Q(applicant=applicant))
        .first()
    )
    if exemption is not None:
        return FeeQuote(
            Decimal("0.00"),
            _("Exempt: %(reason)s") % {"reason": exemption.reason},
            exemption.legal_basis,
            exempt=True,
        )
    claim_type = ClaimType.PROPERTY if amount is not None else ClaimType.NON_PROPERTY
    rate = (
        _in_force(FeeRate.objects.filter(kind=kind, claim_type=claim_type, applicant=applicant), on)
        .order_by("-effective_from")
        .first()
    )
    if rate is None:
        raise FeeUnknown(f"No fee rate for {kind}/{claim_type}/{applicant} on {on}")
    if rate.percent is not None:
        fee = (amount * rate.percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
        basis = _("%(percent)s%% of the amount claimed") % {"percent": rate.percent.normalize()}
    else:
        mci = mci_for(on.year)
        fee = (mci * rate.mci_multiple).quantize(CENT, rounding=ROUND_HALF_UP)
        basis = _("%(multiple)s MCI (%(mci)s KZT in %(year)s)") % {
            "multiple": rate.mci_multiple.normalize(),
            "mci": mci.normalize(),
            "year": on.year,
        }
    return FeeQuote(fee, basis, rate.legal_basis)


def applicant_kind(filing) -> str:
    return ApplicantKind.LEGAL_ENTITY if filing.on_behalf_of_id else ApplicantKind.INDIVIDUAL
