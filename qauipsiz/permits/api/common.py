"""What the permit endpoints share: the router, the input types, the error maps, finding records and references,
signatures in the body, and `permit_action`, the plumbing of every act of a permit.
"""

import datetime
import math
import re
from decimal import Decimal
from typing import Annotated, Any

from django import forms
from django.core import validators
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import translation
from ninja import Field, Router, Schema
from pydantic import AfterValidator, AwareDatetime, BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import organisations_for
from qauipsiz.acts.idempotency import HEADER, IdempotencyKey, idempotent  # noqa: F401 - the endpoints import them from here
from qauipsiz.core.api import NO_NUL, NOT_BLANK, ErrorOut, RecordId
from qauipsiz.ledger.api import SignatureIn

from .. import gatekeeper
from ..acts import Act
from ..models import Permit, WorkType
from .schemas import PermitOut, permit_body

router = Router(tags=["permits"])


def untranslated(act: Act) -> str:
    """The act's name as written in the code: the schema must not depend on the language active at import."""
    with translation.override(None):
        return str(act.label)


# --- input types ---------------------------------------------------------------------------------------------------

def _no_null_characters(value: str) -> str:
    # PostgreSQL cannot store NUL in text: refused here, as Django's form fields refuse it, instead of a 500.
    if "\x00" in value:
        raise PydanticCustomError("null_characters", str(validators.ProhibitNullCharactersValidator.message))
    return value


def _not_blank(value: str) -> str:
    # Required text is refused when it is only spaces, as Django's form fields (which strip) refuse it on the pages.
    if not value.strip():
        raise PydanticCustomError("blank", str(forms.Field.default_error_messages["required"]))
    return value


def text_type(max_length: int, min_length: int = 0):
    """Text of at most `max_length` characters and no NUL; with `min_length` 1 or more it is required, and white space
    alone is refused. The schema says both with the register's patterns (`core.api.NO_NUL`, `NOT_BLANK`)."""
    if min_length < 1:
        return Annotated[str, Field(min_length=min_length, max_length=max_length, json_schema_extra={"pattern": NO_NUL}),
                         AfterValidator(_no_null_characters)]
    return Annotated[str, Field(min_length=min_length, max_length=max_length, json_schema_extra={"pattern": NOT_BLANK}),
                     AfterValidator(_no_null_characters), AfterValidator(_not_blank)]


ShortText = text_type(300)
Text = text_type(10_000)
Place = text_type(500, min_length=1)
FIRST_YEAR, LAST_YEAR = 1900, 9000


def _reasonable_moment(value):
    # Far-off years overflow when moved to UTC or the local zone (a 500); no permit is dated outside these.
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise PydanticCustomError("date_range", str(forms.DateField.default_error_messages["invalid"]))
    return value


# The same range as the schema states it: the year a date or moment begins with (issue 10 item 8).
YEARS_PATTERN = r"^(19[0-9]{2}|[2-8][0-9]{3}|9000)-"
Moment = Annotated[AwareDatetime, AfterValidator(_reasonable_moment), WithJsonSchema(
    {"type": "string", "format": "date-time", "pattern": YEARS_PATTERN})]
Day = Annotated[datetime.date, AfterValidator(_reasonable_moment), WithJsonSchema(
    {"type": "string", "format": "date", "pattern": YEARS_PATTERN})]
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
# A measured value: at most 12 digits, 4 of them after the point; as text, digits with a point (no exponent).
QUANTITY_PATTERN = r"^[+-]?[0-9]{1,8}(\.[0-9]{1,4})?$"


def _quantity_text(value):
    if isinstance(value, str) and not re.match(QUANTITY_PATTERN, value):
        raise PydanticCustomError("decimal_parsing", str(forms.DecimalField.default_error_messages["invalid"]))
    if isinstance(value, float) and math.isfinite(value) and abs(value) < 1e8:
        # A JSON number is a binary fraction (0.1 is 0.1000000000000000055...): kept to the 4 places the schema
        # states, as the page's form keeps what is typed.
        return Decimal(repr(value)).quantize(Decimal("0.0001"))
    return value


Quantity = Annotated[Decimal, Field(max_digits=12, decimal_places=4, allow_inf_nan=False),
                     BeforeValidator(_quantity_text), WithJsonSchema({"anyOf": [
                         {"type": "number", "exclusiveMinimum": -1e8, "exclusiveMaximum": 1e8},
                         {"type": "string", "pattern": QUANTITY_PATTERN}]})]
Ids = Annotated[list[RecordId], Field(max_length=100)]


READ_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {**READ_ERRORS, 409: ErrorOut}
PERMIT_ACTION = {200: PermitOut, **WRITE_ERRORS}


# --- finding records -----------------------------------------------------------------------------------------------

def find_permit(request, record_id: int) -> Permit:
    return get_object_or_404(gatekeeper.visible_permits(request.auth), pk=record_id)


def invalid_choice() -> str:
    return str(forms.ModelChoiceField.default_error_messages["invalid_choice"])


class References:
    """Ids from a body turned into records of one organisation; every unknown or foreign id is a 422 on its field.

    Ids are looked up only inside the organisation, so a refusal says nothing about another organisation's records.
    """

    def __init__(self, organisation_id: int):
        self.organisation_id = organisation_id
        self.errors: dict[str, list[str]] = {}

    def _queryset(self, model):
        if model is WorkType:
            return model.objects.filter(Q(organisation=self.organisation_id) | Q(organisation__isnull=True))
        return model._default_manager.filter(organisation=self.organisation_id)

    def one(self, field: str, model, pk: int | None):
        if pk is None:
            return None
        found = self._queryset(model).filter(pk=pk).first()
        if found is None:
            self.errors.setdefault(field, []).append(invalid_choice())
        return found

    def many(self, field: str, model, pks) -> list:
        if pks is None:
            return None
        wanted = list(dict.fromkeys(pks))
        found = {obj.pk: obj for obj in self._queryset(model).filter(pk__in=wanted)}
        if len(found) != len(wanted):
            self.errors.setdefault(field, []).append(invalid_choice())
        return [found[pk] for pk in wanted if pk in found]

    def check(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def organisation_for_new(request, organisation_id: int | None, model, message: str) -> int:
    """The organisation a new record goes into: the one named, else the caller's own; 403 unless the caller may add
    such records there (checked before any reference is looked up)."""
    if organisation_id is None:
        person = gatekeeper.person_of(request.auth)
        if person is None:
            raise ValidationError({"organisation": [str(forms.Field.default_error_messages["required"])]})
        organisation_id = person.organisation_id
    if not organisations_for(request.auth, Action.ADD, model).filter(pk=organisation_id).exists():
        raise PermissionDenied(message)
    return organisation_id


def credentials_of(signature: SignatureIn | None, field: str) -> dict:
    """The keyword arguments the services pass to `sign`; a malformed signature is a 422 on its field."""
    if signature is None:
        return {}
    try:
        return signature.credentials()
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None


def page_of(queryset, limit: int, offset: int) -> tuple[int, list]:
    return queryset.count(), list(queryset[offset:offset + limit])


def permit_action(request, record_id: int, key: str | None, call) -> Any:
    """Find the permit (404 unless visible), run the one service, answer the permit as it now is."""
    def work():
        permit = find_permit(request, record_id)
        call(permit)
        return 200, permit_body(request.auth, permit.pk)
    return idempotent(request, key, work)


class SignedIn(Schema):
    signature: SignatureIn


class CosignedIn(Schema):
    signature: SignatureIn
    cosignature: SignatureIn | None = Field(None, description="The work performer's (the crew member's for a briefing).")


def signed(request, payload) -> dict:
    return {"by": request.auth, "credentials": credentials_of(payload.signature, "signature")}


def cosigned(request, payload) -> dict:
    return {**signed(request, payload), "performer_credentials": credentials_of(payload.cosignature, "cosignature")}


def permit_operation(path: str, act: Act, name: str):
    return router.post(path, response=PERMIT_ACTION, operation_id=f"permits_{name}", summary=untranslated(act))
