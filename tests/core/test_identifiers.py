"""IIN and BIN: check digits, lengths, impossible dates and the structure digits."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from qauipsiz.core.identifiers import check_digit, make_bin, make_iin, parse_bin, parse_iin

# Computed by hand with the published algorithm (weights 1..11, then 3..11,1,2 when the remainder is 10):
# 8·1+8·2+0·3+1·4+0·5+1·6+3·7+0·8+0·9+0·10+1·11 = 66 ≡ 0 (mod 11); 9+0+0+20+5+12+28+0+0+0+11 = 85 ≡ 8.
VALID_IINS = ["880101300010", "900512400018"]


def test_check_digit_uses_second_weights_when_first_give_ten():
    # A 1 in the 10th place weighs 10 with the first weights (remainder 10), and 1 with the second weights.
    assert check_digit("00000000010") == 1


@pytest.mark.parametrize("value", VALID_IINS)
def test_known_valid_iins(value):
    info = parse_iin(value)
    assert info.birth_date.year in (1988, 1990)


def test_iin_encodes_birth_date_and_sex():
    value = make_iin(datetime.date(2001, 9, 30), female=True, serial=42)
    info = parse_iin(value)
    assert info.birth_date == datetime.date(2001, 9, 30)
    assert info.sex == "F"
    assert value[6] == "6"


@pytest.mark.parametrize("birth", [datetime.date(1899, 12, 31), datetime.date(1965, 2, 28), datetime.date(2004, 2, 29)])
def test_generated_iins_are_valid_in_every_century(birth):
    assert parse_iin(make_iin(birth, female=False, serial=7)).birth_date == birth


def _with_wrong_check_digit(value: str) -> str:
    return value[:11] + str((int(value[11]) + 1) % 10)


@pytest.mark.parametrize(("value", "code"), [
    (_with_wrong_check_digit(VALID_IINS[0]), "checksum"),
    ("88010130001", "length"),
    ("8801013000111", "length"),
    ("88O101300011", "length"),
    ("", "length"),
    ("881301300010", "date"),  # month 13
    ("880230300010", "date"),  # 30 February
    ("880101700010", "century"),  # century digit 7 does not exist
    ("880101000010", "century"),
    ("990101500010", "date"),  # born in 2099: in the future
])
def test_invalid_iins_are_rejected_with_a_reason(value, code):
    with pytest.raises(ValidationError) as error:
        parse_iin(value)
    assert error.value.code == code


def test_bin_structure_is_decoded():
    value = make_bin(2010, 5, serial=123, entity_type="4", attribute="1")
    info = parse_bin(value)
    assert (info.registered_year, info.registered_month, info.entity_type, info.attribute) == (2010, 5, "4", "1")


@pytest.mark.parametrize(("value", "code"), [
    (_with_wrong_check_digit(make_bin(2010, 5, serial=1)), "checksum"),
    ("10054000001", "length"),
    ("101340000012", "date"),  # month 13
    ("100570000012", "entity_type"),  # entity type 7 does not exist
    ("100548000012", "attribute"),  # attribute 8 does not exist
])
def test_invalid_bins_are_rejected_with_a_reason(value, code):
    with pytest.raises(ValidationError) as error:
        parse_bin(value)
    assert error.value.code == code


def test_bin_registered_next_month_is_in_the_future():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        with pytest.raises(ValidationError) as error:
            parse_bin(make_bin(2026, 12, serial=5))
        assert error.value.code == "date"
        assert parse_bin(make_bin(2026, 11, serial=5)).registered_month == 11


def test_messages_are_translated():
    from django.utils import translation

    with translation.override("ru"):
        with pytest.raises(ValidationError) as error:
            parse_iin("123")
        assert error.value.messages == ["ИИН должен состоять ровно из 12 цифр."]
