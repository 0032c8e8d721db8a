"""What the control room's wall board shows (issue 11), read from one set of prefetched rows: the count of open permits
in each state, the people on site on each admitted permit, the air retests due, the permits blocked and why, and the
overlaps of several organisations at one site (344 cl.7).

Nothing here decides a rule: "blocked and why" is what the acts' own guards answer (`services.guards`, `services.joint`),
asked of the prefetched rows, so the board can never disagree with the act it waits for. Reads only; the permits given
have passed the gatekeeper already (the user's `visible_permits`) or are one organisation's, for a kiosk link."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from .choices import OPEN_STATUSES, JointStatus, MeasureCode, Status
from .models import Approval, CrewMember, Extension, OverlapAgreement, Permit
from .selectors import Card, board_columns
from .services.guards import (
    ADMITTING_STATUSES,
    admission_problems,
    air_problems_now,
    joint_elsewhere_problems,
    latest_readings,
    overlap_problems,
    start_problems,
)

# The statuses in which the crew is at the place of work (on a break, paused or suspended, it has left it).
ON_SITE = frozenset({Status.ADMITTED, Status.IN_PROGRESS})


@dataclass
class WallPermit:
    card: Card
    crew: list = field(default_factory=list)  # the members not removed, each with `briefed_at`
    blocked: list[str] = field(default_factory=list)
    air_due: datetime.datetime | None = None
    air_problems: list[str] = field(default_factory=list)
    has_air: bool = False

    @property
    def permit(self) -> Permit:
        return self.card.permit

    @property
    def on_site(self) -> int:
        """The performer and the crew, at the place of work while admitted or working."""
        return 1 + len(self.crew) if self.permit.status in ON_SITE and not self.card.lapsed else 0

    @property
    def briefed(self) -> int:
        return sum(1 for m in self.crew if m.briefed_at is not None)


def wall_queryset(permits):
    """`permits` (a queryset of `Permit`) limited to the open ones, with every row the wall reads, one query each."""
    return permits.filter(status__in=OPEN_STATUSES).select_related(
        "division", "facility", "location", "work_type", "performer", "certificate").prefetch_related(
        Prefetch("extensions", queryset=Extension.objects.select_related("accepted_by").order_by("shift_start", "id"),
                 to_attr="extension_rows"),
        # Under their own names: the guards read `permit.measures.all()`, `air_samples`, `devices`, the certificate's.
        "measures", "air_samples", "devices", "certificate__measures",
        Prefetch("approvals", queryset=Approval.objects.select_related("approver"), to_attr="approval_rows"),
        Prefetch("crew", queryset=CrewMember.objects.filter(removed_at__isnull=True).select_related("person"),
                 to_attr="crew_rows"),
        Prefetch("overlap_agreements", queryset=OverlapAgreement.objects.filter(
            status__in=[JointStatus.PROPOSED, JointStatus.AGREED]).prefetch_related("permits", "signatures__signatory"),
            to_attr="agreement_rows"),
    )


def _blocked(row: WallPermit) -> list[str]:
    """What keeps the permit's next step waiting, in the words of the guard of that step."""
    permit, card = row.permit, row.card
    if card.lapsed:
        return [_("Validity has lapsed: work must not go on (344 cl.6)")]
    if permit.status == Status.ISSUED:
        problems = admission_problems(permit, measures=permit.measures.all(), approvals=permit.approval_rows)
        problems += row.air_problems
        # The admission's cl.7 guards, as the act asks them (two or three statements for each issued permit).
        problems += overlap_problems(permit) + joint_elsewhere_problems(permit)
        return problems
    if permit.status == Status.ADMITTED:
        return start_problems(permit, crew=row.crew)
    if permit.status in ADMITTING_STATUSES:  # paused or suspended: what the resumption or re-admission checks
        return list(row.air_problems)
    return []


def _air(row: WallPermit) -> None:
    permit = row.permit
    row.has_air = permit.status != Status.COMPLETED and any(
        m.code == MeasureCode.AIR_SAMPLE for m in permit.measures.all())
    if not row.has_air:
        return
    validity = datetime.timedelta(minutes=permit.work_type.sample_validity_minutes)
    readings = latest_readings(permit.air_samples.all())
    # The next retest: when the oldest of the latest readings stops standing for an admission (item 5.4).
    row.air_due = min((s.taken_at + validity for s in readings), default=None)
    row.air_problems = air_problems_now(permit)


def _overlaps(rows: list[WallPermit]) -> list[dict]:
    """The joint measures agreements of the permits on the board: awaiting signatures (who has yet to sign), or agreed
    with measures not yet carried out on some permit (344 cl.7)."""
    agreements, undone = {}, {}
    for row in rows:
        for agreement in row.permit.agreement_rows:
            agreements[agreement.pk] = agreement
        for measure in row.permit.measures.all():
            if measure.joint_id and measure.done_at is None:
                undone.setdefault(measure.joint_id, set()).add(row.permit.display_number)
    result = []
    for agreement in sorted(agreements.values(), key=lambda a: a.pk):
        waiting = [str(s.signatory) for s in agreement.signatures.all() if s.signed_at is None]
        if agreement.status == JointStatus.AGREED and agreement.pk not in undone:
            continue  # agreed and carried out everywhere: nothing for the room to watch
        result.append({"agreement": agreement, "permits": sorted(p.display_number for p in agreement.permits.all()),
                       "waiting": waiting, "undone": sorted(undone.get(agreement.pk, ()))})
    return result


def wall(permits, now) -> dict:
    """Everything the wall board shows, for `permits` (a queryset of `Permit`, already within the reader's scope)."""
    columns = board_columns(wall_queryset(permits), now)
    rows = []
    for column in columns:
        for card in column["cards"]:
            row = WallPermit(card=card, crew=list(card.permit.crew_rows))
            _air(row)
            row.blocked = _blocked(row)
            rows.append(row)
    on_site = [row for row in rows if row.on_site]
    return {
        "counts": [{"status": c["status"], "label": c["label"], "count": len(c["cards"])} for c in columns],
        "total": len(rows),
        "rows": rows,
        "on_site": on_site,
        "people_on_site": sum(row.on_site for row in on_site),
        "air": sorted((row for row in rows if row.has_air),
                      key=lambda r: (not r.air_problems, r.air_due or now, r.permit.pk)),
        "blocked": [row for row in rows if row.blocked],
        "overlaps": _overlaps(rows),
    }
