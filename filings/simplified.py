"""When a claim may go to simplified (written) proceedings: decided on the documents,
without a hearing. Kept as data: the categories of undisputed money claims, and the
amount limits in MCI by applicant (CPC RK, chapter 12; the limits must be confirmed by a
lawyer of the court before production use)."""

from decimal import Decimal

from django.utils import timezone

from filings.fees import mci_for
from filings.models import ApplicantKind

CATEGORIES = {"loans", "contracts", "consumer"}
MCI_LIMIT = {ApplicantKind.INDIVIDUAL: Decimal(1000), ApplicantKind.LEGAL_ENTITY: Decimal(2000)}


def simplified_allowed(
    *, category_code: str | None, amount: Decimal | None, applicant: str
) -> bool:
    if category_code not in CATEGORIES or amount is None:
        return False
    return amount <= MCI_LIMIT[applicant] * mci_for(timezone.localdate().year)
