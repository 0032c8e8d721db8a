"""The REST API under /api/v1/ (OpenAPI at /api/v1/openapi.json): same gatekeeper and services as the pages.

Every error answers with the `ErrorOut` shape, `{"detail": ..., "errors": {field: [messages]}}`, whichever layer
refuses the request (authentication, ninja's parsing and validation, the forms, the database), so that clients read
one format and the schema can declare it.
"""

from django import forms
from django.conf import settings
from django.core import validators
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError
from ninja.parser import Parser

from qauipsiz.accounts.api import SessionAuth, TokenAuth
from qauipsiz.acts.endpoints import act_router
from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.domains import domains

from .limits import document_limits


class ObjectBodyParser(Parser):
    """Every request body of this API is a JSON object. Ninja's schemas read anything else through its attributes (an
    integer or a list has none of the fields), so `PATCH` with `5` or `[null, null]` went through as an empty change
    (issue 10 item 8): refused here, it answers the 400 of a body that cannot be parsed."""

    def parse_body(self, request):
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise ValueError("the body is not a JSON object")
        return data


class Api(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        return document_limits(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))


api = Api(
    title="Qauipsiz API",
    version="1",
    description="Register of the organisation: facilities, devices, people, trainings, appointments, legal acts.",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    parser=ObjectBodyParser(),
)


def _add_registered_routers() -> None:
    """Each app's `api_router`: a ninja `Router` added under its prefix, or a function that adds its own (the register
    has one router per record type)."""
    for domain in domains():
        if domain.api_router is None:
            continue
        prefix, dotted_path = domain.api_router
        target = import_string(dotted_path)
        if isinstance(target, Router):
            api.add_router(prefix, target)
        else:
            target(api)


_add_registered_routers()
# The endpoint of every act the domains registered (Domain.acts), each at its own path.
api.add_router("", act_router())


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": str(exc) or _("Permission denied.")}, status=403)


@api.exception_handler(RequestDataTooBig)
def too_big(request, exc):
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE: Django raises it when the endpoint reads the body (without this, a
    SuspiciousOperation answered by the HTML 400 page)."""
    return api.create_response(request, {"detail": _("The request is too large: at most %(limit)s bytes.") % {
        "limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}}, status=413)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(ActionRefused)
def refused(request, exc):
    """An action the permit's state or a guard of Order 344 does not allow now (the message says why)."""
    return api.create_response(request, {"detail": str(exc)}, status=409)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(request, {"detail": _("Authentication required.")}, status=401)


@api.exception_handler(HttpError)
def http_error(request, exc):
    # Ninja raises 400 for a body it cannot parse (not JSON, not UTF-8); its other refusals (the CSRF check) keep
    # their own words.
    detail = _("The data is not valid.") if exc.status_code == 400 else str(exc)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": _("The data is not valid."), "errors": errors}, status=422)


def _django_message(error: dict) -> str:
    """Django's own (translated) words for the commonest pydantic refusals; pydantic's English for the rest."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return str(forms.Field.default_error_messages["required"])
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return str(forms.IntegerField.default_error_messages["invalid"])
    if kind in ("float_parsing", "float_type", "decimal_parsing", "decimal_type"):
        return str(forms.FloatField.default_error_messages["invalid"])
    if kind.startswith("date"):
        return str(forms.DateField.default_error_messages["invalid"])
    if kind in ("literal_error", "enum"):  # ninja leaves the input out of the error, so the words do not repeat it
        return str(forms.ModelChoiceField.default_error_messages["invalid_choice"])
    if kind == "less_than_equal" and "le" in ctx:
        return str(validators.MaxValueValidator.message) % {"limit_value": ctx["le"]}
    if kind == "greater_than_equal" and "ge" in ctx:
        return str(validators.MinValueValidator.message) % {"limit_value": ctx["ge"]}
    return str(error.get("msg", ""))


@api.exception_handler(RequestValidationError)
def request_invalid(request, exc):
    """Ninja's own validation (types, required fields, limits) in the same shape as the forms' refusals."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        # `loc` is (source, [body parameter,] field, ...): the field path is what the client sent.
        loc = [str(part) for part in error.get("loc", ())][1:]
        if loc and loc[0] == "payload":
            loc = loc[1:]
        errors.setdefault(".".join(loc) or "__all__", []).append(_django_message(error))
    return api.create_response(request, {"detail": _("The data is not valid."), "errors": errors}, status=422)
