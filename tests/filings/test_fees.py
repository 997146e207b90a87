import datetime as dt
from decimal import Decimal

import pytest

from filings.fees import FeeUnknown, fee_quote

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fee_table")]
DAY = dt.date(2026, 3, 2)


@pytest.mark.parametrize(
    ("kind", "category", "applicant", "amount", "fee"),
    [
        ("claim", "loans", "individual", Decimal("1500000"), Decimal("15000.00")),
        ("claim", "loans", "legal_entity", Decimal("1500000"), Decimal("45000.00")),
        ("claim", "loans", "individual", Decimal("333.33"), Decimal("3.33")),
        ("claim", "property", "individual", None, Decimal("2162.50")),  # 0.5 MCI of 2026
        ("claim", "property", "legal_entity", None, Decimal("21625.00")),  # 5 MCI
        ("appeal", "loans", "individual", Decimal("1000000"), Decimal("5000.00")),
        ("cassation", "loans", "legal_entity", Decimal("1000000"), Decimal("15000.00")),
        ("claim", "alimony", "individual", Decimal("900000"), Decimal("0.00")),
        ("claim", "labour", "individual", Decimal("500000"), Decimal("0.00")),
        ("claim", "labour", "legal_entity", Decimal("500000"), Decimal("15000.00")),
        ("claim", "consumer", "individual", None, Decimal("0.00")),
    ],
)
def test_fee_table(kind, category, applicant, amount, fee):
    quote = fee_quote(kind=kind, category_code=category, applicant=applicant, amount=amount, on=DAY)
    assert quote.amount == fee
    assert quote.legal_basis.startswith("Tax Code of the RK")


def test_mci_of_the_year_is_used():
    old = fee_quote(
        kind="claim", category_code="x", applicant="individual", amount=None, on=dt.date(2024, 6, 1)
    )
    assert old.amount == Decimal("1846.00")  # 0.5 × 3,692
    assert "3692" in old.basis


def test_missing_year_is_an_explicit_error():
    with pytest.raises(FeeUnknown):
        fee_quote(
            kind="claim",
            category_code="x",
            applicant="individual",
            amount=None,
            on=dt.date(2031, 1, 1),
        )


def test_unknown_kind_is_an_explicit_error():
    with pytest.raises(FeeUnknown):
        fee_quote(
            kind="nonsense", category_code="x", applicant="individual", amount=Decimal(1), on=DAY
        )
