"""The plans through the API (315 cl.4.1, cl.4.5, cl.26.1), with the pages' permissions: the same gatekeeper
(`visible_to`: 404 outside it) and the same services (403 for a role without the right, 409 for an approved plan's
content, 422 for bad input, nothing written). The head's approval is the registered act's endpoint
(`POST /api/v1/control/planversion/{record_id}/approve`)."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from qauipsiz.accounts.api import ErrorOut
from qauipsiz.accounts.policy import visible_to

from ..choices import ItemStatus
from ..models import Plan, PlanItem, PlanVersion
from ..plan_selectors import items_of, plan_execution, plans_for
from ..services import plans as services

router = Router(tags=["control"])
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
    not_done_reason: str = ""
    execution_note: str = ""
    executed_on: datetime.date | None = None


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
def plan_list(request, year: int):
    return [_plan_data(plan) for plan in plans_for(request.auth, year).order_by("pk")]


@router.get("/{plan_id}/versions/{number}", response={200: PlanVersionBody, **READ},
            operation_id="control_plan_version", summary="One version of a plan, with its items")
def plan_version(request, plan_id: int, number: int):
    plan = get_object_or_404(visible_to(request.auth, Plan), pk=plan_id)
    return _version_data(get_object_or_404(plan.versions, version=number))


@router.post("/items/{item_id}/execution", response={200: PlanItemOut, **WRITE},
             operation_id="control_plan_item_execute", summary="Record an item's execution on the plan in force")
def item_execute(request, item_id: int, data: PlanItemExecutionIn):
    item = get_object_or_404(visible_to(request.auth, PlanItem), pk=item_id)
    return _item_data(services.item_execute(by=request.auth, item=item, **data.dict()))


@router.get("/execution", response={200: list[PlanExecutionOut], **READ},
            operation_id="control_plan_execution",
            summary="How a year's plan of measures was carried out, item by item (315 cl.26.1)")
def execution(request, year: int):
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
