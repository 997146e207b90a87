"""Shared fixtures of the acts tests: a district court under a regional court under the
Supreme Court, a judge at each, a first-instance case between two people with accounts, and
`act_make` for an act in any state written straight to the database (for tests of what
comes after issuing; the issuing flow itself is tested through the services)."""

import secrets

import pytest
from django.utils import timezone

from acts_registry.models import Act, ActKind, ActSource, ActStatus, Outcome
from cases.models import PartyRole
from cases.services import PartyInput, case_register
from tests.factories import (
    CaseCategoryFactory,
    CourtStaffFactory,
    DistrictCourtFactory,
    UserFactory,
)


@pytest.fixture
def district_court():
    return DistrictCourtFactory()


@pytest.fixture
def regional_court(district_court):
    return district_court.parent


@pytest.fixture
def supreme_court(regional_court):
    return regional_court.parent


@pytest.fixture
def loans():
    return CaseCategoryFactory(code="loans", name_ru="Займы", name_en="Loans")


@pytest.fixture
def judge_first(district_court, loans):
    post = CourtStaffFactory(court=district_court)
    post.specialisations.set([loans])
    return post.user


@pytest.fixture
def judge_appeal(regional_court, loans):
    post = CourtStaffFactory(court=regional_court)
    post.specialisations.set([loans])
    return post.user


@pytest.fixture
def judge_cassation(supreme_court, loans):
    post = CourtStaffFactory(court=supreme_court)
    post.specialisations.set([loans])
    return post.user


@pytest.fixture
def plaintiff():
    return UserFactory()


@pytest.fixture
def defendant():
    return UserFactory()


@pytest.fixture
def first_case(district_court, loans, judge_first, plaintiff, defendant):
    return case_register(
        court=district_court,
        category=loans,
        subject="Взыскание долга по договору займа",
        amount=500000,
        filed_at=timezone.now(),
        parties=[
            PartyInput(role=PartyRole.PLAINTIFF, name=plaintiff.full_name, iin=plaintiff.iin),
            PartyInput(role=PartyRole.DEFENDANT, name=defendant.full_name, iin=defendant.iin),
        ],
    )


@pytest.fixture
def act_make(first_case):
    """act_make(status=..., **fields) → Act of `first_case` (or another case=...), with
    the snapshot filled from the case and a verification code once issued."""

    def make(*, case=None, status=ActStatus.ISSUED, **fields):
        case = case or first_case
        today = timezone.localdate()
        values = {
            "case": case,
            "source": ActSource.COURT,
            "kind": ActKind.DECISION,
            "outcome": Outcome.GRANTED,
            "awarded_amount": 500000,
            "status": status,
            "judge": case.judge,
            "title": "Решение",
            "text": (
                f"Именем Республики Казахстан. Суд, рассмотрев дело № {case.number}, "
                "решил: иск удовлетворить, взыскать сумму долга по договору займа."
            ),
            "case_number": case.number,
            "court_code": case.court.code,
            "court_name": case.court.name_ru,
            "region_code": case.court.region.code if case.court.region else "",
            "region_name": case.court.region.name_ru if case.court.region else "",
            "category_code": case.category.code,
            "category_name": case.category.name_ru,
            "instance": case.instance,
            "judge_names": case.judge.full_name if case.judge else "",
        }
        if status != ActStatus.DRAFT:
            values |= {
                "issued_at": timezone.now(),
                "issued_on": today,
                "verification_code": secrets.token_hex(6).upper(),
            }
        values |= fields
        return Act.objects.create(**values)

    return make
