from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Access roles. What each may see and do is the policy table in `qauipsiz.accounts.policy`."""

    HEAD = "head", _("Head of organisation")
    PC_OFFICIAL = "pc_official", _("Production-control official")
    # Order 315: the head of the production-control service keeps and systematises the data (cl.24) and prepares the
    # annual information (cl.26); the person responsible for production control draws up the schedule (cl.7) and is
    # assessed (cl.20); the first head alone cancels a prescription (cl.4.4) and settles deadline disputes (cl.17).
    PC_SERVICE_HEAD = "pc_service_head", _("Head of the production-control service")
    PC_RESPONSIBLE = "pc_responsible", _("Person responsible for production control")
    FIRST_HEAD = "first_head", _("First head")
    DIVISION_HEAD = "division_head", _("Division head")
    PERMIT_ISSUER = "permit_issuer", _("Permit issuer")
    ADMITTING_PERSON = "admitting_person", _("Admitting person")
    RESPONSIBLE_MANAGER = "responsible_manager", _("Responsible manager")
    WORK_PERFORMER = "work_performer", _("Work performer")
    CREW_MEMBER = "crew_member", _("Crew member")
    CONTRACTOR_REP = "contractor_rep", _("Contractor representative")
    AUDITOR = "auditor", _("Read-only auditor")
    SYSADMIN = "sysadmin", _("System administrator")


class Action(models.TextChoices):
    VIEW = "view", _("view")
    ADD = "add", _("create")
    CHANGE = "change", _("edit")
    DEACTIVATE = "deactivate", _("deactivate")


class AccessKind(models.TextChoices):
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logout")
    SIGNING_LOCKED = "signing_locked", _("Signing locked after wrong passwords or PINs")
    EXPORT = "export", _("Export")
    PRINT = "print", _("Print")
    VIEW_OUTSIDE_DIVISION = "view_outside", _("View outside own division")
