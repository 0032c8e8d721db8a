"""Lists: work permits, the register (Annex 2), work types with their template measures."""

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Schema

from qauipsiz.accounts.policy import visible_to
from qauipsiz.core.api import MAX_ID, MAX_LIMIT, RecordId
from qauipsiz.core.models import Division

from .. import gatekeeper
from ..choices import Status
from ..models import WorkType
from .common import READ_ERRORS, Year, page_of, router
from .schemas import (
    SUMMARY_RELATED,
    PermitPage,
    RegisterPage,
    WorkTypeOut,
    WorkTypePage,
    periods_data,
    person_data,
    ref,
    summary_data,
)


class PermitFilters(Schema):
    status: Status | None = None
    division: RecordId | None = Field(None, description="The division or any division under it.")
    facility: RecordId | None = None
    work_type: RecordId | None = None
    year: Year | None = None
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_ID)


@router.get("/", response={200: PermitPage, **READ_ERRORS}, operation_id="permits_list", summary="List work permits")
def permit_list(request, filters: Query[PermitFilters]):
    queryset = gatekeeper.visible_permits(request.auth).select_related(*SUMMARY_RELATED)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.division:
        path = Division.objects.filter(pk=filters.division).values_list("path", flat=True).first()
        queryset = queryset.filter(division__path__startswith=path) if path else queryset.none()
    for name in ("facility", "work_type", "year"):
        if getattr(filters, name) is not None:
            queryset = queryset.filter(**{name: getattr(filters, name)})
    count, items = page_of(queryset, filters.limit, filters.offset)
    return {"count": count, "items": [summary_data(p) for p in items]}


class RegisterFilters(Schema):
    organisation: RecordId
    year: Year
    limit: int = Field(500, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_ID)


@router.get("/register", response={200: RegisterPage, **READ_ERRORS}, operation_id="permits_register",
            summary="The register of work permits (Annex 2) of an organisation for a year")
def register(request, filters: Query[RegisterFilters]):
    queryset = (gatekeeper.visible_permits(request.auth)
                .filter(organisation=filters.organisation, year=filters.year, number__isnull=False)
                .select_related("division", "work_type", "issuer", "performer")
                .prefetch_related("admitting_persons").order_by("number"))
    count, permits = page_of(queryset, filters.limit, filters.offset)
    rows = [{"permit": p.pk, "number": p.number, "year": p.year, "issued_at": p.issued_at,
             "division": ref(p.division), "place": p.place, "scope_of_work": p.scope_of_work,
             "work_type": ref(p.work_type), "issuer": person_data(p.issuer), "performer": person_data(p.performer),
             "admitting_persons": [person_data(a) for a in p.admitting_persons.all()], "periods": periods_data(p),
             "completed_at": p.completed_at, "closed_at": p.closed_at, "status": p.status,
             "status_display": p.get_status_display()} for p in permits]
    return {"count": count, "items": rows}


class PageFilters(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_ID)


def _work_type_data(work_type: WorkType) -> dict:
    return {"id": work_type.pk, "organisation": work_type.organisation_id, "kind": work_type.kind,
            "name": work_type.name, "is_active": work_type.is_active,
            "required_documents": list(work_type.required_documents or ()),
            "measures": [{"id": m.pk, "code": m.code, "position": m.position, "text": m.text}
                         for m in work_type.measures.all()]}


@router.get("/work-types", response={200: WorkTypePage, **READ_ERRORS}, operation_id="permits_work_types_list",
            summary="Work types with their template measures (item 5)")
def work_type_list(request, filters: Query[PageFilters]):
    queryset = visible_to(request.auth, WorkType).prefetch_related("measures")
    count, items = page_of(queryset, filters.limit, filters.offset)
    return {"count": count, "items": [_work_type_data(w) for w in items]}


@router.get("/work-types/{record_id}", response={200: WorkTypeOut, **READ_ERRORS},
            operation_id="permits_work_types_read", summary="A work type with its template measures")
def work_type_read(request, record_id: RecordId):
    return _work_type_data(get_object_or_404(visible_to(request.auth, WorkType), pk=record_id))
