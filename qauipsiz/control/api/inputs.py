"""The input types production control's endpoints share, each stating in the schema what the server enforces (issue 10
item 8): ids in the databases' range (`core.api.RecordId`), texts without NUL (PostgreSQL cannot store it) and, when
required, not blank once stripped (`core.api.NO_NUL`, `NOT_BLANK`), dates and moments in the years a record is dated,
pages of a list in the bounds the database takes. What one field's schema cannot say (a person of the organisation, a
moment not in the future) stays the services', answered 422 by field."""

import datetime
from typing import Annotated

from django import forms
from django.core import validators
from ninja import Field
from pydantic import AfterValidator, AwareDatetime, BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from qauipsiz.core.api import MAX_ID, MAX_LIMIT, NO_NUL, NOT_BLANK

FIRST_YEAR, LAST_YEAR = 1900, 9000
# The year a date or moment begins with, as the schema states the range (the permits' pattern, 344).
YEARS_PATTERN = r"^(19[0-9]{2}|[2-8][0-9]{3}|9000)-"


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store NUL in text: refused here, as Django's form fields refuse it, instead of a 500.
    if "\x00" in value:
        raise PydanticCustomError("null_characters", str(validators.ProhibitNullCharactersValidator.message))
    return value


def _not_blank(value: str) -> str:
    # Required text is refused when it is only spaces, as the services (which strip) refuse it.
    if not value.strip():
        raise PydanticCustomError("blank", str(forms.Field.default_error_messages["required"]))
    return value


def text(max_length: int, *, required: bool = False):
    """Text of at most `max_length` characters without NUL; `required`: at least one character other than space."""
    if not required:
        return Annotated[str, Field(max_length=max_length, json_schema_extra={"pattern": NO_NUL}),
                         AfterValidator(_no_nul)]
    return Annotated[str, Field(min_length=1, max_length=max_length, json_schema_extra={"pattern": NOT_BLANK}),
                     AfterValidator(_no_nul), AfterValidator(_not_blank)]


def _in_words(value):
    # Pydantic's lax mode reads a number as seconds since 1970: a date is written as the schema says, "2026-11-23".
    if isinstance(value, int | float):
        raise PydanticCustomError("date_type", "Input should be a valid date in the format YYYY-MM-DD")
    return value


def _in_years(value):
    # Far-off years overflow when moved to UTC or the local zone, or a day on (a 500); no record is dated outside.
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise PydanticCustomError("date_range", str(forms.DateField.default_error_messages["invalid"]))
    return value


Day = Annotated[datetime.date, BeforeValidator(_in_words), AfterValidator(_in_years),
                WithJsonSchema({"type": "string", "format": "date", "pattern": YEARS_PATTERN})]
# A moment with its offset, as RFC 3339 (the schema's date-time) writes it.
Moment = Annotated[AwareDatetime, BeforeValidator(_in_words), AfterValidator(_in_years),
                   WithJsonSchema({"type": "string", "format": "date-time", "pattern": YEARS_PATTERN})]
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Field(ge=0, le=MAX_ID)]
Search = text(200)
