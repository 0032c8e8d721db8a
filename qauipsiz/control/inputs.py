"""Input types of production control's API that state in the schema what the server enforces: text without NUL
(PostgreSQL cannot store it; the forms refuse it), required text that is not blank once stripped (as the forms strip
it), and dates written as dates (pydantic's lax mode would read a number as seconds since 1970)."""

import datetime
from typing import Annotated

from django import forms
from django.core import validators
from ninja import Field
from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

from qauipsiz.core.api import NO_NUL, NOT_BLANK


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise PydanticCustomError("null_characters", str(validators.ProhibitNullCharactersValidator.message))
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", str(forms.Field.default_error_messages["required"]))
    return value


def _a_date_in_words(value):
    if isinstance(value, int | float):
        raise PydanticCustomError("date_type", "Input should be a valid date in the format YYYY-MM-DD")
    return value


def text_type(max_length: int, *, required: bool = False):
    """Text of at most `max_length` characters and no NUL; `required`: at least one character that is not a space."""
    if not required:
        return Annotated[str, Field(max_length=max_length, json_schema_extra={"pattern": NO_NUL}),
                         AfterValidator(_no_nul)]
    return Annotated[str, Field(min_length=1, max_length=max_length, json_schema_extra={"pattern": NOT_BLANK}),
                     AfterValidator(_no_nul), AfterValidator(_not_blank)]


Day = Annotated[datetime.date, BeforeValidator(_a_date_in_words)]
