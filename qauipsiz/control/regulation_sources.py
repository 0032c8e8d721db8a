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

# --- Examinations and training (315 cl.6.3, cl.26.5, cl.26.7) -------------------------------------------------------
def _examination_and_training_facts(facility, year) -> list[Fact]:
    """The facility's devices and buildings as the examinations register has them, and its people's training: what
    is done this year, what is overdue, what lapsed (in the language active when the Regulation is drawn up)."""
    import datetime

    from django.db.models import Count, Q
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from qauipsiz.core.models import Person

    from .models import Examination
    from .removal_selectors import lapses_of

    today = timezone.localdate()
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    rows = Examination.objects.filter(facility=facility, is_active=True)
    counts = rows.aggregate(
        devices_done=Count("pk", filter=Q(device__isnull=False, done_on__range=(start, end))),
        devices_unfit=Count("pk", filter=Q(device__isnull=False, done_on__range=(start, end), result="unfit")),
        devices_overdue=Count("pk", filter=Q(device__isnull=False, done_on__isnull=True, due_on__lt=today)),
        buildings_done=Count("pk", filter=Q(building__isnull=False, done_on__range=(start, end))),
        buildings_overdue=Count("pk", filter=Q(building__isnull=False, done_on__isnull=True, due_on__lt=today)))
    people = list(Person.objects.filter(organisation=facility.organisation_id, is_active=True,
                                        division__path__startswith=facility.division.path))
    lapsed = {lapse.person.pk for lapse in lapses_of(people, today, 0) if lapse.state != "lapsing"}
    return [
        Fact(topic=_("Technical certification of hazardous technical devices"),
             text=_("In %(year)s: %(done)s technical certifications and examinations done, %(unfit)s found unfit; "
                    "%(overdue)s overdue now.") % {"year": year, "done": counts["devices_done"],
                                                    "unfit": counts["devices_unfit"],
                                                    "overdue": counts["devices_overdue"]}),
        Fact(topic=_("State and technical inspection of buildings and structures"),
             text=_("In %(year)s: %(done)s technical inspections done; %(overdue)s overdue now.") % {
                 "year": year, "done": counts["buildings_done"], "overdue": counts["buildings_overdue"]}),
        Fact(topic=_("Training of staff"),
             text=_("%(people)s people work at the facility's division; the required training of %(lapsed)s of them "
                    "has lapsed.") % {"people": len(people), "lapsed": len(lapsed)}),
    ]


FACILITY_FACTS.append(_examination_and_training_facts)

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
