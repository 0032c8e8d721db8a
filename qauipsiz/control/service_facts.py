"""What the people of production control give the Regulation on production control (315 cl.6.1, cl.6.6): the
structure of the service on the day, and the powers of each of its functions.

Registered in `regulation_sources.SERVICE_FACTS`; the Regulation calls it in the language it is drawn up in, so every
text is translated when it is called."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from qauipsiz.core.choices import AppointmentRole

from .regulation_sources import Fact
from .selectors import service_structure


def _date(day) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _covered(appointment) -> str:
    if appointment.whole_organisation:
        covered = _("the whole organisation")
    else:
        covered = ", ".join(d.name for d in appointment.divisions.all()) or "—"
    facilities = "; ".join(f"{f.registration_number} {f.name}" for f in appointment.facilities.all())
    if facilities:
        return _("%(divisions)s; facilities: %(facilities)s") % {"divisions": covered, "facilities": facilities}
    return covered


def _line(member) -> str:
    appointment = member.appointment
    period = (_("from %(start)s to %(end)s") % {"start": _date(appointment.valid_from),
                                                "end": _date(appointment.valid_until)}
              if appointment.valid_until else _("from %(start)s") % {"start": _date(appointment.valid_from)})
    return _("%(person)s (order %(order)s of %(date)s, %(period)s; %(covered)s)") % {
        "person": appointment.person.full_name, "order": appointment.order_number,
        "date": _date(appointment.order_date), "period": period, "covered": _covered(appointment)}


def powers() -> dict:
    """The powers of each function of the service, as Order 315 gives them, in the current language."""
    return {
        AppointmentRole.PC_OFFICIAL: _(
            "draw up the plan of production-control work in the divisions; control the workers' compliance with "
            "industrial-safety requirements; organise and carry out inspections; issue to the heads of divisions "
            "prescriptions, binding to carry out, to eliminate the violations found; organise the plan of measures "
            "for industrial safety and accident elimination; prepare industrial-safety expert examinations; propose "
            "to the head measures, the suspension of dangerous work and the removal from work of people not trained "
            "in time; obtain documents; analyse the causes of accidents and incidents and keep their records; "
            "organise training and retraining; bring changes of the legislation to the workers; organise the "
            "investigation and recording of accidents and injuries (315 cl.4)"),
        AppointmentRole.PC_SERVICE_HEAD: _(
            "systematises, updates and keeps the data on the state of industrial safety and the results of "
            "production control (315 cl.24); organises the annual information on production control, approved by "
            "the head (315 cl.26)"),
        AppointmentRole.PC_RESPONSIBLE: _(
            "draws up the schedule of inspections (315 cl.7); the effectiveness of this work is assessed in the "
            "yearly analysis of production control (315 cl.20)"),
    }


def service_facts(organisation, day=None) -> list[Fact]:
    """The structure of the service (cl.6.6) and the powers of its officials (cl.6.1) on `day` (default today)."""
    day = day or timezone.localdate()
    structure = service_structure(organisation, day)
    topic = _("Structure of the production-control service")
    facts = []
    heads = [u.person.full_name if getattr(u, "person", None) else (u.get_full_name() or u.username)
             for u in structure.first_heads]
    facts.append(Fact(topic, _("First head (cancels prescriptions, settles disputes over deadlines, 315 cl.4.4, "
                               "cl.17): %(names)s") % {"names": ", ".join(heads) or "—"}))
    for role, members in structure.sections:
        lines = "; ".join(_line(m) for m in members) or "—"
        facts.append(Fact(topic, f"{role.label}: {lines}"))
    powers_topic = _("Powers of the officials of production control")
    for role, text in powers().items():
        facts.append(Fact(powers_topic, f"{AppointmentRole(role).label}: {text}"))
    return facts
