"""The demo's work with other organisations and its register's past (`qauipsiz demo`, called by `permits.demo`).

- The site plan (344 cl.7): the units and areas of the demo facilities (`core.Location`), which the permits name.
- A contractor's own permit under its admission certificate (344 cl.9, cl.17, Annex 3): issued by the contractor's
  representative, whom the contractor authorised to issue permits, for its foreman and scaffolder, admitted by the
  customer's admitting person once the certificate's measures due before the start of work were signed done.
- Joint measures (344 cl.7): the contractor's scaffolding at column K-1 meets the customer's gas-hazardous work on the
  whole AVT block at the same time; the contractor's issuer proposes and signs, the customer's issuer signs, and the
  measures enter both permits before the contractor's is issued.
- A site that cannot be handed over (344 cl.18): the ELOU block's pipe rack carries live product lines and a mobile
  crane works under it, so the contractor's welder and scaffolder work there under the customer's permit.
- A purged permit (344 cl.13-15): a permit of an earlier year's book, closed more than a year ago and so past its
  retention, purged by the head through the ledger's retention mechanism; its line stays in the register.

As everywhere in the demo, every act goes through the services with real signatures and ledger times. The one
exception is the old permit, which cannot have been signed in this system more than a year ago: like the register
records the loader creates in bulk (`ledger.demo`), it is entered today as the record it is, with its past dates, by
the administrator — the ledger says so (created now, by the superuser), and the permit's note says it was carried over
from the paper register. The ledger verifies clean afterwards.
"""

import datetime

from django.utils import timezone

from qauipsiz.core.choices import LocationKind
from qauipsiz.core.demo.locations import LOCATIONS
from qauipsiz.core.models import HazardousFacility, Location
from qauipsiz.core.services import record_create
from qauipsiz.ledger import retention
from qauipsiz.ledger import services as ledger

from . import services
from .book import book_series
from .choices import ApprovalKind, PeriodKind, Status, Validity, WorkKind
from .models import AdmissionCertificate, AdmissionPeriod, Permit, WorkType
from .retention import RETENTION_DAYS
from .shifts import shift_length

JOINT_MEASURES = (
    "1. Газоопасные работы в блоке АВТ и монтаж лесов у колонны К-1 вести под надзором одного наблюдающего от цеха "
    "№ 1, связь по радиостанции с оператором установки. 2. При вскрытии фланца задвижки Ду 300 монтажникам "
    "подрядчика покинуть леса и отойти за границу газоопасной зоны; возобновлять монтаж только после анализа воздуха "
    "у колонны К-1. 3. Монтажникам подрядчика иметь при себе фильтрующие противогазы марки БКФ.")


def create_locations(loader) -> dict[str, Location]:
    """The units and areas of the demo facilities (344 cl.7: facility → unit → area), by their code."""
    facilities = {facility.registration_number: facility for facility in HazardousFacility.objects.filter(
        organisation=loader.refinery, registration_number__in={spec[0] for spec in LOCATIONS})}
    found: dict[str, Location] = {}
    for registration_number, code, kk, ru, en, areas in LOCATIONS:
        facility = facilities[registration_number]
        unit = found[code] = record_create(by=loader.admin, instance=Location(
            organisation=loader.refinery, facility=facility, kind=LocationKind.UNIT, code=code, name_kk=kk, name_ru=ru,
            name_en=en))
        for area_code, area_kk, area_ru, area_en in areas:
            found[area_code] = record_create(by=loader.admin, instance=Location(
                organisation=loader.refinery, facility=facility, kind=LocationKind.AREA, parent=unit, code=area_code,
                name_kk=area_kk, name_ru=area_ru, name_en=area_en))
    return found


def _height_draft(demo, *, by, **fields) -> Permit:
    now = timezone.now()
    permit = Permit(organisation=demo.organisation, division=demo.site, facility=demo.facility,
                    work_type=WorkType.objects.get(organisation=None, kind=WorkKind.HEIGHT),
                    responsible_manager=demo.manager.person, planned_start=now,
                    planned_end=now + shift_length(demo.organisation.pk), validity=Validity.SINGLE_SHIFT, **fields)
    return services.permit_create(by=by, permit=permit, admitting_persons=[demo.admitting.person],
                                  approvers=[(ApprovalKind.SHIFT_SUPERVISOR, demo.shop_head.person)])


def _prepare_admit_and_start(demo, permit: Permit, *, performer, crew) -> Permit:
    """Items 7-11 on a permit whose performer and crew are the contractor's: the customer's admitting person carries
    out the measures and admits; the contractor's performer accepts the workplace and starts with the crew briefed."""
    credentials = demo.credentials
    for measure in permit.measures.filter(done_at=None):
        services.measure_complete(measure=measure, by=demo.admitting, credentials=credentials)
    services.permit_approve(permit=permit, by=demo.shop_head, credentials=credentials)
    demo.clear_of_shift_change()
    permit = demo.admit(permit)
    services.permit_accept_workplace(permit=permit, by=performer, credentials=credentials)
    for user in crew:
        member = services.crew_add(permit=permit, by=performer, person=user.person)
        services.crew_brief(member=member, by=demo.admitting, credentials=credentials, member_credentials=credentials)
    return services.permit_start_work(permit=permit, by=performer, credentials=credentials)


def contractor_permit_with_joint_measures(demo, *, gas_hazardous: Permit) -> Permit:
    """344 cl.9, cl.17, cl.7: the contractor's scaffolding at column K-1, under its certificate, agreed with the
    customer's gas-hazardous work on the AVT block before issue; admitted and in progress."""
    certificate = AdmissionCertificate.objects.get(organisation=demo.organisation,
                                                   contractor=demo.loader.contractors["scaffolding"])
    permit = _height_draft(
        demo, by=demo.contractor_rep, location=demo.locations["АВТ-К1"], contractor=certificate.contractor,
        certificate=certificate, issuer=demo.contractor_rep.person, performer=demo.contractor_performer.person,
        place="Установка ЭЛОУ-АВТ-6, блок АВТ, колонна К-1, отм. 0,000 – +24,000 (в границах акта-допуска)",
        equipment="Колонна К-1", scope_of_work="Монтаж инвентарных строительных лесов вокруг колонны К-1 до отм. "
                                               "+24,000 для ремонта тепловой изоляции корпуса")
    # 344 cl.7: agreed before issue; the measures enter both permits with the customer's signature, the last one.
    agreement = services.joint_measures_agree(permit=permit, others=[gas_hazardous], by=demo.contractor_rep,
                                              measures=JOINT_MEASURES, credentials=demo.credentials)
    services.joint_measures_sign(permit=gas_hazardous, agreement=agreement, by=demo.issuer,
                                 credentials=demo.credentials)
    # The joint measures protect both crews: on the customer's permit too they are carried out before the contractor's
    # crew goes (the rest of that permit still waits for its own measures and its air).
    for measure in gas_hazardous.measures.filter(joint=agreement):
        services.measure_complete(measure=measure, by=demo.admitting, credentials=demo.credentials)
    permit = services.permit_issue(permit=permit, by=demo.contractor_rep, credentials=demo.credentials)
    return _prepare_admit_and_start(demo, permit, performer=demo.contractor_performer,
                                    crew=[demo.contractor_crew])


def customer_permit_for_contractor_crew(demo) -> Permit:
    """344 cl.18: the pipe rack is not handed over (live lines on it, a crane working under it): the customer's
    issuer issues the permit, the contractor's welder leads, a contractor's scaffolder is his crew."""
    permit = _height_draft(
        demo, by=demo.issuer, location=demo.locations["ЭЛОУ-Э"], site_not_handed_over=True,
        issuer=demo.issuer.person, performer=demo.contractor_welder.person,
        place="Установка ЭЛОУ-АВТ-6, блок ЭЛОУ, трубопроводная эстакада, оси 3–5, отм. +6,000",
        equipment="Трубопроводная эстакада блока ЭЛОУ",
        scope_of_work="Замена двух опорных хомутов трубопровода обессоленной нефти на эстакаде с передвижных "
                      "подмостей. Трубопроводы эстакады в работе, под эстакадой работает автокран цеха: участок актом "
                      "не передаётся (п. 18 Правил)")
    permit = services.permit_issue(permit=permit, by=demo.issuer, credentials=demo.credentials)
    return _prepare_admit_and_start(demo, permit, performer=demo.contractor_welder, crew=[demo.contractor_crew2])


def purged_permit(demo):
    """344 cl.13-15: a permit closed more than a year ago, purged by the head; its register line stays."""
    now = timezone.localtime()
    day = (now - datetime.timedelta(days=RETENTION_DAYS + 14)).date()

    def at(hour: int, minute: int = 0) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))

    organisation = demo.organisation
    permit = Permit.objects.create(
        organisation=organisation, year=day.year, status=Status.CLOSED, division=demo.site, facility=demo.facility,
        location=demo.locations["ЭЛОУ-Н"], work_type=WorkType.objects.get(organisation=None, kind=WorkKind.HOT),
        performer=demo.performer.person, responsible_manager=demo.manager.person, issuer=demo.issuer.person,
        place="Установка ЭЛОУ-АВТ-6, насосная сырья, резервный насос Н-2а", equipment="Насос Н-2а",
        scope_of_work="Приварка косынок усиления к раме насоса Н-2а", planned_start=at(8), planned_end=at(20),
        validity=Validity.SINGLE_SHIFT, issued_at=at(8, 10), admitted_at=at(8, 40), accepted_at=at(8, 50),
        started_at=at(9), valid_until=at(20), completed_at=at(15, 30), closed_at=at(16), ended_at=at(16),
        # Its number is the next of that year's book, taken as the system takes every number.
        number=ledger.number_next(organisation_id=organisation.pk, register=book_series(None), year=day.year),
        end_note="Работы выполнены, рабочее место убрано. Наряд-допуск оформлен на бумаге и внесён в систему из "
                 "журнала учёта нарядов-допусков (приложение 2) при её вводе в эксплуатацию.")
    permit.admitting_persons.set([demo.admitting.person])
    period = AdmissionPeriod.objects.create(permit=permit, kind=PeriodKind.INITIAL, started_at=at(8, 40),
                                            ended_at=at(15, 30), admitted_by=demo.admitting.person)
    # Entered now by the administrator, as the ledger records it (see the module's docstring).
    for obj in (permit, period):
        ledger.append(organisation_id=organisation.pk, by=demo.loader.admin, role="superuser", obj=obj,
                      action=f"{obj._meta.label_lower}.created")
    return retention.purge(by=demo.head, obj=permit)
