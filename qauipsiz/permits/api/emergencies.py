"""Emergency works (344 cl.12)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema

from qauipsiz.acts.idempotency import idempotent
from qauipsiz.core.api import MAX_ID, MAX_LIMIT, RecordId
from qauipsiz.core.models import Division, HazardousFacility, Person

from .. import gatekeeper, services
from ..choices import EmergencyStatus
from ..models import EmergencyWork
from .common import (
    READ_ERRORS,
    WRITE_ERRORS,
    IdempotencyKey,
    Moment,
    References,
    organisation_for_new,
    page_of,
    router,
    text_type,
)
from .schemas import EMERGENCY_RELATED, EmergencyOut, EmergencyPage, emergency_body, emergency_data


class EmergencyFilters(Schema):
    status: EmergencyStatus | None = None
    division: RecordId | None = None
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_ID)


@router.get("/emergencies", response={200: EmergencyPage, **READ_ERRORS}, operation_id="permits_emergencies_list",
            summary="List emergency works (344 cl.12)")
def emergency_list(request, filters: Query[EmergencyFilters]):
    queryset = gatekeeper.visible_emergencies(request.auth).select_related(*EMERGENCY_RELATED).prefetch_related(
        "permits")
    for name in ("status", "division"):
        if getattr(filters, name) is not None:
            queryset = queryset.filter(**{name: getattr(filters, name)})
    count, items = page_of(queryset, filters.limit, filters.offset)
    return {"count": count, "items": [emergency_data(e) for e in items]}


class EmergencyIn(Schema):
    organisation: RecordId | None = Field(None, description="Default: the caller's organisation.")
    division: RecordId
    facility: RecordId | None = None
    description: text_type(10_000, min_length=1)
    plan_reference: text_type(300, min_length=1)
    started_at: Moment
    leader: RecordId


@router.post("/emergencies", response={201: EmergencyOut, **WRITE_ERRORS}, operation_id="permits_emergencies_start",
             summary="Record emergency work under way (344 cl.12)")
def emergency_start(request, payload: EmergencyIn, idempotency_key: IdempotencyKey = None):
    def work():
        organisation_id = organisation_for_new(request, payload.organisation, EmergencyWork,
                                               _("You are not allowed to record emergency work here."))
        refs = References(organisation_id)
        values = {"division": refs.one("division", Division, payload.division),
                  "facility": refs.one("facility", HazardousFacility, payload.facility),
                  "leader": refs.one("leader", Person, payload.leader)}
        refs.check()
        emergency = services.emergency_start(by=request.auth, emergency=EmergencyWork(
            organisation_id=organisation_id, description=payload.description, plan_reference=payload.plan_reference,
            started_at=payload.started_at, **values))
        return 201, emergency_body(emergency.pk)
    return idempotent(request, idempotency_key, work)


@router.get("/emergencies/{record_id}", response={200: EmergencyOut, **READ_ERRORS},
            operation_id="permits_emergencies_read", summary="An emergency work")
def emergency_read(request, record_id: RecordId):
    return emergency_body(get_object_or_404(gatekeeper.visible_emergencies(request.auth), pk=record_id).pk)


class ThreatEliminatedIn(Schema):
    at: Moment | None = Field(None, description="Default: now.")


@router.post("/emergencies/{record_id}/threat-eliminated", response={200: EmergencyOut, **WRITE_ERRORS},
             operation_id="permits_emergencies_threat_eliminated",
             summary="Record that the direct threat is eliminated: the rest needs a permit (344 cl.12)")
def emergency_threat_eliminated(request, record_id: RecordId, payload: ThreatEliminatedIn,
                                idempotency_key: IdempotencyKey = None):
    def work():
        emergency = get_object_or_404(gatekeeper.visible_emergencies(request.auth), pk=record_id)
        services.emergency_threat_eliminated(by=request.auth, emergency=emergency, at=payload.at)
        return 200, emergency_body(emergency.pk)
    return idempotent(request, idempotency_key, work)
