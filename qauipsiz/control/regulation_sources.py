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


# --- Accidents, incidents and injuries (315 cl.6.3, cl.4.12) --------------------------------------------------------

def _accident_facts(facility, year: int) -> list[Fact]:
    from django.utils.translation import gettext as _

    from .accident_selectors import of_facility_in_year
    from .choices import AccidentKind

    counts = of_facility_in_year(facility, year)
    text = _("%(year)s: accidents %(accidents)s, incidents %(incidents)s, accident-caused injuries %(injuries)s.") % {
        "year": year, "accidents": counts.get(AccidentKind.ACCIDENT, 0),
        "incidents": counts.get(AccidentKind.INCIDENT, 0), "injuries": counts.get(AccidentKind.INJURY, 0)}
    return [Fact(topic=_("Accidents, incidents and injuries"), text=text)]


FACILITY_FACTS.append(_accident_facts)
