import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from judicial_account.accounts.identifiers import (
    check_digit,
    iin_birth_date,
    make_bin,
    make_iin,
    validate_bin,
    validate_iin,
)
from judicial_account.registries.local import LocalRegistryBackend


def test_check_digit_uses_first_weights():
    # 1*1+2*2+...: digits 0,0,0,0,0,0,0,0,0,0,1 → 11*1 % 11 = 0
    assert check_digit("00000000001") == 0
    assert check_digit("10000000000") == 1


def test_check_digit_falls_back_to_second_weights_when_first_gives_ten():
    # first pass: digit 1 at position 10 (weight 10) → 10; second pass weight 1 → 1
    assert check_digit("00000000010") == 1


def test_check_digit_none_when_both_passes_give_ten():
    heads = [f"{n:011d}" for n in range(0, 20000)]
    impossible = [h for h in heads if check_digit(h) is None]
    assert impossible  # such heads exist and are never issued
    for head in impossible[:50]:
        with pytest.raises(ValidationError):
            validate_iin(head + "0")


def test_every_registry_iin_is_valid():
    for person in LocalRegistryBackend().people():
        validate_iin(person.iin)
        assert iin_birth_date(person.iin) == person.birth_date


def test_every_registry_bin_is_valid():
    for entity in LocalRegistryBackend().legal_entities():
        validate_bin(entity.bin)


@pytest.mark.parametrize(
    ("born", "female", "century_digit"),
    [
        (dt.date(1899, 12, 31), False, "1"),
        (dt.date(1985, 3, 14), True, "4"),
        (dt.date(2004, 2, 29), False, "5"),
        (dt.date(2010, 7, 1), True, "6"),
    ],
)
def test_made_iin_encodes_birth_date_and_century(born, female, century_digit):
    iin = make_iin(born, female=female, serial=1234)
    validate_iin(iin)
    assert iin[6] == century_digit
    assert iin_birth_date(iin) == born


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "format"),
        ("12345678901", "format"),
        ("1234567890123", "format"),
        ("85031440123a", "format"),
        ("８５０３１４４０１２３４", "format"),  # full-width digits are not ASCII digits
        (" 850314401234", "format"),
        ("991332312345", "check_digit"),
    ],
)
def test_iin_rejects_malformed(value, code):
    with pytest.raises(ValidationError) as info:
        validate_iin(value)
    assert info.value.code == code


def test_iin_rejects_wrong_check_digit():
    iin = make_iin(dt.date(1985, 3, 14), female=False, serial=77)
    wrong = iin[:11] + str((int(iin[11]) + 1) % 10)
    with pytest.raises(ValidationError) as info:
        validate_iin(wrong)
    assert info.value.code == "check_digit"


@pytest.mark.parametrize(
    "head",
    [
        "8513324",  # month 13
        "8502304",  # 30 February
        "8503147",  # century digit 7 does not exist
        "8503140",  # century digit 0
    ],
)
def test_iin_rejects_impossible_birth_date(head):
    serial = 0
    while check_digit(f"{head}{serial:04d}") is None:
        serial += 1
    value = f"{head}{serial:04d}{check_digit(f'{head}{serial:04d}')}"
    with pytest.raises(ValidationError) as info:
        validate_iin(value)
    assert info.value.code == "birth_date"


def test_iin_rejects_future_birth_date(time_machine):
    time_machine.move_to(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    iin = make_iin(dt.date(2026, 6, 1), female=False, serial=5)
    with pytest.raises(ValidationError) as info:
        validate_iin(iin)
    assert info.value.code == "birth_date"


def test_bin_valid_and_shape_checked():
    good = make_bin(2015, 6, serial=42)
    validate_bin(good)
    assert good[4] == "4"


@pytest.mark.parametrize(("month", "kind"), [(13, 4), (0, 4), (6, 7), (6, 1)])
def test_bin_rejects_bad_shape(month, kind):
    head = f"15{month:02d}{kind}0"
    serial = 0
    while check_digit(f"{head}{serial:05d}") is None:
        serial += 1
    value = f"{head}{serial:05d}{check_digit(f'{head}{serial:05d}')}"
    with pytest.raises(ValidationError) as info:
        validate_bin(value)
    assert info.value.code == "shape"


def test_validation_message_is_localised():
    from django.utils import translation

    with translation.override("ru"):
        with pytest.raises(ValidationError) as info:
            validate_iin("123")
        # Messages are lazy: they take the language active when they are read.
        message = info.value.messages[0]
    assert "12" in message
    assert "must be" not in message
