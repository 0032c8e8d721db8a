"""A realistic fictional enterprise to try the system with (`qauipsiz demo`).

An oil refinery in Pavlodar region, owned by a holding company that keeps a few records of its own, so that the demo
shows both what each access role sees inside one organisation and that another organisation's data stay out of sight.
Every date is computed from the day the demo is loaded, so that some certifications are always just overdue or just
coming due, whatever the year. Companies, people and numbers are invented; the normative legal acts are real Kazakh acts,
summarised in a sentence.
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.models import RoleGrant, User
from qauipsiz.domains import domains

from ..choices import AppointmentPosition, AppointmentRole, CompetenceRole, DeviceState, ElectricalGroup
from ..identifiers import make_iin
from ..models import (
    Appointment,
    BuildingStructure,
    Contractor,
    Division,
    HazardousFacility,
    Organisation,
    Person,
    RoleTrainingRequirement,
    TechnicalDevice,
    Training,
    TrainingType,
)
from ..services import record_create
from .data import (
    ADMIN_USERNAME,
    BUILDING_TEMPLATES,
    CERTIFICATION_YEARS,
    CONTRACTORS,
    DEMO_EMAIL_DOMAIN,
    DEMO_PASSWORD,
    DEVICE_TEMPLATES,
    FIXED_ELECTRICAL_GROUPS,
    HOLDING_BIN,
    HOLDING_DIVISIONS,
    HOLDING_FACILITIES,
    IN_HOUSE_TRAININGS,
    INCIDENT_FACILITY,
    KK_FATHERS,
    KK_FEMALE,
    KK_MALE,
    KK_SURNAMES,
    KK_SURNAMES_UNCHANGED,
    LOGINS,
    MAKERS,
    NOTES,
    PLANT_CENTRE,
    POSITIONS,
    PRODUCTION_SHOPS,
    REFINERY_BIN,
    REFINERY_DIVISIONS,
    REFINERY_FACILITIES,
    REGISTRATION_PREFIX,
    REQUIREMENTS,
    RU_FEMALE,
    RU_MALE,
    RU_PATRONYMICS,
    RU_SURNAMES,
    RU_SURNAMES_UNCHANGED,
    SEED,
    TRAINING_CENTRES,
    TRAINING_PREFIX,
    TT_FEMALE,
    TT_MALE,
    TT_PATRONYMICS,
    TT_SURNAMES,
    _Div,
    _Facility,
    _Login,
)
from .legal import create_library


class DemoError(Exception):
    """The demo cannot be loaded into this database (it is there already, or its logins are taken)."""


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    scope: str


@dataclass
class DemoResult:
    organisation: Organisation
    holding: Organisation
    organisations: int
    contractors: int
    divisions: int
    facilities: int
    buildings: int
    devices: int
    devices_overdue: int
    devices_due_soon: int
    people: int
    contractor_staff: int
    trainings: int
    trainings_expired: int
    trainings_expiring: int
    appointments: int
    requirements: int
    legal_acts: int
    clauses: int
    logins: list[DemoLogin]
    # Lines the extra steps add to the printed summary (e.g. the work permits).
    extra: list[str] = field(default_factory=list)


# More to load once the register is in place: each app's `demo_steps` (`qauipsiz.domains`) are called with the loader
# at the end of its run, in the same transaction, in the order the apps registered: the ledger first writes the
# entries of the register's bulk-created rows, then the domains load theirs. Core never imports the apps built on it.
# A domain's step writes through its services, so that everything is ledgered and signed as if entered by hand; it may
# add lines to `loader.summary`.


def _required(role: str) -> tuple[str, ...]:
    # Compared by value: the access role and the competence role are different enums with the same values.
    return next((codes for competence, codes in REQUIREMENTS.items() if competence == role), ())


# ---------------------------------------------------------------------------------------------------------------------


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    try:
        return day.replace(year=year, month=month + 1)
    except ValueError:
        return day.replace(year=year, month=month + 1, day=28)


def _feminine(surname: str) -> str:
    return surname + "а" if surname.endswith(("ов", "ев", "ёв", "ин")) else surname


@dataclass
class _Member:
    person: Person
    position: str
    login: _Login | None = None


class _Loader:
    def __init__(self, *, stdout=None):
        self.rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not secrets
        self.today = timezone.localdate()
        self.stdout = stdout
        self.iins: set[str] = set()
        self.divisions: dict[str, Division] = {}
        self.members: list[_Member] = []
        self.by_division: dict[str, list[_Member]] = defaultdict(list)
        self.contractors: dict[str, Contractor] = {}
        self.users: dict[str, User] = {}
        # Several logins may share a slot (the crew): the first people in that position take them, in order.
        self.logins_by_slot: dict[tuple[str, str], list[_Login]] = defaultdict(list)
        for login in LOGINS:
            self.logins_by_slot[login.slot].append(login)
        self.summary: list[str] = []
        # What a step asks to run once every step has run (the ledger's digest of the chains the demo wrote).
        self.finishers: list = []

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)

    # -- checks and accounts ------------------------------------------------------------------------------------------

    def check_free(self) -> None:
        if Organisation.objects.filter(bin__in=[REFINERY_BIN, HOLDING_BIN]).exists():
            raise DemoError(_("The demo organisations (BIN %(bin)s) are already in the database.")
                            % {"bin": REFINERY_BIN})
        usernames = [login.username for login in LOGINS]
        # Case-insensitive, as `createadmin` and the login form treat them.
        query = Q()
        for name in usernames:
            query |= Q(username__iexact=name) | Q(email__iexact=f"{name}@{DEMO_EMAIL_DOMAIN}")
        query |= Q(email__iexact=f"{ADMIN_USERNAME}@{DEMO_EMAIL_DOMAIN}") & ~Q(username__iexact=ADMIN_USERNAME)
        taken = sorted(User.objects.filter(query).values_list("username", flat=True))
        if taken:
            raise DemoError(_("These usernames or their demo e-mail addresses are already taken: %(names)s.")
                            % {"names": ", ".join(taken)})
        admin = User.objects.filter(username__iexact=ADMIN_USERNAME).first()
        if admin is not None and not admin.is_superuser:
            raise DemoError(_("A user named %(name)s exists and is not a superuser.") % {"name": ADMIN_USERNAME})

    def create_users(self) -> None:
        # One PBKDF2 run instead of thirteen: the password is public anyway, so a shared salt gives nothing away.
        password = make_password(DEMO_PASSWORD)
        # An installation superuser created before the demo keeps its own password.
        self.admin = User.objects.filter(username__iexact=ADMIN_USERNAME).first()
        if self.admin is None:
            self.admin = User.objects.create(username=ADMIN_USERNAME, email=f"{ADMIN_USERNAME}@{DEMO_EMAIL_DOMAIN}",
                                             password=password, is_staff=True, is_superuser=True, language="ru")
        users = [User(username=login.username, email=f"{login.username}@{DEMO_EMAIL_DOMAIN}", password=password,
                      language=login.language, last_name=login.person[0], first_name=login.person[1])
                 for login in LOGINS]
        self.users = {user.username: user for user in User.objects.bulk_create(users)}

    # -- organisations and divisions ----------------------------------------------------------------------------------

    def create_organisations(self) -> None:
        self.holding = record_create(by=self.admin, instance=Organisation(
            name_kk="«Ертіс Петролеум Холдинг» АҚ", name_ru="АО «Иртыш Петролеум Холдинг»",
            name_en="Irtysh Petroleum Holding JSC", bin=HOLDING_BIN,
            address="Республика Казахстан, г. Астана, район Есиль, проспект Мангилик Ел, 55/12",
            phone="+7 7172 55 41 20", email=f"info@{DEMO_EMAIL_DOMAIN}",
            # 315 cl.4.4, cl.17: in the holding its head (the chairman of the board) is the first head.
            head_is_first_head=True))
        self.refinery = record_create(by=self.admin, instance=Organisation(
            name_kk="«Ертіс мұнай өңдеу зауыты» ЖШС", name_ru="ТОО «Иртышский нефтеперерабатывающий завод»",
            name_en="Irtysh Oil Refinery LLP", bin=REFINERY_BIN, parent=self.holding,
            address="Республика Казахстан, Павлодарская область, г. Павлодар, Северная промышленная зона, строение 1",
            phone="+7 7182 39 70 00", email=f"office@{DEMO_EMAIL_DOMAIN}"))

    def create_divisions(self, organisation: Organisation, specs: tuple[_Div, ...], parent=None) -> None:
        # Through the service, which is what keeps `Division.path` right.
        for spec in specs:
            division = record_create(by=self.admin, instance=Division(
                organisation=organisation, parent=parent, kind=spec.kind, code=spec.code,
                name_kk=spec.kk, name_ru=spec.ru, name_en=spec.en))
            self.divisions[spec.code] = division
            self.create_divisions(organisation, spec.children, division)

    def create_contractors(self) -> None:
        for spec in CONTRACTORS:
            self.contractors[spec.tag] = record_create(by=self.admin, instance=Contractor(
                organisation=self.refinery, name_kk=spec.kk, name_ru=spec.ru, name_en=spec.en, bin=spec.bin,
                contract_number=f"{spec.contract}/{self.today.year - 1}",
                phone=f"+7 7182 {self.rng.randint(30, 79)} {self.rng.randint(10, 99)} {self.rng.randint(10, 99)}",
                email=f"{spec.tag}@{DEMO_EMAIL_DOMAIN}"))

    # -- people -------------------------------------------------------------------------------------------------------

    def random_name(self, female: bool) -> tuple[str, str, str, bool]:
        """Last name, first name, patronymic, and whether the name is Kazakh."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.58:
            first = rng.choice(KK_FEMALE if female else KK_MALE)
            middle = rng.choice(KK_FATHERS) + ("қызы" if female else "ұлы")
            if rng.random() < 0.2:
                last = rng.choice(KK_SURNAMES_UNCHANGED)
            else:
                last = rng.choice(KK_SURNAMES)
                last = _feminine(last) if female else last
            return last, first, middle, True
        if roll < 0.92:
            first = rng.choice(RU_FEMALE if female else RU_MALE)
            middle = rng.choice(RU_PATRONYMICS)[1 if female else 0]
            if rng.random() < 0.15:
                last = rng.choice(RU_SURNAMES_UNCHANGED)
            else:
                last = rng.choice(RU_SURNAMES)
                last = _feminine(last) if female else last
            return last, first, middle, False
        first = rng.choice(TT_FEMALE if female else TT_MALE)
        middle = rng.choice(TT_PATRONYMICS)[1 if female else 0]
        last = rng.choice(TT_SURNAMES)
        return (_feminine(last) if female else last), first, middle, False

    def random_birth(self, senior: bool) -> datetime.date:
        start = datetime.date(1965, 1, 1)
        end = datetime.date(1984, 12, 31) if senior else datetime.date(2002, 12, 31)
        return start + datetime.timedelta(days=self.rng.randint(0, (end - start).days))

    def iin(self, birth: datetime.date, female: bool) -> str:
        while True:
            value = make_iin(birth, female=female, serial=self.rng.randint(1, 9999))
            if value not in self.iins:
                self.iins.add(value)
                return value

    def new_person(self, organisation, position: str, *, slot: str, division=None, contractor=None) -> _Member:
        rng = self.rng
        spec = POSITIONS[position]
        waiting = self.logins_by_slot.get((slot, position))
        login = waiting.pop(0) if waiting else None
        if login is not None:
            last, first, middle, female, birth = login.person
            kazakh = login.language == "kk"
            # Each login fills one place; further people in the same position get random names.
        else:
            female = rng.random() < spec.women
            last, first, middle, kazakh = self.random_name(female)
            birth = self.random_birth(spec.senior)
        if spec.kk and contractor is None and kazakh:
            rng.random()  # drew the one language of the title; still drawn so that the rest of the demo stays the same
        person = Person(
            organisation=organisation, iin=self.iin(birth, female), last_name=last, first_name=first,
            middle_name=middle, position_kk=spec.kk, position_ru=spec.ru, division=division,
            contractor=contractor,
            phone=f"+7 {rng.choice(('701', '702', '705', '707', '747', '771', '775', '777'))} "
                  f"{rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        )
        if login is not None:
            person.user = self.users[login.username]
            person.email = person.user.email
        member = _Member(person, position, login)
        self.members.append(member)
        return member

    def create_people(self) -> None:
        heads: list[Division] = []

        def staff(organisation, specs):
            for spec in specs:
                division = self.divisions[spec.code]
                for position, count in spec.staff:
                    for _n in range(count):
                        member = self.new_person(organisation, position, slot=spec.code, division=division)
                        self.by_division[spec.code].append(member)
                        if division.head is None:
                            division.head = member.person
                            heads.append(division)
                staff(organisation, spec.children)

        staff(self.refinery, REFINERY_DIVISIONS)
        staff(self.holding, HOLDING_DIVISIONS)
        for spec in CONTRACTORS:
            contractor = self.contractors[spec.tag]
            for position, count, division_code in spec.staff:
                for _n in range(count):
                    division = self.divisions[division_code] if division_code else None
                    member = self.new_person(self.refinery, position, slot=spec.tag, division=division,
                                             contractor=contractor)
                    if not contractor.contact_person:
                        contractor.contact_person = member.person.full_name
                        contractor.phone = member.person.phone
        Person.objects.bulk_create([member.person for member in self.members])
        for division in heads:
            division.head_id = division.head.pk
        # The tree does not move, so the path the service maintains needs no update here.
        Division.objects.bulk_update(heads, ["head"])
        Contractor.objects.bulk_update(self.contractors.values(), ["contact_person", "phone"])

    # -- facilities, buildings, devices -------------------------------------------------------------------------------

    def create_facilities(self, organisation, specs, centre) -> list[tuple[_Facility, HazardousFacility]]:
        facilities = []
        for spec in specs:
            division = self.divisions[spec.division]
            site = division.name_kk if spec.language == "kk" else division.name_ru
            facilities.append((spec, HazardousFacility(
                organisation=organisation, division=division, registration_number=spec.registration_number,
                hazard_class=spec.hazard_class, name_kk=spec.kk, name_ru=spec.ru, name_en=spec.en,
                units_count=spec.units, location=spec.location or NOTES[spec.language]["location"] % {"site": site},
                latitude=Decimal(f"{centre[0] + spec.offset[0]:.6f}"),
                longitude=Decimal(f"{centre[1] + spec.offset[1]:.6f}"),
            )))
        HazardousFacility.objects.bulk_create([facility for _spec, facility in facilities])
        return facilities

    def create_buildings(self, organisation, facilities, *, overdue: int) -> list[BuildingStructure]:
        rng, today = self.rng, self.today
        buildings = []
        for spec, facility in facilities:
            for kind, kk, ru, en in BUILDING_TEMPLATES[spec.kind]:
                buildings.append(BuildingStructure(
                    organisation=organisation, facility=facility, kind=kind, name_kk=kk, name_ru=ru, name_en=en,
                    inventory_number=f"{rng.randint(1000, 9999):06d}"))
        late = set(rng.sample(range(len(buildings)), overdue))
        for index, building in enumerate(buildings):
            # Buildings are inspected every five years; `late` ones missed the last due date.
            days_ago = rng.randint(1830, 2000) if index in late else rng.randint(60, 1700)
            building.last_inspection_on = today - datetime.timedelta(days=days_ago)
            building.next_inspection_on = _add_years(building.last_inspection_on, 5)
            building.commissioned_year = rng.randint(1978, min(2012, building.last_inspection_on.year))
            building.inventory_number = f"ИН-{index + 1:03d}{building.inventory_number}"
        return BuildingStructure.objects.bulk_create(buildings)

    def create_devices(self, organisation, facilities, *, overdue: int, due_soon: int, first_number: int):
        rng, today = self.rng, self.today
        devices = []
        for spec, facility in facilities:
            for device_type, kk, ru, en, maker, count, first in DEVICE_TEMPLATES[spec.kind]:
                for n in range(first, first + count):
                    devices.append(TechnicalDevice(
                        organisation=organisation, facility=facility, device_type=device_type,
                        name_kk=kk.format(n=n), name_ru=ru.format(n=n), name_en=en.format(n=n),
                        manufacturer=rng.choice(MAKERS[maker])))
        picked = rng.sample(range(len(devices)), overdue + due_soon)
        late, soon = set(picked[:overdue]), set(picked[overdue:])
        # One overdue device is still running: the violation a production-control round should find.
        still_running = picked[0] if overdue else None
        for index, device in enumerate(devices):
            years = CERTIFICATION_YEARS[device.device_type]
            if index in late:
                next_on = today - datetime.timedelta(days=rng.randint(3, 75))
            elif index in soon:
                next_on = today + datetime.timedelta(days=rng.randint(2, 28))
            else:
                next_on = today + datetime.timedelta(days=rng.randint(35, years * 365 - 30))
            device.next_certification_on = next_on
            device.last_certification_on = _add_years(next_on, -years)
            device.manufactured_year = rng.randint(1978, min(2020, device.last_certification_on.year))
            device.registration_number = f"{REGISTRATION_PREFIX[device.device_type]}-{first_number + index}"
            device.serial_number = f"{rng.randint(100, 9999)}/{device.manufactured_year % 100:02d}"
            if index in late and index != still_running:
                device.state = DeviceState.STOPPED
            elif index not in late and rng.random() < 0.08:
                device.state = DeviceState.STOPPED  # in reserve or waiting for repair
            else:
                device.state = DeviceState.IN_OPERATION
        return TechnicalDevice.objects.bulk_create(devices)

    # -- trainings, requirements, appointments ------------------------------------------------------------------------

    def create_trainings(self) -> list[Training]:
        rng, today = self.rng, self.today
        types = {t.code: t for t in TrainingType.objects.filter(organisation=None, code__in=TRAINING_PREFIX)}
        missing = set(TRAINING_PREFIX) - set(types)
        if missing:
            raise DemoError(_("Built-in training types are missing: %(codes)s. Run migrate first.")
                            % {"codes": ", ".join(sorted(missing))})
        self.training_types = types
        numbers: dict[str, int] = defaultdict(int)
        trainings = []
        for member in self.members:
            person = member.person
            codes = list(POSITIONS[member.position].trainings)
            if member.login is not None:
                codes += [c for c in _required(member.login.role) if c not in codes]
            elif rng.random() < 0.04:
                continue  # newly hired, not trained yet
            organisation_name = ("АО «Иртыш Петролеум Холдинг»" if person.organisation_id == self.holding.pk
                                 else "ТОО «Иртышский НПЗ»")
            for code in codes:
                training_type = types[code]
                months = training_type.validity_months or 12
                roll = 1.0 if member.login is not None else rng.random()
                if roll < 0.07:
                    valid_until = today - datetime.timedelta(days=rng.randint(1, 150))
                elif roll < 0.15:
                    valid_until = today + datetime.timedelta(days=rng.randint(1, 28))
                else:
                    # Logins stay well clear of expiry so that the demo's own users are competent when they sign.
                    low = 90 if member.login is not None else 31
                    valid_until = today + datetime.timedelta(days=rng.randint(low, months * 30 - 10))
                passed_on = _add_months(valid_until, -months)
                numbers[code] += 1
                if person.contractor_id is not None and code in IN_HOUSE_TRAININGS:
                    issued_by = f"Экзаменационная комиссия {person.contractor.name_ru}"
                elif code in IN_HOUSE_TRAININGS:
                    issued_by = f"Постоянно действующая экзаменационная комиссия {organisation_name}"
                else:
                    issued_by = rng.choice(TRAINING_CENTRES)
                group = ""
                if training_type.has_electrical_group:
                    group = FIXED_ELECTRICAL_GROUPS.get(member.position) or (
                        rng.choice((ElectricalGroup.III, ElectricalGroup.IV, ElectricalGroup.IV))
                        if member.position == "electrician" else ElectricalGroup.II)
                trainings.append(Training(
                    organisation_id=person.organisation_id, person=person, training_type=training_type,
                    document_number=f"{TRAINING_PREFIX[code]}-{passed_on:%y}/{numbers[code]:04d}",
                    passed_on=passed_on, valid_until=valid_until, electrical_group=group, issued_by=issued_by))
        return Training.objects.bulk_create(trainings)

    def create_requirements(self) -> list[RoleTrainingRequirement]:
        rows = [RoleTrainingRequirement(organisation=self.refinery, role=role, training_type=self.training_types[code])
                for role, codes in REQUIREMENTS.items() for code in codes]
        rows.append(RoleTrainingRequirement(organisation=self.holding, role=CompetenceRole.PC_OFFICIAL,
                                            training_type=self.training_types["industrial_safety"]))
        return RoleTrainingRequirement.objects.bulk_create(rows)

    def create_appointments(self) -> int:
        year = self.today.year - 1
        appointments: list[tuple[Appointment, list[Division]]] = []
        seen: set[tuple[int, str]] = set()

        def appoint(member, role, order, divisions=(), *, until=None, whole=False, org=None, position=""):
            if member is None or (member.person.pk, role) in seen:
                return
            seen.add((member.person.pk, role))
            number, date = order
            appointments.append((Appointment(
                organisation=org or self.refinery, person=member.person, role=role, order_number=number,
                order_date=date, valid_from=date + datetime.timedelta(days=1), valid_until=until,
                whole_organisation=whole, position=position), list(divisions)))

        def first(code, *positions):
            return next((m for m in self.by_division[code] if m.position in positions), None)

        def every(code, *positions):
            return [m for m in self.by_division[code] if m.position in positions]

        pc_order = ("№ 3-ө", datetime.date(year, 1, 10))
        appoint(first("ОПБ", "hse_head"), AppointmentRole.PC_OFFICIAL, pc_order, whole=True)
        appoint(first("ДИР", "chief_engineer"), AppointmentRole.PC_OFFICIAL, pc_order, whole=True)
        engineers = every("ОПБ", "hse_engineer")
        appoint(engineers[0], AppointmentRole.PC_OFFICIAL, pc_order,
                [self.divisions[code] for code in ("Ц-1", "Ц-2", "Ц-3")])
        # The previous official's appointment ended when the new order came out: history that permits still cite.
        appoint(engineers[1], AppointmentRole.PC_OFFICIAL, ("№ 187-ө", datetime.date(year - 2, 9, 1)),
                whole=True, until=datetime.date(year, 1, 10))

        issuers = ("№ 45-ө", datetime.date(year, 2, 14))
        # 344 cl.16: the director, head of the organisation, issues permits for work of several divisions.
        appoint(first("ДИР", "director"), AppointmentRole.PERMIT_ISSUER, issuers, whole=True,
                position=AppointmentPosition.HEAD)
        admitting = ("№ 46-ө", datetime.date(year, 2, 14))
        managers = ("№ 47-ө", datetime.date(year, 2, 16))
        performers = ("№ 48-ө", datetime.date(year, 2, 16))
        specs = {spec.code: spec for spec in REFINERY_DIVISIONS}
        for code in PRODUCTION_SHOPS:
            shop = self.divisions[code]
            # 344 cl.16: the shop's head and deputy issue its local work by their post.
            for member in every(code, "shop_head", "deputy_shop_head"):
                appoint(member, AppointmentRole.PERMIT_ISSUER, issuers, [shop], position=(
                    AppointmentPosition.HEAD if member.position == "shop_head" else AppointmentPosition.DEPUTY))
            for member in every(code, "mechanic", "power_engineer"):
                appoint(member, AppointmentRole.RESPONSIBLE_MANAGER, managers, [shop])
            for child in specs[code].children:
                site = self.divisions[child.code]
                for member in every(child.code, "unit_head", "section_head", "senior_operator")[:2]:
                    appoint(member, AppointmentRole.ADMITTING_PERSON, admitting, [site])
                for member in every(child.code, "section_head"):
                    appoint(member, AppointmentRole.RESPONSIBLE_MANAGER, managers, [shop])
                appoint(first(child.code, "foreman"), AppointmentRole.WORK_PERFORMER, performers, [shop])
                appoint(first(child.code, "repair_fitter", "electrician", "kip_fitter", "welder"),
                        AppointmentRole.WORK_PERFORMER, performers, [shop])

        # Contractor staff lead work at the plant only for the term of the contract (344 cl.9, cl.17).
        contract_order = ("№ 112-ө", datetime.date(year, 6, 2))
        contract_end = datetime.date(year + 2, 12, 31)
        shops = [self.divisions["Ц-1"], self.divisions["Ц-2"]]
        for member in self.members:
            contractor = member.person.contractor
            if contractor is None:
                continue
            if member.position == "c_manager":
                appoint(member, AppointmentRole.RESPONSIBLE_MANAGER, contract_order, shops, until=contract_end)
                # 344 cl.9: the contractor's permits are issued by its own authorised person.
                if contractor == self.contractors["scaffolding"]:
                    appoint(member, AppointmentRole.PERMIT_ISSUER, contract_order, shops, until=contract_end)
            elif member.position == "c_foreman":
                covered = shops if contractor == self.contractors["scaffolding"] else [self.divisions["Ц-5"]]
                appoint(member, AppointmentRole.WORK_PERFORMER, contract_order, covered, until=contract_end)
            elif member.position == "c_welder" and member.login is not None:
                # The welder who leads the contractor's crew on the customer's permit (344 cl.18).
                appoint(member, AppointmentRole.WORK_PERFORMER, contract_order, shops, until=contract_end)

        appoint(first("АП", "hse_director"), AppointmentRole.PC_OFFICIAL, ("№ 14-ө", datetime.date(year, 1, 20)),
                whole=True, org=self.holding)

        Appointment.objects.bulk_create([appointment for appointment, _divisions in appointments])
        Through = Appointment.divisions.through
        Through.objects.bulk_create([Through(appointment_id=appointment.pk, division_id=division.pk)
                                     for appointment, divisions in appointments for division in divisions])
        return len(appointments)

    # -- legal acts, grants, descriptions -----------------------------------------------------------------------------

    def create_grants(self) -> None:
        grants = []
        for login in LOGINS:
            if login.by_appointment:
                continue
            grant = RoleGrant(user=self.users[login.username], role=login.role,
                              organisation=self.holding if login.holding else self.refinery)
            if login.grant_division:
                grant.division = self.divisions[login.grant_division]
            if login.role == Role.CONTRACTOR_REP:
                grant.contractor = self.contractors[login.slot[0]]
            grants.append(grant)
        RoleGrant.objects.bulk_create(grants)

    def describe_facilities(self, facilities, devices, buildings, trainings) -> None:
        """Write the short description of 315 cl.6.3 from the records just created."""
        today, soon = self.today, self.today + datetime.timedelta(days=30)
        devices_of, buildings_of = defaultdict(list), defaultdict(list)
        for device in devices:
            devices_of[device.facility_id].append(device)
        for building in buildings:
            buildings_of[building.facility_id].append(building)
        safety_valid: dict[int, bool] = {}
        for training in trainings:
            if training.training_type.code == "industrial_safety":
                safety_valid[training.person_id] = training.valid_until >= today
        for spec, facility in facilities:
            text = NOTES[spec.language]
            own = buildings_of[facility.pk]
            note = text["buildings"] % {"n": len(own), "year": max(b.last_inspection_on.year for b in own)}
            late = sum(b.next_inspection_on < today for b in own)
            facility.buildings_inspection_note = note + (text["buildings_overdue"] % {"n": late} if late else "")
            items = devices_of[facility.pk]
            facility.devices_certification_note = text["devices"] % {
                "n": len(items), "working": sum(d.state == DeviceState.IN_OPERATION for d in items),
                "overdue": sum(d.next_certification_on < today for d in items),
                "soon": sum(today <= d.next_certification_on <= soon for d in items)}
            facility.accidents_note = (text["incident"] % {"year": today.year - 2}
                                       if spec.registration_number == INCIDENT_FACILITY else text["no_accidents"])
            path = facility.division.path
            staff = [m.person for m in self.members if m.person.contractor_id is None and m.person.division is not None
                     and m.person.division.path.startswith(path)]
            facility.training_note = text["training"] % {
                "n": len(staff), "trained": sum(safety_valid.get(p.pk) is True for p in staff),
                "expired": sum(safety_valid.get(p.pk) is False for p in staff)}
        HazardousFacility.objects.bulk_update(
            [facility for _spec, facility in facilities],
            ["buildings_inspection_note", "devices_certification_note", "accidents_note", "training_note"])

    # -- the whole run ------------------------------------------------------------------------------------------------

    @property
    def organisations(self):
        """The demo's organisations, for the steps that go through each one's books."""
        return (self.holding, self.refinery)

    def run(self) -> DemoResult:
        self.check_free()
        self.say(_("Creating organisations, divisions and logins…"))
        self.create_users()
        self.create_organisations()
        self.create_divisions(self.refinery, REFINERY_DIVISIONS)
        self.create_divisions(self.holding, HOLDING_DIVISIONS)
        self.create_contractors()
        self.say(_("Creating people…"))
        self.create_people()
        self.say(_("Creating facilities, buildings and technical devices…"))
        refinery_facilities = self.create_facilities(self.refinery, REFINERY_FACILITIES, PLANT_CENTRE)
        holding_facilities = self.create_facilities(self.holding, HOLDING_FACILITIES, PLANT_CENTRE)
        buildings = self.create_buildings(self.refinery, refinery_facilities, overdue=2)
        buildings += self.create_buildings(self.holding, holding_facilities, overdue=0)
        devices = self.create_devices(self.refinery, refinery_facilities, overdue=4, due_soon=5, first_number=1001)
        devices += self.create_devices(self.holding, holding_facilities, overdue=0, due_soon=0, first_number=501)
        self.say(_("Creating trainings, appointments and legal acts…"))
        trainings = self.create_trainings()
        requirements = self.create_requirements()
        appointments = self.create_appointments()
        acts, clauses = create_library(self)
        self.create_grants()
        self.describe_facilities(refinery_facilities + holding_facilities, devices, buildings, trainings)
        for domain in domains():
            for step in domain.demo_steps:
                step(self)
        for finish in self.finishers:
            finish(self)

        today, soon = self.today, self.today + datetime.timedelta(days=30)
        return DemoResult(
            organisation=self.refinery, holding=self.holding, organisations=2, contractors=len(self.contractors),
            divisions=len(self.divisions), facilities=len(refinery_facilities) + len(holding_facilities),
            buildings=len(buildings), devices=len(devices),
            devices_overdue=sum(d.next_certification_on < today for d in devices),
            devices_due_soon=sum(today <= d.next_certification_on <= soon for d in devices),
            people=len(self.members), contractor_staff=sum(m.person.contractor_id is not None for m in self.members),
            trainings=len(trainings), trainings_expired=sum(t.valid_until < today for t in trainings),
            trainings_expiring=sum(today <= t.valid_until <= soon for t in trainings),
            appointments=appointments, requirements=len(requirements), legal_acts=acts,
            clauses=clauses, logins=demo_logins(), extra=self.summary,
        )


def load_demo(*, stdout=None) -> DemoResult:
    """Create the demo refinery, its holding, a contractor and one login per access role, all in one transaction.

    Raises DemoError when the demo is already loaded or one of its usernames is taken.
    """
    from django.test.utils import override_settings

    # The demo's e-mail addresses are invented: the notices its extra steps raise (sent once the transaction commits)
    # stay in the application, and no mail leaves for them.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
        return _Loader(stdout=stdout).run()


def _scope(grant: RoleGrant) -> str:
    organisation = grant.organisation.name
    appointment = grant.appointment
    if appointment is not None and (not appointment.is_active or (
            appointment.valid_until is not None and appointment.valid_until < timezone.localdate())):
        # 315 cl.3: the order appointing this login ended; the login is shown, with no access.
        return _("%(organisation)s: the appointment ended, no access") % {"organisation": organisation}
    if grant.contractor_id:
        return _("%(organisation)s: staff of %(contractor)s") % {"organisation": organisation,
                                                                 "contractor": grant.contractor.name}
    if grant.division_id:
        return _("%(organisation)s: %(division)s and below") % {"organisation": organisation,
                                                               "division": grant.division.name}
    return _("%(organisation)s: whole organisation") % {"organisation": organisation}


def demo_logins() -> list[DemoLogin]:
    """The demo's logins that are in the database, with the role and scope each one holds."""
    users = (User.objects.filter(email__iendswith=f"@{DEMO_EMAIL_DOMAIN}")
             .prefetch_related("grants__organisation", "grants__division", "grants__contractor",
                               "grants__appointment").order_by("pk"))
    logins = []
    for user in users:
        if user.is_superuser:
            logins.append(DemoLogin(user.username, DEMO_PASSWORD, _("Installation superuser"),
                                    _("every organisation")))
        for grant in sorted(user.grants.all(), key=lambda g: g.pk):
            logins.append(DemoLogin(user.username, DEMO_PASSWORD, grant.get_role_display(), _scope(grant)))
    return logins

