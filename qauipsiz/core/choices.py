from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DivisionKind(models.TextChoices):
    DIVISION = "division", pgettext_lazy("division kind", "Division")
    SITE = "site", pgettext_lazy("division kind", "Site")
    WORKSHOP = "workshop", pgettext_lazy("division kind", "Workshop")


class LocationKind(models.TextChoices):
    """The steps below a hazardous production facility in which 344 cl.7 finds work "at one site"."""

    UNIT = "unit", pgettext_lazy("location kind", "Unit")
    AREA = "area", pgettext_lazy("location kind", "Area of a unit")


class HazardClass(models.TextChoices):
    """Hazard classes of a hazardous production facility (I the most dangerous)."""

    I = "1", _("Class I (extreme hazard)")  # noqa: E741
    II = "2", _("Class II (high hazard)")
    III = "3", _("Class III (medium hazard)")
    IV = "4", _("Class IV (low hazard)")


class DeviceState(models.TextChoices):
    IN_OPERATION = "in_operation", _("In operation")
    STOPPED = "stopped", pgettext_lazy("device state", "Stopped")
    UNDER_PERMIT = "under_permit", _("Under a work permit")


class DeviceType(models.TextChoices):
    PRESSURE_VESSEL = "pressure_vessel", _("Pressure vessel")
    BOILER = "boiler", _("Boiler")
    PIPELINE = "pipeline", _("Pipeline")
    LIFTING = "lifting", _("Lifting equipment")
    ELEVATOR = "elevator", _("Elevator / hoist")
    PUMP_COMPRESSOR = "pump_compressor", _("Pump or compressor")
    FURNACE = "furnace", _("Furnace")
    TANK = "tank", _("Tank")
    GAS_EQUIPMENT = "gas_equipment", _("Gas-using equipment")
    ELECTRICAL = "electrical", _("Electrical installation")
    OTHER = "other", pgettext_lazy("device type", "Other")


class StructureKind(models.TextChoices):
    BUILDING = "building", _("Building")
    STRUCTURE = "structure", _("Structure")


class LegalActStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    LOST_FORCE = "lost_force", _("Lost force")


class AppointmentRole(models.TextChoices):
    """Functions a person is appointed to by an order of the head (315 cl.3; 344 cl.16, cl.19-20)."""

    PC_OFFICIAL = "pc_official", _("Production-control official")
    # 315 cl.24, cl.26: the head of the service keeps the data and prepares the annual information; cl.7, cl.20: the
    # person responsible for production control draws up the schedule and is assessed. Both by the head's order (cl.3).
    PC_SERVICE_HEAD = "pc_service_head", _("Head of the production-control service")
    PC_RESPONSIBLE = "pc_responsible", _("Person responsible for production control")
    PERMIT_ISSUER = "permit_issuer", _("Permit issuer")
    ADMITTING_PERSON = "admitting_person", _("Admitting person")
    RESPONSIBLE_MANAGER = "responsible_manager", _("Responsible manager")
    WORK_PERFORMER = "work_performer", _("Work performer")


class AppointmentPosition(models.TextChoices):
    """The post an appointment gives in the divisions it covers (344 cl.16: the heads of the divisions, their deputies,
    the head of the organisation). Empty: a person the head authorised by the order, without the post."""

    HEAD = "head", _("Head")
    DEPUTY = "deputy", _("Deputy head")


class ElectricalGroup(models.TextChoices):
    I = "I", "I"  # noqa: E741
    II = "II", "II"
    III = "III", "III"
    IV = "IV", "IV"
    V = "V", "V"


class CompetenceRole(models.TextChoices):
    """Roles whose holders must be competent when they sign: the appointed functions plus crew members (344 cl.11)."""

    PC_OFFICIAL = AppointmentRole.PC_OFFICIAL.value, AppointmentRole.PC_OFFICIAL.label
    PC_SERVICE_HEAD = AppointmentRole.PC_SERVICE_HEAD.value, AppointmentRole.PC_SERVICE_HEAD.label
    PC_RESPONSIBLE = AppointmentRole.PC_RESPONSIBLE.value, AppointmentRole.PC_RESPONSIBLE.label
    PERMIT_ISSUER = AppointmentRole.PERMIT_ISSUER.value, AppointmentRole.PERMIT_ISSUER.label
    ADMITTING_PERSON = AppointmentRole.ADMITTING_PERSON.value, AppointmentRole.ADMITTING_PERSON.label
    RESPONSIBLE_MANAGER = AppointmentRole.RESPONSIBLE_MANAGER.value, AppointmentRole.RESPONSIBLE_MANAGER.label
    WORK_PERFORMER = AppointmentRole.WORK_PERFORMER.value, AppointmentRole.WORK_PERFORMER.label
    CREW_MEMBER = "crew_member", _("Crew member")
