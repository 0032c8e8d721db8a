"""The main menu: the register's sections the user may see, grouped as a safety department thinks of them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qauipsiz.core.resources import RESOURCES

from .access import readable_organisations
from .choices import Action
from .policy import may_act_on_type, roles_of
from .services import managed_organisations

SECTIONS = (
    (_("Organisation"), ("organisations", "divisions", "contractors")),
    (_("Facilities"), ("facilities", "buildings", "devices")),
    (_("People"), ("people", "trainings", "appointments", "training-types", "role-requirements")),
    (_("Law"), ("legal-acts", "clauses")),
)


def permits_menu(user) -> list[dict]:
    """Work permits (Order 344): what the user may see of them, and the notices every user has."""
    from qauipsiz.permits.gatekeeper import person_of
    from qauipsiz.permits.models import AdmissionCertificate, EmergencyWork, Permit

    items = []
    if may_act_on_type(user, Action.VIEW, Permit) or person_of(user) is not None:
        items += [
            {"slug": "permits", "label": _("Work permits"), "url": reverse("permits:list")},
            {"slug": "board", "label": _("Board of open permits"), "url": reverse("permits:board")},
            {"slug": "tasks", "label": _("My tasks"), "url": reverse("permits:tasks")},
            {"slug": "permit-register", "label": _("Register of permits (Annex 2)"), "url": reverse("permits:register")},
        ]
    if may_act_on_type(user, Action.VIEW, AdmissionCertificate) or person_of(user) is not None:
        items.append({"slug": "certificates", "label": _("Admission certificates"),
                      "url": reverse("permits:certificate-list")})
    if may_act_on_type(user, Action.VIEW, EmergencyWork):
        items.append({"slug": "emergencies", "label": _("Emergency works"), "url": reverse("permits:emergency-list")})
    if items:
        items.append({"slug": "work-types", "label": _("Work types"), "url": reverse("permits:work-types")})
    items.append({"slug": "notices", "label": _("Notices"), "url": reverse("notifications:list")})
    return items


def menu_for(user) -> list[dict]:
    sections = [{"title": _("Work permits"), "items": permits_menu(user)}]
    for title, slugs in SECTIONS:
        items = [
            {"slug": slug, "label": RESOURCES[slug].verbose_name_plural, "url": reverse("core:list", args=[slug])}
            for slug in slugs
            if may_act_on_type(user, Action.VIEW, RESOURCES[slug].model)
        ]
        if items:
            sections.append({"title": title, "items": items})
    administration = []
    if managed_organisations(user).exists():
        administration.append({"slug": "users", "label": _("Users"), "url": reverse("accounts:users")})
    if user.is_superuser or readable_organisations(user):
        administration.append({"slug": "access-log", "label": _("Access log"), "url": reverse("accounts:access-log")})
    from qauipsiz.ledger.retention import HOLDING_ROLES, PURGING_ROLES

    if user.is_superuser or roles_of(user) & (HOLDING_ROLES | PURGING_ROLES):
        administration.append({"slug": "retention", "label": _("Retention and holds"),
                               "url": reverse("ledger:retention")})
    if administration:
        sections.append({"title": _("Administration"), "items": administration})
    return sections
