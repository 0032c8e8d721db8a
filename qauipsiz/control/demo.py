"""The demo's production control: each step is given the demo loader once the register and the permits are in place."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from qauipsiz.accounts.models import User
from qauipsiz.core.demo import DEMO_PASSWORD
from qauipsiz.core.models import ClauseEdition

from .choices import ItemStatus, PlanKind
from .demo_people import load_service
from .services import plans as plan_services
from .services.legal import acknowledge_change, send_change_notice

DEMO_STEPS: list = [
    load_service,  # the people of production control (315 cl.3)
]


# --- The Regulation on production control (315 cl.5-6) ---------------------------------------------------------------


def demo_regulation(loader) -> None:
    """The demo refinery's Regulation: the default criteria with the refinery's own target, version 1 worded by the
    official and approved by the head with a signature, and version 2 drafted from it with a changed section."""
    from qauipsiz.accounts.models import User
    from qauipsiz.core.demo import DEMO_PASSWORD

    from .choices import CriterionMeasure
    from .models import EffectivenessCriterion
    from .services import regulation as services

    loader.say(_("Drawing up the Regulation on production control…"))
    official = User.objects.select_related("person").get(username="pc_official")
    head = User.objects.select_related("person").get(username="head")
    organisation = loader.refinery
    services.criteria_defaults(organisation=organisation, by=official)
    repeat = EffectivenessCriterion.objects.get(organisation=organisation, measure=CriterionMeasure.REPEAT_VIOLATIONS)
    repeat.target = 3
    services.criterion_update(by=official, instance=repeat)
    first = services.regulation_start(organisation=organisation, by=official)
    services.regulation_narrative_set(regulation=first, by=official, section="5", texts={
        "kk": "Ереже мұнай өңдеу зауытының қауіпті өндірістік объектілеріне, оның ішінде ЭЛОУ-АВТ-6 "
              "қондырғысына қолданылады.",
        "ru": "Положение распространяется на опасные производственные объекты нефтеперерабатывающего завода, в "
              "том числе на установку ЭЛОУ-АВТ-6.",
        "en": "The Regulation applies to the refinery's hazardous production facilities, the ELOU-AVT-6 unit "
              "among them."})
    services.regulation_approve(record=first, by=head, credentials={"password": DEMO_PASSWORD})
    second = services.regulation_start(organisation=organisation, by=official)
    services.regulation_narrative_set(regulation=second, by=official, section="6.5.reporting", texts={
        "kk": "Лауазымды адам әр айдың бесінші күніне дейін ұйым басшысына өндірістік бақылау нәтижелері мен "
              "нұсқамалардың орындалуы туралы баяндайды.",
        "ru": "До пятого числа каждого месяца должностное лицо докладывает руководителю организации о результатах "
              "производственного контроля и исполнении предписаний.",
        "en": "By the fifth of every month the official reports to the head of the organisation the results of "
              "production control and the state of the prescriptions."})
    loader.summary.append(_("Regulation on production control: version %(approved)s approved, version %(draft)s "
                            "drafted") % {"approved": first.version, "draft": second.version})




# --- Examinations and removal from work (315 cl.4.6, cl.4.7, cl.26.5, cl.27.4) ---------------------------------------
# Everything through the services, as the official and the head would do it with their own passwords:
# - each device of the refinery has its last technical certification recorded (fit, one fit with conditions), which
#   plans the next one on the register's date: so the overdue and the due-soon ones of the register are listed and
#   the daily job tells about them; each building its technical inspection; the oldest devices an expert examination;
# - a contractor's worker added to the crew of the contractor's permit in progress is found with his training
#   lapsed: the official proposes his removal from work, the head approves it from today, and the permit page and the
#   board show it.


EXPERT = "ТОО «Промэкспертиза-Павлодар»"


def _users(loader):
    """The demo's official and head, by their logins (the refinery has officials whose appointment ended)."""
    return loader.users["pc_official"], loader.users["head"]


def load_examinations(loader) -> None:
    from qauipsiz.core.models import BuildingStructure, TechnicalDevice

    from .choices import ExaminationKind, ExaminationResult
    from .services.examinations import examination_create

    official, _head = _users(loader)
    today = loader.today
    devices = list(TechnicalDevice.objects.filter(organisation=loader.refinery).order_by("id"))
    for index, device in enumerate(devices):
        if device.next_certification_on is None:
            continue
        last = device.last_certification_on
        if last is not None and last <= today:
            examination_create(
                by=official, organisation=loader.refinery, device=device, building=None,
                kind=ExaminationKind.CERTIFICATION, due_on=last, done_on=last,
                result=ExaminationResult.FIT_WITH_CONDITIONS if index == 3 else ExaminationResult.FIT,
                conclusion_number=f"ТО-{last:%y}/{device.pk:04d}", expert_organisation=EXPERT,
                next_due_on=device.next_certification_on,
                note="Допущен с ограничением рабочего давления до 1,0 МПа" if index == 3 else "")
        else:
            examination_create(by=official, organisation=loader.refinery, device=device, building=None,
                               kind=ExaminationKind.CERTIFICATION, due_on=device.next_certification_on)
    # 315 cl.4.6: the oldest devices have served their term; their industrial-safety expert examination is prepared.
    oldest = sorted((d for d in devices if d.manufactured_year), key=lambda d: (d.manufactured_year, d.pk))[:2]
    for device, days in zip(oldest, (-12, 20), strict=False):
        examination_create(by=official, organisation=loader.refinery, device=device, building=None,
                           kind=ExaminationKind.EXPERT_EXAMINATION, due_on=today + datetime.timedelta(days=days))
    for building in BuildingStructure.objects.filter(organisation=loader.refinery, next_inspection_on__isnull=False):
        examination_create(by=official, organisation=loader.refinery, device=None, building=building,
                           kind=ExaminationKind.INSPECTION, due_on=building.next_inspection_on)


def load_removal(loader) -> None:
    from qauipsiz.core.choices import CompetenceRole
    from qauipsiz.core.competence import is_competent
    from qauipsiz.core.demo import DEMO_PASSWORD
    from qauipsiz.core.models import Person, RoleTrainingRequirement
    from qauipsiz.core.services import record_update
    from qauipsiz.domains import service

    from .services.removal import removal_approve, removal_propose

    official, head = _users(loader)
    permit = service("permits.demo_live_permit_of_contractor")(loader.refinery) if _offered(
        "permits.demo_live_permit_of_contractor") else None
    if permit is None:
        return
    required = set(RoleTrainingRequirement.objects.filter(
        organisation=loader.refinery, role=CompetenceRole.CREW_MEMBER, is_active=True).values_list(
        "training_type_id", flat=True))
    candidates = Person.objects.filter(organisation=loader.refinery, contractor_id=permit.contractor_id,
                                       user__isnull=True, is_active=True).order_by("id")
    for person in candidates:
        if is_competent(person, CompetenceRole.CREW_MEMBER, division=permit.division):
            break
    else:
        return
    service("permits.demo_add_to_crew")(permit, person)
    # His certificate turns out to have lapsed days ago (the record was entered a year late).
    training = person.trainings.filter(training_type__in=required, is_active=True).order_by("-valid_until").first()
    if training is None:
        return
    for other in person.trainings.filter(training_type=training.training_type, is_active=True).exclude(pk=training.pk):
        other.is_active = False
        record_update(by=loader.admin, instance=other)
    training.valid_until = loader.today - datetime.timedelta(days=4)
    training.passed_on = training.valid_until.replace(year=training.valid_until.year - 1)
    record_update(by=loader.admin, instance=training)
    proposal = removal_propose(
        by=official, person=person,
        reason="Удостоверение по промышленной безопасности просрочено; работник включён в бригаду наряда-допуска "
               f"№ {permit.display_number} и не инструктирован. Предлагаю отстранить от работы до переаттестации.")
    # The summary of `qauipsiz demo` stays the permits' three lines (tests/permits/test_demo.py); the lists show these.
    removal_approve(record=proposal, by=head, credentials={"password": DEMO_PASSWORD}, removed_from=loader.today)


def _offered(name: str) -> bool:
    from qauipsiz.domains import service

    try:
        service(name)
    except LookupError:
        return False
    return True


DEMO_STEPS += [load_examinations, load_removal]


# --- Accidents (315 cl.4.12) and prescriptions of the state authority (315 cl.26.3) --------------------------------

def load_accidents_and_state_prescriptions(loader) -> None:
    """Two accidents at the demo refinery (an injury during the closed hot work, whose permit is then kept in the
    archive, 344 cl.15; an incident under investigation) and two state prescriptions open, one overdue. Through the
    services, so everything is ledgered as if entered by hand."""
    from qauipsiz.accounts.models import User
    from qauipsiz.core.legal import editions_on
    from qauipsiz.core.models import HazardousFacility, Person
    from qauipsiz.domains import service

    from .choices import AccidentKind, InjurySeverity
    from .services import accidents, state_prescriptions

    loader.say(_("Creating accidents and state-authority prescriptions…"))
    organisation = loader.refinery
    official = User.objects.select_related("person").get(username="pc_official")
    facility = HazardousFacility.objects.filter(organisation=organisation).order_by("pk").first()
    people = list(Person.objects.filter(organisation=organisation, contractor__isnull=True, is_active=True)
                  .order_by("pk")[:4])
    now = timezone.now()

    permits = service("permits.permits_at")(user=official, organisation_id=organisation.pk)
    closed = next((p for p in permits if p["status"] == "closed"), None)
    permit = closed or (permits[0] if permits else None)
    facility = HazardousFacility.objects.get(pk=permit["facility_id"]) if permit and permit["facility_id"] else facility
    occurred = min(permit["planned_end"], now) - datetime.timedelta(minutes=30) if permit else now
    injury = accidents.accident_register(
        by=official, facility=facility, kind=AccidentKind.INJURY, occurred_at=occurred,
        place=permit["place"] if permit else "",
        description="Слесарь получил ожог кисти при огневых работах: брызги расплавленного металла попали за "
                    "край рукавицы.")
    accidents.victim_add(by=official, accident=injury, person=people[-1], severity=InjurySeverity.LIGHT,
                         note="Ожог кисти I степени")
    if permit is not None:
        accidents.permit_link(by=official, accident=injury, permit_id=permit["id"],
                              reason="Несчастный случай во время работ по наряду-допуску")
    accidents.accident_investigate(record=injury, by=official, chair=official.person,
                                   members=[p for p in people[:2] if p.pk != official.person.pk])
    accidents.measure_add(by=official, accident=injury, text="Провести внеплановый инструктаж по огневым работам",
                          responsible=people[0], deadline=timezone.localdate() + datetime.timedelta(days=14))

    incident = accidents.accident_register(
        by=official, facility=facility, kind=AccidentKind.INCIDENT, occurred_at=now - datetime.timedelta(days=3),
        description="Срабатывание предохранительного клапана на сепараторе, выброс газа без возгорания.")
    accidents.victim_add(by=official, accident=incident, name="Водитель подрядной организации",
                         severity=InjurySeverity.NONE)

    today = timezone.localdate()
    clause = next((e.clause for e in editions_on(today - datetime.timedelta(days=60))
                   .filter(clause__act__organisation__isnull=True, repealed=False)  # the national library
                   .select_related("clause").order_by("clause__act__number", "clause__position")), None)
    first_item = {"violation": "Не проведено техническое освидетельствование сосуда С-3 в установленный срок",
                  "deadline": today - datetime.timedelta(days=10), "executor": people[0]}
    if clause is not None:
        first_item["clause"] = clause
    else:
        first_item["requirement_text"] = "Сосуды, работающие под давлением, подлежат техническому освидетельствованию."
    state_prescriptions.prescription_register(
        by=official, facility=facility, number="14-07/112", issued_on=today - datetime.timedelta(days=60),
        issuing_body="Департамент Комитета промышленной безопасности МЧС РК по Павлодарской области",
        items=[first_item, {"violation": "Журнал производственного контроля не ведётся с марта",
                            "requirement_text": "Организация ведёт учёт результатов производственного контроля.",
                            "deadline": today + datetime.timedelta(days=20), "executor": people[1]}])
    state_prescriptions.prescription_register(
        by=official, facility=facility, number="14-07/131", issued_on=today - datetime.timedelta(days=5),
        issuing_body="Департамент Комитета промышленной безопасности МЧС РК по Павлодарской области",
        items=[{"violation": "Не обозначены пути эвакуации на установке",
                "requirement_text": "Пути эвакуации обозначаются знаками безопасности.",
                "deadline": today + datetime.timedelta(days=30), "executor": people[0]}])
    loader.summary.append(_("Accidents, incidents and injuries: 2; state-authority prescriptions open: 2 (1 overdue)."))


DEMO_STEPS.append(load_accidents_and_state_prescriptions)



# -- legal acts: a change notice (315 cl.4.11) ------------------------------------------------------------------------

def demo_change_notice(loader) -> None:
    """The official tells the repair section of Order 433's new wording of 315 cl.1; two of its crew have read it."""
    edition = ClauseEdition.objects.filter(clause__act__organisation__isnull=True, clause__act__number="315",
                                           clause__number="1", in_force_from=datetime.date(2026, 1, 1)).first()
    if edition is None:  # an installation whose library's Order 315 was entered without this edition
        return
    notice = send_change_notice(
        by=loader.users["pc_official"], organisation=loader.refinery, edition=edition,
        division=loader.divisions["Р-1"],
        message="Приказом № 433 от 02.10.2025 пункт 1 Инструкции изложен в новой редакции с 01.01.2026. "
                "Ознакомьтесь и подтвердите.")
    for username in ("crew", "crew2"):
        user = loader.users[username]
        recipient = notice.recipients.filter(person__user=user).first()
        if recipient is not None:
            acknowledge_change(by=user, recipient=recipient)
    acknowledged = notice.recipients.filter(acknowledged_at__isnull=False).count()
    loader.summary.append(_("A notice of a change to Order 315 (cl.4.11): acknowledged by %(ack)d of %(all)d.") % {
        "ack": acknowledged, "all": notice.recipients.count()})


DEMO_STEPS.append(demo_change_notice)



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


# The Regulation last: it describes the facilities from everything above (315 cl.6.3).
DEMO_STEPS.append(demo_regulation)
