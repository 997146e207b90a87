import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from cases.models import Court, CourtLevel
from tests.factories import DistrictCourtFactory, RegionalCourtFactory, SupremeCourtFactory

pytestmark = pytest.mark.django_db


def test_district_court_appeals_go_up_two_levels():
    district = DistrictCourtFactory()
    assert district.parent.level == CourtLevel.REGIONAL
    assert district.parent.parent.level == CourtLevel.SUPREME
    district.full_clean()


def test_district_court_needs_regional_parent():
    court = Court(code="X1", level=CourtLevel.DISTRICT, parent=SupremeCourtFactory(), name_ru="X")
    with pytest.raises(ValidationError) as error:
        court.full_clean()
    assert "parent" in error.value.message_dict


def test_supreme_court_cannot_have_parent_even_bypassing_validation():
    regional = RegionalCourtFactory()
    with pytest.raises(IntegrityError):
        Court.objects.create(code="SC2", level=CourtLevel.SUPREME, parent=regional, name_ru="X")


def test_name_follows_active_language_with_russian_fallback():
    court = DistrictCourtFactory(name_ru="Районный суд", name_kk="Аудандық сот", name_en="")
    with translation.override("kk"):
        assert court.name == "Аудандық сот"
    with translation.override("en"):
        assert court.name == "Районный суд"
