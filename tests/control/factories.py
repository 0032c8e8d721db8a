"""Records of production control for the generic tests, one factory per record type.

tests/control/test_permission_matrix.py runs over every record type of `qauipsiz.control.gatekeeper.SCOPES` (and the
core records production control adds roles to, `EXTRA_TYPES`): each needs a factory here. A sub-domain registers its
own with `@record_factory("control.<model>")`; the factory is given a `Place` (an organisation, a division in it, a
facility of the division, a person of the division, and the superuser to write with) and returns a saved record that
belongs to that division.

A record type may also say where its pages and endpoints are, for the matrix to call them:
- `pages`: record -> [url] read with GET (its detail page, ...);
- `api`: record -> [url] read with GET under /api/v1/;
- `writes`: record -> [(method, url, data)] every write a user could try on it, by page or API (POST/PATCH);
- `unchanged`: record -> a value that must be the same before and after a refused write (default: its snapshot).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import AppointmentRole
from tests import factories as f


@dataclass(frozen=True)
class Place:
    organisation: object
    division: object
    facility: object
    person: object
    by: object


@dataclass
class RecordType:
    label: str
    make: Callable
    pages: Callable = lambda record: []
    api: Callable = lambda record: []
    writes: Callable = lambda record: []
    unchanged: Callable | None = None
    # A record of the organisation as a whole (its Regulation): it concerns every division, so a division's head
    # either reads it whatever the division or not at all, as the README's table says.
    organisation_level: bool = False


FACTORIES: dict[str, RecordType] = {}
# Core record types that production control adds roles to: covered by the matrix as well.
EXTRA_TYPES = ("core.appointment",)


def record_factory(label: str, *, pages=None, api=None, writes=None, unchanged=None, organisation_level=False):
    def register(make):
        FACTORIES[label] = RecordType(label, make, pages or (lambda r: []), api or (lambda r: []),
                                      writes or (lambda r: []), unchanged, organisation_level)
        return make
    return register


# -- The people of production control (315 cl.3) -------------------------------------------------------------------


def _appointment_writes(record):
    org = record.organisation_id
    end = {"last_day": "2026-11-30", "reason": "Relieved"}
    appoint = {"organisation": org, "person": record.person_id, "role": AppointmentRole.PC_OFFICIAL,
               "order_number": "99-ө", "order_date": "2026-02-01", "valid_from": "2026-02-02",
               "whole_organisation": True}
    return [
        ("post", reverse("control:people-end", args=[record.pk]), end),
        ("post", f"{reverse('control:people-appoint')}?organisation={org}", {**appoint, "whole_organisation": "on"}),
        ("post", f"/api/v1/control/people/appointments/{record.pk}/end", end),
        ("post", "/api/v1/control/people/appointments", appoint),
    ]


def _appointment_state(record):
    from qauipsiz.core.models import Appointment

    fresh = Appointment.objects.get(pk=record.pk)
    return (fresh.valid_until, fresh.end_reason, fresh.is_active,
            Appointment.objects.filter(organisation=record.organisation_id).count())


@record_factory("core.appointment",
                pages=lambda r: [reverse("control:people-appointment", args=[r.pk]),
                                 reverse("control:people-end", args=[r.pk])],
                api=lambda r: [f"/api/v1/control/people/appointments/{r.pk}"],
                writes=_appointment_writes, unchanged=_appointment_state)
def make_appointment(place: Place):
    """An official of the service appointed by order for the place's division and facility (315 cl.3)."""
    from qauipsiz.control.services.people import appoint

    return appoint(by=place.by, organisation=place.organisation, person=place.person,
                   role=AppointmentRole.PC_OFFICIAL, order_number=f"{f._n()}-ө",
                   order_date=datetime.date(2026, 1, 5), valid_from=datetime.date(2026, 1, 6),
                   divisions=[place.division], facilities=[place.facility])


# -- The Regulation on production control (315 cl.5-6) ----------------------------------------------------------------


def _head_of(organisation):
    return f.user(Role.HEAD, organisation)


@record_factory("control.regulation", organisation_level=True,
                pages=lambda r: [reverse("control:regulation-detail", args=[r.pk])],
                api=lambda r: [f"/api/v1/control/regulation/{r.pk}"],
                writes=lambda r: [
                    ("post", reverse("control:regulation-start"), {"organisation": r.organisation_id}),
                    ("post", reverse("control:regulation-narrative", args=[r.pk, "5"]),
                     {"text_kk": "x", "text_ru": "x", "text_en": "x"}),
                    ("put", f"/api/v1/control/regulation/{r.pk}/wording/5", {"kk": "x", "ru": "x", "en": "x"}),
                    ("post", "/api/v1/control/regulation", {"organisation": r.organisation_id})])
def make_regulation(place: Place):
    """The organisation's Regulation: its first version drafted; a second call approves it and drafts the next."""
    from qauipsiz.control.choices import RegulationStatus
    from qauipsiz.control.models import Regulation
    from qauipsiz.control.services.regulation import regulation_approve, regulation_start

    draft = Regulation.objects.filter(organisation=place.organisation, status=RegulationStatus.DRAFT).first()
    if draft is not None:
        regulation_approve(record=draft, by=_head_of(place.organisation),
                           credentials={"password": "correct horse battery"})
    return regulation_start(organisation=place.organisation, by=place.by)


@record_factory("control.effectivenesscriterion", organisation_level=True,
                pages=lambda r: [reverse("control:regulation-criterion-edit", args=[r.pk])],
                writes=lambda r: [
                    ("post", reverse("control:regulation-criterion-active", args=[r.pk]), {"active": ""}),
                    ("put", f"/api/v1/control/regulation-criteria/{r.pk}", {
                        "organisation": r.organisation_id, "name_en": "Changed", "measure": r.measure, "target": "1",
                        "unit": r.unit, "direction": r.direction})])
def make_criterion(place: Place):
    from qauipsiz.control.choices import CriterionDirection, CriterionMeasure, CriterionUnit
    from qauipsiz.control.models import EffectivenessCriterion
    from qauipsiz.control.services.regulation import criterion_create

    return criterion_create(by=place.by, instance=EffectivenessCriterion(
        organisation=place.organisation, name_en=f"Criterion {f._n()}", measure=CriterionMeasure.REPEAT_VIOLATIONS,
        target=3, unit=CriterionUnit.COUNT, direction=CriterionDirection.AT_MOST))


@dataclass
class Scene:
    """Two organisations; in A two sibling divisions, in B one: a place in each."""

    places: dict = field(default_factory=dict)  # "A:D1", "A:D2", "B" -> Place


def scene() -> Scene:
    by = f.superuser()
    a, b = f.organisation("Refinery A"), f.organisation("Refinery B")
    built = Scene()
    for key, org, name in (("A:D1", a, "D1"), ("A:D2", a, "D2"), ("B", b, "DB")):
        division = f.division(org, name)
        built.places[key] = Place(organisation=org, division=division, facility=f.facility(org, division),
                                  person=f.person(org, division, last_name=f"Person {name}"), by=by)
    return built
