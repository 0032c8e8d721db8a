"""Wrong passwords and PINs given to sign, or to change the signing PIN, counted per user.

After FAILURE_LIMIT within FAILURE_WINDOW signing is refused until the oldest of them is out of the window. Kept in
Django's cache, not in the database: a refusal rolls back the caller's transaction, and the count must survive that.
With the default in-memory cache each server process counts apart.
"""

import datetime
import math
import time

from django.core.cache import cache

FAILURE_LIMIT = 5
FAILURE_WINDOW = datetime.timedelta(minutes=15)


def _failures_key(user) -> str:
    return f"qauipsiz:signing-failures:{user.pk}"


def _recent_failures(user) -> list[float]:
    horizon = time.time() - FAILURE_WINDOW.total_seconds()
    return [moment for moment in cache.get(_failures_key(user), []) if moment > horizon]


def record_credential_failure(user) -> None:
    """Count a wrong password or PIN given to sign (or to change the signing PIN)."""
    failures = [*_recent_failures(user), time.time()]
    cache.set(_failures_key(user), failures[-FAILURE_LIMIT:], timeout=math.ceil(FAILURE_WINDOW.total_seconds()))


def clear_credential_failures(user) -> None:
    cache.delete(_failures_key(user))


def locked_minutes(user) -> int:
    """Minutes until the user may try a password or PIN again; 0 when they may now."""
    failures = _recent_failures(user)
    if len(failures) < FAILURE_LIMIT:
        return 0
    until = failures[-FAILURE_LIMIT] + FAILURE_WINDOW.total_seconds()
    return max(1, math.ceil((until - time.time()) / 60))
