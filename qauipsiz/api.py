"""The REST API under /api/v1/ (OpenAPI at /api/v1/openapi.json): same gatekeeper and services as the pages."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from qauipsiz.accounts.api import SessionAuth, TokenAuth
from qauipsiz.accounts.api import router as accounts_router
from qauipsiz.core.api import register_routers

api = NinjaAPI(
    title="Qauipsiz API",
    version="1",
    description="Register of the organisation: facilities, devices, people, trainings, appointments, legal acts.",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
)
api.add_router("/accounts", accounts_router)
register_routers(api)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": str(exc) or _("Permission denied.")}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(request, {"detail": _("Authentication required.")}, status=401)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": _("The data is not valid."), "errors": errors}, status=422)
