"""The daily jobs of production control, run once across servers by `qauipsiz tick` (notifications.jobs)."""

JOBS: dict = {}

# --- Examinations (315 cl.4.6) --------------------------------------------------------------------------------------


def examinations_due() -> str:
    """Once a day: tell the officials and the division heads concerned about examinations due soon or overdue (each
    record once per due date and threshold: services.examinations.notify_due)."""
    from django.utils import timezone

    from qauipsiz.notifications.models import JobRun

    from .services.examinations import notify_due

    run = JobRun.objects.filter(name=EXAMINATIONS_JOB).first()
    if run is not None and run.last_finished_at is not None and \
            timezone.localdate(run.last_finished_at) == timezone.localdate():
        return run.last_result or "done today"
    return notify_due()


EXAMINATIONS_JOB = "control.examinations_due"
JOBS[EXAMINATIONS_JOB] = examinations_due
