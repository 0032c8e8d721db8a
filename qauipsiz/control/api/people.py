"""The production-control service through the API (315 cl.3, cl.6.6), with the pages' permissions: the structure of
the service, an appointment with its history, appointing by the head's order and ending the appointment."""

import datetime
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from qauipsiz.accounts.api import ErrorOut
from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import organisations_for, visible_to
from qauipsiz.core.api import RecordId
from qauipsiz.core.models import Appointment, Division, HazardousFacility, Person

from ..inputs import Day, text_type
from ..selectors import SERVICE_ROLES, service_structure
from ..services import people as services
from ..views.people import history

router = Router(tags=["control"])
# 400: a body that is not a JSON object; 422: what the schema or the service refuses, with the reasons by field.
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
ServiceRole = Annotated[str, Field(pattern="^(" + "|".join(r.value for r in SERVICE_ROLES) + ")$")]


class PeopleAppointmentOut(Schema):
    id: int
    person: int
    person_name: str
    role: str
    role_display: str
    order_number: str
    order_date: datetime.date
    valid_from: datetime.date
    valid_until: datetime.date | None
    whole_organisation: bool
    divisions: list[int]
    facilities: list[int]
    is_active: bool
    end_reason: str
    competent: bool | None = None
    reasons: list[str] = []


class PeopleHeadOut(Schema):
    user: int
    username: str
    person: int | None
    name: str


class PeopleServiceOut(Schema):
    organisation: int
    on: datetime.date
    first_heads: list[PeopleHeadOut]
    service_heads: list[PeopleAppointmentOut]
    responsible: list[PeopleAppointmentOut]
    officials: list[PeopleAppointmentOut]
    upcoming: list[PeopleAppointmentOut]
    ended: list[PeopleAppointmentOut]


class PeopleHistoryOut(Schema):
    seq: int
    recorded_at: datetime.datetime
    action: str
    actor_name: str
    actor_role: str


class PeopleAppointmentDetailOut(PeopleAppointmentOut):
    history: list[PeopleHistoryOut]


class PeopleAppointIn(Schema):
    organisation: RecordId
    person: RecordId
    role: ServiceRole
    order_number: text_type(50, required=True)
    order_date: Day
    valid_from: Day
    valid_until: Day | None = None
    whole_organisation: bool = False
    divisions: Annotated[list[RecordId], Field(max_length=500)] = []
    facilities: Annotated[list[RecordId], Field(max_length=500)] = []


class PeopleEndIn(Schema):
    last_day: Day
    reason: text_type(500, required=True)


def _appointment_data(appointment, competence=None) -> dict:
    return {
        "id": appointment.pk, "person": appointment.person_id, "person_name": appointment.person.full_name,
        "role": appointment.role, "role_display": str(appointment.get_role_display()),
        "order_number": appointment.order_number, "order_date": appointment.order_date,
        "valid_from": appointment.valid_from, "valid_until": appointment.valid_until,
        "whole_organisation": appointment.whole_organisation,
        "divisions": sorted(d.pk for d in appointment.divisions.all()),
        "facilities": sorted(f.pk for f in appointment.facilities.all()),
        "is_active": appointment.is_active, "end_reason": appointment.end_reason,
        "competent": None if competence is None else competence.competent,
        "reasons": [] if competence is None else [str(r) for r in competence.reasons],
    }


def _organisation(request, pk: int | None):
    allowed = organisations_for(request.auth, Action.VIEW, Appointment).order_by("pk")
    if pk is None:
        found = allowed.first()
        if found is None:
            raise Http404
        return found
    return get_object_or_404(allowed, pk=pk)


def _service_appointment(request, pk: int) -> Appointment:
    queryset = (Appointment.objects.filter(role__in=SERVICE_ROLES).select_related("organisation", "person")
                .prefetch_related("divisions", "facilities"))
    return get_object_or_404(visible_to(request.auth, Appointment, queryset), pk=pk)


class PeopleServiceQuery(Schema):
    organisation: RecordId | None = None


@router.get("/service", response={200: PeopleServiceOut, **ERRORS}, operation_id="control_people_service",
            summary="The production-control service: the first head, the service's head, the person responsible, "
                    "the officials (315 cl.3, cl.6.6)")
def service(request, query: Query[PeopleServiceQuery]):
    organisation = _organisation(request, query.organisation)
    structure = service_structure(organisation, user=request.auth)

    def person_id(user):
        return getattr(getattr(user, "person", None), "pk", None)

    return {
        "organisation": organisation.pk, "on": structure.day,
        "first_heads": [{"user": u.pk, "username": u.username, "person": person_id(u),
                         "name": u.person.full_name if person_id(u) else (u.get_full_name() or u.username)}
                        for u in structure.first_heads],
        "service_heads": [_appointment_data(m.appointment, m.competence) for m in structure.service_heads],
        "responsible": [_appointment_data(m.appointment, m.competence) for m in structure.responsible],
        "officials": [_appointment_data(m.appointment, m.competence) for m in structure.officials],
        "upcoming": [_appointment_data(m.appointment) for m in structure.upcoming],
        "ended": [_appointment_data(m.appointment) for m in structure.ended],
    }


@router.get("/appointments/{appointment_id}", response={200: PeopleAppointmentDetailOut, **ERRORS},
            operation_id="control_people_appointment", summary="An appointment of the service with its history")
def appointment_detail(request, appointment_id: RecordId):
    appointment = _service_appointment(request, appointment_id)
    return {**_appointment_data(appointment), "history": [{
        "seq": row["entry"].seq, "recorded_at": row["entry"].recorded_at, "action": row["entry"].action,
        "actor_name": row["entry"].actor_name, "actor_role": row["entry"].actor_role} for row in history(appointment)]}


@router.post("/appointments", response={201: PeopleAppointmentOut, **ERRORS}, operation_id="control_people_appoint",
             summary="Appoint an official of the service by the head's order (315 cl.3)")
def appoint(request, data: PeopleAppointIn):
    organisation = _organisation(request, data.organisation)
    if not services.may_appoint(request.auth, organisation):
        raise PermissionDenied(_("Only the head of the organisation, its first head or its system administrator "
                                 "appoints the officials of production control."))
    person = get_object_or_404(visible_to(request.auth, Person), pk=data.person, organisation=organisation)
    divisions = list(Division.objects.filter(organisation=organisation, pk__in=data.divisions))
    facilities = list(HazardousFacility.objects.filter(organisation=organisation, pk__in=data.facilities))
    missing = {}
    if len(divisions) != len(set(data.divisions)):
        missing["divisions"] = [_("Choose divisions of the same organisation.")]
    if len(facilities) != len(set(data.facilities)):
        missing["facilities"] = [_("Choose facilities of the same organisation.")]
    if missing:
        return Status(422, {"detail": _("The data is not valid."), "errors": missing})
    appointment = services.appoint(
        by=request.auth, organisation=organisation, person=person, role=data.role, order_number=data.order_number,
        order_date=data.order_date, valid_from=data.valid_from, valid_until=data.valid_until,
        whole_organisation=data.whole_organisation, divisions=divisions, facilities=facilities)
    return Status(201, _appointment_data(appointment))


@router.post("/appointments/{appointment_id}/end", response={200: PeopleAppointmentOut, **ERRORS},
             operation_id="control_people_end", summary="End an appointment of the service (315 cl.3)")
def end(request, appointment_id: RecordId, data: PeopleEndIn):
    appointment = _service_appointment(request, appointment_id)
    if not services.may_appoint(request.auth, appointment.organisation):
        raise PermissionDenied(_("Only the head of the organisation, its first head or its system administrator "
                                 "ends the appointments of production control."))
    ended = services.end_appointment(by=request.auth, appointment=appointment, last_day=data.last_day,
                                     reason=data.reason)
    ended = Appointment.objects.prefetch_related("divisions", "facilities").select_related("person").get(pk=ended.pk)
    return _appointment_data(ended)
