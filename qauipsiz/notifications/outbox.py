"""The outbox: notices written with the act, sent by the worker.

    enqueue(kind="permits.act", organisation_id=permit.organisation_id, permit_id=permit.pk, act="issue")

`enqueue` runs in the act's transaction: the row is stored with the act or not at all. `deliver` (the job
`notifications.outbox` of `qauipsiz tick`) calls the builder each domain gives for the row's kind
(`Domain.outbox_builders`) with its payload; the builder works out who is told and calls `services.notify`, which
writes the in-app notices and sends the e-mails. A row whose builder fails is kept, with its error, and tried again at
the next tick.
"""

import logging
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from qauipsiz.domains import domains

from .models import OutboxMessage

log = logging.getLogger(__name__)

BUILDERS: dict[str, Callable[..., None]] = {}
BATCH = 200  # rows per tick: a backlog is worked off over several ticks, never in one long transaction


def register_builder(kind: str, build: Callable[..., None]) -> None:
    """For code outside a domain; a domain gives its builders in its `Domain(outbox_builders=...)`."""
    BUILDERS[kind] = build


def builders() -> dict[str, Callable[..., None]]:
    found = {kind: build for domain in domains() for kind, build in domain.outbox_builders.items()}
    return {**found, **BUILDERS}  # one registered by hand (a test's, say) stands in for the domain's


def enqueue(*, kind: str, organisation_id: int, **payload) -> OutboxMessage:
    return OutboxMessage.objects.create(kind=kind, organisation_id=organisation_id, payload=payload)


def deliver(limit: int = BATCH) -> str:
    """Send what is waiting, oldest first; a one-line summary for the job's record."""
    sent = failed = 0
    build_for = builders()
    waiting = list(OutboxMessage.objects.filter(sent_at__isnull=True).order_by("id").values_list("pk", flat=True)[:limit])
    for pk in waiting:
        with transaction.atomic():
            row = (OutboxMessage.objects.select_for_update(no_key=True, skip_locked=True)
                   .filter(pk=pk, sent_at__isnull=True).first())
            if row is None:
                continue  # sent meanwhile by another worker
            try:
                with transaction.atomic():
                    build_for[row.kind](**row.payload)
            except Exception as error:  # noqa: BLE001 - kept with its error, tried again at the next tick
                log.exception("outbox message %s (%s) could not be sent", row.pk, row.kind)
                row.attempts += 1
                row.last_error = str(error)[:300]
                row.save(update_fields=["attempts", "last_error"])
                failed += 1
                continue
            row.sent_at = timezone.now()
            row.attempts += 1
            row.save(update_fields=["sent_at", "attempts"])
            sent += 1
    return f"{sent} notice(s) sent" + (f", {failed} failed" if failed else "")
