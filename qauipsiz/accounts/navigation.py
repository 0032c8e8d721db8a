"""The main menu: the register's sections the user may see, grouped as a safety department thinks of them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qauipsiz.core.resources import RESOURCES

from .access import readable_organisations
from .choices import Action
from .policy import may_act_on_type
from .services import managed_organisations

SECTIONS = (
    (_("Organisation"), ("organisations", "divisions", "contractors")),
    (_("Facilities"), ("facilities", "buildings", "devices")),
    (_("People"), ("people", "trainings", "appointments", "training-types", "role-requirements")),
    (_("Law"), ("legal-acts", "clauses")),
)


def menu_for(user) -> list[dict]:
    sections = []
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
    if administration:
        sections.append({"title": _("Administration"), "items": administration})
    return sections
