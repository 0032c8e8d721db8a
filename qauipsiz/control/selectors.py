"""The reads production control shares between its pages, API and documents.

Who the people of production control are (315 cl.3, cl.4, cl.17, cl.24-26), read for the pages, the API, the
Regulation and the other sub-domains.

- `first_heads(organisation)`: who is the first head (бірінші басшы), who alone cancels a prescription (cl.4.4) and
  settles a dispute over a deadline (cl.17);
- `is_first_head(user, organisation)`: the same question for one user, from the grants already read for the request;
- `service_structure(organisation, ...)`: the service (cl.6.6): its head, the person responsible, the officials, each
  with the order appointing them and their competence on the day.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.policy import grants_of, live_grants_q, visible_to
from qauipsiz.core.choices import AppointmentRole
from qauipsiz.core.competence import assess_grid
from qauipsiz.core.i18n import pick_translation
from qauipsiz.core.models import Appointment, Organisation

# The functions of the production-control service, in the order the service's page lists them (cl.6.6).
SERVICE_ROLES = (AppointmentRole.PC_SERVICE_HEAD, AppointmentRole.PC_RESPONSIBLE, AppointmentRole.PC_OFFICIAL)
# The access role each function gives while the appointment lasts (cl.3, cl.25).
ACCESS_OF = {AppointmentRole.PC_SERVICE_HEAD: Role.PC_SERVICE_HEAD, AppointmentRole.PC_RESPONSIBLE: Role.PC_RESPONSIBLE,
             AppointmentRole.PC_OFFICIAL: Role.PC_OFFICIAL}


def _first_head_roles(organisation: Organisation) -> tuple[str, ...]:
    if organisation.head_is_first_head:
        return (Role.FIRST_HEAD, Role.HEAD)
    return (Role.FIRST_HEAD,)


def first_heads(organisation: Organisation, day: datetime.date | None = None) -> list:
    """The users who are the organisation's first head on `day` (default today), in the order they were granted.

    The first head is whoever holds the FIRST_HEAD role; when the organisation says its head is the first head
    (`Organisation.head_is_first_head`), the holders of the HEAD role as well. One query."""
    RoleGrant = apps.get_model("accounts", "RoleGrant")
    grants = (RoleGrant.objects.filter(live_grants_q(day), organisation=organisation, user__is_active=True,
                                       role__in=_first_head_roles(organisation))
              .select_related("user", "user__person").order_by("created_at", "pk"))
    return list({grant.user_id: grant.user for grant in grants}.values())


def is_first_head(user, organisation: Organisation) -> bool:
    """Is `user` a first head of `organisation` (315 cl.4.4, cl.17)? Reads no more than the request's grants."""
    if getattr(user, "is_superuser", False):
        return False
    roles = _first_head_roles(organisation)
    return any(g.organisation_id == organisation.pk and g.role in roles for g in grants_of(user))


def is_current(appointment: Appointment, day: datetime.date) -> bool:
    return (appointment.is_active and appointment.valid_from <= day
            and (appointment.valid_until is None or appointment.valid_until >= day))


def current_q(day: datetime.date) -> Q:
    return Q(is_active=True, valid_from__lte=day) & (Q(valid_until__isnull=True) | Q(valid_until__gte=day))


@dataclass
class Member:
    """One appointment of the service and the appointee's competence in it on the day."""

    appointment: Appointment
    competence: object = None

    @property
    def person(self):
        return self.appointment.person


@dataclass
class ServiceStructure:
    organisation: Organisation
    day: datetime.date
    first_heads: list = field(default_factory=list)
    by_role: dict = field(default_factory=dict)  # AppointmentRole -> [Member] of appointments in force
    upcoming: list = field(default_factory=list)  # appointments whose period has not begun
    ended: list = field(default_factory=list)  # appointments that ended or were revoked

    @property
    def service_heads(self) -> list:
        return self.by_role.get(AppointmentRole.PC_SERVICE_HEAD, [])

    @property
    def responsible(self) -> list:
        return self.by_role.get(AppointmentRole.PC_RESPONSIBLE, [])

    @property
    def officials(self) -> list:
        return self.by_role.get(AppointmentRole.PC_OFFICIAL, [])

    @property
    def sections(self) -> list:
        return [(AppointmentRole(role), self.by_role.get(role, [])) for role in SERVICE_ROLES]


def service_appointments(organisation: Organisation, user=None):
    """The appointments of the service's functions in the organisation (those `user` may see, when given)."""
    queryset = Appointment.objects.filter(organisation=organisation, role__in=SERVICE_ROLES)
    if user is not None:
        queryset = visible_to(user, Appointment, queryset)
    return (queryset.select_related("person", "person__division")
            .prefetch_related("divisions", "facilities").order_by("role", "-valid_from", "pk"))


def service_structure(organisation: Organisation, day: datetime.date | None = None, *, user=None) -> ServiceStructure:
    """The structure of the production-control service on `day` (cl.6.6), with each appointee's competence then.
    A fixed number of queries, whatever the size of the service."""
    day = day or timezone.localdate()
    structure = ServiceStructure(organisation=organisation, day=day, first_heads=first_heads(organisation, day))
    appointments = list(service_appointments(organisation, user))
    current = [a for a in appointments if is_current(a, day)]
    answers = assess_grid([(a.person, a.role) for a in current], [day]) if current else {}
    for appointment in current:
        member = Member(appointment, answers.get((appointment.person_id, appointment.role, day)))
        structure.by_role.setdefault(appointment.role, []).append(member)
    structure.upcoming = [Member(a) for a in appointments if a.is_active and a.valid_from > day]
    structure.ended = [Member(a) for a in appointments
                       if not a.is_active or (a.valid_until is not None and a.valid_until < day)]
    return structure


# --- The Regulation on production control (315 cl.5-6) ---------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    """An effectiveness criterion (315 cl.6.5) as the annual analysis (cl.20) computes against it: the measure code
    (`choices.CriterionMeasure`), its name in the reader's language, the target, its unit and direction, and for the
    organisation's own measure how it is computed and the figure it entered."""

    measure: str
    name: str
    target: Decimal
    unit: str
    direction: str
    description: str = ""
    manual_value: Decimal | None = None

    def met_by(self, value: Decimal) -> bool:
        from .choices import CriterionDirection

        return value >= self.target if self.direction == CriterionDirection.AT_LEAST else value <= self.target


def regulation_in_force(organisation, on: datetime.date | None = None):
    """The version of the Regulation approved last on or before `on` (today by default), or None."""
    from .models import Regulation

    on = on or timezone.localdate()
    end = datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time(), timezone.get_current_timezone())
    return (Regulation.objects.filter(organisation=organisation, approved_at__lt=end, content__isnull=False)
            .order_by("-approved_at", "-version").first())


def effectiveness_criteria(organisation, on: datetime.date | None = None) -> list[Criterion]:
    """The criteria and targets production control is assessed against on `on` (315 cl.6.5, cl.20): those of the
    Regulation in force that day as approved; before any approval, the organisation's criteria as they stand now."""
    from .models import EffectivenessCriterion

    regulation = regulation_in_force(organisation, on)
    if regulation is not None:
        return [Criterion(measure=c["measure"], name=pick_translation(_Names(c["name"]), "name"),
                          target=Decimal(c["target"]), unit=c["unit"], direction=c["direction"],
                          description=c["description"],
                          manual_value=None if c["manual_value"] is None else Decimal(c["manual_value"]))
                for c in regulation.content.get("criteria", [])]
    return [Criterion(measure=c.measure, name=c.name, target=c.target, unit=c.unit, direction=c.direction,
                      description=c.description, manual_value=c.manual_value)
            for c in EffectivenessCriterion.objects.filter(organisation=organisation, is_active=True)]


class _Names:
    """A frozen {"kk", "ru", "en"} read through `pick_translation` like a record's translated field."""

    def __init__(self, names: dict):
        for code, text in names.items():
            setattr(self, f"name_{code}", text)

"""The reads production control shares between its pages, API and documents."""

# Plans (315 cl.4.1, cl.4.5, cl.26.1): their reads live in plan_selectors; the annual information reads this one.
from .plan_selectors import plan_execution  # noqa: E402,F401
