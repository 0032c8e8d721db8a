"""Statuses and kinds of production-control records."""

from django.db import models
from django.db import models as _models  # the accidents' choices below name it so
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


# --- Examinations and removal from work (315 cl.4.6, cl.4.7, cl.4.10, cl.26.5, cl.27.4) ------------------------------


class ExaminationKind(models.TextChoices):
    """What is done to a technical device, a building or a structure on its due date (315 cl.4.6, cl.26.5)."""

    EXPERT_EXAMINATION = "expert_examination", _("Industrial-safety expert examination")
    CERTIFICATION = "certification", _("Technical certification")
    INSPECTION = "inspection", _("Technical inspection")


class ExaminationResult(models.TextChoices):
    FIT = "fit", pgettext_lazy("examination result", "Fit for operation")
    FIT_WITH_CONDITIONS = "fit_with_conditions", pgettext_lazy("examination result", "Fit with conditions")
    UNFIT = "unfit", pgettext_lazy("examination result", "Unfit for operation")


class RemovalStatus(models.TextChoices):
    """A proposal to remove a person from work (315 cl.4.7) and what the head decided (cl.27.4)."""

    PROPOSED = "proposed", pgettext_lazy("removal status", "Proposed")
    REMOVED = "removed", pgettext_lazy("removal status", "Removed from work")
    REJECTED = "rejected", pgettext_lazy("removal status", "Rejected")
    LIFTED = "lifted", pgettext_lazy("removal status", "Lifted")

# --- Accidents, incidents and injuries (315 cl.4.9, cl.4.12, cl.26.6) ----------------------------------------------

class AccidentKind(_models.TextChoices):
    ACCIDENT = "accident", pgettext_lazy("315", "Accident")
    INCIDENT = "incident", pgettext_lazy("315", "Incident")
    INJURY = "injury", _("Accident-caused injury")


class AccidentStatus(_models.TextChoices):
    REGISTERED = "registered", _("Registered")
    INVESTIGATING = "investigating", _("Under investigation")
    INVESTIGATED = "investigated", _("Investigated")
    CLOSED = "closed", pgettext_lazy("accident", "Closed")


class InjurySeverity(_models.TextChoices):
    NONE = "none", _("No injury")
    LIGHT = "light", _("Light")
    SEVERE = "severe", _("Severe")
    FATAL = "fatal", _("Fatal")


class MeasureStatus(_models.TextChoices):
    OPEN = "open", pgettext_lazy("measure", "Open")
    DONE = "done", pgettext_lazy("measure", "Done")


class InspectionDecision(_models.TextChoices):
    ORDERED = "ordered", _("Unscheduled inspection ordered")
    NOT_ORDERED = "not_ordered", _("Unscheduled inspection not ordered")


# --- Prescriptions of the state authority (315 cl.26.3) ------------------------------------------------------------

class PrescriptionStatus(_models.TextChoices):
    OPEN = "open", pgettext_lazy("prescription", "Open")
    DONE = "done", pgettext_lazy("prescription", "Done")

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
