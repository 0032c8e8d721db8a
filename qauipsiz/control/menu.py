"""The Production control section of the main menu: the entries the user may open."""

from django.utils.translation import gettext_lazy as _

from qauipsiz.domains import MenuSection

# Each sub-domain's entries: a function of the user returning the `MenuEntry`s that user may open.
ENTRIES: list = []


def control_menu(user) -> list[MenuSection]:
    entries = [entry for entries_of in ENTRIES for entry in entries_of(user)]
    if not entries:
        return []
    return [MenuSection(key="control", title=_("Production control"), entries=entries, order=20)]


# --- Accidents, incidents and injuries (315 cl.4.12); prescriptions of the state authority (315 cl.26.3) ----------

def _accidents_entries(user) -> list:
    from qauipsiz.accounts.choices import Action
    from qauipsiz.accounts.policy import may_act_on_type
    from qauipsiz.domains import MenuEntry

    from .models import Accident, StatePrescription

    entries = []
    if may_act_on_type(user, Action.VIEW, Accident):
        entries.append(MenuEntry(slug="control-accidents", label=_("Accidents, incidents and injuries"),
                                 url_name="control:accidents"))
    if may_act_on_type(user, Action.VIEW, StatePrescription):
        entries.append(MenuEntry(slug="control-state-prescriptions", label=_("Prescriptions of the state authority"),
                                 url_name="control:state-prescriptions"))
    return entries


ENTRIES.append(_accidents_entries)
