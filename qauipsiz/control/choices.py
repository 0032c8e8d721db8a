"""Statuses and kinds of production-control records."""

from django.db import models as _models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
