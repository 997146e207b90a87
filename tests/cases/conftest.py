import pytest
from django.utils import timezone

from cases.models import PartyRole
from cases.services import PartyInput, case_register
from tests.factories import (
    CaseCategoryFactory,
    CourtStaffFactory,
    DistrictCourtFactory,
    JudgeFactory,
    LegalEntityFactory,
    UserFactory,
)


@pytest.fixture
def court():
    return DistrictCourtFactory()


@pytest.fixture
def category():
    return CaseCategoryFactory(code="loans", name_ru="Займы")


@pytest.fixture
def judges(court, category):
    """Three serving judges: two specialised in loans, one in something else."""
    other = CaseCategoryFactory(code="family", name_ru="Семья")
    posts = [CourtStaffFactory(court=court, user=JudgeFactory()) for _ in range(3)]
    posts[0].specialisations.set([category])
    posts[1].specialisations.set([category])
    posts[2].specialisations.set([other])
    return [p.user for p in posts]


@pytest.fixture
def register(court, category, judges):
    """register(plaintiff=user, defendant=user_or_entity, **kwargs) → Case."""

    def make(*, plaintiff=None, defendant=None, **kwargs):
        plaintiff = plaintiff or UserFactory()
        defendant = defendant or LegalEntityFactory()
        defendant_input = (
            PartyInput(role=PartyRole.DEFENDANT, name=defendant.name, bin=defendant.bin)
            if hasattr(defendant, "bin")
            else PartyInput(role=PartyRole.DEFENDANT, name=defendant.full_name, iin=defendant.iin)
        )
        options = {
            "court": court,
            "category": category,
            "subject": "Взыскание долга",
            "amount": 100000,
            "filed_at": timezone.now(),
            **kwargs,
        }
        return case_register(
            parties=[
                PartyInput(role=PartyRole.PLAINTIFF, name=plaintiff.full_name, iin=plaintiff.iin),
                defendant_input,
            ],
            **options,
        )

    return make
