"""The demo refinery's work permits (`qauipsiz demo`), loaded once its register is in place.

Everything goes through the services, as the people would do it by hand with their own passwords: each signature is a
real one, checked for the signer's competence and ledgered, so that `qauipsiz verify` passes on the demo. The people are
the demo logins of shop Ц-1 (issuer, admitting person, performer, manager, crew, crew2, crew3; the head of the shop
approves as shift supervisor, item 8), working at unit У-1.1 (ELOU-AVT-6), which all their appointments cover.

The demo shows a permit at each stage of its life, all dated now: closed, in progress (on the board), issued and waiting
for its measures with an air sample outside its limit, a draft, and one terminated with the draft that replaces it; an
admission certificate in force for the scaffolding contractor (Annex 3), an emergency work under way (344 cl.12), and
the refinery's shift schedule. With the scaffolding contractor (`demo_parties`): its own permit under the
certificate (344 cl.9, cl.17), agreed jointly with the customer's gas-hazardous work at the same block (cl.7), its
people under the customer's permit on a pipe rack that cannot be handed over (cl.18); and a permit of an earlier year
purged after its retention, whose line the register keeps (cl.13-15). The permits name their unit or area of the demo
facility (facility → unit → area). It loads at any hour: a permit is admitted for the running shift, and one running out
within the hour is extended for the next one (item 12).
"""

import datetime
import time
from contextlib import contextmanager
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from qauipsiz.accounts.models import User
from qauipsiz.core.choices import CompetenceRole
from qauipsiz.core.competence import is_competent
from qauipsiz.core.demo import DEMO_PASSWORD, DemoError
from qauipsiz.core.models import HazardousFacility, TechnicalDevice

from . import demo_parties, services
from .choices import (
    AirUnit,
    ApprovalKind,
    CertificateStatus,
    EmergencyStatus,
    GasGroup,
    JointStatus,
    Status,
    TerminationReason,
    Validity,
    WorkKind,
)
from .models import (
    AdmissionCertificate,
    EmergencyWork,
    OverlapAgreement,
    Permit,
    RegisterLine,
    ShiftSchedule,
    WorkType,
)
from .shifts import next_extension_at, shift_at, shift_length

CREDENTIALS = {"password": DEMO_PASSWORD}
SITE = "У-1.1"  # ELOU-AVT-6: the admitting person's unit, inside the shop the issuer, manager and performer cover
EMERGENCY_SITE = "У-1.2"  # the bitumen unit next door, in the same shop
LABORATORY = "ЦЗЛ-1"  # its laboratory assistants take the air samples
SHIFT_STARTS = ["08:00", "20:00"]
SHIFT_HOURS = 12
PLANNED = datetime.timedelta(days=2)
# Admission runs to the end of the running shift and the work must start within it: never admit in its last minute.
SHIFT_MARGIN = datetime.timedelta(minutes=1)

# Item 5 of a hot work: what is shut off and blanked where, the air sample, the fire precautions.
FIRE_PRECAUTIONS = ("5.10", "Оградить зону, укрыть соседние фланцы асбестовым полотном, подготовить огнетушители ОП-10 "
                            "(2 шт.) и кошму")
PUMP_MEASURES = [
    ("5.2", "Закрыть задвижки на приёме и выкиде насоса Н-2, отключить электродвигатель, вывесить плакат «Не включать! "
            "Работают люди»"),
    ("5.3", "Установить заглушки на фланцах приёма и выкида с записью в журнале учёта заглушек"),
    ("5.4", "Отобрать пробу воздуха на месте сварки перед началом работ и через каждый час"),
    FIRE_PRECAUTIONS,
]
COLUMN_MEASURES = [
    ("5.2", "Закрыть задвижки на линии орошения колонны К-2, отключить электродвигатель насоса орошения, вывесить "
            "плакат «Не включать! Работают люди»"),
    ("5.3", "Установить заглушку на линии орошения у штуцера с записью в журнале учёта заглушек"),
    ("5.4", "Отобрать пробу воздуха на площадке перед началом работ и через каждый час"),
    FIRE_PRECAUTIONS,
]
CONFINED_MEASURES = [
    ("5.3", "Установить заглушки на всех трубопроводах обвязки ЭГ-1 с записью в журнале учёта заглушек"),
    ("5.4", "Анализ воздуха внутри аппарата (O₂, H₂S, углеводороды) перед входом и каждые 30 минут"),
    ("5.6", "Подготовить спасательный пояс с лямками и сигнально-спасательную верёвку, выставить наблюдающего у люка"),
]


def load_permits(loader) -> None:
    """The permits' demo step (`demo_steps` of their registration), called after the register and its ledger are written."""
    with _demo_password_checked_once():
        _PermitDemo(loader).run()


@contextmanager
def _demo_password_checked_once():
    """Check the public demo password against a stored hash once, not at each of the demo's forty-odd signatures.

    The demo's logins share one PBKDF2 hash of it (`_Loader.create_users`), and each check costs most of a second by
    design. Checking a password against a hash always gives the same answer, so a check that passed is remembered for
    that hash while the step runs; any other password, or another hash, is checked by Django as usual.
    """
    original = User.check_password
    passed: set[str] = set()

    def check_password(user, raw_password):
        if raw_password == DEMO_PASSWORD and user.password in passed:
            return True
        correct = original(user, raw_password)
        if correct and raw_password == DEMO_PASSWORD:
            passed.add(user.password)
        return correct

    User.check_password = check_password
    try:
        yield
    finally:
        User.check_password = original


def _user(username: str) -> User:
    # Fresh from the database: the loader's user objects predate the grants and the people.
    return User.objects.select_related("person").get(username=username)


class _PermitDemo:
    def __init__(self, loader):
        self.loader = loader
        self.organisation = loader.refinery
        self.site = loader.divisions[SITE]
        self.facility = HazardousFacility.objects.filter(division=self.site).order_by("pk").first()
        self.issuer, self.admitting = _user("issuer"), _user("admitting")
        self.performer, self.manager = _user("performer"), _user("manager")
        self.shop_head, self.contractor_rep = _user("division_head"), _user("contractor")
        self.head = _user("head")
        # The scaffolding contractor's people: its foreman and a scaffolder on its own permit, its welder and another
        # scaffolder on the customer's (344 cl.9, cl.18).
        self.contractor_performer, self.contractor_welder = _user("contractor_performer"), _user("contractor_welder")
        self.contractor_crew, self.contractor_crew2 = _user("contractor_crew"), _user("contractor_crew2")
        self.credentials = CREDENTIALS
        self.locations = {}
        self.crew = [_user(name) for name in ("crew", "crew2", "crew3")]
        self.lab_assistant = next(member.person for member in loader.by_division[LABORATORY]
                                  if member.position == "lab_assistant")

    def run(self) -> None:
        self.loader.say(_("Creating work permits…"))
        self.check_competence()
        ShiftSchedule.objects.update_or_create(organisation=self.organisation,
                                               defaults={"starts": SHIFT_STARTS, "hours": SHIFT_HOURS})
        self.locations = demo_parties.create_locations(self.loader)
        self.closed_hot_work()
        self.hot_work_in_progress()
        self.terminated_with_replacement()
        gas_hazardous = self.gas_hazardous_waiting()
        self.draft_at_height()
        self.certificate_for_scaffolding()
        demo_parties.contractor_permit_with_joint_measures(self, gas_hazardous=gas_hazardous)
        demo_parties.customer_permit_for_contractor_crew(self)
        self.emergency_under_way()
        demo_parties.purged_permit(self)
        self.summarise()

    # -- people ---------------------------------------------------------------------------------------------------

    def check_competence(self) -> None:
        """Every signer's appointment and trainings (the loader keeps the logins' trainings valid): fail early if not."""
        roles = [(self.issuer, CompetenceRole.PERMIT_ISSUER), (self.admitting, CompetenceRole.ADMITTING_PERSON),
                 (self.performer, CompetenceRole.WORK_PERFORMER), (self.manager, CompetenceRole.RESPONSIBLE_MANAGER),
                 *[(member, CompetenceRole.CREW_MEMBER) for member in self.crew]]
        problems = [competence.explain() for user, role in roles
                    if not (competence := is_competent(user.person, role, division=self.site))]
        if problems:
            raise DemoError(" ".join(problems))

    def device(self, name_ru: str) -> TechnicalDevice:
        return TechnicalDevice.objects.get(facility=self.facility, name_ru=name_ru)

    # -- the steps of a permit's life -----------------------------------------------------------------------------

    def draft(self, kind: str, *, device: TechnicalDevice, location: str, place: str, scope: str,
              validity: str = Validity.SINGLE_SHIFT, measures=None) -> Permit:
        now = timezone.now()
        permit = Permit(
            organisation=self.organisation, division=self.site, facility=self.facility,
            location=self.locations[location], work_type=WorkType.objects.get(organisation=None, kind=kind),
            performer=self.performer.person,
            responsible_manager=self.manager.person, issuer=self.issuer.person, place=place,
            equipment=device.name_ru, scope_of_work=scope, planned_start=now,
            # 344 cl.6: a permit for one shift is planned within one shift.
            planned_end=now + (PLANNED if validity == Validity.WHOLE_PERIOD else shift_length(self.organisation.pk)),
            validity=validity)
        return services.permit_create(
            by=self.issuer, permit=permit, admitting_persons=[self.admitting.person], devices=[device],
            approvers=[(ApprovalKind.SHIFT_SUPERVISOR, self.shop_head.person)], measures=measures)

    def issue(self, permit: Permit) -> Permit:
        return services.permit_issue(permit=permit, by=self.issuer, credentials=CREDENTIALS)

    def sample(self, permit: Permit, *, place: str, substance: str, value: str, limit: str, gas_group: str):
        """Item 5.4, taken by a laboratory assistant and entered by the admitting person."""
        services.air_sample_record(
            permit=permit, by=self.admitting, place=place, substance=substance, value=Decimal(value),
            limit=Decimal(limit), unit=AirUnit.MG_PER_M3, gas_group=gas_group, measured_by=self.lab_assistant,
            taken_at=timezone.now())

    def prepare(self, permit: Permit, *, sample: dict) -> None:
        """Items 5.4, 7 and 8: the air within its limit (measure 5.4 is signed only after it), every measure carried
        out (the fencing by the crew), approved."""
        self.sample(permit, **sample)
        for measure in permit.measures.all():
            by = self.crew[0] if measure.code == FIRE_PRECAUTIONS[0] else self.admitting
            services.measure_complete(measure=measure, by=by, credentials=CREDENTIALS)
        services.permit_approve(permit=permit, by=self.shop_head, credentials=CREDENTIALS)

    def admit(self, permit: Permit) -> Permit:
        return services.permit_admit(permit=permit, by=self.admitting, credentials=CREDENTIALS, measures_checked=True,
                                     performer_briefed=True, copy_handed_over=True)

    def admit_and_start(self, permit: Permit) -> Permit:
        """Items 9-11: admitted, the workplace accepted, the crew of three briefed, the work started."""
        self.clear_of_shift_change()
        permit = self.admit(permit)
        services.permit_accept_workplace(permit=permit, by=self.performer, credentials=CREDENTIALS)
        for user in self.crew:
            member = services.crew_add(permit=permit, by=self.performer, person=user.person)
            services.crew_brief(member=member, by=self.admitting, credentials=CREDENTIALS,
                                member_credentials=CREDENTIALS)
        return services.permit_start_work(permit=permit, by=self.performer, credentials=CREDENTIALS)

    def clear_of_shift_change(self) -> None:
        now = timezone.now()
        left = shift_at(self.organisation.pk, now).end - now
        if left < SHIFT_MARGIN:
            self.loader.say(_("Waiting for the shift change…"))
            time.sleep(left.total_seconds() + 1)

    # -- the permits ----------------------------------------------------------------------------------------------

    def closed_hot_work(self) -> None:
        permit = self.draft(
            WorkKind.HOT, device=self.device("Сырьевой насос Н-2"), location="ЭЛОУ-Н",
            place="Установка ЭЛОУ-АВТ-6, насосная сырья, сырьевой насос Н-2",
            scope="Вырезка и замена дефектного участка дренажного трубопровода Ду 50 на выкиде насоса Н-2 с "
                  "электросваркой двух стыков",
            measures=PUMP_MEASURES)
        permit = self.issue(permit)
        self.prepare(permit, sample={"place": "Насос Н-2, место сварки",
                                     "substance": "Пары углеводородов (C1–C10)", "value": "38.0", "limit": "300.0",
                                     "gas_group": GasGroup.GROUP_III})
        permit = self.admit_and_start(permit)
        permit = services.permit_hand_back(permit=permit, by=self.performer, credentials=CREDENTIALS,
                                           workplace_cleared=True, people_withdrawn=True)
        services.permit_close(permit=permit, by=self.admitting, credentials=CREDENTIALS)

    def hot_work_in_progress(self) -> None:
        permit = self.draft(
            WorkKind.HOT, device=self.device("Ректификационная колонна К-2"), validity=Validity.WHOLE_PERIOD,
            location="АВТ-К2",
            place="Установка ЭЛОУ-АВТ-6, колонна К-2, площадка обслуживания на отм. +12,000",
            scope="Замена штуцера Ду 80 линии орошения колонны К-2 с вырезкой старого и вваркой нового штуцера, "
                  "контроль сварных швов",
            measures=COLUMN_MEASURES)
        permit = self.issue(permit)
        self.prepare(permit, sample={"place": "Колонна К-2, площадка на отм. +12,000",
                                     "substance": "Пары углеводородов (C1–C10)", "value": "52.0", "limit": "300.0",
                                     "gas_group": GasGroup.GROUP_III})
        permit = self.admit_and_start(permit)
        # The running shift ends within the hour: extend the permit for the next one now (item 12, 344 cl.6), so that
        # it stays on the board instead of lapsing at the shift change.
        now = timezone.now()
        if (due := next_extension_at(permit)) is not None and due <= now:
            services.permit_extend(permit=permit, by=self.admitting, credentials=CREDENTIALS,
                                   shift_performer=self.performer.person, performer_credentials=CREDENTIALS,
                                   crew_count=len(self.crew), measures_checked=True)

    def terminated_with_replacement(self) -> None:
        """344 cl.25: at the workplace the admitting person finds it differs from the permit and withdraws it."""
        permit = self.draft(
            WorkKind.CONFINED, device=self.device("Электродегидратор ЭГ-1"), validity=Validity.WHOLE_PERIOD,
            location="ЭЛОУ-ЭГ",
            place="Установка ЭЛОУ-АВТ-6, электродегидратор ЭГ-1, внутренняя полость",
            scope="Очистка внутренней полости электродегидратора ЭГ-1 от шлама и осмотр электродов",
            measures=CONFINED_MEASURES)
        permit = self.issue(permit)
        self.sample(permit, place="ЭГ-1, нижний люк", substance="Сероводород (H₂S)", value="1.2", limit="10.0",
                    gas_group=GasGroup.GROUP_II)
        for measure in permit.measures.all():
            services.measure_complete(measure=measure, by=self.admitting, credentials=CREDENTIALS)
        services.permit_approve(permit=permit, by=self.shop_head, credentials=CREDENTIALS)
        permit = self.admit(permit)
        services.permit_terminate(
            permit=permit, by=self.admitting, reason=TerminationReason.DISCREPANCY, credentials=CREDENTIALS,
            note="При приёмке рабочего места выявлено: заглушка на линии ввода сырья установлена на фланце задвижки "
                 "ЗД-14, а не на фланце аппарата, как указано в наряде. Наряд изъят, оформляется новый.")

    def gas_hazardous_waiting(self) -> Permit:
        """Issued, waiting for its measures (the admitting person and the crew sign them) and for an air sample
        within the limit: the one recorded so far is outside it, which blocks admission (item 5.4). Its gas may spread
        over the whole AVT block, so it is at the block (the unit), where the contractor's scaffolding meets it."""
        permit = self.draft(
            WorkKind.GAS_HAZARDOUS, device=self.device("Трубопровод сырой нефти Ду 300 № 1"),
            validity=Validity.WHOLE_PERIOD, location="АВТ",
            place="Установка ЭЛОУ-АВТ-6, узел задвижек трубопровода сырой нефти Ду 300 № 1",
            scope="Разгерметизация фланцевого соединения и замена прокладки задвижки Ду 300 на трубопроводе сырой нефти")
        permit = self.issue(permit)
        self.sample(permit, place="Узел задвижек трубопровода Ду 300", substance="Сероводород (H₂S)", value="14.0",
                    limit="10.0", gas_group=GasGroup.GROUP_I)
        return permit

    def draft_at_height(self) -> None:
        self.draft(
            WorkKind.HEIGHT, device=self.device("Ректификационная колонна К-1"), location="АВТ-К1",
            place="Установка ЭЛОУ-АВТ-6, колонна К-1, отм. +24,000 – +30,000",
            scope="Осмотр и ремонт тепловой изоляции корпуса колонны К-1 с инвентарных лесов")

    # -- Annex 3 and 344 cl.12 ------------------------------------------------------------------------------------

    def certificate_for_scaffolding(self) -> None:
        today = timezone.localdate()
        certificate = AdmissionCertificate(
            organisation=self.organisation, drawn_up_on=today, division=self.site, shop_head=self.shop_head.person,
            contractor=self.loader.contractors["scaffolding"], contractor_rep=self.contractor_rep.person,
            site_bounds="Оси 12–18 / А–Д, отм. 0,000 – +36,000, площадки колонн К-1 и К-2; чертёж 214-Д-ЭЛОУ-01",
            work_name="Монтаж, эксплуатация и демонтаж инвентарных строительных лесов для ремонта изоляции колонн",
            starts_on=today, ends_on=today + datetime.timedelta(days=60))
        # Annex 3: the first two are due before the start of work and hold the contractor's admission until signed.
        services.certificate_create(by=self.shop_head, certificate=certificate, measures=[
            ("Оградить участок и вывесить знаки безопасности по границам площадки", today, "Цех № 1, механик цеха",
             None, True),
            ("Провести вводный и целевой инструктажи персонала подрядчика с записью в журнале", today,
             "Подрядчик, начальник участка", None, True),
            ("Обозначить пути эвакуации и места сбора при аварии на установке", today + datetime.timedelta(days=1),
             "Цех № 1, начальник установки"),
        ])
        services.certificate_sign(certificate=certificate, by=self.shop_head, credentials=CREDENTIALS)
        services.certificate_sign(certificate=certificate, by=self.contractor_rep, credentials=CREDENTIALS)
        # The fencing is done by the shop, the briefings by the contractor: each side signs its own (Annex 3).
        first, second = certificate.measures.filter(before_start=True).order_by("number")
        services.certificate_measure_complete(measure=first, by=self.shop_head, credentials=CREDENTIALS)
        services.certificate_measure_complete(measure=second, by=self.contractor_rep, credentials=CREDENTIALS)

    def emergency_under_way(self) -> None:
        division = self.loader.divisions[EMERGENCY_SITE]
        services.emergency_start(by=self.shop_head, emergency=EmergencyWork(
            organisation=self.organisation, division=division,
            facility=HazardousFacility.objects.filter(division=division).order_by("pk").first(),
            description="Пропуск битума через сальниковое уплотнение задвижки на выкиде сырьевого насоса. Насос "
                        "остановлен и переведён на резервный, задвижки перекрыты, место пропуска засыпано песком; "
                        "идёт локализация по плану ликвидации аварий.",
            plan_reference="ПЛА установки производства битума, позиция 4", leader=division.head,
            started_at=timezone.now() - datetime.timedelta(minutes=35)))

    def summarise(self) -> None:
        permits = Permit.objects.filter(organisation=self.organisation)
        count = {status: permits.filter(status=status).count() for status in Status.values}
        self.loader.summary.append(
            _("Work permits: %(count)d (closed: %(closed)d, in progress: %(working)d, issued: %(issued)d, drafts: "
              "%(drafts)d, terminated: %(terminated)d)") % {
                "count": permits.count(), "closed": count[Status.CLOSED], "working": count[Status.IN_PROGRESS],
                "issued": count[Status.ISSUED], "drafts": count[Status.DRAFT],
                "terminated": count[Status.TERMINATED]})
        self.loader.summary.append(
            _("Admission certificates in force: %(certificates)d; emergency works under way: %(emergencies)d; shifts "
              "start at %(starts)s") % {
                "certificates": AdmissionCertificate.objects.filter(organisation=self.organisation,
                                                                    status=CertificateStatus.ACTIVE).count(),
                "emergencies": EmergencyWork.objects.filter(organisation=self.organisation,
                                                            status=EmergencyStatus.UNDER_WAY).count(),
                "starts": ", ".join(SHIFT_STARTS)})
        self.loader.summary.append(
            _("Contractor permits: %(contractor)d; agreed joint measures (344 cl.7): %(joint)d; register lines kept "
              "after a purge (344 cl.13): %(kept)d") % {
                "contractor": permits.exclude(contractor=None).count(),
                "joint": OverlapAgreement.objects.filter(organisation=self.organisation,
                                                         status=JointStatus.AGREED).count(),
                "kept": RegisterLine.objects.filter(organisation=self.organisation).count()})
