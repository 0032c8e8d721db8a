"""The Production control section of the main menu: the entries the user may open."""

from django.utils.translation import gettext_lazy as _

from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import grants_of, may_act_on_type
from qauipsiz.domains import MenuEntry, MenuSection

from .models.legal import ChangeNotice

# Each sub-domain's entries: a function of the user returning the `MenuEntry`s that user may open.
ENTRIES: list = []


def control_menu(user) -> list[MenuSection]:
    entries = [entry for entries_of in ENTRIES for entry in entries_of(user)]
    if not entries:
        return []
    return [MenuSection(key="control", title=_("Production control"), entries=entries, order=20)]


# -- legal acts: changes to acknowledge (315 cl.4.11) -----------------------------------------------------------------

def _legal_entries(user) -> list[MenuEntry]:
    entries = []
    if may_act_on_type(user, Action.VIEW, ChangeNotice):
        entries.append(MenuEntry(slug="change-notices", label=_("Changes to legal acts"),
                                 url_name="control:change-notices"))
    # Everyone who works here may have changes to acknowledge; asking for the person would cost a query on every page.
    if grants_of(user):
        entries.append(MenuEntry(slug="my-changes", label=_("My changes to acknowledge"),
                                 url_name="control:my-changes"))
    return entries


ENTRIES.append(_legal_entries)
