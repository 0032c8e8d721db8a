from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from . import services
from .models import ApiToken


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
    name: str
    valid_days: int | None = None


class NewTokenOut(TokenOut):
    key: str


class Me(Schema):
    id: int
    username: str
    email: str
    language: str
    roles: list[str]


@router.get("/me", response=Me, operation_id="me")
def me(request):
    from .policy import roles_of

    user = request.auth
    return {"id": user.pk, "username": user.username, "email": user.email, "language": user.language,
            "roles": sorted(roles_of(user))}


@router.get("/tokens", response=list[TokenOut], operation_id="tokens_list")
def tokens(request):
    return list(ApiToken.objects.filter(user=request.auth))


@router.post("/tokens", response={201: NewTokenOut}, operation_id="tokens_create")
def token_create(request, payload: TokenIn):
    token, key = services.token_create(user=request.auth, name=payload.name, valid_days=payload.valid_days)
    return Status(201, {**TokenOut.from_orm(token).dict(), "key": key})


@router.post("/tokens/{token_id}/revoke", response=TokenOut, operation_id="tokens_revoke")
def token_revoke(request, token_id: int):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.auth)
    return services.token_revoke(user=request.auth, token=token)
