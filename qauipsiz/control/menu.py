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


# --- Examinations and removal from work (315 cl.4.6, cl.4.7, cl.26.5, cl.27.4) ---------------------------------------
def _removal_entries(user) -> list:
    from qauipsiz.accounts.choices import Action
    from qauipsiz.accounts.policy import may_act_on_type
    from qauipsiz.domains import MenuEntry

    from .models import Examination, Removal

    entries = []
    if may_act_on_type(user, Action.VIEW, Examination):
        entries.append(MenuEntry(slug="control-examinations", label=_("Examinations and certification"),
                                 url_name="control:examinations"))
    if may_act_on_type(user, Action.VIEW, Removal):
        entries.append(MenuEntry(slug="control-lapses", label=_("Training lapses"), url_name="control:lapses"))
        entries.append(MenuEntry(slug="control-removals", label=_("Removals from work"), url_name="control:removals"))
    return entries


ENTRIES.append(_removal_entries)
