from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    """The life of a permit (344 cl.10-11, cl.23-28). The acts are the table in `acts.py`."""

    DRAFT = "draft", pgettext_lazy("permit status", "Draft")
    ISSUED = "issued", pgettext_lazy("permit status", "Issued")
    ADMITTED = "admitted", pgettext_lazy("permit status", "Admitted")
    IN_PROGRESS = "in_progress", pgettext_lazy("permit status", "Work in progress")
    PAUSED = "paused", pgettext_lazy("permit status", "Paused (break or shift change)")
    SUSPENDED = "suspended", pgettext_lazy("permit status", "Suspended")
    LAPSED = "lapsed", pgettext_lazy("permit status", "Lapsed (not extended)")
    COMPLETED = "completed", pgettext_lazy("permit status", "Handed back")
    CLOSED = "closed", pgettext_lazy("permit status", "Closed")
    TERMINATED = "terminated", pgettext_lazy("permit status", "Terminated")
    VOID = "void", pgettext_lazy("permit status", "Void (lost)")
    CANCELLED = "cancelled", pgettext_lazy("permit status", "Cancelled")


# Work may physically go on only in these; the equipment stays "under a permit" until the permit leaves them.
OPEN_STATUSES = frozenset({Status.ISSUED, Status.ADMITTED, Status.IN_PROGRESS, Status.PAUSED, Status.SUSPENDED,
                           Status.LAPSED, Status.COMPLETED})
# Ended permits: kept at least a year after the end (344 cl.14-15), then they may be purged.
ENDED_STATUSES = frozenset({Status.CLOSED, Status.TERMINATED, Status.VOID, Status.CANCELLED})


class Validity(models.TextChoices):
    """344 cl.6: for one shift, or for the whole period of continuous work with an extension before each shift."""

    SINGLE_SHIFT = "single_shift", _("One shift")
    WHOLE_PERIOD = "whole_period", _("Whole period, extended before each shift")


class WorkKind(models.TextChoices):
    """The built-in work types; organisations add their own (`WorkType` with kind "other")."""

    HOT = "hot", _("Hot work")
    HEIGHT = "height", _("Work at height")
    CONFINED = "confined", _("Confined spaces and wells")
    ELECTRICAL = "electrical", _("Electrical work")
    EXCAVATION = "excavation", _("Excavation (earthwork)")
    GAS_HAZARDOUS = "gas_hazardous", _("Gas-hazardous work")
    LIFTING = "lifting", _("Lifting operations")
    OTHER = "other", pgettext_lazy("work type", "Other")


class MeasureCode(models.TextChoices):
    """Item 5 of Annex 1: the safety measures, each with the interlinear hint of the form."""

    STOP = "5.1", _("5.1 Stop (stopping place, position)")
    DISCONNECT = "5.2", _("5.2 Disconnect (switch, valve, mains, etc.)")
    INSTALL = "5.3", _("5.3 Install (dead ends, plugs, warning lamps, etc.)")
    AIR_SAMPLE = "5.4", _("5.4 Take a sample for analysis of the air environment")
    FENCE = "5.5", _("5.5 Fence (work area, post posters)")
    HEIGHT = "5.6", _("5.6 Safety at height and in wells (scaffolding, safety belts, ropes, etc.)")
    WARN = "5.7", _("5.7 Warn (operators of adjacent cranes, signed in the logbook)")
    RAILWAY = "5.8", _("5.8 Safety at railway tracks (signs, posters, fences, dead ends, etc.)")
    ROUTES = "5.9", _("5.9 Routes to the place of work")
    ADDITIONAL = "5.10", _("5.10 Additional measures")


class Nearby(models.TextChoices):
    """344 cl.8: work near these (or any earthwork) is agreed beforehand with the organisations serving them."""

    RAILWAY = "railway", _("Railway")
    ROAD = "road", _("Road or highway")
    POWER_LINE = "power_line", _("Power line")
    GAS_PIPELINE = "gas_pipeline", _("Gas pipeline")
    HEAT_PIPELINE = "heat_pipeline", _("Heat pipeline")
    OTHER_COMMUNICATIONS = "communications", _("Other communications or process lines")


class AttachmentKind(models.TextChoices):
    """344 cl.4 (plans, sketches, cordon and sign layouts) and cl.8 (agreements, communication diagrams)."""

    PLAN = "plan", _("Plan of the area and equipment")
    SKETCH = "sketch", _("Sketch of protective devices")
    CORDON = "cordon", _("Cordon posts and signs layout")
    AGREEMENT = "agreement", _("Agreement with the organisation serving nearby communications")
    DIAGRAM = "diagram", _("Diagram of communications")
    OTHER = "other", pgettext_lazy("attachment kind", "Other")


class ApprovalKind(models.TextChoices):
    SHIFT_SUPERVISOR = "8", _("8 Shift supervisor (section)")
    OTHER = "8.1", _("8.1 Other approval")


class PeriodKind(models.TextChoices):
    """Annex 2 columns: the initial admission and each re-admission, with start and end."""

    INITIAL = "initial", _("Initial admission")
    READMISSION = "readmission", _("Re-admission")


class NamingKind(models.TextChoices):
    """344 cl.29, item 12: who the issuer named after issue, by a signed act."""

    ADMITTING_ADDED = "admitting_added", _("Admitting person added for a shift (item 12)")
    ADMITTING_REPLACED = "admitting_replaced", _("Admitting person replaced (344 cl.29, item 12)")
    SHIFT_PERFORMER = "shift_performer", _("Work performer named for the shifts (344 cl.29)")


class TerminationReason(models.TextChoices):
    """344 cl.25: the four reasons the admitting person stops the work and withdraws the permit."""

    EMERGENCY = "emergency", _("An emergency has arisen")
    DISCREPANCY = "discrepancy", _("Actual conditions differ from the permit")
    NEARBY_THREAT = "nearby_threat", _("A threat of emergency arose nearby")
    CONNECTION = "connection", _("Equipment or energy communications had to be connected")


class PauseKind(models.TextChoices):
    DAILY_BREAK = "daily_break", _("Daily break (344 cl.23)")
    SHIFT_HANDOVER = "shift_handover", _("Shift handed over (344 cl.24)")


class JointStatus(models.TextChoices):
    """344 cl.7: an agreement of joint measures is proposed, then signed by each party; agreed once all have signed."""

    PROPOSED = "proposed", pgettext_lazy("joint measures", "Awaiting signatures")
    AGREED = "agreed", pgettext_lazy("joint measures", "Agreed")
    WITHDRAWN = "withdrawn", pgettext_lazy("joint measures", "Withdrawn")


class CertificateStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("certificate status", "Draft")
    SIGNED_BY_SHOP = "signed_by_shop", _("Signed by the head of the shop")
    ACTIVE = "active", pgettext_lazy("certificate status", "In force")
    CANCELLED = "cancelled", pgettext_lazy("certificate status", "Cancelled")


class EmergencyStatus(models.TextChoices):
    """344 cl.12: localisation and elimination of an accident goes on without a permit until the direct threat is gone."""

    UNDER_WAY = "under_way", _("Localisation under way (no permit, accident elimination plan)")
    THREAT_ELIMINATED = "threat_eliminated", _("Direct threat eliminated: remaining work needs a permit")



class AirUnit(models.TextChoices):
    """Item 5.4: the units an air analysis is read in. The stored value is the symbol itself, so that the API and the
    records read plainly; the label is the symbol as each language writes it."""

    VOLUME_PERCENT = "% vol", _("% vol")
    # xgettext:no-python-format
    LEL_PERCENT = "% LEL", _("% LEL")
    MG_PER_M3 = "mg/m³", _("mg/m³")
    PPM = "ppm", _("ppm")


class GasGroup(models.TextChoices):
    """Annex 1 item 5.4 "(indicate the places and the result of the analysis, the gas contamination group)" —
    «газдану тобын көрсету». Order 344 names the group without defining it: the organisation's classification of
    gas-hazardous places (groups I-III) says which applies."""

    GROUP_I = "I", _("Group I")
    GROUP_II = "II", _("Group II")
    GROUP_III = "III", _("Group III")


class PermitPart(models.TextChoices):
    """The parts the issuer names on a permit (344 cl.19) and the issuer's own (cl.16)."""

    ISSUER = "issuer", _("Permit issuer")
    RESPONSIBLE_MANAGER = "responsible_manager", _("Responsible manager")
    ADMITTING_PERSON = "admitting_person", _("Admitting person")
    PERFORMER = "performer", _("Work performer")


class HoldingPolicy(models.TextChoices):
    """One person holding two parts of one permit: Order 344 is silent, so the organisation decides per pair."""

    ALLOW = "allow", _("Allow")
    WARN = "warn", _("Warn and record")
    FORBID = "forbid", _("Forbid")
