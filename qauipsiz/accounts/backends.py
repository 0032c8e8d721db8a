from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def account_username(typed: str | None) -> str | None:
    """The username of the account the typed login names: the username itself, or the e-mail address in any case."""
    if not typed:
        return None
    typed = typed.strip()
    User = get_user_model()
    if "@" in typed:
        match = User.objects.filter(email__iexact=typed).values_list("username", flat=True).first()
        if match:
            return match
    return typed if User.objects.filter(username=typed).exists() else None


def login_lock_key(request, credentials=None) -> str:
    """What django-axes counts failed logins under (with the client address, `AXES_LOCKOUT_PARAMETERS`): the account,
    whatever spelling of it was typed, so that the e-mail in other letter cases or the username do not each get five
    guesses of their own. A name that is no account is counted under its case-folded text, so unknown names are
    throttled exactly like known ones and an attacker cannot tell them apart by the lockout."""
    source = credentials if credentials is not None else getattr(request, "POST", {})
    typed = (source.get("username") or "") if hasattr(source, "get") else ""
    account = account_username(typed)
    return f"account:{account}" if account else f"name:{typed.strip().casefold()}"


class UsernameOrEmailBackend(ModelBackend):
    """Log in with either the username or the e-mail address (case-insensitive)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        return super().authenticate(request, username=account_username(username) or username, password=password,
                                    **kwargs)
