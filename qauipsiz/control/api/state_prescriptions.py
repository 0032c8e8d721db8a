"""The prescriptions of the state authority through the API (315 cl.26.3), with the pages' permissions. Each item
answers the wording it cites as it read on the prescription's date (315 cl.16), whatever the clause says today.

The schema states every constraint one field can (`inputs`): 400 for a body that is not a JSON object, 422 for a value
the schema or the service refuses (by field; an item's by its position), 409 for an item already done."""

import datetime
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from qauipsiz.accounts.api import ErrorOut
from qauipsiz.accounts.policy import visible_to
from qauipsiz.core.api import RecordId
from qauipsiz.core.models import HazardousFacility

from .. import prescription_selectors as selectors
from ..services import state_prescriptions as services
from .inputs import Day, Limit, Offset, Search, text

router = Router(tags=["control"])
READ = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {**READ, 409: ErrorOut}
Required = text(20_000, required=True)
Title = text(300)


class StatePrescriptionItemOut(Schema):
    id: int
    position: int
    violation: str
    clause_id: int | None
    clause: str
    edition_id: int | None
    edition_in_force_from: datetime.date | None
    cited_text: str
    deadline: datetime.date
    executor_id: int
    status: str
    overdue: bool
    done_on: datetime.date | None
    done_note: str
    evidence_sha256: list[str]


class StatePrescriptionOut(Schema):
    id: int
    number: str
    issued_on: datetime.date
    issuing_body: str
    organisation_id: int
    division_id: int
    facility_id: int | None
    status: str
    overdue: bool
    next_deadline: datetime.date | None


class StatePrescriptionBody(StatePrescriptionOut):
    items: list[StatePrescriptionItemOut]


class StatePrescriptionItemIn(Schema):
    violation: Required
    clause_id: RecordId | None = Field(None, description="A clause of the library; else `requirement_text`.")
    requirement_text: text(20_000) = ""
    deadline: Day = Field(..., description="Not before the prescription's date.")
    executor_id: RecordId


class StatePrescriptionIn(Schema):
    facility_id: RecordId
    number: text(50, required=True)
    issued_on: Day = Field(..., description="Not in the future.")
    issuing_body: text(500, required=True)
    items: list[StatePrescriptionItemIn] = Field(..., min_length=1, max_length=50)


class StatePrescriptionItemDoneIn(Schema):
    note: Required
    done_on: Day | None = Field(None, description="Default: today; not in the future, nor before the prescription.")


class StatePrescriptionFilters(Schema):
    q: Search = ""
    state: Literal["open", "overdue", "done"] | None = None
    facility_id: RecordId | None = None
    limit: Limit = 100
    offset: Offset = 0


def _head(p) -> dict:
    return {name: getattr(p, name) for name in StatePrescriptionOut.model_fields}


def _item(item) -> dict:
    return {"id": item.pk, "position": item.position, "violation": item.violation, "clause_id": item.clause_id,
            "clause": str(item.clause) if item.clause_id else "", "edition_id": item.edition_id,
            "edition_in_force_from": item.edition.in_force_from if item.edition_id else None,
            "cited_text": item.cited_text, "deadline": item.deadline, "executor_id": item.executor_id,
            "status": item.status, "overdue": item.overdue, "done_on": item.done_on, "done_note": item.done_note,
            "evidence_sha256": [e.sha256 for e in item.evidence.all()]}


def _body(user, pk: int) -> dict:
    prescription = get_object_or_404(selectors.detail_queryset(user), pk=pk)
    return {**_head(prescription), "items": [_item(i) for i in prescription.items.all()]}


@router.get("", response={200: list[StatePrescriptionOut], **READ}, operation_id="control_state_prescriptions_list",
            summary="Prescriptions of the state authority the caller may see, overdue first (315 cl.26.3)")
def prescription_list(request, filters: Query[StatePrescriptionFilters]):
    rows = selectors.filtered(request.auth, q=filters.q.strip(), state=filters.state or "",
                              facility=filters.facility_id)
    return [_head(p) for p in rows[filters.offset:filters.offset + filters.limit]]


@router.get("/{prescription_id}", response={200: StatePrescriptionBody, **READ},
            operation_id="control_state_prescription", summary="One prescription with its items")
def prescription_get(request, prescription_id: RecordId):
    return _body(request.auth, prescription_id)


@router.post("", response={201: StatePrescriptionBody, **WRITE}, operation_id="control_state_prescription_register",
             summary="Register a prescription with its items")
def prescription_register(request, data: StatePrescriptionIn):
    facility = get_object_or_404(visible_to(request.auth, HazardousFacility), pk=data.facility_id)
    items = [{"violation": i.violation, "clause": i.clause_id, "requirement_text": i.requirement_text,
              "deadline": i.deadline, "executor": i.executor_id} for i in data.items]
    prescription = services.prescription_register(by=request.auth, facility=facility, number=data.number,
                                                  issued_on=data.issued_on, issuing_body=data.issuing_body,
                                                  items=items)
    return Status(201, _body(request.auth, prescription.pk))


@router.post("/{prescription_id}/items/{item_id}/done", response={200: StatePrescriptionBody, **WRITE},
             operation_id="control_state_prescription_item_done",
             summary="An item done: its evidence must be attached before (as a file on the page)")
def item_done(request, prescription_id: RecordId, item_id: RecordId, data: StatePrescriptionItemDoneIn):
    item = get_object_or_404(selectors.item_queryset(request.auth).filter(prescription_id=prescription_id),
                             pk=item_id)
    services.item_done(by=request.auth, item=item, note=data.note, done_on=data.done_on)
    return _body(request.auth, prescription_id)


@router.post("/{prescription_id}/items/{item_id}/evidence", response={201: StatePrescriptionBody, **WRITE},
             operation_id="control_state_prescription_evidence",
             summary="Attach evidence of an item's execution (multipart `title`, `file`), kept with its SHA-256")
def evidence_add(request, prescription_id: RecordId, item_id: RecordId, file: File[UploadedFile],
                 title: Form[Title] = ""):
    item = get_object_or_404(selectors.item_queryset(request.auth).filter(prescription_id=prescription_id),
                             pk=item_id)
    services.evidence_add(by=request.auth, item=item, upload=file, title=title)
    return Status(201, _body(request.auth, prescription_id))
