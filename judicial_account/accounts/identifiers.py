"""Kazakhstan's individual (IIN) and business (BIN) identification numbers.

Both are 12 digits whose last digit is a check digit: the first 11 digits weighted 1..11,
summed modulo 11; if that gives 10, the weights 3..11,1,2 are used instead; if it gives 10
again the number is never issued. An IIN starts with the birth date YYMMDD and its 7th digit
gives the century and sex (1/2: 1800s, 3/4: 1900s, 5/6: 2000s; odd male, even female).
A BIN starts with the registration year and month YYMM, then the kind of entity
(4 resident legal entity, 5 non-resident, 6 joint individual business) and an attribute
(0 head office, 1 branch, 2 representative office, 3 peasant farm).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

_WEIGHTS_FIRST = tuple(range(1, 12))
_WEIGHTS_SECOND = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_CENTURY_BY_DIGIT = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}


def check_digit(first_eleven: str) -> int | None:
    """The check digit for 11 digits, or None when no valid number can end them."""
    digits = [int(c) for c in first_eleven]
    total = sum(d * w for d, w in zip(digits, _WEIGHTS_FIRST, strict=True)) % 11
    if total != 10:
        return total
    total = sum(d * w for d, w in zip(digits, _WEIGHTS_SECOND, strict=True)) % 11
    return None if total == 10 else total


def _check_shape_and_digit(value: str, kind) -> None:
    if not isinstance(value, str) or len(value) != 12 or not value.isascii() or not value.isdigit():
        raise ValidationError(
            _("%(kind)s must be exactly 12 digits."), code="format", params={"kind": kind}
        )
    if check_digit(value[:11]) != int(value[11]):
        raise ValidationError(
            _("%(kind)s %(value)s has a wrong check digit: please check it for a typo."),
            code="check_digit",
            params={"kind": kind, "value": value},
        )


def iin_birth_date(iin: str) -> dt.date | None:
    """The birth date an IIN encodes, or None if it encodes no real date."""
    century = _CENTURY_BY_DIGIT.get(iin[6])
    if century is None:
        return None
    try:
        return dt.date(century + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        return None


def validate_iin(value: str) -> None:
    _check_shape_and_digit(value, _("IIN"))
    born = iin_birth_date(value)
    if born is None or born > timezone.localdate():
        raise ValidationError(
            _("IIN %(value)s does not encode a real birth date."),
            code="birth_date",
            params={"value": value},
        )


def validate_bin(value: str) -> None:
    _check_shape_and_digit(value, _("BIN"))
    month = int(value[2:4])
    if not 1 <= month <= 12 or value[4] not in "456" or value[5] not in "0123":
        raise ValidationError(
            _("BIN %(value)s is not shaped like a business identification number."),
            code="shape",
            params={"value": value},
        )


def is_valid_iin(value: str) -> bool:
    try:
        validate_iin(value)
    except ValidationError:
        return False
    return True


def make_iin(born: dt.date, *, female: bool, serial: int) -> str:
    """Build a valid IIN for a birth date (demo data, tests). `serial` picks among the
    numbers issued that day; serials that admit no check digit are skipped."""
    century_digit = {1800: 1, 1900: 3, 2000: 5}[born.year // 100 * 100] + int(female)
    while True:
        head = f"{born:%y%m%d}{century_digit}{serial % 10000:04d}"
        digit = check_digit(head)
        if digit is not None:
            return f"{head}{digit}"
        serial += 1


def make_bin(year: int, month: int, *, serial: int, kind: int = 4, attribute: int = 0) -> str:
    """Build a valid BIN (demo data, tests)."""
    while True:
        head = f"{year % 100:02d}{month:02d}{kind}{attribute}{serial % 100000:05d}"
        digit = check_digit(head)
        if digit is not None:
            return f"{head}{digit}"
        serial += 1
