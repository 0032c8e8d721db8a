"""Lists: work permits, the register (Annex 2) with the lines it kept of purged permits, work types with their template
measures."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Schema

from qauipsiz.accounts.policy import visible_to
from qauipsiz.core.api import MAX_ID, MAX_LIMIT, RecordId
from qauipsiz.core.models import Division

from .. import gatekeeper, selectors
from ..book import chosen_book, line_of, moment, readable_books, register_organisations, visible_lines
from ..choices import Status
from ..models import AdmissionPeriod, Permit, WorkType
from .common import READ_ERRORS, Year, page_of, router
from .schemas import (
    SUMMARY_RELATED,
    PermitPage,
    RegisterPage,
    WorkTypeOut,
    WorkTypePage,
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
        # The status the permit reads with (344 cl.6): lapsed the moment its validity passes.
        queryset = queryset.filter(Permit.status_q(filters.status, timezone.now()))
    if filters.division:
        path = Division.objects.filter(pk=filters.division).values_list("path", flat=True).first()
        queryset = queryset.filter(division__path__startswith=path) if path else queryset.none()
    for name in ("facility", "work_type", "year"):
        if getattr(filters, name) is not None:
            queryset = queryset.filter(**{name: getattr(filters, name)})
    count, items = page_of(queryset, filters.limit, filters.offset)
    return {"count": count, "items": [summary_data(p) for p in items]}


class RegisterFilters(Schema):
    organisation: RecordId | None = Field(None, description="Default: the first organisation whose register the caller "
                                                            "reads, as on the register page.")
    year: Year
    book: RecordId | None = Field(None, description="A contractor's id for that contractor's book (344 cl.9, cl.15); "
                                                    "default: the organisation's own book, or for a contractor's "
                                                    "representative his contractor's, as on the register page.")
    limit: int = Field(500, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_ID)


def _register_row(permit=None, line=None) -> dict:
    """A live permit's row, or a kept line's (`line`, 344 cl.13): the printed columns from the one `register_row`."""
    printed = selectors.register_row(line or line_of(permit), purged=line is not None)
    row = {"permit": printed.permit_id, "kept": printed.purged, "number": printed.number,
           "display_number": printed.display_number, "initial": printed.initial, "readmissions": printed.readmissions,
           "issuer_name": printed.issuer, "nature": printed.nature, "status_display": printed.status}
    if line is not None:
        return {**row, "year": line.year, "issued_at": None, "division": ref(line.division), "place": line.place,
                "scope_of_work": line.scope_of_work, "work_type": None, "issuer": None, "performer": None,
                "admitting_persons": [], "completed_at": None, "closed_at": None, "status": line.status,
                "periods": [{"id": None, "kind": p["kind"], "started_at": moment(p["started_at"]),
                             "ended_at": moment(p["ended_at"]), "admitted_by": None} for p in line.periods]}
    return {**row, "year": permit.year, "issued_at": permit.issued_at, "division": ref(permit.division),
            "place": permit.place, "scope_of_work": permit.scope_of_work, "work_type": ref(permit.work_type),
            "issuer": person_data(permit.issuer), "performer": person_data(permit.performer),
            "admitting_persons": [person_data(a) for a in permit.admitting_persons.all()],
            "completed_at": permit.completed_at, "closed_at": permit.closed_at, "status": permit.effective_status,
            "periods": [{"id": p.pk, "kind": p.kind, "started_at": p.started_at, "ended_at": p.ended_at,
                         "admitted_by": person_data(p.admitted_by)} for p in permit.periods.all()]}


@router.get("/register", response={200: RegisterPage, **READ_ERRORS}, operation_id="permits_register",
            summary="The register of work permits (Annex 2) of a book for a year",
            description="The rows of the register page: the permits of the book (the organisation's own, or a "
                        "contractor's) the caller sees, and the lines the book kept of those purged after their "
                        "retention (344 cl.13), in number order. An organisation or book the caller does not read "
                        "answers 404.")
def register(request, filters: Query[RegisterFilters]):
    user = request.auth
    organisations = register_organisations(user)
    if filters.organisation is not None:
        organisations = organisations.filter(pk=filters.organisation)
    organisation = organisations.first()
    if organisation is None:
        raise Http404
    readable, contractor = chosen_book(*readable_books(user, organisation), filters.book)
    if not readable:
        raise Http404
    book = {"organisation": organisation, "year": filters.year, "contractor": contractor}
    permits = gatekeeper.visible_permits(user, selectors.register_queryset(**book))
    lines = visible_lines(user, selectors.kept_lines_queryset(**book))
    # One number series per book: the page is a slice of the numbers, then only its rows are read (a query each).
    numbers = sorted(set(permits.values_list("number", flat=True)) | set(lines.values_list("number", flat=True)))
    page = numbers[filters.offset:filters.offset + filters.limit]
    periods = AdmissionPeriod.objects.select_related("admitted_by").order_by("started_at", "id")
    live = (permits.filter(number__in=page).select_related("division", "performer").prefetch_related(None)
            .prefetch_related("admitting_persons", Prefetch("periods", queryset=periods)))
    rows = [_register_row(permit=p) for p in live] + [
        _register_row(line=line) for line in lines.filter(number__in=page).select_related("division")]
    return {"count": len(numbers), "items": sorted(rows, key=lambda row: row["number"])}


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
