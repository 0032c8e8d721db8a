"""The reads the register of accidents shares between its list, export, API, home panel, record page and the
Regulation's facility facts (315 cl.4.12, cl.6.3)."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from qauipsiz.accounts.policy import visible_to
from qauipsiz.domains import service
from qauipsiz.ledger.models import LedgerEntry, Signature

from .choices import AccidentStatus
from .models import Accident, AccidentMaterial, AccidentMeasure, AccidentPermit, AccidentVictim

CHILDREN = (AccidentVictim, AccidentMeasure, AccidentMaterial, AccidentPermit)


def list_queryset(user):
    return (visible_to(user, Accident, Accident.objects.all())
            .select_related("facility", "location", "division")
            .annotate(victim_count=Count("victims", distinct=True))
            .order_by("-occurred_at", "-pk"))  # Meta.ordering does not apply to a grouped query


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def filtered(user, *, q: str = "", kind: str = "", facility=None, status: str = "", date_from=None, date_to=None):
    """The list's rows for these filters (the page, the XLSX and the API read the same)."""
    accidents = list_queryset(user)
    if q:
        query = Q(description__icontains=q) | Q(place__icontains=q) | Q(causes__icontains=q)
        if q.isdigit():
            query |= Q(number=int(q))
        accidents = accidents.filter(query)
    if kind:
        accidents = accidents.filter(kind=kind)
    if facility:
        accidents = accidents.filter(facility=facility)
    if status:
        accidents = accidents.filter(status=status)
    if date_from:
        accidents = accidents.filter(occurred_at__gte=_day_start(date_from))
    if date_to:
        accidents = accidents.filter(occurred_at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    return accidents


def detail_queryset(user):
    return (visible_to(user, Accident, Accident.objects.all())
            .select_related("facility", "location", "division", "commission_chair", "registered_by", "decided_by")
            .prefetch_related("commission_members", "victims__person", "measures__responsible", "materials",
                              "permits"))


def linked_permits(user, accident: Accident) -> list[dict]:
    """The permits linked, with their number, status and page for those the user sees; the number kept otherwise."""
    links = list(accident.permits.all())
    if not links:
        return []
    info = service("permits.permit_info")(user=user, permit_ids=[link.permit_id for link in links])
    return [{"link": link, "permit": info.get(link.permit_id)} for link in links]


def history(accident: Accident) -> list:
    """The ledger entries and signatures of the record and its parts, oldest first."""
    query = Q(object_type=Accident._meta.label_lower, object_id=str(accident.pk))
    for model, rows in ((AccidentVictim, accident.victims.all()), (AccidentMeasure, accident.measures.all()),
                        (AccidentMaterial, accident.materials.all()), (AccidentPermit, accident.permits.all())):
        ids = [str(row.pk) for row in rows]
        if ids:
            query |= Q(object_type=model._meta.label_lower, object_id__in=ids)
    entries = [{"kind": "entry", "at": e.recorded_at, "record": e}
               for e in LedgerEntry.objects.filter(query, organisation_id=accident.organisation_id)]
    signatures = [{"kind": "signature", "at": s.signed_at, "record": s}
                  for s in Signature.objects.filter(object_type=Accident._meta.label_lower,
                                                    object_id=str(accident.pk))]
    return sorted(entries + signatures, key=lambda item: item["at"])


def under_investigation(user, limit: int = 10):
    return (list_queryset(user).filter(status__in=[AccidentStatus.REGISTERED, AccidentStatus.INVESTIGATING])
            .order_by("occurred_at", "pk")[:limit])


def of_facility_in_year(facility, year: int) -> dict[str, int]:
    """How many of each kind happened at the facility in the year (the Regulation's cl.6.3 facts)."""
    rows = (Accident.objects.filter(facility=facility, year=year).values("kind").annotate(n=Count("pk"))
            .order_by("kind"))
    return {row["kind"]: row["n"] for row in rows}
