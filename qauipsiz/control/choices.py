"""Statuses and kinds of production-control records."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# --- The Regulation on production control (315 cl.5-6) ---------------------------------------------------------------


class RegulationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("regulation status", "Draft")
    APPROVED = "approved", pgettext_lazy("regulation status", "Approved, in force")
    SUPERSEDED = "superseded", pgettext_lazy("regulation status", "Superseded")


class CriterionMeasure(models.TextChoices):
    """What an effectiveness criterion measures (315 cl.6.5); the annual analysis (cl.20) computes it."""

    INSPECTIONS_ON_SCHEDULE = "inspections_on_schedule", _("Inspections done against the schedule")
    PRESCRIPTIONS_ON_TIME = "prescriptions_on_time", _("Prescriptions closed on time")
    REPEAT_VIOLATIONS = "repeat_violations", _("Repeat violations")
    MEAN_ELIMINATION_DAYS = "mean_elimination_days", _("Mean time to eliminate a violation")
    OTHER = "other", pgettext_lazy("criterion measure", "Other (the organisation's own)")


class CriterionDirection(models.TextChoices):
    AT_LEAST = "at_least", _("at least the target")
    AT_MOST = "at_most", _("at most the target")


class CriterionUnit(models.TextChoices):
    PERCENT = "percent", _("%")
    DAYS = "days", _("days")
    COUNT = "count", pgettext_lazy("unit", "pcs")
