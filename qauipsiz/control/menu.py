"""The Production control section of the main menu: the entries the user may open."""

from django.utils.translation import gettext_lazy as _

from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import grants_of, may_act_on_type
from qauipsiz.core.models import Appointment
from qauipsiz.domains import MenuEntry, MenuSection

from .models.legal import ChangeNotice

# Each sub-domain's entries: a function of the user returning the `MenuEntry`s that user may open.
ENTRIES: list = []


def control_menu(user) -> list[MenuSection]:
    entries = [entry for entries_of in ENTRIES for entry in entries_of(user)]
    if not entries:
        return []
    return [MenuSection(key="control", title=_("Production control"), entries=entries, order=20)]


# -- The people of production control (315 cl.3, cl.6.6) -------------------------------------------------------------


def _people_entries(user) -> list:
    if not may_act_on_type(user, Action.VIEW, Appointment):
        return []
    return [MenuEntry(slug="control-service", label=_("Production-control service"), url_name="control:people-service")]


ENTRIES.append(_people_entries)

# --- The Regulation on production control (315 cl.5-6) ---------------------------------------------------------------


def _regulation_entries(user) -> list[MenuEntry]:
    from qauipsiz.accounts.choices import Action
    from qauipsiz.accounts.policy import may_act_on_type

    from .models import EffectivenessCriterion, Regulation

    entries = []
    if may_act_on_type(user, Action.VIEW, Regulation):
        entries.append(MenuEntry(slug="control-regulation", label=_("Regulation on production control"),
                                 url_name="control:regulation-list"))
    if may_act_on_type(user, Action.VIEW, EffectivenessCriterion):
        entries.append(MenuEntry(slug="control-criteria", label=_("Effectiveness criteria"),
                                 url_name="control:regulation-criteria"))
    return entries


ENTRIES.append(_regulation_entries)

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
