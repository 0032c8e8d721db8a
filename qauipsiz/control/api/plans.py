"""The plans through the API (315 cl.4.1, cl.4.5, cl.26.1), with the pages' permissions: the same gatekeeper
(`visible_to`: 404 outside it) and the same services (403 for a role without the right, 409 for an approved plan's
content, 422 for bad input, nothing written). The head's approval is the registered act's endpoint
(`POST /api/v1/control/planversion/{record_id}/approve`)."""

import datetime
from typing import Annotated

from django.core import validators
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

from qauipsiz.accounts.api import ErrorOut
from qauipsiz.accounts.policy import visible_to
from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.core.api import NO_NUL, NOT_BLANK, RecordId
from qauipsiz.core.models import Division, HazardousFacility, Organisation, Person

from ..choices import ItemStatus, PlanKind
from ..models import Plan, PlanItem, PlanVersion
from ..plan_selectors import items_of, plan_execution, plans_for
from ..services import plans as services

router = Router(tags=["control"])


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store NUL in text: refused here, as the forms refuse it, instead of a 500.
    if "\x00" in value:
        raise PydanticCustomError("null_characters", str(validators.ProhibitNullCharactersValidator.message))
    return value


def _a_date_in_words(value):
    # A number is not a date (pydantic would read it as seconds since 1970).
    if isinstance(value, int | float):
        raise PydanticCustomError("date_type", "Input should be a valid date in the format YYYY-MM-DD")
    return value


Text = Annotated[str, Field(max_length=10_000, json_schema_extra={"pattern": NO_NUL}), AfterValidator(_no_nul)]
Required = Annotated[str, Field(min_length=1, max_length=10_000, json_schema_extra={"pattern": NOT_BLANK}),
                     AfterValidator(_no_nul)]
Title = Annotated[str, Field(max_length=300, json_schema_extra={"pattern": NO_NUL}), AfterValidator(_no_nul)]
Day = Annotated[datetime.date, BeforeValidator(_a_date_in_words)]
Year = Annotated[int, Field(ge=2000, le=2100)]
VersionNumber = Annotated[int, Field(ge=1, le=10_000)]

READ = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {**READ, 409: ErrorOut}


class PlanApproveIn(Schema):
    pass


class PlanItemOut(Schema):
    id: int
    position: int
    measure: str
    period_start: datetime.date | None
    deadline: datetime.date
    responsible_id: int | None
    division_id: int | None
    facility_id: int | None
    status: str
    not_done_reason: str
    execution_note: str
    executed_on: datetime.date | None


class PlanVersionBody(Schema):
    id: int
    plan_id: int
    version: int
    status: str
    reason: str
    approved_at: datetime.datetime | None
    items: list[PlanItemOut]


class PlanOut(Schema):
    id: int
    kind: str
    year: int
    organisation_id: int
    division_id: int | None
    number: int | None
    display_number: str
    versions: list[int]


class PlanItemExecutionIn(Schema):
    status: ItemStatus
    not_done_reason: Text = ""
    execution_note: Text = ""
    executed_on: Day | None = None


class PlanCreateIn(Schema):
    organisation_id: RecordId
    kind: PlanKind
    year: Year
    division_id: RecordId | None = None
    title: Title = ""


class PlanItemIn(Schema):
    position: Annotated[int, Field(ge=1, le=100_000)] | None = None
    measure: Required
    period_start: Day | None = None
    deadline: Day
    responsible_id: RecordId | None = None
    division_id: RecordId | None = None
    facility_id: RecordId | None = None


class PlanNewVersionIn(Schema):
    reason: Required


class PlanExecutionItemOut(Schema):
    item_id: int
    measure: str
    deadline: datetime.date
    state: str
    not_done_reason: str


class PlanExecutionOut(Schema):
    plan_id: int | None
    version: int | None
    total: int
    done: int
    not_done: int
    overdue: int
    pending: int
    items: list[PlanExecutionItemOut]


def _item_data(item: PlanItem) -> dict:
    return {name: getattr(item, name) for name in PlanItemOut.model_fields}


def _version_data(version: PlanVersion) -> dict:
    """Plain values (the act's answer is kept for its Idempotency-Key's replay)."""
    return {"id": version.pk, "plan_id": version.plan_id, "version": version.version, "status": version.status,
            "reason": version.reason, "approved_at": version.approved_at,
            "items": [_item_data(item) for item in items_of(version)]}


def version_body(user, pk: int) -> dict:
    """The approval act's answer: the version as it now is."""
    return _version_data(PlanVersion.objects.get(pk=pk))


def _plan_data(plan: Plan) -> dict:
    return {"id": plan.pk, "kind": plan.kind, "year": plan.year, "organisation_id": plan.organisation_id,
            "division_id": plan.division_id, "number": plan.number, "display_number": plan.display_number,
            "versions": [v.version for v in plan.versions.all()]}


@router.get("", response={200: list[PlanOut], **READ}, operation_id="control_plans_list",
            summary="The plans of a year the caller may see (315 cl.4.1, cl.4.5)")
def plan_list(request, year: Query[Year]):
    return [_plan_data(plan) for plan in plans_for(request.auth, year).order_by("pk")]


@router.get("/{plan_id}/versions/{number}", response={200: PlanVersionBody, **READ},
            operation_id="control_plan_version", summary="One version of a plan, with its items")
def plan_version(request, plan_id: RecordId, number: VersionNumber):
    plan = get_object_or_404(visible_to(request.auth, Plan), pk=plan_id)
    return _version_data(get_object_or_404(plan.versions, version=number))


@router.post("/items/{item_id}/execution", response={200: PlanItemOut, **WRITE},
             operation_id="control_plan_item_execute", summary="Record an item's execution on the plan in force")
def item_execute(request, item_id: RecordId, data: PlanItemExecutionIn):
    item = get_object_or_404(visible_to(request.auth, PlanItem), pk=item_id)
    return _item_data(services.item_execute(by=request.auth, item=item, **data.dict()))


class PlanEvidenceOut(Schema):
    id: int
    item_id: int
    text: str
    filename: str
    size: int
    sha256: str


@router.post("/items/{item_id}/evidence", response={201: PlanEvidenceOut, **WRITE},
             operation_id="control_plan_item_evidence",
             summary="Attach evidence of an item's execution (multipart `text`, `file`; either or both), the file kept "
                     "with its SHA-256")
def item_evidence(request, item_id: RecordId, text: Form[str] = "", file: File[UploadedFile] = None):
    item = get_object_or_404(visible_to(request.auth, PlanItem), pk=item_id)
    evidence = services.evidence_add(by=request.auth, item=item, text=text[:4000], upload=file)
    return Status(201, {"id": evidence.pk, "item_id": evidence.item_id, "text": evidence.text,
                        "filename": evidence.filename, "size": evidence.size, "sha256": evidence.sha256})


@router.get("/execution", response={200: list[PlanExecutionOut], **READ},
            operation_id="control_plan_execution",
            summary="How a year's plan of measures was carried out, item by item (315 cl.26.1)")
def execution(request, year: Query[Year]):
    reports = []
    for plan in visible_to(request.auth, Plan).filter(kind="measures", year=year).order_by("pk"):
        report = plan_execution(plan.organisation_id, year)
        reports.append({"plan_id": plan.pk, "version": report.version.version if report.version else None,
                        "total": report.total, "done": report.done, "not_done": report.not_done,
                        "overdue": report.overdue, "pending": report.pending,
                        "items": [{"item_id": i.item.pk, "measure": i.item.measure, "deadline": i.item.deadline,
                                   "state": i.state, "not_done_reason": i.item.not_done_reason}
                                  for i in report.items]})
    return reports


def _record(model, pk: int | None, organisation_id: int, field: str):
    """A record of the plan's organisation named by id, or None when not named; a clear 422 for any other id."""
    if pk is None:
        return None
    found = model.objects.filter(pk=pk, organisation_id=organisation_id).first()
    if found is None:
        raise ValidationError({field: _("Choose one of the organisation's records.")})
    return found


@router.post("", response={201: PlanOut, **WRITE}, operation_id="control_plan_create",
             summary="Draw up a plan with its first draft version (315 cl.4.1, cl.4.5)")
def plan_create(request, data: PlanCreateIn):
    organisation = get_object_or_404(visible_to(request.auth, Organisation), pk=data.organisation_id)
    division = _record(Division, data.division_id, organisation.pk, "division_id")
    plan = services.plan_create(by=request.auth, organisation=organisation, kind=data.kind, year=data.year,
                                division=division, title=data.title)
    return Status(201, _plan_data(plan))


@router.post("/{plan_id}/items", response={201: PlanItemOut, **WRITE}, operation_id="control_plan_item_add",
             summary="Add an item to the plan's draft version (an approved version is never edited)")
def item_add(request, plan_id: RecordId, data: PlanItemIn):
    plan = get_object_or_404(visible_to(request.auth, Plan), pk=plan_id)
    version = plan.versions.filter(status="draft").first()
    if version is None:
        raise ActionRefused(_("An approved plan is not edited: draw up a new version with the reason for the "
                              "change."))
    organisation_id = plan.organisation_id
    item = services.item_add(
        by=request.auth, version=version, measure=data.measure, deadline=data.deadline,
        period_start=data.period_start, responsible=_record(Person, data.responsible_id, organisation_id,
                                                            "responsible_id"),
        division=_record(Division, data.division_id, organisation_id, "division_id"),
        facility=_record(HazardousFacility, data.facility_id, organisation_id, "facility_id"),
        **({"position": data.position} if data.position else {}))
    return Status(201, _item_data(item))


@router.post("/{plan_id}/versions", response={201: PlanVersionBody, **WRITE}, operation_id="control_plan_new_version",
             summary="A change after approval: a new draft version with its reason")
def new_version(request, plan_id: RecordId, data: PlanNewVersionIn):
    plan = get_object_or_404(visible_to(request.auth, Plan), pk=plan_id)
    return Status(201, _version_data(services.version_new(by=request.auth, plan=plan, reason=data.reason)))
