"""Statuses and kinds of production-control records."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# --- Plans (315 cl.4.1, cl.4.5, cl.26.1) ---------------------------------------------------------------------------


class PlanKind(models.TextChoices):
    # 315 cl.4.5: one plan of measures per organisation and year; cl.4.1: a work plan per division.
    MEASURES = "measures", _("Plan of measures for industrial safety and accident elimination")
    WORK = "work", _("Production-control work plan")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("plan version", "Draft")
    APPROVED = "approved", pgettext_lazy("plan version", "Approved")
    SUPERSEDED = "superseded", pgettext_lazy("plan version", "Superseded")


class ItemStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("plan item", "Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("plan item", "In progress")
    DONE = "done", pgettext_lazy("plan item", "Done")
    NOT_DONE = "not_done", pgettext_lazy("plan item", "Not done")


# An item in one of these is settled: it is not overdue whatever its deadline.
SETTLED = frozenset({ItemStatus.DONE, ItemStatus.NOT_DONE})
