import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from judicial_account import registries
from judicial_account.accounts.identifiers import make_iin
from judicial_account.accounts.models import Role, User
from judicial_account.accounts.services import normalise_phone, user_register
from judicial_account.audit.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "Sunny-Steppe-2026"


def person_with_phone(index: int = 0):
    people = [p for p in registries.backend().people() if registries.mobile_number_lookup(p.iin)]
    return people[-1 - index]


def person_without_phone():
    return next(
        p for p in registries.backend().people() if not registries.mobile_number_lookup(p.iin)
    )


def test_registration_takes_name_from_registry_and_is_audited():
    person = person_with_phone()
    phone = registries.mobile_number_lookup(person.iin)
    user = user_register(iin=person.iin, password=GOOD_PASSWORD, phone=phone, language="kk")
    assert (user.last_name, user.first_name) == (person.last_name, person.first_name)
    assert user.role == Role.LITIGANT
    assert user.language == "kk"
    assert user.check_password(GOOD_PASSWORD)
    assert AuditEntry.objects.filter(action="account.registered", actor=user).count() == 1


@pytest.mark.parametrize(
    "spelling",
    ["+7 {a} {b}", "8 ({a}) {b}", "7{a}{b}", "{a}{b}", "+7-{a}-{b}"],
)
def test_phone_accepted_in_common_spellings(spelling):
    person = person_with_phone(1)
    phone = registries.mobile_number_lookup(person.iin)
    typed = spelling.format(a=phone[2:5], b=phone[5:])
    assert normalise_phone(typed) == phone


def test_unknown_person_refused_and_nothing_saved():
    unknown = make_iin(dt.date(1985, 3, 14), female=False, serial=4321)
    assert registries.person_lookup(unknown) is None
    with pytest.raises(ValidationError) as error:
        user_register(iin=unknown, password=GOOD_PASSWORD, phone="+77010000000")
    assert "iin" in error.value.message_dict
    assert not User.objects.exists()


def test_invalid_iin_refused():
    with pytest.raises(ValidationError) as error:
        user_register(iin="123", password=GOOD_PASSWORD, phone="+77010000000")
    assert "iin" in error.value.message_dict
    assert not User.objects.exists()


def test_phone_must_match_mobile_registry():
    person = person_with_phone(2)
    with pytest.raises(ValidationError) as error:
        user_register(iin=person.iin, password=GOOD_PASSWORD, phone="+77779999999")
    assert "phone" in error.value.message_dict
    assert not User.objects.filter(iin=person.iin).exists()


def test_person_without_registered_phone_is_told_why():
    person = person_without_phone()
    with pytest.raises(ValidationError) as error:
        user_register(iin=person.iin, password=GOOD_PASSWORD, phone="+77010000000")
    assert "phone" in error.value.message_dict


def test_weak_password_refused_without_saving():
    person = person_with_phone(3)
    phone = registries.mobile_number_lookup(person.iin)
    with pytest.raises(ValidationError) as error:
        user_register(iin=person.iin, password="1234567890", phone=phone)
    assert "password" in error.value.message_dict
    assert not User.objects.filter(iin=person.iin).exists()
    assert not AuditEntry.objects.exists()


def test_second_registration_for_same_iin_refused():
    person = person_with_phone(4)
    UserFactory(iin=person.iin)
    with pytest.raises(ValidationError) as error:
        user_register(
            iin=person.iin,
            password=GOOD_PASSWORD,
            phone=registries.mobile_number_lookup(person.iin),
        )
    assert "iin" in error.value.message_dict


def test_representative_needs_licence():
    user = UserFactory.build(role=Role.REPRESENTATIVE, licence_number="")
    with pytest.raises(ValidationError) as error:
        user.full_clean()
    assert "licence_number" in error.value.message_dict
