"""The state-fee table as it stands in the law. Loaded by a data migration and, for a
database that lost it (tests that truncate tables), by `fee_table_load()`; admins add rows
when the law changes (rows are never edited in place, a new one takes effect instead).

Rates follow art. 610 and exemptions art. 616 of the Tax Code of the Republic of
Kazakhstan; the MCI values follow the annual republican budget laws. The court's finance
department must confirm them against the code in force before production use: the Tax
Code was re-adopted with effect from 2026-01-01, which is why rows carry dates."""

import datetime as dt
from decimal import Decimal

FROM = dt.date(2018, 1, 1)
ART_610 = "Tax Code of the RK, art. 610 para. 1"
ART_616 = "Tax Code of the RK, art. 616"

RATES = [
    # kind, claim type, applicant, percent, MCI multiple, legal basis
    ("claim", "property", "individual", "1", None, f"{ART_610} subpara. 1"),
    ("claim", "property", "legal_entity", "3", None, f"{ART_610} subpara. 1"),
    ("claim", "non_property", "individual", None, "0.5", f"{ART_610} subpara. 2"),
    ("claim", "non_property", "legal_entity", None, "5", f"{ART_610} subpara. 2"),
    ("counterclaim", "property", "individual", "1", None, f"{ART_610} subpara. 1"),
    ("counterclaim", "property", "legal_entity", "3", None, f"{ART_610} subpara. 1"),
    ("counterclaim", "non_property", "individual", None, "0.5", f"{ART_610} subpara. 2"),
    ("counterclaim", "non_property", "legal_entity", None, "5", f"{ART_610} subpara. 2"),
    # Appeals and cassation: 50% of the rate payable on the claim.
    ("appeal", "property", "individual", "0.5", None, f"{ART_610} subpara. 8"),
    ("appeal", "property", "legal_entity", "1.5", None, f"{ART_610} subpara. 8"),
    ("appeal", "non_property", "individual", None, "0.25", f"{ART_610} subpara. 8"),
    ("appeal", "non_property", "legal_entity", None, "2.5", f"{ART_610} subpara. 8"),
    ("cassation", "property", "individual", "0.5", None, f"{ART_610} subpara. 8"),
    ("cassation", "property", "legal_entity", "1.5", None, f"{ART_610} subpara. 8"),
    ("cassation", "non_property", "individual", None, "0.25", f"{ART_610} subpara. 8"),
    ("cassation", "non_property", "legal_entity", None, "2.5", f"{ART_610} subpara. 8"),
]

EXEMPTIONS = [
    ("alimony", "", "claims for alimony", f"{ART_616} para. 1"),
    (
        "labour",
        "individual",
        "employees' claims arising from labour relations",
        f"{ART_616} para. 1",
    ),
    (
        "consumer",
        "individual",
        "consumers' claims for the protection of their rights",
        f"{ART_616} para. 1",
    ),
]

MCI = [
    (2023, "3450", "Law on the republican budget for 2023-2025"),
    (2024, "3692", "Law on the republican budget for 2024-2026"),
    (2025, "3932", "Law on the republican budget for 2025-2027"),
    (2026, "4325", "Law on the republican budget for 2026-2028"),
]


def fee_table_load(FeeRate=None, FeeExemption=None, Mci=None) -> None:  # noqa: N803
    """Load the table unless it is there (model classes may be the migration's)."""
    if FeeRate is None:
        from filings.models import FeeExemption, FeeRate
        from filings.models import MonthlyCalculationIndex as Mci
    if FeeRate.objects.exists():
        return
    for kind, claim_type, applicant, percent, multiple, basis in RATES:
        FeeRate.objects.create(
            kind=kind,
            claim_type=claim_type,
            applicant=applicant,
            percent=Decimal(percent) if percent else None,
            mci_multiple=Decimal(multiple) if multiple else None,
            effective_from=FROM,
            legal_basis=basis,
        )
    for category, applicant, reason, basis in EXEMPTIONS:
        FeeExemption.objects.create(
            category_code=category,
            applicant=applicant,
            reason=reason,
            effective_from=FROM,
            legal_basis=basis,
        )
    for year, amount, basis in MCI:
        Mci.objects.create(year=year, amount=Decimal(amount), legal_basis=basis)
