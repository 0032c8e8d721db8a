"""The reads of examinations and of training lapses (315 cl.4.6, cl.4.7, cl.4.10, cl.26.5, cl.27.4), shared by the
pages, the API, the exports, the daily job, the home panels and the Regulation's facts.

Each list reads a constant number of queries whatever its length (the people, their appointments, their role grants,
the requirements, the trainings, the open removals: one query each).
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from qauipsiz.accounts.policy import visible_to
from qauipsiz.core.choices import CompetenceRole
from qauipsiz.core.models import Appointment, Person, RoleTrainingRequirement, Training

from .choices import RemovalStatus
from .models import Examination, Removal


def soon_days() -> int:
    """How many days ahead "due soon" and "lapsing" look (setting `QAUIPSIZ_CONTROL_SOON_DAYS`, default 30)."""
    return int(getattr(settings, "QAUIPSIZ_CONTROL_SOON_DAYS", 30))


# --- Examinations ---------------------------------------------------------------------------------------------------

def examinations(user, *, state: str = "", kind: str = "", division=None, facility=None, day=None, soon=None):
    """The examinations the user may see, with their objects, filtered by state ("overdue", "due_soon", "open",
    "done"), kind, division (with its subtree) and facility."""
    day = day or timezone.localdate()
    soon = soon_days() if soon is None else soon
    rows = visible_to(user, Examination).filter(is_active=True).select_related(
        "device", "building", "facility", "division")
    if state == "overdue":
        rows = rows.filter(done_on__isnull=True, due_on__lt=day)
    elif state == "due_soon":
        rows = rows.filter(done_on__isnull=True, due_on__gte=day, due_on__lte=day + datetime.timedelta(days=soon))
    elif state == "open":
        rows = rows.filter(done_on__isnull=True)
    elif state == "done":
        rows = rows.filter(done_on__isnull=False)
    if kind:
        rows = rows.filter(kind=kind)
    if division is not None:
        rows = rows.filter(division__path__startswith=division.path)
    if facility is not None:
        rows = rows.filter(facility=facility)
    return rows.order_by("due_on", "id")


def attention_q(day, soon) -> Q:
    """Open and due within `soon` days or overdue."""
    return Q(is_active=True, done_on__isnull=True, due_on__lte=day + datetime.timedelta(days=soon))


# --- Training lapses ------------------------------------------------------------------------------------------------

@dataclass
class Lapse:
    """One required training of one person that lapsed ("lapsed", "missing") or lapses within the window
    ("lapsing")."""

    person: Person
    training_type: object
    roles: list = field(default_factory=list)
    valid_until: datetime.date | None = None
    document_number: str = ""
    state: str = "lapsed"

    @property
    def role_labels(self) -> str:
        return ", ".join(str(CompetenceRole(role).label) for role in self.roles)


def roles_held(people: list[Person], day: datetime.date) -> dict[int, set[str]]:
    """The competence roles each person holds on `day`: every worker may be put in a crew (344 cl.11), so every active
    person holds the crew member's; the others by an appointment in force and by a role the person's user account
    holds. Two queries."""
    held: dict[int, set[str]] = {person.pk: {CompetenceRole.CREW_MEMBER.value} for person in people}
    if not people:
        return held
    organisation_id = people[0].organisation_id
    for person_id, role in Appointment.objects.filter(
            person__in=people, is_active=True, organisation=organisation_id, valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)).values_list("person_id", "role"):
        held[person_id].add(role)
    by_user = {person.user_id: person.pk for person in people if person.user_id}
    if by_user:
        RoleGrant = apps.get_model("accounts", "RoleGrant")
        for user_id, role in RoleGrant.objects.filter(
                user_id__in=list(by_user), organisation=organisation_id,
                role__in=CompetenceRole.values).values_list("user_id", "role"):
            held[by_user[user_id]].add(role)
    return held


def lapses_of(people: list[Person], day: datetime.date, soon: int) -> list[Lapse]:
    """Every required training of `people` (one organisation) that lapsed by `day` or lapses within `soon` days."""
    if not people:
        return []
    organisation_id = people[0].organisation_id
    held = roles_held(people, day)
    requirements = list(RoleTrainingRequirement.objects.filter(
        organisation=organisation_id, is_active=True, training_type__is_active=True,
    ).select_related("training_type").order_by("training_type__code", "id"))
    if not requirements:
        return []
    best: dict[tuple[int, int], Training] = {}
    for training in Training.objects.filter(
            person__in=people, is_active=True, passed_on__lte=day,
            training_type__in={r.training_type_id for r in requirements}).order_by("valid_until", "id"):
        best[(training.person_id, training.training_type_id)] = training  # the latest expiry wins
    horizon = day + datetime.timedelta(days=soon)
    found = []
    for person in people:
        needs: dict[int, Lapse] = {}
        for requirement in requirements:
            if requirement.role not in held[person.pk]:
                continue
            lapse = needs.get(requirement.training_type_id)
            if lapse is None:
                lapse = needs[requirement.training_type_id] = Lapse(person=person,
                                                                    training_type=requirement.training_type)
            lapse.roles.append(requirement.role)
        for type_id, lapse in needs.items():
            training = best.get((person.pk, type_id))
            if training is None:
                lapse.state = "missing"
            elif training.valid_until < day:
                lapse.state, lapse.valid_until = "lapsed", training.valid_until
                lapse.document_number = training.document_number
            elif training.valid_until <= horizon:
                lapse.state, lapse.valid_until = "lapsing", training.valid_until
                lapse.document_number = training.document_number
            else:
                continue
            found.append(lapse)
    order = {"missing": 0, "lapsed": 1, "lapsing": 2}
    found.sort(key=lambda lapse: (order[lapse.state], lapse.valid_until or datetime.date.min,
                                  lapse.person.last_name, lapse.person.pk, lapse.training_type.code))
    return found


def training_lapses(user, organisation_id: int, *, day=None, soon=None, division=None, state: str = "",
                    q: str = "") -> list[Lapse]:
    """The lapses of the active people of the organisation the user may see, by division (with its subtree), state
    ("lapsed": lapsed or missing, "lapsing") and a name or IIN."""
    day = day or timezone.localdate()
    soon = soon_days() if soon is None else soon
    people = visible_to(user, Person).filter(organisation=organisation_id, is_active=True).select_related("division")
    if division is not None:
        people = people.filter(division__path__startswith=division.path)
    if q:
        people = people.filter(Q(last_name__icontains=q) | Q(first_name__icontains=q) | Q(iin__startswith=q))
    found = lapses_of(list(people), day, soon)
    if state == "lapsed":
        found = [lapse for lapse in found if lapse.state in ("lapsed", "missing")]
    elif state == "lapsing":
        found = [lapse for lapse in found if lapse.state == "lapsing"]
    return found


def open_removals(person_ids) -> dict[int, Removal]:
    """The open proposal or removal of each person, by person id (one query)."""
    return {removal.person_id: removal for removal in Removal.objects.filter(
        person_id__in=list(person_ids), status__in=[RemovalStatus.PROPOSED, RemovalStatus.REMOVED])}


def removals_in_force(person_ids, day=None) -> dict[int, Removal]:
    """The removals from work in force on `day` of the given people, by person id (one query): the permit page and the
    board warn about them."""
    day = day or timezone.localdate()
    person_ids = [pk for pk in set(person_ids) if pk]
    if not person_ids:
        return {}
    return {removal.person_id: removal for removal in Removal.objects.filter(
        person_id__in=person_ids, status=RemovalStatus.REMOVED, removed_from__lte=day).select_related("person")}
