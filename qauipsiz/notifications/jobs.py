"""Scheduled jobs: `qauipsiz tick` (from cron or a systemd timer, every minute) or `qauipsiz worker` (a loop) runs
every registered job once. Each job runs under its own row lock, so that several servers never run it at the same
time: a server that finds the lock taken skips the job, the other one is already doing it.
"""

import logging
from collections.abc import Callable

from django.db import DatabaseError, transaction
from django.utils import timezone

from qauipsiz.domains import domains

from .models import JobRun

log = logging.getLogger(__name__)

# Jobs given by `register`; the domains give theirs as `jobs` in `register_domain(...)`.
JOBS: dict[str, Callable[[], str]] = {}


def register(name: str, job: Callable[[], str]) -> None:
    """A job returns a one-line summary of what it did."""
    JOBS[name] = job


def jobs() -> dict[str, Callable[[], str]]:
    found = dict(JOBS)
    for domain in domains():
        found.update(domain.jobs)
    return found


def _claim(name: str) -> JobRun | None:
    JobRun.objects.get_or_create(name=name)
    try:
        # SKIP LOCKED on PostgreSQL; on SQLite the IMMEDIATE transaction already serialises writers.
        return JobRun.objects.select_for_update(no_key=True, skip_locked=True).filter(name=name).first()
    except DatabaseError:
        return None


def run(name: str) -> str | None:
    """Run one job under its lock; None when another server holds it."""
    with transaction.atomic():
        row = _claim(name)
        if row is None:
            return None
        row.last_started_at = timezone.now()
        try:
            result = jobs()[name]()
        except Exception:
            log.exception("job %s failed", name)
            raise
        row.last_finished_at, row.last_result = timezone.now(), result[:300]
        row.save(update_fields=["last_started_at", "last_finished_at", "last_result"])
        return result


def run_all() -> dict[str, str | None]:
    results = {}
    for name in sorted(jobs()):
        try:
            results[name] = run(name)
        except Exception as error:  # one failing job must not stop the others
            results[name] = f"failed: {error}"
    return results
