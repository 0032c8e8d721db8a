"""API routes for every register type, built from the resource descriptions in `resources.py`.

Per type: list (with the list page's filters, paginated), read, create, partial update, deactivate and reactivate.
Input goes through the same form as the page and then the same service, so the API can do nothing the page cannot.
"""

import datetime
import typing
from decimal import Decimal
from typing import Annotated, Any

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.orm import create_schema
from pydantic import BeforeValidator, StringConstraints, create_model
from pydantic_core import PydanticCustomError

# MAX_ID and ErrorOut are named here as well for the domains' routers that import them with the register's.
from qauipsiz.accounts.api import MAX_ID, ErrorOut
from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import can, may_act_on_type, visible_to

from . import services
from .identifiers import validate_bin, validate_iin
from .resources import RESOURCES, Resource
from .views import note_view

MAX_LIMIT = 500


def _not_a_boolean(value):
    # Pydantic's lax mode reads true as 1: `"division": true` would name the record with id 1. An id is a number
    # (or, in a query or a path, its digits), never a boolean.
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


def _a_date_in_words(value):
    # Pydantic's lax mode reads a number as seconds since 1970: `"passed_on": 0` was stored as 01.01.1970. A date is
    # written as the schema says, "2026-11-23".
    if isinstance(value, int | float):
        raise PydanticCustomError("date_type", "Input should be a valid date in the format YYYY-MM-DD")
    return value


RecordId = Annotated[int, Field(ge=1, le=MAX_ID), BeforeValidator(_not_a_boolean)]


def _filter_type(flt):
    """What a filter takes, stated in the schema as the filterset enforces it: a choice among its values (an enum), a
    record's id, or text."""
    if isinstance(flt, django_filters.ChoiceFilter):
        choices = flt.extra.get("choices") or ()
        values = tuple(str(value) for value, _label in (choices() if callable(choices) else choices))
        if values:
            return typing.Literal[values]
    if isinstance(flt, django_filters.ModelChoiceFilter):  # the division subtree filter too
        return RecordId
    return str


def _only_unknown_records(filterset) -> bool:
    """Whether every error of the filterset is an id filter naming no record among those it offers."""
    errors = filterset.form.errors.as_data()
    return bool(errors) and all(
        isinstance(filterset.filters.get(name), django_filters.ModelChoiceFilter)
        and all(error.code == "invalid_choice" for error in field_errors)
        for name, field_errors in errors.items())


def _filters_schema(resource: Resource):
    fields: dict[str, Any] = {}
    for name, flt in resource.filterset.base_filters.items():
        fields[name] = (_filter_type(flt) | None, Field(None, description=str(flt.label or name)))
    fields["limit"] = (int, Field(50, ge=1, le=MAX_LIMIT))
    fields["offset"] = (int, Field(0, ge=0, le=MAX_ID))
    return create_model(f"{resource.model.__name__}Filters", **fields)


def _without_none(annotation):
    args = typing.get_args(annotation)
    if type(None) not in args:
        return annotation
    rest = [a for a in args if a is not type(None)]
    return rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]  # noqa: UP007 - built from a runtime tuple


# What Django's form fields refuse in every text (ProhibitNullCharactersValidator), and a required text that is
# blank once the form has stripped it. ECMA-262 syntax, as JSON Schema reads patterns.
NO_NUL = r"^[^\x00]*$"
NOT_BLANK = r"^[^\x00]*[^\s\x00][^\x00]*$"


def _allows_none(annotation) -> bool:
    if typing.get_origin(annotation) is Annotated:
        annotation = typing.get_args(annotation)[0]
    return type(None) in typing.get_args(annotation)


# What a model's validator requires that a pattern can say (its check digit it cannot): validator → pattern.
STATED_BY_PATTERN = ((validate_bin, r"^[0-9]{12}$"), (validate_iin, r"^[0-9]{12}$"))


def _form_constraints(form_field, annotation, *, model_field=None):
    """The annotation of a text, choice or number field narrowed to what its form field accepts, so that the schema
    states every constraint the form enforces field by field (issue 10 item 8). What a single field's schema cannot
    say (a BIN's check digit, names in at least one language, a reference to a record the user may not see) stays
    the form's, answered 422 with the reasons by field."""
    if form_field is None or isinstance(form_field, forms.ModelChoiceField):
        return annotation
    optional = not form_field.required
    if isinstance(form_field, forms.TypedChoiceField | forms.ChoiceField):
        values = tuple(str(value) for value, _label in form_field.choices if value != "")
        if values:
            return typing.Literal[(*values, "")] | None if optional else typing.Literal[values]
        return annotation
    if isinstance(form_field, forms.CharField) and not isinstance(form_field, forms.EmailField):
        pattern = NOT_BLANK if form_field.required else NO_NUL
        for validator, stated in STATED_BY_PATTERN:
            if validator in getattr(model_field, "validators", ()):
                pattern = stated
        for validator in form_field.validators:
            if isinstance(validator, RegexValidator) and not validator.inverse_match:
                pattern = validator.regex.pattern.replace(r"\Z", "$")
        text = Annotated[str, StringConstraints(pattern=pattern, max_length=form_field.max_length,
                                                min_length=None if optional else 1)]
        return text | None if optional else text
    # A number or a date the database cannot leave empty took its null away already (`_plain_names`).
    optional = optional and _allows_none(annotation)
    if isinstance(form_field, forms.IntegerField) and not isinstance(form_field, forms.DecimalField | forms.FloatField):
        bounds = {}
        for validator in form_field.validators:
            if isinstance(validator, MinValueValidator):
                bounds["ge"] = validator.limit_value
            elif isinstance(validator, MaxValueValidator):
                bounds["le"] = validator.limit_value
        number = Annotated[int, Field(**bounds), BeforeValidator(_not_a_boolean)]
        return number | None if optional else number
    if isinstance(form_field, forms.DateField):
        day = Annotated[datetime.date, BeforeValidator(_a_date_in_words)]
        return day | None if optional else day
    return annotation


def _plain_names(schema, model, form):
    """The same schema without ninja's `<field>_id` aliases, so that input and output name fields alike.

    References are ids in the databases' range (`RecordId`): ninja's own many-to-many item type fails with a
    TypeError (a 500) on anything that is not a number. Numbers, dates and booleans the database cannot store as
    NULL take no null either: a form leaves a blank optional number as None, which the database then refuses (a 500).
    Text takes null as "empty", which it can store.
    """
    fields = {}
    for name, info in schema.model_fields.items():
        default = ... if info.is_required() else info.default
        field = model._meta.get_field(name)
        annotation = info.annotation
        if not field.is_relation and not field.null and not isinstance(field, models.CharField | models.TextField):
            annotation = _without_none(annotation)
        annotation = Annotated[(annotation, *info.metadata)] if info.metadata else annotation
        annotation = _form_constraints(form.base_fields.get(name), annotation, model_field=field)
        if field.is_relation:
            reference = list[RecordId] if field.many_to_many else RecordId
            form_field = form.base_fields.get(name)
            # A reference the form requires takes no null, in a change (PATCH) as in a new record.
            nullable = not info.is_required() and not (form_field is not None and form_field.required)
            annotation = reference | None if nullable else reference
        fields[name] = (annotation, Field(default, title=info.title, description=info.description))
    return create_model(schema.__name__, __base__=Schema, **fields)


def _schemas(resource: Resource):
    model = resource.model
    form_fields = list(resource.form._meta.fields)
    out = create_schema(model, name=f"{model.__name__}Out", fields=["id", *form_fields, "is_active"])
    out_with_display = type(f"{model.__name__}Record", (out,), {
        "__annotations__": {"display": str},
        "resolve_display": staticmethod(lambda obj: str(obj)),
    })
    # Blank-able fields may be left out; the form decides what is really required and says so in words.
    optional = [n for n in form_fields if model._meta.get_field(n).blank or model._meta.get_field(n).has_default()]
    payload = _plain_names(create_schema(model, name=f"{model.__name__}In", fields=form_fields,
                                         optional_fields=optional), model, resource.form)
    patch = _plain_names(create_schema(model, name=f"{model.__name__}Patch", fields=form_fields,
                                       optional_fields="__all__"), model, resource.form)
    page = create_model(f"{model.__name__}Page", count=(int, ...), items=(list[out_with_display], ...),
                        __base__=Schema)
    return out_with_display, payload, patch, page


def _form_data(values: dict) -> dict:
    data = {}
    for key, value in values.items():
        if isinstance(value, list):
            data[key] = [str(v) for v in value]
        elif isinstance(value, datetime.date | Decimal | int):
            data[key] = str(value)
        elif value is None:
            data[key] = ""
        else:
            data[key] = value
    return data


def _validated_instance(request, resource: Resource, data: dict, instance=None):
    form = resource.form(_form_data(data), instance=instance, user=request.auth)
    if not form.is_valid():
        raise ValidationError({field: [e["message"] for e in errs] for field, errs in form.errors.get_json_data().items()})
    m2m = {f.name: form.cleaned_data[f.name] for f in resource.model._meta.many_to_many if f.name in form.cleaned_data}
    return form.save(commit=False), m2m


def _current_values(resource: Resource, obj) -> dict:
    values = model_to_dict(obj, fields=resource.form._meta.fields)
    return {k: ([v.pk for v in val] if isinstance(val, list) else val) for k, val in values.items()}


def build_router(resource: Resource) -> Router:
    router = Router(tags=[resource.slug])
    Out, Payload, Patch, Page = _schemas(resource)
    Filters = _filters_schema(resource)
    slug = resource.slug.replace("-", "_")

    def visible(request):
        return visible_to(request.auth, resource.model, resource.queryset())

    def require(request, action: str, obj=None):
        allowed = can(request.auth, action, obj) if obj is not None else may_act_on_type(request.auth, action,
                                                                                            resource.model)
        # A built-in record (a training type of no organisation) has no chain in the ledger that could record a
        # change, so it stays as shipped, even for a superuser (the ledger would fail with a 500).
        if obj is not None and services.organisation_id_of(obj) is None \
                and not services.national_change_allowed(request.auth, obj):
            allowed = False
        if not allowed:
            raise PermissionDenied(_("You are not allowed to %(action)s this record.") % {
                "action": Action(action).label})

    def list_records(request, filters: Query[Filters]):  # type: ignore[valid-type]
        require(request, Action.VIEW)
        params = filters.model_dump(exclude_none=True)
        limit, offset = params.pop("limit"), params.pop("offset")
        filterset = resource.filterset(params, queryset=visible(request), request=request)
        if not filterset.is_valid():
            if _only_unknown_records(filterset):
                # A record the user cannot see (or that does not exist) has no records under it: an empty page, as
                # the schema's id filter promises, and the same answer for both, so that it reveals neither.
                return {"count": 0, "items": []}
            raise ValidationError({k: list(v) for k, v in filterset.errors.items()})
        queryset = filterset.qs
        return {"count": queryset.count(), "items": list(queryset[offset:offset + limit])}

    def read_record(request, record_id: RecordId):
        obj = get_object_or_404(visible(request), pk=record_id)
        note_view(request, obj)  # the access log, as for the page
        return obj

    def create_record(request, payload: Payload):  # type: ignore[valid-type]
        require(request, Action.ADD)
        instance, m2m = _validated_instance(request, resource, payload.model_dump())
        obj = services.record_create(by=request.auth, instance=instance, m2m=m2m)
        return Status(201, get_object_or_404(visible(request), pk=obj.pk))

    def update_record(request, record_id: RecordId, payload: Patch):  # type: ignore[valid-type]
        obj = get_object_or_404(visible(request), pk=record_id)
        require(request, Action.CHANGE, obj)
        data = _current_values(resource, obj)
        data.update(payload.model_dump(exclude_unset=True))
        instance, m2m = _validated_instance(request, resource, data, instance=obj)
        services.record_update(by=request.auth, instance=instance, m2m=m2m)
        return get_object_or_404(visible(request), pk=record_id)

    def set_active(active: bool):
        def handler(request, record_id: RecordId):
            obj = get_object_or_404(visible(request), pk=record_id)
            require(request, Action.DEACTIVATE, obj)
            services.record_set_active(by=request.auth, instance=obj, active=active)
            return get_object_or_404(visible(request), pk=record_id)
        return handler

    # 400: a body ninja cannot parse; 403 also answers a session without its CSRF token.
    errors = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
    router.add_api_operation("/", ["GET"], list_records, response={200: Page, **errors},
                             operation_id=f"{slug}_list", summary=f"List {resource.slug}")
    router.add_api_operation("/", ["POST"], create_record, response={201: Out, **errors},
                             operation_id=f"{slug}_create", summary=f"Create a record in {resource.slug}")
    router.add_api_operation("/{record_id}", ["GET"], read_record, response={200: Out, **errors},
                             operation_id=f"{slug}_read", summary=f"Read a record of {resource.slug}")
    router.add_api_operation("/{record_id}", ["PATCH"], update_record, response={200: Out, **errors},
                             operation_id=f"{slug}_update", summary=f"Change a record of {resource.slug}")
    for action, active in ((Action.DEACTIVATE, False), ("activate", True)):
        router.add_api_operation(f"/{{record_id}}/{action}", ["POST"], set_active(active),
                                 response={200: Out, **errors}, operation_id=f"{slug}_{action}",
                                 summary=f"{action.capitalize()} a record of {resource.slug}")
    return router


def register_routers(api) -> None:
    for resource in RESOURCES.values():
        api.add_router(f"/{resource.slug}", build_router(resource))
