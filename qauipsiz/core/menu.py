"""The register's sections of the main menu: the record types the user may see, grouped as a safety department
thinks of them."""

from django.utils.translation import gettext_lazy as _

from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import may_act_on_type
from qauipsiz.domains import MenuEntry, MenuSection

from .resources import RESOURCES

SECTIONS = (
    ("organisation", _("Organisation"), ("organisations", "divisions", "contractors")),
    ("facilities", _("Facilities"), ("facilities", "locations", "buildings", "devices")),
    ("people", _("People"), ("people", "trainings", "appointments", "training-types", "role-requirements")),
    ("law", _("Law"), ("legal-acts", "clauses")),
)


def register_menu(user) -> list[MenuSection]:
    return [
        MenuSection(key=key, title=title, order=20 + position, entries=[
            MenuEntry(slug=slug, label=RESOURCES[slug].verbose_name_plural, url_name="core:list", url_args=(slug,))
            for slug in slugs if may_act_on_type(user, Action.VIEW, RESOURCES[slug].model)
        ])
        for position, (key, title, slugs) in enumerate(SECTIONS)
    ]
