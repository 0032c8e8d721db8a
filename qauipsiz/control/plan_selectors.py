"""The reads of the plans (315 cl.4.1, cl.4.5, cl.26.1), for the pages, the API, the home panel, the Regulation and
the annual information (part 4 reads `plan_execution`)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from qauipsiz.accounts.policy import visible_to

from .choices import SETTLED, ItemStatus, PlanKind, VersionStatus
from .models import CONTENT_FIELDS, Plan, PlanItem, PlanVersion

ITEM_RELATED = ("responsible", "division", "facility")


def plans_for(user, year: int | None = None) -> QuerySet:
    """The plans the user may see, with their versions, for the list page (one query for the plans, one for all
    their versions)."""
    plans = visible_to(user, Plan).select_related("organisation", "division")
    if year is not None:
        plans = plans.filter(year=year)
    return plans.prefetch_related(Prefetch("versions", queryset=PlanVersion.objects.order_by("version")))


def items_of(version: PlanVersion) -> list[PlanItem]:
    return list(version.items.select_related(*ITEM_RELATED).prefetch_related("evidence").order_by("position", "pk"))


def in_force(plan: Plan) -> PlanVersion | None:
    return plan.versions.filter(status=VersionStatus.APPROVED).first()


def is_overdue(item: PlanItem, today: datetime.date) -> bool:
    return item.status not in SETTLED and item.deadline < today


def overdue_items(user, today: datetime.date | None = None) -> QuerySet:
    """The items of plans in force the user may see whose deadline has passed unsettled (the home panel): the heads
    and officials the organisation's, a division's head his division's (315 cl.25)."""
    today = today or timezone.localdate()
    return (visible_to(user, PlanItem).filter(version__status=VersionStatus.APPROVED, deadline__lt=today)
            .exclude(status__in=SETTLED).select_related("version__plan", "division", "responsible")
            .order_by("deadline", "pk"))


@dataclass
class ItemDiff:
    change: str  # added | removed | changed
    old: PlanItem | None
    new: PlanItem | None
    fields: list[str] = field(default_factory=list)


def version_diff(old: PlanVersion, new: PlanVersion) -> list[ItemDiff]:
    """What the newer version changed in the items' content: added, removed and changed items, with the fields."""
    old_items = {i.pk: i for i in items_of(old)}
    seen, diffs = set(), []
    for item in items_of(new):
        before = old_items.get(item.origin_id)
        if before is None:
            diffs.append(ItemDiff("added", None, item))
            continue
        seen.add(before.pk)
        changed = [name for name in CONTENT_FIELDS
                   if getattr(before, f"{name}_id" if name in ITEM_RELATED else name)
                   != getattr(item, f"{name}_id" if name in ITEM_RELATED else name)]
        if changed:
            diffs.append(ItemDiff("changed", before, item, changed))
    diffs.extend(ItemDiff("removed", item, None) for pk, item in old_items.items() if pk not in seen)
    return diffs


@dataclass
class ItemExecution:
    item: PlanItem
    state: str  # done | not_done | overdue | pending


@dataclass
class PlanExecution:
    """315 cl.26.1: how the year's plan of measures was carried out, item by item, with the figures."""

    plan: Plan | None
    version: PlanVersion | None
    items: list[ItemExecution]
    on: datetime.date

    def count(self, state: str) -> int:
        return sum(1 for i in self.items if i.state == state)

    total = property(lambda self: len(self.items))
    done = property(lambda self: self.count("done"))
    not_done = property(lambda self: self.count("not_done"))
    overdue = property(lambda self: self.count("overdue"))
    pending = property(lambda self: self.count("pending"))

    @property
    def done_percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def _state(item: PlanItem, on: datetime.date) -> str:
    if item.status == ItemStatus.DONE:
        return "done"
    if item.status == ItemStatus.NOT_DONE:
        return "not_done"
    return "overdue" if item.deadline < on else "pending"


def plan_execution(organisation, year: int, on: datetime.date | None = None) -> PlanExecution:
    """The execution of the organisation's plan of measures for `year` as of `on` (default today): the version in
    force, each item done, not done (with its reason), overdue or not yet due. Reads no user's rights: the caller
    checks that the reader may see the plan."""
    on = on or timezone.localdate()
    organisation_id = getattr(organisation, "pk", organisation)
    plan = (Plan.objects.filter(organisation_id=organisation_id, year=year, kind=PlanKind.MEASURES)
            .select_related("organisation").first())
    version = in_force(plan) if plan is not None else None
    items = [ItemExecution(item, _state(item, on)) for item in items_of(version)] if version is not None else []
    return PlanExecution(plan=plan, version=version, items=items, on=on)


def measures_plan_in_force(organisation_id: int, year: int) -> tuple[Plan, PlanVersion] | tuple[None, None]:
    plan = Plan.objects.filter(organisation_id=organisation_id, year=year, kind=PlanKind.MEASURES).first()
    version = in_force(plan) if plan is not None else None
    return (plan, version) if version is not None else (None, None)

