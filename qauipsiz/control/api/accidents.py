"""The register of accidents, incidents and injuries through the API (315 cl.4.12), with the pages' permissions: the
same gatekeeper (404 outside it), the same services (403 for a role without the right, 409 for a closed record, 422
for bad input, 400 for a body that is not a JSON object, nothing written). The schema states every constraint one field
can (`inputs`); what only the services can judge is their 422 by field. The acts of the investigation and the head's
decision are the registered acts' endpoints (`POST /api/v1/control/accident/{record_id}/investigate`, `conclude`,
`close`, `decide_inspection`)."""

import datetime
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from qauipsiz.accounts.api import ErrorOut
from qauipsiz.accounts.policy import visible_to
from qauipsiz.core.api import RecordId
from qauipsiz.core.models import HazardousFacility, Location

from .. import accident_selectors as selectors
from ..choices import AccidentKind, AccidentStatus, InjurySeverity, InspectionDecision
from ..services import accidents as services
from .inputs import Day, Limit, Moment, Offset, Search, text

router = Router(tags=["control"])
# 400: a body that is not a JSON object; 422: a value the schema or the service refuses (a bad filter too).
READ = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {**READ, 409: ErrorOut}
Required = text(20_000, required=True)
Title = text(300)


class AccidentInvestigateIn(Schema):
    chair: RecordId
    members: Annotated[list[RecordId], Field(max_length=100)] = []


class AccidentConcludeIn(Schema):
    causes: Required
    conclusion: Required


class AccidentCloseIn(Schema):
    pass


class AccidentDecideIn(Schema):
    decision: InspectionDecision
    directive_number: text(50) = ""
    directive_date: Day | None = None
    reason: text(5000) = ""


class AccidentVictimOut(Schema):
    id: int
    person_id: int | None
    name: str
    severity: str


class AccidentMeasureOut(Schema):
    id: int
    text: str
    responsible_id: int
    deadline: datetime.date
    status: str
    done_on: datetime.date | None


class AccidentMaterialOut(Schema):
    id: int
    title: str
    filename: str
    size: int
    sha256: str


class AccidentPermitOut(Schema):
    permit_id: int
    permit_number: str
    reason: str


class AccidentOut(Schema):
    id: int
    number: int
    year: int
    kind: str
    status: str
    organisation_id: int
    division_id: int
    facility_id: int
    location_id: int | None
    place: str
    occurred_at: datetime.datetime
    description: str


class AccidentBody(AccidentOut):
    commission_chair_id: int | None
    commission_member_ids: list[int]
    causes: str
    conclusion: str
    inspection_offered: bool
    inspection_decision: str
    directive_number: str
    directive_date: datetime.date | None
    decision_reason: str
    victims: list[AccidentVictimOut]
    measures: list[AccidentMeasureOut]
    materials: list[AccidentMaterialOut]
    permits: list[AccidentPermitOut]


class AccidentIn(Schema):
    kind: AccidentKind
    facility_id: RecordId
    location_id: RecordId | None = None
    place: text(500) = ""
    occurred_at: Moment = Field(..., description="With its offset; not in the future.")
    description: Required


class AccidentVictimIn(Schema):
    person_id: RecordId | None = Field(None, description="A person of the register; else `name`.")
    name: text(300) = ""
    severity: InjurySeverity
    note: text(500) = ""


class AccidentMeasureIn(Schema):
    text: Required
    responsible_id: RecordId
    deadline: Day


class AccidentPermitIn(Schema):
    permit_id: RecordId | None = Field(None, description="The permit's id; else its `number`.")
    number: text(30) = ""
    reason: text(1000, required=True)


class AccidentFilters(Schema):
    q: Search = ""
    kind: AccidentKind | None = None
    facility_id: RecordId | None = None
    status: AccidentStatus | None = None
    date_from: Day | None = None
    date_to: Day | None = None
    limit: Limit = 100
    offset: Offset = 0


def _fields(accident) -> dict:
    return {name: getattr(accident, name) for name in AccidentOut.model_fields}


def accident_data(accident) -> dict:
    """Plain values (an act's answer is kept for its Idempotency-Key's replay)."""
    return {**_fields(accident), "commission_chair_id": accident.commission_chair_id,
            "commission_member_ids": sorted(p.pk for p in accident.commission_members.all()),
            "causes": accident.causes, "conclusion": accident.conclusion,
            "inspection_offered": accident.offers_inspection, "inspection_decision": accident.inspection_decision,
            "directive_number": accident.directive_number, "directive_date": accident.directive_date,
            "decision_reason": accident.decision_reason,
            "victims": [{"id": v.pk, "person_id": v.person_id, "name": str(v), "severity": v.severity}
                        for v in accident.victims.all()],
            "measures": [{name: getattr(m, name) for name in AccidentMeasureOut.model_fields}
                         for m in accident.measures.all()],
            "materials": [{name: getattr(m, name) for name in AccidentMaterialOut.model_fields}
                          for m in accident.materials.all()],
            "permits": [{"permit_id": p.permit_id, "permit_number": p.permit_number, "reason": p.reason}
                        for p in accident.permits.all()]}


def accident_body(user, pk: int) -> dict:
    return accident_data(get_object_or_404(selectors.detail_queryset(user), pk=pk))


def _find(request, accident_id: RecordId):
    return get_object_or_404(selectors.detail_queryset(request.auth), pk=accident_id)


@router.get("", response={200: list[AccidentOut], **READ}, operation_id="control_accidents_list",
            summary="Accidents, incidents and injuries the caller may see, with the list's filters")
def accident_list(request, filters: Query[AccidentFilters]):
    accidents = selectors.filtered(request.auth, q=filters.q.strip(), kind=filters.kind or "",
                                   facility=filters.facility_id, status=filters.status or "",
                                   date_from=filters.date_from, date_to=filters.date_to)
    return [_fields(a) for a in accidents[filters.offset:filters.offset + filters.limit]]


@router.get("/{accident_id}", response={200: AccidentBody, **READ}, operation_id="control_accident",
            summary="One record with its people affected, commission, measures, materials and permits")
def accident_get(request, accident_id: RecordId):
    return accident_data(_find(request, accident_id))


@router.post("", response={201: AccidentBody, **WRITE}, operation_id="control_accident_register",
             summary="Register an accident, incident or injury (315 cl.4.12; the heads are offered an inspection, cl.8)")
def accident_register(request, data: AccidentIn):
    facility = get_object_or_404(visible_to(request.auth, HazardousFacility), pk=data.facility_id)
    location = (get_object_or_404(visible_to(request.auth, Location), pk=data.location_id)
                if data.location_id else None)
    accident = services.accident_register(by=request.auth, facility=facility, location=location, kind=data.kind,
                                          place=data.place, occurred_at=data.occurred_at,
                                          description=data.description)
    return Status(201, accident_body(request.auth, accident.pk))


@router.post("/{accident_id}/victims", response={201: AccidentBody, **WRITE}, operation_id="control_accident_victim")
def victim_add(request, accident_id: RecordId, data: AccidentVictimIn):
    accident = _find(request, accident_id)
    services.victim_add(by=request.auth, accident=accident, person=data.person_id, name=data.name,
                        severity=data.severity, note=data.note)
    return Status(201, accident_body(request.auth, accident.pk))


@router.post("/{accident_id}/measures", response={201: AccidentBody, **WRITE},
             operation_id="control_accident_measure")
def measure_add(request, accident_id: RecordId, data: AccidentMeasureIn):
    accident = _find(request, accident_id)
    services.measure_add(by=request.auth, accident=accident, text=data.text, responsible=data.responsible_id,
                         deadline=data.deadline)
    return Status(201, accident_body(request.auth, accident.pk))


@router.post("/{accident_id}/permits", response={201: AccidentBody, **WRITE},
             operation_id="control_accident_permit_link",
             summary="Link a work permit: the permit is kept in the archive for good (344 cl.15)")
def permit_link(request, accident_id: RecordId, data: AccidentPermitIn):
    accident = _find(request, accident_id)
    services.permit_link(by=request.auth, accident=accident, permit_id=data.permit_id, number=data.number,
                         reason=data.reason)
    return Status(201, accident_body(request.auth, accident.pk))


@router.post("/{accident_id}/materials", response={201: AccidentBody, **WRITE},
             operation_id="control_accident_material",
             summary="Attach a material of the investigation (multipart `title`, `file`), kept with its SHA-256")
def material_add(request, accident_id: RecordId, file: File[UploadedFile], title: Form[Title] = ""):
    accident = _find(request, accident_id)
    services.material_add(by=request.auth, accident=accident, upload=file, title=title)
    return Status(201, accident_body(request.auth, accident.pk))
