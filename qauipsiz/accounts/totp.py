"""The second factor: time-based one-time codes (RFC 6238) from an authenticator app.

Optional for everyone; required for the roles listed in TOTP_REQUIRED_ROLES. After the password, a user with the
second factor enabled is only half logged in (a pending entry in the session) until a valid code follows.
"""

import time

import pyotp
import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from qauipsiz import transactions

from .models import User
from .policy import grants_of
from .services import user_recorded

PENDING_KEY = "qauipsiz_pending_2fa"
PENDING_SECONDS = 300
MAX_ATTEMPTS = 5


def required_for(user) -> bool:
    required = set(settings.TOTP_REQUIRED_ROLES)
    return bool(required) and any(grant.role in required for grant in grants_of(user))


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email or user.username, issuer_name=settings.TOTP_ISSUER)


def qr_svg(uri: str) -> str:
    """The QR code as inline SVG, drawn here: the secret never leaves the server for an image service."""
    return segno.make(uri, error="m").svg_inline(scale=5)


def _matching_step(secret: str, code: str) -> int | None:
    code = (code or "").strip().replace(" ", "")
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = int(time.time())
    for offset in (0, -1, 1):  # one step of clock drift either way
        moment = now + offset * totp.interval
        if totp.verify(code, for_time=moment, valid_window=0):
            return totp.timecode(moment)
    return None


@transactions.atomic
def check_code(*, user: User, code: str) -> bool:
    """Whether `code` is valid now for the user's enabled second factor; each code is accepted once only."""
    user = User.objects.select_for_update(no_key=True).get(pk=user.pk)
    if not user.totp_enabled_at:
        return False
    step = _matching_step(user.totp_secret, code)
    if step is None or step <= user.totp_last_step:
        return False
    User.objects.filter(pk=user.pk).update(totp_last_step=step)
    return True


@transactions.atomic
def totp_enable(*, user: User, secret: str, code: str) -> None:
    step = _matching_step(secret, code)
    if step is None:
        raise ValidationError({"code": _("The code does not match. Check the time on your phone and try again.")})
    User.objects.filter(pk=user.pk).update(totp_secret=secret, totp_enabled_at=timezone.now(), totp_last_step=step)
    _recorded(user, "accounts.user.totp_enabled")


@transactions.atomic
def totp_disable(*, user: User, password: str, code: str) -> None:
    if required_for(user):
        raise ValidationError(_("Your role requires the second factor: it cannot be turned off."))
    if not user.check_password(password):
        raise ValidationError({"password": _("The password is not correct.")})
    if not check_code(user=user, code=code):
        raise ValidationError({"code": _("The code does not match. Check the time on your phone and try again.")})
    User.objects.filter(pk=user.pk).update(totp_secret="", totp_enabled_at=None, totp_last_step=0)
    _recorded(user, "accounts.user.totp_disabled")


def _recorded(user: User, action: str) -> None:
    """The second factor is in the account's checked state: each change goes to the ledger (accounts.services)."""
    user_recorded(by=user, user=user, action=action)
