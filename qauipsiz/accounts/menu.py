"""Accounts' entries of the main menu's Administration section."""

from django.utils.translation import gettext_lazy as _

from qauipsiz.domains import MenuEntry, MenuSection

from .access import readable_organisations
from .services import managed_organisations

ADMINISTRATION = "administration"
ADMINISTRATION_TITLE = _("Administration")
ADMINISTRATION_ORDER = 900


def accounts_menu(user) -> list[MenuSection]:
    entries = []
    if managed_organisations(user).exists():
        entries.append(MenuEntry(slug="users", label=_("Users"), url_name="accounts:users"))
    if user.is_superuser or readable_organisations(user):
        entries.append(MenuEntry(slug="access-log", label=_("Access log"), url_name="accounts:access-log"))
    return [MenuSection(key=ADMINISTRATION, title=ADMINISTRATION_TITLE, entries=entries, order=ADMINISTRATION_ORDER)]
