"""Is a person competent to act in a role at a moment? Permits and production control ask this before every signature.

Competent means: the person is active; for a function held by a standing order (`ORDERED_ROLES`: the production-control
official, the head of the production-control service and the person responsible for production control, 315 cl.3;
the permit issuer, 344 cl.16) an appointment by order of the head is valid on that day and covers the division
concerned; and every training the organisation requires for the role (`RoleTrainingRequirement`) is valid on
that day. The responsible manager, the admitting person and the performer are named by the issuer on the permit itself
(344 cl.19: "жұмысты басқарушыны, жұмысқа рұқсат берушіні, жұмысты жүргізушіні тағайындайды"), so they need the
competence the organisation requires, not a standing order; an appointment they have is still kept as evidence.
The answer carries every reason in words, not only the first, so that the person signing knows everything that must be
put right.
"""

import contextlib
import contextvars
import datetime
from dataclasses import dataclass, field

from django.db.models import Aggregate, CharField, Q
from django.utils import formats, timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext as _

from qauipsiz.domains import competence_bars

from .choices import AppointmentPosition, AppointmentRole, CompetenceRole
from .models import Appointment, Division, Person, RoleTrainingRequirement, Training


@dataclass(frozen=True)
class Competence:
    person: Person
    role: str
    on: datetime.date
    reasons: list = field(default_factory=list)  # lazily translated: str() them in the reader's language

    @property
    def competent(self) -> bool:
        return not self.reasons

    def __bool__(self) -> bool:
        return self.competent

    def explain(self) -> str:
        if self.competent:
            return _("%(person)s is competent as %(role)s on %(date)s.") % self._params()
        return _("%(person)s is not competent as %(role)s on %(date)s: %(reasons)s.") % {
            **self._params(), "reasons": "; ".join(str(r) for r in self.reasons)}

    def _params(self) -> dict:
        return {"person": self.person.full_name, "role": CompetenceRole(self.role).label, "date": _date(self.on)}


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _render(message: str, params: dict) -> str:
    return gettext(message) % {k: _date(v) if isinstance(v, datetime.date) else str(v) for k, v in params.items()}


_lazy_render = lazy(_render, str)


def _reason(message: str, **params):
    """A reason rendered when it is read, in the reader's language (the answer may be shown later, to someone else)."""
    return _lazy_render(message, params)


def _as_date(at: datetime.datetime | datetime.date | None) -> datetime.date:
    if at is None:
        return timezone.localdate()
    if isinstance(at, datetime.datetime):
        return timezone.localdate(at) if timezone.is_aware(at) else at.date()
    return at


class _TrainingName:
    """The training type's name in the language of whoever reads the reason."""

    def __init__(self, kind):
        self.kind = kind

    def __str__(self) -> str:
        return self.kind.name


# Functions held only by a standing order of the head. 344 cl.19 has the issuer name the others on each permit.
# 315 cl.3: the head of the production-control service and the person responsible for it are officials of the service,
# appointed by the head's order like the others.
ORDERED_ROLES = frozenset({AppointmentRole.PC_OFFICIAL.value, AppointmentRole.PC_SERVICE_HEAD.value,
                           AppointmentRole.PC_RESPONSIBLE.value, AppointmentRole.PERMIT_ISSUER.value})
# 344 cl.16: a head of a division (or a deputy) issues by the post, whatever function the appointment names.
POSTS = (AppointmentPosition.HEAD.value, AppointmentPosition.DEPUTY.value)


def _counts_for(appointment: Appointment, role: str) -> bool:
    return appointment.role == role or (role == AppointmentRole.PERMIT_ISSUER and appointment.position in POSTS)


def _role_filter(role: str) -> Q:
    if role == AppointmentRole.PERMIT_ISSUER:
        return Q(role=role) | Q(position__in=POSTS)
    return Q(role=role)


def _covers(appointment: Appointment, division: Division | None) -> bool:
    if appointment.whole_organisation or division is None:
        return True
    return any(division.path.startswith(covered.path) for covered in appointment.divisions.all())


class _Paths(Aggregate):
    """The paths of the divisions an appointment covers, joined by commas, read with the appointment itself: one query
    instead of a second one for the divisions (the bars' reading is paid for by it)."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s)"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="STRING_AGG", template="%(function)s(%(expressions)s, ',')",
                           **extra_context)


def _with_divisions(appointments: list[Appointment]) -> None:
    """Each appointment's `divisions.all()` answered from the paths read with it (a division's id is the last step of
    its path); the divisions' other fields load on first use, as deferred fields do."""
    for appointment in appointments:
        divisions = []
        for path in sorted(set(filter(None, (appointment._division_paths or "").split(",")))):
            steps = [step for step in path.split("/") if step]
            if steps:
                divisions.append(Division.from_db(appointment._state.db, ["id", "path"], [int(steps[-1]), path]))
        # As Django's own prefetch leaves it: a queryset whose rows are already there.
        rows = Division.objects.filter(appointments=appointment)
        rows._result_cache, rows._prefetch_done = divisions, True
        appointment._prefetched_objects_cache = {"divisions": rows}


def _appointments(person: Person, role: str) -> list[Appointment]:
    """The person's active appointments in the role, newest first, with the divisions they cover."""
    if role not in AppointmentRole.values:
        return []
    memo = _memo.get()
    key = ("appointments", person.pk, role)
    if memo is not None and key in memo:
        return memo[key]
    found = list(Appointment.objects.filter(_role_filter(role), person=person, is_active=True,
                                            organisation=person.organisation_id)
                 .annotate(_division_paths=_Paths("divisions__path")).order_by("-valid_from", "id"))
    _with_divisions(found)
    if memo is not None:
        memo[key] = found
    return found


def issuing_appointments(person: Person, at: datetime.datetime | datetime.date | None = None) -> list[Appointment]:
    """The appointments in force at `at` that may let `person` issue permits (344 cl.16): as permit issuer, or with a
    post (head, deputy) whatever the function. Read once per act with `assess` (`remembered()`)."""
    day = _as_date(at)
    return [a for a in _appointments(person, AppointmentRole.PERMIT_ISSUER) if _is_current(a, day)]


def issuer_appointments(person: Person) -> list[Appointment]:
    """Every active appointment that may let `person` issue permits (344 cl.16), whatever its dates, newest first."""
    return _appointments(person, AppointmentRole.PERMIT_ISSUER)


def _is_current(appointment: Appointment, day: datetime.date) -> bool:
    return appointment.valid_from <= day and (appointment.valid_until is None or appointment.valid_until >= day)


def _appointment_reasons(appointments: list[Appointment], role: str, day: datetime.date,
                         division: Division | None) -> list[str]:
    label = AppointmentRole(role).label
    current = [a for a in appointments if _is_current(a, day)]
    if not current:
        lapsed = [a for a in appointments if a.valid_until is not None and a.valid_until < day]
        future = [a for a in appointments if a.valid_from > day]
        if lapsed:
            return [_reason(gettext_noop("the appointment as %(role)s (order %(order)s) ended on %(date)s"),
                            role=label, order=lapsed[0].order_number, date=lapsed[0].valid_until)]
        if future:
            return [_reason(gettext_noop("the appointment as %(role)s (order %(order)s) starts only on %(date)s"),
                            role=label, order=future[-1].order_number, date=future[-1].valid_from)]
        return [_reason(gettext_noop("there is no appointment as %(role)s by an order of the head"), role=label)]
    if not any(_covers(a, division) for a in current):
        return [_reason(gettext_noop("the appointment as %(role)s does not cover %(division)s"), role=label,
                        division=division)]
    return []


def _requirements(person: Person, role: str) -> list[RoleTrainingRequirement]:
    return _organisation_requirements(person.organisation_id, {role})


def _organisation_requirements(organisation_id: int, roles: set[str]) -> list[RoleTrainingRequirement]:
    memo = _memo.get()
    if memo is None:
        return list(RoleTrainingRequirement.objects.filter(
            organisation=organisation_id, role__in=roles, is_active=True, training_type__is_active=True,
        ).select_related("training_type").order_by("training_type__code"))
    # Within an act every role's requirements of the organisation are read at once: its signers need several roles.
    key = ("requirements", organisation_id)
    if key not in memo:
        memo[key] = list(RoleTrainingRequirement.objects.filter(
            organisation=organisation_id, is_active=True, training_type__is_active=True,
        ).select_related("training_type").order_by("training_type__code"))
    return [r for r in memo[key] if r.role in roles]


def _trainings(person: Person, required: list[RoleTrainingRequirement], day: datetime.date) -> list[Training]:
    """The person's trainings of the required types passed by `day`, latest expiry first."""
    if not required:
        return []
    return list(Training.objects.filter(
        person=person, is_active=True, training_type__in=[r.training_type_id for r in required],
    ).filter(Q(passed_on__lte=day)).select_related("training_type").order_by("-valid_until", "id"))


def _training_reasons(required: list[RoleTrainingRequirement], trainings: list[Training],
                      day: datetime.date) -> list[str]:
    reasons = []
    for requirement in required:
        kind = requirement.training_type
        of_kind = [t for t in trainings if t.training_type_id == kind.pk]
        if any(t.valid_until >= day for t in of_kind):
            continue
        if of_kind:
            reasons.append(_reason(gettext_noop("the training \"%(training)s\" expired on %(date)s (document %(document)s)"),
                                   training=_TrainingName(kind), date=of_kind[0].valid_until,
                                   document=of_kind[0].document_number))
        else:
            reasons.append(_reason(gettext_noop("there is no record of the training \"%(training)s\""),
                                   training=_TrainingName(kind)))
    return reasons


def _competence(person: Person, role: str, day: datetime.date, division: Division | None,
                appointments: list[Appointment], required: list, trainings: list) -> "Competence":
    reasons: list[str] = []
    if not person.is_active:
        reasons.append(_reason(gettext_noop("the person's record is deactivated")))
    if role in ORDERED_ROLES:
        reasons.extend(_appointment_reasons(appointments, role, day, division))
    reasons.extend(_training_reasons(required, trainings, day))
    reasons.extend(_bar_reasons(person, day))
    return Competence(person=person, role=role, on=day, reasons=reasons)


def _bar_reasons(person: Person, day: datetime.date) -> list:
    """What the domains say bars the person from acting in any role that day (315 cl.4.7, cl.27.4: removed from work).
    A bar reads what it needs once per `remembered()` block (`memo()`), so asking for many people costs one query."""
    return [reason for bar in competence_bars() for reason in bar(person, day)]


def barred(people, at: datetime.datetime | datetime.date | None = None) -> dict[int, list]:
    """The people (of one organisation or several) barred from acting in any role at `at`, with the bars' reasons, by
    person id: the permit page and the board warn about the people they name. One reading per organisation."""
    day = _as_date(at)
    with remembered():
        found = {}
        for person in {p.pk: p for p in people if p is not None}.values():
            reasons = _bar_reasons(person, day)
            if reasons:
                found[person.pk] = reasons
        return found


def memo() -> dict | None:
    """The cache of the present `remembered()` block (None outside one): a competence bar keeps its reading there."""
    return _memo.get()


def is_competent(person: Person, role: str, at: datetime.datetime | datetime.date | None = None, *,
                 division: Division | None = None) -> Competence:
    """Whether `person` may act as `role` at `at` (default: now), for work in `division` if given."""
    return assess(person, role, at, division=division)[0]


def competence_evidence(person: Person, role: str, at: datetime.datetime | datetime.date | None = None, *,
                        division: Division | None = None) -> dict:
    """What made `person` competent as `role` at `at`, as plain JSON to be kept with a signature.

    The register may change later (an appointment revoked, a training record corrected); the signature must still
    show what it rested on at the moment: the appointment orders and the valid trainings with their document numbers
    and expiry. Names are kept in all three languages, because the evidence is read later by anyone.
    """
    return assess(person, role, at, division=division)[1]


# Within one act (`remembered()`), a person's competence is read once: the act's guard and its signature ask the same.
_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("competence_memo", default=None)


@contextlib.contextmanager
def remembered():
    """Remember the answers of `assess` for the block (one act: the register does not change under it)."""
    token = _memo.set({}) if _memo.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _memo.reset(token)


def assess(person: Person, role: str, at: datetime.datetime | datetime.date | None = None, *,
           division: Division | None = None) -> tuple[Competence, dict]:
    """The answer of `is_competent` and the evidence of `competence_evidence` from one reading of the register.

    A signature needs both; read apart they cost the same queries twice, on every signature of every act.
    """
    day = _as_date(at)
    role = CompetenceRole(role).value
    memo = _memo.get()
    key = (person.pk, role, day, division.pk if division is not None else None)
    if memo is not None and key in memo:
        return memo[key]
    answer = _assess(person, role, day, division, _appointments(person, role), _requirements(person, role))
    if memo is not None:
        memo[key] = answer
    return answer


def assess_many(people_roles: list[tuple[Person, str]], at=None, *, division: Division | None = None) -> list:
    """`is_competent` for several people and roles of one organisation at once: four queries, not three each."""
    day = _as_date(at)
    answers = assess_grid(people_roles, [day], division=division)
    return [answers[(person.pk, CompetenceRole(role).value, day)] for person, role in people_roles]


def assess_grid(people_roles: list[tuple[Person, str]], days: list[datetime.date], *,
                division: Division | None = None) -> dict:
    """`is_competent` for several people and roles of one organisation on several days, keyed by
    (person id, role, day). The register is read once for all of them (appointments, requirements, trainings):
    a picker of the draft form asks for every person of the organisation in several roles (issue 11)."""
    pairs = list(dict.fromkeys((person, CompetenceRole(role).value) for person, role in people_roles))
    days = sorted(set(days))
    if not pairs or not days:
        return {}
    # The bars read once for every person asked about, not once each.
    with remembered():
        return _assess_grid(pairs, days, division)


def _assess_grid(pairs: list, days: list, division: Division | None) -> dict:
    organisation_id = pairs[0][0].organisation_id
    people = list({p.pk: p for p, _role in pairs}.values())
    # Only a function held by a standing order is decided by the appointment (`_competence`); the others' appointments
    # are evidence, which a grid does not give, so they are not read (this pays for the bars' one reading).
    appointed = {role for _person, role in pairs if role in ORDERED_ROLES}
    by_role = Q(pk__in=[])
    for role in appointed:
        by_role |= _role_filter(role)
    appointments = list(Appointment.objects.filter(
        by_role, person__in=people, is_active=True, organisation=organisation_id,
    ).annotate(_division_paths=_Paths("divisions__path")).order_by("-valid_from", "id")) if appointed else []
    _with_divisions(appointments)
    requirements = _organisation_requirements(organisation_id, {role for _person, role in pairs})
    # The trainings of every person of the required types, once: each day then keeps those passed by it.
    trainings = list(Training.objects.filter(
        person__in=people, is_active=True, training_type__in={r.training_type_id for r in requirements},
        passed_on__lte=days[-1],
    ).select_related("training_type").order_by("-valid_until", "id")) if requirements else []
    answers = {}
    for person, role in pairs:
        own = [a for a in appointments if a.person_id == person.pk and _counts_for(a, role)]
        required = [r for r in requirements if r.role == role]
        types = {r.training_type_id for r in required}
        held = [t for t in trainings if t.person_id == person.pk and t.training_type_id in types]
        for day in days:
            answers[(person.pk, role, day)] = _competence(person, role, day, division, own, required,
                                                          [t for t in held if t.passed_on <= day])
    return answers


def _assess(person, role, day, division, appointments, required) -> tuple[Competence, dict]:
    trainings = _trainings(person, required, day)
    competence = _competence(person, role, day, division, appointments, required, trainings)
    current = [a for a in appointments if _is_current(a, day) and _covers(a, division)]
    current.sort(key=lambda a: (-a.valid_from.toordinal(), a.pk))
    valid = sorted((t for t in trainings if t.valid_until >= day),
                   key=lambda t: (t.training_type.code, -t.valid_until.toordinal(), t.pk))
    evidence = {
        "person": {"id": person.pk, "iin": person.iin, "name": person.full_name},
        "role": role,
        "on": day.isoformat(),
        "division": division.pk if division is not None else None,
        "competent": competence.competent,
        "appointments": [{
            "id": a.pk, "role": a.role, "position": a.position, "order_number": a.order_number,
            "order_date": a.order_date.isoformat(),
            "valid_from": a.valid_from.isoformat(),
            "valid_until": a.valid_until.isoformat() if a.valid_until else None,
            "whole_organisation": a.whole_organisation, "divisions": sorted(d.pk for d in a.divisions.all()),
        } for a in current],
        "required_trainings": [r.training_type.code for r in required],
        "trainings": [{
            "id": t.pk, "type": t.training_type.code,
            "name": {"kk": t.training_type.name_kk, "ru": t.training_type.name_ru, "en": t.training_type.name_en},
            "document_number": t.document_number, "passed_on": t.passed_on.isoformat(),
            "valid_until": t.valid_until.isoformat(), "electrical_group": t.electrical_group,
        } for t in valid],
    }
    return competence, evidence
