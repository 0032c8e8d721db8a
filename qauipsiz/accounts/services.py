"""Account actions: API tokens and the remembered language."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiToken, User


@transaction.atomic
def token_create(*, user: User, name: str, valid_days: int | None = None) -> tuple[ApiToken, str]:
    """Create a personal API token; returns the record and the key, which is never shown again."""
    key = ApiToken.new_key()
    expires = timezone.now() + datetime.timedelta(days=valid_days) if valid_days else None
    token = ApiToken.objects.create(user=user, name=name.strip(), key_hash=ApiToken.hash_key(key),
                                    hint=key[:8], expires_at=expires)
    return token, key


@transaction.atomic
def token_revoke(*, user: User, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != user.pk:
        raise PermissionDenied(_("You can only revoke your own tokens."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_authenticate(key: str) -> User | None:
    """The active user a usable token belongs to, or None. Records when the token was last used."""
    if not key or not key.startswith(ApiToken.PREFIX):
        return None
    token = ApiToken.objects.usable().select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
    if token is None:
        return None
    now = timezone.now()
    # Once a minute is enough to answer "is this token still in use?" without a write on every request.
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def remember_language(*, user: User, language: str) -> None:
    if user.is_authenticated and user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language
