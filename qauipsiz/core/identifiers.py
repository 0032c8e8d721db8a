"""Kazakhstan's 12-digit identification numbers: IIN (individuals) and BIN (legal entities).

Both end in a check digit computed the same way: the first eleven digits weighted 1..11 modulo 11; when that gives 10,
the weights 3..11,1,2 are tried; when that gives 10 as well the number cannot exist.

IIN: YYMMDD (birth date), then the century-and-sex digit (1/2: 1800s, 3/4: 1900s, 5/6: 2000s; odd male, even female),
four digits of the registration office, the check digit.
BIN: YYMM (registration year and month), the entity-type digit (4 resident legal entity, 5 non-resident legal entity,
6 individual entrepreneur in joint form), the attribute digit (0 head office, 1 branch, 2 representative office,
3 peasant farm, 4 joint entrepreneurship), a five-digit serial, the check digit.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

_WEIGHTS_FIRST = tuple(range(1, 12))
_WEIGHTS_SECOND = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)

_IIN_CENTURY = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}
BIN_ENTITY_TYPES = {
    "4": _("resident legal entity"),
    "5": _("non-resident legal entity"),
    "6": _("joint individual entrepreneurship"),
}
BIN_ATTRIBUTES = {
    "0": _("head office"),
    "1": _("branch"),
    "2": _("representative office"),
    "3": _("peasant (farm) enterprise"),
    "4": _("joint entrepreneurship"),
}


def check_digit(first_eleven: str) -> int | None:
    """Return the check digit for eleven digits, or None when no valid number can have them."""
    digits = [int(c) for c in first_eleven]
    for weights in (_WEIGHTS_FIRST, _WEIGHTS_SECOND):
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if remainder != 10:
            return remainder
    return None


def _require_twelve_digits(value: str, label) -> str:
    value = (value or "").strip()
    if len(value) != 12 or not value.isdigit():
        raise ValidationError(_("%(label)s must be exactly 12 digits."), code="length", params={"label": label})
    return value


def _require_check_digit(value: str, label) -> None:
    expected = check_digit(value[:11])
    if expected is None or expected != int(value[11]):
        raise ValidationError(
            _("%(label)s %(value)s has a wrong check digit."), code="checksum", params={"label": label, "value": value}
        )


@dataclass(frozen=True)
class IinInfo:
    birth_date: datetime.date
    sex: str  # "M" or "F"


def parse_iin(value: str) -> IinInfo:
    """Validate an IIN and return what it encodes; raise ValidationError with the reason otherwise."""
    label = _("IIN")
    value = _require_twelve_digits(value, label)
    century = _IIN_CENTURY.get(value[6])
    if century is None:
        raise ValidationError(
            _("The 7th digit of an IIN (century and sex) must be 1 to 6, not %(digit)s."),
            code="century",
            params={"digit": value[6]},
        )
    try:
        birth = datetime.date(century + int(value[0:2]), int(value[2:4]), int(value[4:6]))
    except ValueError:
        raise ValidationError(
            _("The IIN %(value)s begins with an impossible birth date."), code="date", params={"value": value}
        ) from None
    if birth > timezone.localdate():
        raise ValidationError(_("The IIN %(value)s has a birth date in the future."), code="date", params={"value": value})
    _require_check_digit(value, label)
    return IinInfo(birth_date=birth, sex="M" if int(value[6]) % 2 else "F")


@dataclass(frozen=True)
class BinInfo:
    registered_year: int
    registered_month: int
    entity_type: str
    attribute: str


def parse_bin(value: str) -> BinInfo:
    """Validate a BIN and return what it encodes; raise ValidationError with the reason otherwise."""
    label = _("BIN")
    value = _require_twelve_digits(value, label)
    month = int(value[2:4])
    if not 1 <= month <= 12:
        raise ValidationError(
            _("The BIN %(value)s has an impossible registration month."), code="date", params={"value": value}
        )
    if value[4] not in BIN_ENTITY_TYPES:
        raise ValidationError(
            _("The 5th digit of a BIN (entity type) must be 4, 5 or 6, not %(digit)s."),
            code="entity_type",
            params={"digit": value[4]},
        )
    if value[5] not in BIN_ATTRIBUTES:
        raise ValidationError(
            _("The 6th digit of a BIN (head office, branch, ...) must be 0 to 4, not %(digit)s."),
            code="attribute",
            params={"digit": value[5]},
        )
    today = timezone.localdate()
    yy = int(value[0:2])
    year = 2000 + yy if 2000 + yy <= today.year else 1900 + yy
    if (year, month) > (today.year, today.month):
        raise ValidationError(
            _("The BIN %(value)s has a registration date in the future."), code="date", params={"value": value}
        )
    _require_check_digit(value, label)
    return BinInfo(registered_year=year, registered_month=month, entity_type=value[4], attribute=value[5])


def validate_iin(value: str) -> None:
    parse_iin(value)


def validate_bin(value: str) -> None:
    parse_bin(value)


def make_iin(birth: datetime.date, *, female: bool, serial: int) -> str:
    """Build a valid IIN (for the demo data and tests); skips serials whose check digit cannot exist."""
    century_digit = {1800: 1, 1900: 3, 2000: 5}[birth.year // 100 * 100] + (1 if female else 0)
    while True:
        first = f"{birth:%y%m%d}{century_digit}{serial % 10000:04d}"
        digit = check_digit(first)
        if digit is not None:
            return f"{first}{digit}"
        serial += 1


def make_bin(year: int, month: int, *, serial: int, entity_type: str = "4", attribute: str = "0") -> str:
    """Build a valid BIN (for the demo data and tests)."""
    while True:
        first = f"{year % 100:02d}{month:02d}{entity_type}{attribute}{serial % 100000:05d}"
        digit = check_digit(first)
        if digit is not None:
            return f"{first}{digit}"
        serial += 1
