"""Wrong passwords and PINs given to sign, or to change the signing PIN, counted per user, exactly as at login.

After as many failures as a login allows (`LOGIN_FAILURE_LIMIT`, django-axes' `AXES_FAILURE_LIMIT`) within the login's
lockout time (`LOGIN_LOCKOUT_MINUTES`), signing is refused until the oldest of them is out of that window. The owner
gets a notice and the access log records the lock.

The failures are rows in the database (`SigningFailure`), so that every worker process and every server counts the
same ones. A refusal usually rolls back the transaction it happened in (an API act runs in one), and the count must
survive that: a failure recorded inside a transaction is also kept in `_pending` until the transaction commits, and
whatever a rollback took away is written again before the count is next read and at the end of the request
(`CredentialFailureMiddleware`).
"""

import contextvars
import math
import uuid
from dataclasses import dataclass

import django.dispatch
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .access import access_record
from .choices import AccessKind
from .models import SigningFailure

# Sent once, when a failure locks the user's signing: `notifications` tells the owner (it sits above accounts).
signing_locked = django.dispatch.Signal()  # kwargs: user, minutes


def failure_limit() -> int:
    return settings.AXES_FAILURE_LIMIT


def failure_window():
    return settings.AXES_COOLOFF_TIME


@dataclass
class _Failure:
    user: object
    failed_at: object
    token: str
    committed: object = None  # its on-commit callback while the transaction it was written in is open


# The request being served (for the access log) and the failures written inside a transaction not yet committed.
_request: contextvars.ContextVar = contextvars.ContextVar("qauipsiz_lockout_request", default=None)
_pending: contextvars.ContextVar = contextvars.ContextVar("qauipsiz_lockout_pending", default=None)


def _pending_failures() -> dict:
    pending = _pending.get()
    if pending is None:
        pending = {}
        _pending.set(pending)
    return pending


def _recent(user):
    return SigningFailure.objects.filter(user=user, failed_at__gt=timezone.now() - failure_window())


def _locked_now(failure: _Failure) -> None:
    """The access log and the owner's notice, when this failure is the one that locked signing."""
    if _recent(failure.user).filter(failed_at__lte=failure.failed_at).count() != failure_limit():
        return  # not locked yet, or locked already by the failures before (refused unchecked since): said once
    access_record(request=_request.get(), kind=AccessKind.SIGNING_LOCKED, user=failure.user)
    signing_locked.send(sender=SigningFailure, user=failure.user, minutes=locked_minutes(failure.user))


def _record(failure: _Failure) -> None:
    SigningFailure.objects.create(user=failure.user, failed_at=failure.failed_at)
    failure.user._qauipsiz_no_signing_failures = False
    if not connection.in_atomic_block:
        _locked_now(failure)
        return
    pending = _pending_failures()

    def committed():
        if pending.pop(failure.token, None) is not None:
            _locked_now(failure)

    failure.committed = committed
    pending[failure.token] = failure
    transaction.on_commit(committed)


def record_credential_failure(user) -> None:
    """Count a wrong password or PIN given to sign (or to change the signing PIN)."""
    _record(_Failure(user=user, failed_at=timezone.now(), token=uuid.uuid4().hex))


def rewrite_rolled_back_failures() -> None:
    """Write again the failures whose transaction rolled back, and say if they locked signing.

    A rollback drops the on-commit callbacks registered inside it (`connection.run_on_commit`, which Django's own
    `captureOnCommitCallbacks` reads too): a pending failure whose callback is neither there nor run was rolled back."""
    pending = _pending.get()
    if not pending:
        return
    registered = {id(func) for _savepoints, func, _robust in connection.run_on_commit}
    for token, failure in list(pending.items()):
        if id(failure.committed) not in registered:
            del pending[token]
            _record(failure)


def clear_credential_failures(user) -> None:
    """A right password or PIN: the count starts again (the failures pending a rollback included)."""
    pending = _pending.get() or {}
    for token in [token for token, failure in pending.items() if failure.user.pk == user.pk]:
        del pending[token]
    if getattr(user, "_qauipsiz_no_signing_failures", False):
        return  # `locked_minutes` has just found none: no statement for the common case
    SigningFailure.objects.filter(user=user).delete()


def locked_minutes(user) -> int:
    """Minutes until the user may try a password or PIN again; 0 when they may now."""
    rewrite_rolled_back_failures()
    # All of the user's failures, not only the recent ones, so that "none at all" spares the next clear its DELETE.
    failures = list(SigningFailure.objects.filter(user=user).order_by("-failed_at")
                    .values_list("failed_at", flat=True)[:failure_limit()])
    user._qauipsiz_no_signing_failures = not failures
    failures = [moment for moment in failures if moment > timezone.now() - failure_window()]
    if len(failures) < failure_limit():
        return 0
    until = failures[-1] + failure_window()
    return max(1, math.ceil((until - timezone.now()).total_seconds() / 60))


class CredentialFailureMiddleware:
    """Keeps a wrong signing password or PIN counted even when the request's transaction rolled back (see above)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_token, pending_token = _request.set(request), _pending.set({})
        try:
            return self.get_response(request)
        finally:
            try:
                rewrite_rolled_back_failures()
            finally:
                _request.reset(request_token)
                _pending.reset(pending_token)
