from datetime import datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from . import services
from .forms import TokenForm
from .models import ApiToken

# The largest id and OFFSET the databases hold (64 bits). A larger OFFSET is a database error (a 500), so the schema
# bounds ids and offsets and a client gets a 422 that says so.
MAX_ID = 2**63 - 1


# Every error of the API, whichever layer refuses the request: defined at the bottom, for every router. (No docstring:
# it would become the schema's description in the OpenAPI document.)
class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class TokenAuth(HttpBearer):
    """`Authorization: Bearer qz_...` with a personal API token."""

    def authenticate(self, request, token):
        user = services.token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(NinjaSessionAuth):
    """The browser session, with Django's CSRF check on unsafe methods."""


router = Router(tags=["accounts"])


class TokenOut(Schema):
    id: int
    name: str
    hint: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenIn(Schema):
    # As the page's form takes them (TokenForm): the schema says what the server enforces (issue 10 item 8).
    name: Annotated[str, Field(min_length=1, max_length=100, json_schema_extra={"pattern": r"\S"})]
    valid_days: Annotated[int | None, Field(ge=1, le=3650)] = None


class NewTokenOut(TokenOut):
    key: str


class Me(Schema):
    id: int
    username: str
    email: str
    language: str
    roles: list[str]


# CSRF refusals (403) reach only unsafe methods, through the session.
READ_ERRORS = {401: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut}


@router.get("/me", response={200: Me, **READ_ERRORS}, operation_id="me")
def me(request):
    from .policy import roles_of

    user = request.auth
    return {"id": user.pk, "username": user.username, "email": user.email, "language": user.language,
            "roles": sorted(roles_of(user))}


@router.get("/tokens", response={200: list[TokenOut], **READ_ERRORS}, operation_id="tokens_list")
def tokens(request):
    return list(ApiToken.objects.filter(user=request.auth))


@router.post("/tokens", response={201: NewTokenOut, **WRITE_ERRORS}, operation_id="tokens_create")
def token_create(request, payload: TokenIn):
    # The page's form, so that the API accepts no name or validity the page would refuse.
    form = TokenForm({"name": payload.name, "valid_days": "" if payload.valid_days is None else payload.valid_days})
    if not form.is_valid():
        raise ValidationError({field: [e["message"] for e in errs] for field, errs in form.errors.get_json_data().items()})
    token, key = services.token_create(user=request.auth, name=form.cleaned_data["name"],
                                       valid_days=form.cleaned_data["valid_days"])
    return Status(201, {**TokenOut.from_orm(token).dict(), "key": key})


@router.post("/tokens/{token_id}/revoke", response={200: TokenOut, 404: ErrorOut, **WRITE_ERRORS},
             operation_id="tokens_revoke")
def token_revoke(request, token_id: Annotated[int, Field(ge=1, le=MAX_ID)]):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.auth)
    return services.token_revoke(user=request.auth, token=token)
