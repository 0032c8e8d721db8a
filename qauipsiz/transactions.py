"""The one way a write starts its transaction: `@transactions.atomic`, retried when the database aborts it as a
deadlock or a serialization failure (issue 10 item 3).

    @transactions.atomic
    def record_update(*, by, instance): ...

Nested inside another transaction it is Django's `transaction.atomic` (a savepoint): only the outermost transaction
can be run again, so only it retries. A retry runs the whole function again from the start, after a short random
pause, at most `ATTEMPTS` times in all; the last failure is raised as it came. What the function sent to the database
was rolled back with the transaction, its `on_commit` notices were dropped with it, and an unsaved record passed in
(a form's instance) is made unsaved again, so that the next attempt inserts it as the first one tried to.

Locks, in the one order every write takes them (docs/architecture.md, "Locks and retries"):

1. the records the act changes, each with `select_for_update(no_key=True)`, several of one kind in primary-key order;
2. the number series (`ledger.number_next`);
3. the ledger's chain heads, last: appended at the end of the `ledger.deferred()` block or as the last statement,
   in organisation order.

Row locks are FOR NO KEY UPDATE, never FOR UPDATE: the transaction holding a chain head checks its deferred foreign
keys at commit with FOR KEY SHARE on the rows its entries point to (the organisation, the person acting), which FOR
UPDATE would block while its holder waits for that same head. The retry is for what an order cannot rule out (two
inserts of one unique key, a change of a referenced key), not a substitute for it.
"""

import functools
import logging
import random
import time

from django.db import OperationalError, connection, models, transaction

logger = logging.getLogger(__name__)

ATTEMPTS = 4
# SQLSTATE of the aborts worth running again: deadlock_detected, serialization_failure.
RETRYABLE = {"40P01", "40001"}
PAUSE_SECONDS = 0.05


def is_retryable(error: BaseException) -> bool:
    cause = error.__cause__
    return isinstance(error, OperationalError) and getattr(cause, "sqlstate", None) in RETRYABLE


def _unsaved(args, kwargs) -> list[models.Model]:
    return [value for value in (*args, *kwargs.values())
            if isinstance(value, models.Model) and value._state.adding]


def atomic(func):
    """`func` in a transaction of its own; run again when the database aborted that transaction (see above)."""

    @functools.wraps(func)
    def run(*args, **kwargs):
        if connection.in_atomic_block:
            with transaction.atomic():
                return func(*args, **kwargs)
        unsaved = _unsaved(args, kwargs)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with transaction.atomic():
                    return func(*args, **kwargs)
            except OperationalError as error:
                if attempt == ATTEMPTS or not is_retryable(error):
                    raise
                logger.warning("%s: %s, attempt %d of %d; running it again", func.__qualname__,
                               str(error).splitlines()[0], attempt, ATTEMPTS)
                for record in unsaved:
                    record.pk, record._state.adding = None, True
                time.sleep(PAUSE_SECONDS * attempt * (1 + random.random()))  # noqa: S311 - only spreads the retries
        raise AssertionError("unreachable")

    return run
