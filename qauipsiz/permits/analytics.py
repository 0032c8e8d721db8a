"""The figures of "Permit analytics" (issue 11): the permits a user sees, counted per month in the database.

One set of figures for the page and the API (`figures`), each computed by grouped or conditional aggregates, so the
number of queries is fixed (ten) whatever the number of permits. Months are the plant's local months (Asia/Almaty).

Which month a permit counts in:
- by state, work type and division: the month it was drawn up (`created_at`), so that every permit counts once, drafts
  and cancelled drafts too (they have no issue), and the three charts' monthly totals agree; its state is the one the
  list and the board read (`Permit.effective_status_of`: lapsed the moment its validity passes, 344 cl.6);
- lapses: the month it lapsed, each lapse once: the scheduled job's ledger entries (a permit extended after a lapse may
  lapse again), plus the permits past their validity the job has not yet lapsed (`Permit.lapsed_q`), at the moment
  their validity passed;
- issue to admission: the month of the admission (item 9), hours from `issued_at` to `admitted_at`.

The division filter is the list's: the division, those under it, and permits it takes part in (344 cl.16); the chart by
division counts each permit under its own division (`Permit.division`), once.
"""

import datetime
from dataclasses import dataclass

from django.db.models import CharField, Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Window
from django.db.models.functions import Cast, Ceil, Floor, RowNumber, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.policy import roles_of
from qauipsiz.core.models import Division
from qauipsiz.formats import local_moment, local_zone
from qauipsiz.ledger.models import LedgerEntry

from .acts import Act
from .choices import Status, Validity
from .gatekeeper import visible_permits
from .models import Permit, WorkType

PERIODS = (3, 6, 12, 24, 36)  # months
DEFAULT_MONTHS = 12
TOP = 5  # work types and divisions drawn on their own; the rest is "other"
OTHER = "other"
# Hours from issue to admission: the histogram's bins, [low, high); the last has no upper bound.
BINS = (0, 1, 2, 4, 8, 24, 72, None)
PERCENTILES = {"median": 0.5, "p90": 0.9}
# Who reads the figures: those who answer for the work under permits (the head, officials, division heads, the
# auditor, the system administrator) and those who issue permits (issuers, a contractor's representative). Not those
# who work under them (admitting persons, performers, crew): a crew member sees none of the organisation's statistics.
READERS = frozenset({Role.HEAD, Role.PC_OFFICIAL, Role.DIVISION_HEAD, Role.PERMIT_ISSUER, Role.CONTRACTOR_REP,
                     Role.AUDITOR, Role.SYSADMIN})


def may_read(user) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active) or bool(roles_of(user) & READERS)


@dataclass(frozen=True)
class Filters:
    months: int = DEFAULT_MONTHS
    division: Division | None = None
    work_type: WorkType | None = None


def month_starts(now: datetime.datetime, months: int) -> list[datetime.date]:
    """The first days of the last `months` local months, the current one last."""
    today = local_moment(now).date()
    index = today.year * 12 + today.month - 1
    return [datetime.date(i // 12, i % 12 + 1, 1) for i in range(index - months + 1, index + 1)]


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=local_zone())


def _next_month(day: datetime.date) -> datetime.date:
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def scoped_permits(user, filters: Filters) -> QuerySet:
    """The permits the user sees (the gatekeeper), in the division (or under it, or taking part: as the list filters)
    and of the work type chosen."""
    permits = visible_permits(user).order_by()
    if filters.division is not None:
        path = filters.division.path
        permits = permits.filter(Q(division__path__startswith=path) | Q(pk__in=Permit.other_divisions.through.objects
                                 .filter(division__path__startswith=path).values("permit_id")))
    if filters.work_type is not None:
        permits = permits.filter(work_type=filters.work_type)
    return permits


def _month(field: str) -> TruncMonth:
    return TruncMonth(field, tzinfo=local_zone())


def _month_key(value) -> datetime.date:
    """A truncated month as the database returns it (aware, or a date) as the first local day."""
    if isinstance(value, datetime.datetime):
        return local_moment(value).date().replace(day=1)
    return value.replace(day=1)


def _series(rows, key: str, months: list, labels: dict, order: list) -> list[dict]:
    """Grouped rows (month, key, n) as one series per key in `order`, a value per month."""
    position = {month: i for i, month in enumerate(months)}
    values = {k: [0] * len(months) for k in order}
    for row in rows:
        month = _month_key(row["month"])
        if month in position and row[key] in values:
            values[row[key]][position[month]] += row["n"]
    return [{"key": str(k), "label": labels[k], "values": values[k]} for k in order]


def _by_state(permits, months, now) -> list[dict]:
    rows = (permits.annotate(month=_month("created_at"), state=Permit.effective_status_of(now))
            .values("month", "state").annotate(n=Count("pk")))
    rows = list(rows)
    present = {row["state"] for row in rows}
    order = [status for status in Status.values if status in present]
    return _series(rows, "state", months, {s: str(Status(s).label) for s in order}, order)


def _top_and_other(permits, field: str, months, names) -> list[dict]:
    """The `TOP` records of `field` with the most permits in the period, each its series, and the rest as "other"."""
    rows = list(permits.annotate(month=_month("created_at")).values("month", field).annotate(n=Count("pk")))
    totals: dict = {}
    for row in rows:
        totals[row[field]] = totals.get(row[field], 0) + row["n"]
    ranked = sorted(totals, key=lambda k: (-totals[k], k))
    top = ranked[:TOP]
    labels = names(top)
    for row in rows:
        if row[field] not in labels:
            row[field] = OTHER
    order = top + ([OTHER] if len(ranked) > TOP else [])
    labels[OTHER] = _("Other")
    return _series(rows, field, months, labels, order)


def _work_type_names(ids) -> dict:
    return {w.pk: str(w) for w in WorkType.objects.filter(pk__in=ids)}


def _division_names(ids) -> dict:
    return {d.pk: str(d) for d in Division.objects.filter(pk__in=ids)}


def _lapses(permits, months, start, end, now) -> list[int]:
    position = {month: i for i, month in enumerate(months)}
    counts = [0] * len(months)
    ids = permits.annotate(key=Cast("pk", CharField())).values("key")
    stored = (LedgerEntry.objects.filter(object_type=Permit._meta.label_lower, object_id__in=ids,
                                         action=f"{Permit._meta.label_lower}.{Act.LAPSE}",
                                         recorded_at__gte=start, recorded_at__lt=end)
              .order_by().annotate(month=_month("recorded_at")).values("month").annotate(n=Count("pk")))
    # Not yet lapsed by the job: lapsed when the validity of its shift passed, or its planned period (a pause).
    working = Q(status__in=[Status.ADMITTED, Status.IN_PROGRESS]) | Q(status=Status.PAUSED,
                                                                      validity=Validity.SINGLE_SHIFT,
                                                                      valid_until__lte=now)
    due = permits.filter(Permit.lapsed_q(now))
    pending = (list(due.filter(working, valid_until__gte=start).annotate(month=_month("valid_until"))
                    .values("month").annotate(n=Count("pk")))
               + list(due.exclude(working).filter(planned_end__gte=start).annotate(month=_month("planned_end"))
                      .values("month").annotate(n=Count("pk"))))
    for row in [*stored, *pending]:
        month = _month_key(row["month"])
        if month in position:
            counts[position[month]] += row["n"]
    return counts


def _admitted(permits, start, end):
    return (permits.filter(issued_at__isnull=False, admitted_at__gte=start, admitted_at__lt=end)
            .annotate(wait=ExpressionWrapper(F("admitted_at") - F("issued_at"), output_field=DurationField())))


def _hours(value: datetime.timedelta) -> float:
    return value.total_seconds() / 3600


def _percentile(admitted, share: float, months) -> tuple[list, list]:
    """The `share` percentile of the hours per month, interpolated between the two ranks around it (as PostgreSQL's
    percentile_cont), computed by window functions that SQLite has too: only those one or two rows per month are
    read. Also the number of admissions per month."""
    ranked = admitted.annotate(
        month=_month("admitted_at"),
        rank=Window(RowNumber(), partition_by=[_month("admitted_at")], order_by=[F("wait").asc(), F("pk").asc()]),
        total=Window(Count("pk"), partition_by=[_month("admitted_at")]))
    rows = ranked.filter(rank__gte=Floor((F("total") - 1) * share) + 1, rank__lte=Ceil((F("total") - 1) * share) + 1)
    found: dict = {}
    for month, rank, total, wait in rows.values_list("month", "rank", "total", "wait"):
        found.setdefault(_month_key(month), (total, {}))[1][rank] = _hours(wait)
    values, counts = [], []
    for month in months:
        if month not in found:
            values.append(None)
            counts.append(0)
            continue
        total, at = found[month]
        # Between the ranks the database found (the floor and the ceiling of the position, or one rank when whole):
        # read from them rather than recomputed, so a rounding of the float position cannot miss one.
        position, low, high = (total - 1) * share + 1, min(at), max(at)
        fraction = min(max(position - low, 0), 1) if high > low else 0
        values.append(round(at[low] + (at[high] - at[low]) * fraction, 1))
        counts.append(total)
    return values, counts


def _histogram(admitted) -> list[dict]:
    bins = list(zip(BINS, BINS[1:], strict=False))
    conditions = {}
    for i, (low, high) in enumerate(bins):
        condition = Q(wait__gte=datetime.timedelta(hours=low))
        if high is not None:
            condition &= Q(wait__lt=datetime.timedelta(hours=high))
        conditions[f"bin{i}"] = Count("pk", filter=condition)
    counts = admitted.aggregate(**conditions)
    return [{"low": low, "high": high, "count": counts[f"bin{i}"]} for i, (low, high) in enumerate(bins)]


def figures(user, filters: Filters = Filters(), now: datetime.datetime | None = None) -> dict:
    """Every figure of the page and the API, for the permits `user` sees."""
    now = now or timezone.now()
    months = month_starts(now, filters.months)
    start, end = _moment(months[0]), _moment(_next_month(months[-1]))
    permits = scoped_permits(user, filters)
    created = permits.filter(created_at__gte=start, created_at__lt=end)
    admitted = _admitted(permits, start, end)
    percentiles = {name: _percentile(admitted, share, months) for name, share in PERCENTILES.items()}
    return {
        "months": months,
        "by_state": _by_state(created, months, now),
        "by_work_type": _top_and_other(created, "work_type", months, _work_type_names),
        "by_division": _top_and_other(created, "division", months, _division_names),
        "lapses": _lapses(permits, months, start, end, now),
        "admission": {"median_hours": percentiles["median"][0], "p90_hours": percentiles["p90"][0],
                      "admissions": percentiles["median"][1], "histogram": _histogram(admitted)},
    }
