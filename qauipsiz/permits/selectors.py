"""Reads of the permits domain that several places share, built once.

Register (Annex 2): the rows of an organisation's year, the same for the printed register (PDF) and the spreadsheet
(XLSX).
"""

from dataclasses import dataclass

from django.db.models import Prefetch

from qauipsiz.documents.marks import person_line, span

from .choices import ENDED_STATUSES, PeriodKind, Status
from .models import AdmissionPeriod, Permit

# --- Register (Annex 2) -------------------------------------------------------------------------------------------


def register_queryset(*, organisation, year: int):
    """The numbered permits of an organisation's year in number order (the order received, 344 cl.13 note), with
    their issuer, work type and admission periods: three queries however many permits there are."""
    periods = AdmissionPeriod.objects.order_by("started_at", "id")
    return (Permit.objects.filter(organisation=organisation, year=year, number__isnull=False)
            .select_related("issuer", "work_type")
            .prefetch_related(Prefetch("periods", queryset=periods))
            .order_by("number"))


@dataclass
class RegisterRow:
    number: int
    display_number: str
    initial: list[str]
    readmissions: list[str]
    issuer: str
    nature: str
    status: str
    marked: str  # the status printed in the row: only for the permits that ended without being closed


def register_row(permit: Permit) -> RegisterRow:
    """One permit as a row of Annex 2, formatted in the active language (periods prefetched in start order)."""
    periods = list(permit.periods.all())
    return RegisterRow(
        number=permit.number,
        display_number=permit.display_number,
        initial=[span(p.started_at, p.ended_at) for p in periods if p.kind == PeriodKind.INITIAL],
        readmissions=[span(p.started_at, p.ended_at) for p in periods if p.kind == PeriodKind.READMISSION],
        issuer=person_line(permit.issuer),
        nature=f"{permit.work_type.name}: {permit.scope_of_work} ({permit.place})",
        status=str(Status(permit.status).label),
        marked=str(Status(permit.status).label) if permit.status in ENDED_STATUSES - {Status.CLOSED} else "",
    )


def register_rows(*, organisation, year: int, queryset=None) -> list[RegisterRow]:
    """Annex 2's rows in the active language; `queryset` narrows register_queryset (a page showing only the permits
    its reader may see passes its filtered one)."""
    permits = queryset if queryset is not None else register_queryset(organisation=organisation, year=year)
    return [register_row(permit) for permit in permits]
