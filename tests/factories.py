import datetime as dt

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import CaseCategory, Court, CourtLevel, CourtStaff, Position, Region
from judicial_account.accounts.identifiers import make_bin, make_iin
from judicial_account.accounts.models import EntityOfficer, LegalEntity, Role, User

PASSWORD = "Correct-Horse-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("iin",)
        skip_postgeneration_save = True

    # Birth dates cycle through 1950-2019 so a long session never reaches the future (an
    # IIN with a future birth date is invalid); the serial keeps each number unique.
    iin = factory.Sequence(
        lambda n: make_iin(
            dt.date(1950, 1, 1) + dt.timedelta(days=(n * 37) % (70 * 365)),
            female=n % 2 == 1,
            serial=1000 + n,
        )
    )
    last_name = factory.Faker("last_name", locale="ru_RU")
    first_name = factory.Faker("first_name", locale="ru_RU")
    middle_name = factory.Faker("middle_name", locale="ru_RU")
    phone = factory.Sequence(lambda n: f"+7701{n:07d}")
    role = Role.LITIGANT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class JudgeFactory(UserFactory):
    role = Role.JUDGE


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(JudgeFactory)
    name = "authenticator"
    confirmed = True


class LegalEntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalEntity

    bin = factory.Sequence(lambda n: make_bin(2010, 1 + n % 12, serial=500 + n))
    name = factory.Sequence(lambda n: f"ТОО «Компания {n}»")


class EntityOfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntityOfficer

    entity = factory.SubFactory(LegalEntityFactory)
    user = factory.SubFactory(UserFactory)
    position = "Директор"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"region-{n}")
    name_ru = factory.Sequence(lambda n: f"Область {n}")
    name_kk = factory.Sequence(lambda n: f"{n} облысы")
    name_en = factory.Sequence(lambda n: f"Region {n}")


class CaseCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseCategory
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"category-{n}")
    name_ru = factory.Sequence(lambda n: f"Категория {n}")


class SupremeCourtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Court
        django_get_or_create = ("code",)

    code = "SC"
    level = CourtLevel.SUPREME
    name_ru = "Верховный Суд"
    name_en = "Supreme Court"


class RegionalCourtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Court

    code = factory.Sequence(lambda n: f"R{n}")
    level = CourtLevel.REGIONAL
    region = factory.SubFactory(RegionFactory)
    parent = factory.SubFactory(SupremeCourtFactory)
    name_ru = factory.Sequence(lambda n: f"Областной суд {n}")


class DistrictCourtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Court

    code = factory.Sequence(lambda n: f"D{n}")
    level = CourtLevel.DISTRICT
    parent = factory.SubFactory(RegionalCourtFactory)
    region = factory.SelfAttribute("parent.region")
    name_ru = factory.Sequence(lambda n: f"Районный суд №{n}")
    name_kk = factory.Sequence(lambda n: f"№{n} аудандық сот")
    name_en = factory.Sequence(lambda n: f"District Court No. {n}")


class CourtStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourtStaff

    court = factory.SubFactory(DistrictCourtFactory)
    user = factory.SubFactory(JudgeFactory)
    position = Position.JUDGE
