"""The demo's production control: each step is given the demo loader once the register and the permits are in place."""

import datetime

from django.utils.translation import gettext as _

from qauipsiz.accounts.models import User
from qauipsiz.core.demo import DEMO_PASSWORD

from .choices import ItemStatus, PlanKind
from .services import plans as plan_services

DEMO_STEPS: list = []


# --- Plans (315 cl.4.1, cl.4.5, cl.26.1) ----------------------------------------------------------------------------
# The refinery's plan of measures for this year, approved and changed once (version 2, with its reason), last year's
# carried out (done, not done with its reason, one left overdue) for the annual information, and shop Ц-1's work
# plan. Drafted by the production-control official, approved by the head with their demo passwords.
CREDENTIALS = {"password": DEMO_PASSWORD}
MEASURES = (
    "Экспертиза промышленной безопасности колонны К-1 установки ЭЛОУ-АВТ-6",
    "Замена запорной арматуры на линии сырья печи П-1",
    "Учебно-тренировочные занятия по плану ликвидации аварий в цехе Ц-1",
    "Проверка систем противоаварийной защиты установки У-1.1",
    "Обновление плана ликвидации аварий цеха Ц-2",
)
WORK_ITEMS = (
    "Ежесменный осмотр технологических трубопроводов цеха",
    "Проверка исправности газоанализаторов в операторной",
    "Контроль ведения журналов приёма-сдачи смены",
)


def _user(username: str) -> User:
    return User.objects.select_related("person").get(username=username)


def _measures_plan(loader, official, head, year: int, people, divisions):
    plan = plan_services.plan_create(by=official, organisation=loader.refinery, kind=PlanKind.MEASURES, year=year)
    version = plan.versions.get()
    for n, measure in enumerate(MEASURES):
        plan_services.item_add(by=official, version=version, measure=measure,
                               deadline=datetime.date(year, 2 + 2 * n, 15), responsible=people[n % len(people)],
                               division=divisions[n % len(divisions)])
    plan_services.plan_approve(record=version, by=head, credentials=CREDENTIALS)
    return plan


def load_plans(loader) -> None:
    loader.say(_("Creating production-control plans…"))
    official, head = _user("pc_official"), _user("head")
    shop = loader.divisions["Ц-1"]
    divisions = [shop, loader.divisions["Ц-2"]]
    people = [m.person for m in loader.by_division["Ц-1"]][:3] or [None]
    year = loader.today.year

    # Last year's plan, carried out: 315 cl.26.1 reports it.
    last = _measures_plan(loader, official, head, year - 1, people, divisions)
    items = list(last.versions.get().items.order_by("position"))
    for item in items[:3]:
        plan_services.item_execute(by=official, item=item, status=ItemStatus.DONE,
                                   executed_on=min(item.deadline, loader.today), execution_note=_("Carried out."))
        plan_services.evidence_add(by=official, item=item, text=_("Act of acceptance of the work, signed."))
    plan_services.item_execute(by=official, item=items[3], status=ItemStatus.NOT_DONE,
                               not_done_reason=_("The equipment was not delivered by the supplier."))
    plan_services.item_execute(by=official, item=items[4], status=ItemStatus.IN_PROGRESS)

    # This year's plan, approved, then changed: version 2 supersedes version 1, which stays readable.
    current = _measures_plan(loader, official, head, year, people, divisions)
    first_item = current.versions.get().items.order_by("position").first()
    plan_services.item_execute(by=official, item=first_item, status=ItemStatus.DONE,
                               executed_on=min(first_item.deadline, loader.today))
    version = plan_services.version_new(by=official, plan=current,
                                        reason=_("A measure added after the inspection of the flare system."))
    plan_services.item_add(by=official, version=version, deadline=datetime.date(year, 12, 20),
                           measure="Ревизия факельной системы установки У-1.1", responsible=people[0], division=shop)
    changed = version.items.order_by("position")[1]
    plan_services.item_update(by=official, item=changed, deadline=datetime.date(year, 11, 30))
    plan_services.plan_approve(record=version, by=head, credentials=CREDENTIALS)

    # Shop Ц-1's production-control work plan (315 cl.4.1), which its head and people see (cl.25).
    work = plan_services.plan_create(by=official, organisation=loader.refinery, kind=PlanKind.WORK, year=year,
                                     division=shop)
    work_version = work.versions.get()
    for n, measure in enumerate(WORK_ITEMS):
        plan_services.item_add(by=official, version=work_version, measure=measure, responsible=people[0],
                               period_start=datetime.date(year, 1 + 4 * n, 1),
                               deadline=datetime.date(year, 4 + 4 * n, 30))
    plan_services.plan_approve(record=work_version, by=head, credentials=CREDENTIALS)
    loader.summary.append(_("Plans of production control: the plan of measures of %(year)s (2 versions), of "
                            "%(last)s with its execution, and the work plan of shop %(shop)s") % {
        "year": year, "last": year - 1, "shop": shop.code})


DEMO_STEPS.append(load_plans)
