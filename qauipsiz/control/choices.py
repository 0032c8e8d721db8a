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


# --- The inspection schedule, programmes and inspections (315 cl.7, cl.8, cl.9, cl.11, cl.12, cl.14) ---------------


class InspectionKind(models.TextChoices):
    """cl.7: the schedule's inspections; cl.8: the unscheduled one after an accident; cl.11: the yearly comprehensive
    one on its programme; a targeted inspection checks one subject (a device, a building, a kind of work)."""

    ROUTINE = "routine", pgettext_lazy("inspection kind", "Routine (scheduled)")
    TARGETED = "targeted", pgettext_lazy("inspection kind", "Targeted")
    COMPREHENSIVE = "comprehensive", pgettext_lazy("inspection kind", "Comprehensive")
    UNSCHEDULED = "unscheduled", pgettext_lazy("inspection kind", "Unscheduled")


# The kinds a schedule plans (cl.7); an unscheduled inspection is ordered by a directive (cl.8), never planned.
SCHEDULED_KINDS = (InspectionKind.ROUTINE, InspectionKind.TARGETED, InspectionKind.COMPREHENSIVE)


class ObjectKind(models.TextChoices):
    """What a schedule row inspects (cl.7): the object is a facility, a division, a device or a building."""

    FACILITY = "facility", pgettext_lazy("inspected object", "Facility")
    DIVISION = "division", pgettext_lazy("inspected object", "Division")
    DEVICE = "device", pgettext_lazy("inspected object", "Technical device")
    BUILDING = "building", pgettext_lazy("inspected object", "Building or structure")


class Recurrence(models.TextChoices):
    MONTHLY = "monthly", pgettext_lazy("recurrence", "Every month")
    QUARTERLY = "quarterly", pgettext_lazy("recurrence", "Every quarter")
    HALF_YEARLY = "half_yearly", pgettext_lazy("recurrence", "Every half-year")
    YEARLY = "yearly", pgettext_lazy("recurrence", "Once a year")


# Months per period of each recurrence.
RECURRENCE_MONTHS = {Recurrence.MONTHLY: 1, Recurrence.QUARTERLY: 3, Recurrence.HALF_YEARLY: 6, Recurrence.YEARLY: 12}


class ScheduleStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("schedule version", "Draft")
    APPROVED = "approved", pgettext_lazy("schedule version", "Approved, in force")
    SUPERSEDED = "superseded", pgettext_lazy("schedule version", "Superseded")


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("programme", "Draft")
    APPROVED = "approved", pgettext_lazy("programme", "Approved")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("inspection", "Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("inspection", "In progress")
    COMPLETED = "completed", pgettext_lazy("inspection", "Completed")
    CANCELLED = "cancelled", pgettext_lazy("inspection", "Cancelled")


class AnswerKind(models.TextChoices):
    YES_NO = "yes_no", _("Yes / no / not applicable")
    NUMBER = "number", _("Number within limits")
    TEXT = "text", pgettext_lazy("answer kind", "Text")
    PHOTO = "photo", _("Photo required")


class AnswerChoice(models.TextChoices):
    YES = "yes", pgettext_lazy("answer", "Yes")
    NO = "no", pgettext_lazy("answer", "No")
    NOT_APPLICABLE = "na", pgettext_lazy("answer", "Not applicable")


class AnswerResult(models.TextChoices):
    PASSED = "passed", pgettext_lazy("answer result", "Complies")
    FAILED = "failed", pgettext_lazy("answer result", "Violation")
    NOT_APPLICABLE = "na", pgettext_lazy("answer result", "Not applicable")


class Severity(models.TextChoices):
    LOW = "low", pgettext_lazy("severity", "Minor")
    MEDIUM = "medium", pgettext_lazy("severity", "Significant")
    HIGH = "high", pgettext_lazy("severity", "Serious")
    CRITICAL = "critical", pgettext_lazy("severity", "Danger to life or risk of an accident")


class FindingStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("finding", "Open")
    ELIMINATED = "eliminated", pgettext_lazy("finding", "Eliminated")
    RECURRED = "recurred", pgettext_lazy("finding", "Recurred, reopened")


# A finding in one of these is a violation not yet eliminated (the brief, cl.9).
OPEN_FINDINGS = frozenset({FindingStatus.OPEN, FindingStatus.RECURRED})


class RecheckResult(models.TextChoices):
    STILL_ELIMINATED = "still_eliminated", _("Still eliminated")
    RECURRED = "recurred", pgettext_lazy("recheck", "Recurred")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("suspension proposal", "Awaiting the head's decision")
    DECIDED = "decided", pgettext_lazy("suspension proposal", "Work suspended")
    REJECTED = "rejected", pgettext_lazy("suspension proposal", "Rejected")


class LayoutForm(models.TextChoices):
    SCHEDULE = "schedule", _("Inspection schedule (Annex 1)")
    JOURNAL = "journal", _("Production-control journal (Annex 2)")
