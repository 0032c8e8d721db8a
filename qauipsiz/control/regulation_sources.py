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


# -- The people of production control (315 cl.6.1, cl.6.6) -----------------------------------------------------------
from .service_facts import service_facts  # noqa: E402  (it imports `Fact` from here)

SERVICE_FACTS.append(service_facts)
