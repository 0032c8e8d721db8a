"""What the sub-domains contribute to the Regulation on production control (315 cl.6), without the Regulation's
document importing each of them.

A sub-domain appends a function to the list of the section it informs; the Regulation calls each with the
organisation and the language it is drawn up in:
- `FACILITY_FACTS` (cl.6.3, per facility): `facts(facility, year) -> list[Fact]`: a line on the state and inspection of
  its buildings and structures, the certification of its devices, its accidents, incidents and injuries, its training;
- `PLAN_FACTS` (cl.6.4): `facts(organisation, year) -> list[Fact]`: the measures plan in force;
- `SERVICE_FACTS` (cl.6.1, cl.6.6): `facts(organisation, day) -> list[Fact]`: the officials and their powers, the
  structure of the service.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Fact:
    """One line of a Regulation section: its heading (cl.6.3 sub-item: "Accidents, incidents and injuries") and the
    text, both already in the language asked for."""

    topic: str
    text: str


FACILITY_FACTS: list[Callable] = []
PLAN_FACTS: list[Callable] = []
SERVICE_FACTS: list[Callable] = []



# --- Plans (315 cl.4.5): the plan of measures in force, for the Regulation's cl.6.4 -------------------------------
def _plan_facts(organisation, year) -> list[Fact]:
    # Imported here: this module is read by the Regulation's document without loading every sub-domain's models.
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from .plan_selectors import measures_plan_in_force

    plan, version = measures_plan_in_force(getattr(organisation, "pk", organisation), year)
    if plan is None:
        return [Fact(topic=_("Plan of measures"), text=_("No plan of measures for %(year)s has been approved.")
                     % {"year": year})]
    text = _("Plan of measures for industrial safety and accident elimination No. %(number)s, version %(version)s, "
             "approved on %(date)s; measures: %(count)s.") % {
        "number": plan.display_number, "version": version.version, "count": version.items.count(),
        "date": timezone.localtime(version.approved_at).strftime("%d.%m.%Y")}
    return [Fact(topic=_("Plan of measures"), text=text)]


PLAN_FACTS.append(_plan_facts)
