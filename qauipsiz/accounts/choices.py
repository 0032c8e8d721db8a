from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Access roles. What each may see and do is the policy table in `qauipsiz.accounts.policy`."""

    HEAD = "head", _("Head of organisation")
    PC_OFFICIAL = "pc_official", _("Production-control official")
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
