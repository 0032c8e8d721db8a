"""The retention page in the main menu's Administration section, for those who hold or purge records."""

from django.utils.translation import gettext_lazy as _

from qauipsiz.accounts.menu import ADMINISTRATION, ADMINISTRATION_ORDER, ADMINISTRATION_TITLE
from qauipsiz.accounts.policy import roles_of
from qauipsiz.domains import MenuEntry, MenuSection

from .retention import HOLDING_ROLES, PURGING_ROLES


def ledger_menu(user) -> list[MenuSection]:
    entries = []
    if user.is_superuser or roles_of(user) & (HOLDING_ROLES | PURGING_ROLES):
        entries.append(MenuEntry(slug="retention", label=_("Retention and holds"), url_name="ledger:retention"))
    return [MenuSection(key=ADMINISTRATION, title=ADMINISTRATION_TITLE, entries=entries, order=ADMINISTRATION_ORDER)]
