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


# --- Plans (315 cl.4.1, cl.4.5, cl.26.1) ----------------------------------------------------------------------------
def _plan_entries(user) -> list:
    from qauipsiz.domains import MenuEntry

    from .views.plans import may_see_plans

    if not may_see_plans(user):
        return []
    return [MenuEntry(slug="control-plans", label=_("Plans"), url_name="control:plans"),
            MenuEntry(slug="control-plan-execution", label=_("Execution of the plan of measures"),
                      url_name="control:plan-execution")]


ENTRIES.append(_plan_entries)
