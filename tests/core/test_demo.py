"""The demo loader (`qauipsiz demo`): a complete, realistic refinery that every access role can log in to."""

import datetime
import io
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.models import RoleGrant, User
from qauipsiz.accounts.policy import DIVISION_SCOPED, visible_to
from qauipsiz.core.choices import AppointmentRole, CompetenceRole, DeviceState, DivisionKind, LegalActStatus
from qauipsiz.core.competence import is_competent
from qauipsiz.core.demo import DEMO_PASSWORD, HOLDING_BIN, LOGINS, REFINERY_BIN
from qauipsiz.core.identifiers import make_bin, parse_bin, parse_iin
from qauipsiz.core.models import (
    Appointment,
    BuildingStructure,
    Contractor,
    Division,
    HazardousFacility,
    LegalAct,
    Organisation,
    Person,
    RoleTrainingRequirement,
    TechnicalDevice,
    Training,
)

KAZAKH_LETTERS = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
LOGIN_OF_ROLE = {login.role: login.username for login in LOGINS if not login.holding}
APPOINTED = {Role.PC_OFFICIAL, Role.PC_SERVICE_HEAD, Role.PC_RESPONSIBLE, Role.PERMIT_ISSUER, Role.ADMITTING_PERSON,
             Role.RESPONSIBLE_MANAGER, Role.WORK_PERFORMER}


def demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count()
            for app in ("core", "accounts") for model in apps.get_app_config(app).get_models()}


@pytest.fixture
def refinery():
    demo()
    return Organisation.objects.get(bin=REFINERY_BIN)


@pytest.mark.django_db
def test_organisation_and_division_tree(refinery):
    holding = Organisation.objects.get(bin=HOLDING_BIN)
    assert refinery.parent == holding
    parse_bin(refinery.bin)
    parse_bin(holding.bin)
    assert refinery.name_kk and refinery.name_ru and refinery.name_en

    top = Division.objects.filter(organisation=refinery, parent=None)
    assert top.filter(children__isnull=False).distinct().count() >= 5
    kinds = set(Division.objects.filter(organisation=refinery).values_list("kind", flat=True))
    assert {DivisionKind.SITE, DivisionKind.WORKSHOP} <= kinds
    for division in Division.objects.select_related("parent", "head"):
        expected_prefix = division.parent.path if division.parent else "/"
        assert division.path == f"{expected_prefix}{division.pk:08d}/"
        assert division.name_kk and division.name_ru and division.name_en
        assert division.head is not None and division.head.organisation_id == division.organisation_id
    # Holding records stay in the holding.
    assert Division.objects.filter(organisation=holding).exists()
    assert Person.objects.filter(organisation=holding).exists()
    assert HazardousFacility.objects.filter(organisation=holding).exists()
    # The national acts are one row each, read by both; the refinery keeps an internal act of its own (issue 12).
    assert LegalAct.objects.filter(organisation__isnull=True, number="315").count() == 1
    assert LegalAct.objects.filter(organisation=refinery).exists()
    assert not LegalAct.objects.filter(organisation=holding).exists()


@pytest.mark.django_db
def test_facilities_buildings_and_devices(refinery):
    today = timezone.localdate()
    facilities = HazardousFacility.objects.filter(organisation=refinery)
    assert facilities.count() >= 10
    for facility in facilities:
        assert facility.registration_number and facility.hazard_class and facility.location
        assert Decimal("52.2") < facility.latitude < Decimal("52.5")
        assert Decimal("76.8") < facility.longitude < Decimal("77.1")
        assert facility.units_count >= 1
        assert facility.buildings_inspection_note and facility.devices_certification_note
        assert facility.accidents_note and facility.training_note
        assert facility.buildings.exists()
        assert facility.division.organisation_id == refinery.pk

    buildings = BuildingStructure.objects.filter(organisation=refinery)
    assert all(b.last_inspection_on < b.next_inspection_on for b in buildings)

    devices = TechnicalDevice.objects.filter(organisation=refinery)
    assert devices.count() >= 50
    for device in devices:
        assert device.registration_number and device.serial_number and device.manufacturer
        assert device.last_certification_on <= today < device.last_certification_on + datetime.timedelta(days=3000)
    assert devices.filter(next_certification_on__lt=today).exists()
    assert devices.filter(next_certification_on__gte=today,
                          next_certification_on__lte=today + datetime.timedelta(days=30)).exists()
    assert devices.filter(state=DeviceState.STOPPED).exists()
    assert devices.filter(state=DeviceState.IN_OPERATION).count() > devices.count() * 3 // 4
    # Only the equipment of the demo's work permits in force (or awaiting their replacement) is under a permit.
    assert set(devices.filter(state=DeviceState.UNDER_PERMIT)) == set(devices.filter(
        permits__status__in=["issued", "admitted", "in_progress", "terminated"]))
    assert len(set(devices.values_list("device_type", flat=True))) >= 8


@pytest.mark.django_db
def test_people_contractor_and_names(refinery):
    own = Person.objects.filter(organisation=refinery, contractor=None)
    assert own.count() >= 100
    assert not own.filter(division=None).exists()
    for person in Person.objects.all():
        info = parse_iin(person.iin)
        assert 1965 <= info.birth_date.year <= 2002
        male = person.middle_name.endswith(("ұлы", "вич"))
        female = person.middle_name.endswith(("қызы", "вна"))
        assert male != female, person
        assert info.sex == ("M" if male else "F"), person
        assert person.position
    names = [p.full_name for p in own]
    assert sum(bool(KAZAKH_LETTERS.search(n)) for n in names) >= 30
    assert sum(n.endswith(("вич", "вна")) and not KAZAKH_LETTERS.search(n) for n in names) >= 20
    assert any(KAZAKH_LETTERS.search(p) for p in own.values_list("position_kk", flat=True))
    # Issue 11: the titles are written in Kazakh and in Russian, so each reader sees one in their language.
    assert own.exclude(position_ru="").count() == own.count()

    contractor = Contractor.objects.filter(organisation=refinery).order_by("pk").first()
    parse_bin(contractor.bin)
    assert contractor.staff.count() >= 10
    assert contractor.contact_person and contractor.contract_number


@pytest.mark.django_db
def test_trainings(refinery):
    today = timezone.localdate()
    trainings = Training.objects.filter(organisation=refinery).select_related("training_type")
    people = Person.objects.filter(organisation=refinery)
    assert people.filter(trainings__isnull=False).distinct().count() >= people.count() * 0.9
    assert trainings.filter(valid_until__lt=today).exists()
    assert trainings.filter(valid_until__gte=today, valid_until__lte=today + datetime.timedelta(days=30)).exists()
    assert trainings.filter(valid_until__gt=today + datetime.timedelta(days=30)).count() > trainings.count() // 2
    for training in trainings:
        assert training.document_number and training.issued_by and training.passed_on <= today
        assert training.training_type.is_builtin
        assert bool(training.electrical_group) == training.training_type.has_electrical_group


@pytest.mark.django_db
def test_appointments_requirements_and_legal_acts(refinery):
    appointments = Appointment.objects.filter(organisation=refinery).prefetch_related("divisions")
    # 315 cl.3: the service has one head and one person responsible; the other functions are held by several.
    single = {AppointmentRole.PC_SERVICE_HEAD, AppointmentRole.PC_RESPONSIBLE}
    for role in AppointmentRole:
        assert appointments.filter(role=role).count() >= (1 if role in single else 2), role
    for appointment in appointments:
        assert re.fullmatch(r"№ \d+-ө", appointment.order_number)
        assert appointment.order_date <= appointment.valid_from
        assert appointment.whole_organisation or appointment.divisions.exists()
    requirements = RoleTrainingRequirement.objects.filter(organisation=refinery)
    assert set(requirements.values_list("role", flat=True)) == set(CompetenceRole.values)

    acts = LegalAct.objects.filter(organisation__isnull=True)  # the national library (issue 12)
    assert acts.count() >= 12
    amending = {"335", "433"}  # the orders that amended Order 315: their clauses are not cited, only the act
    for act in acts:
        assert act.title_kk and act.title_ru and act.title_en and act.number and act.issuer
        if act.number in amending:
            continue
        assert act.clauses.count() >= 2
        if act.number == "315":  # the law's Kazakh text, parsed from the order (Kazakh is the law)
            assert all(c.text_kk for c in act.clauses.exclude(number="10"))
        else:
            assert all(c.text_kk and c.text_ru and c.text_en for c in act.clauses.all())
    lost = acts.filter(status=LegalActStatus.LOST_FORCE)
    assert lost.exists() and not lost.filter(lost_force_on=None).exists()
    assert acts.filter(number="188-V ЗРК").exists() and acts.filter(number="315").exists()
    assert acts.filter(number="344").exists() and acts.filter(number="414-V ЗРК").exists()
    assert LegalAct.objects.filter(organisation=refinery).count() == 1


@pytest.mark.django_db
def test_one_login_per_role(refinery):
    assert set(LOGIN_OF_ROLE) == set(Role)
    languages = set()
    for role, username in LOGIN_OF_ROLE.items():
        user = User.objects.get(username=username)
        assert user.email == f"{username}@demo.qauipsiz.kz"
        assert user.check_password(DEMO_PASSWORD)
        languages.add(user.language)
        grant = RoleGrant.objects.get(user=user)
        assert (grant.role, grant.organisation) == (role, refinery)
        assert (grant.division is not None) == (role in DIVISION_SCOPED)
        assert (grant.contractor is not None) == (role == Role.CONTRACTOR_REP)
        person = user.person
        assert person.organisation == refinery
        if role == Role.CONTRACTOR_REP:
            assert person.contractor == grant.contractor
        if role in APPOINTED or role == Role.CREW_MEMBER:
            competence = is_competent(person, role, division=grant.division)
            assert competence, competence.explain()
    assert languages == {"kk", "ru"}
    assert User.objects.get(username="admin").is_superuser


@pytest.mark.django_db
def test_logins_see_only_their_scope(refinery):
    outsider = User.objects.get(username="outsider")
    assert list(outsider.grants.values_list("organisation__bin", "role")) == [(HOLDING_BIN, Role.HEAD)]
    seen = visible_to(outsider, Person)
    assert seen.exists() and not seen.filter(organisation=refinery).exists()

    contractor_user = User.objects.get(username="contractor")
    contractor = contractor_user.grants.get().contractor
    assert set(visible_to(contractor_user, Person)) == set(contractor.staff.all())

    admitting = User.objects.get(username="admitting")
    site = admitting.grants.get().division
    facilities = visible_to(admitting, HazardousFacility)
    assert facilities.exists() and not facilities.exclude(division__path__startswith=site.path).exists()
    assert visible_to(User.objects.get(username="head"), Person).count() == refinery.people.count()


@pytest.mark.django_db
def test_logins_option_prints_every_username():
    assert "head" not in demo("--logins")
    demo()
    output = demo("--logins")
    for username in [*(login.username for login in LOGINS), "admin"]:
        assert re.search(rf"^{username}\s+{DEMO_PASSWORD}\s", output, re.MULTILINE), username


@pytest.mark.django_db
def test_if_empty_loads_once_and_then_leaves_the_database_alone():
    demo("--if-empty")
    assert Organisation.objects.filter(bin=REFINERY_BIN).exists()
    before = counts()
    assert demo("--if-empty")
    assert counts() == before


@pytest.mark.django_db
def test_if_empty_does_nothing_when_another_organisation_exists():
    Organisation.objects.create(name_ru="ТОО «Басқа компания»", bin=make_bin(2004, 9, serial=13))
    before = counts()
    demo("--if-empty")
    assert counts() == before


@pytest.mark.django_db
def test_loading_twice_is_refused(refinery):
    before = counts()
    with pytest.raises(CommandError):
        demo()
    assert counts() == before


@pytest.mark.django_db
def test_dates_are_relative_to_the_day_of_loading():
    pinned = datetime.date(2031, 6, 1)
    with time_machine.travel(datetime.datetime(2031, 6, 1, 10, 0, tzinfo=ZoneInfo("Asia/Almaty")), tick=False):
        assert timezone.localdate() == pinned
        demo()
    refinery = Organisation.objects.get(bin=REFINERY_BIN)
    in_30_days = pinned + datetime.timedelta(days=30)
    trainings = Training.objects.filter(organisation=refinery)
    assert trainings.filter(valid_until__gte=pinned, valid_until__lte=in_30_days).exists()
    assert trainings.filter(valid_until__lt=pinned).exists()
    # Nothing expired long before the pinned day, as it would have if the real date had been used.
    assert not trainings.filter(valid_until__lt=pinned - datetime.timedelta(days=200)).exists()
    devices = TechnicalDevice.objects.filter(organisation=refinery)
    assert devices.filter(next_certification_on__lt=pinned).count() == 4
    assert devices.filter(next_certification_on__gte=pinned, next_certification_on__lte=in_30_days).count() == 5
    appointments = Appointment.objects.filter(organisation=refinery)
    assert {a.order_date.year for a in appointments} == {2028, 2030}


@pytest.mark.django_db
def test_315_cl16_the_demo_library_has_order_315_with_its_editions_and_a_change_notice(refinery):
    """Order 315 once, national, with its Kazakh clauses: cl.10 repealed by Order 335, cl.1 and cl.4.13 amended by
    Order 433 from 01.01.2026; one notice of the change (315 cl.4.11) sent to a division, partly acknowledged."""
    import datetime

    from django.core.exceptions import ValidationError

    from qauipsiz.control.models import ChangeNotice
    from qauipsiz.core.legal import citable_edition, edition_on

    act = LegalAct.objects.get(organisation__isnull=True, number="315")
    clauses = {c.number: c for c in act.clauses.all()}
    assert {"1", "4.11", "16", "27"} <= set(clauses)
    with pytest.raises(ValidationError):
        citable_edition(clauses["10"], datetime.date(2024, 1, 1))
    for number in ("1", "4.13"):
        edition = edition_on(clauses[number], datetime.date(2026, 2, 1))
        assert edition.amending_act.number == "433" and "№ 433" in edition.text_kk
    notice = ChangeNotice.objects.get(organisation=refinery)
    acknowledged = notice.recipients.filter(acknowledged_at__isnull=False).count()
    assert 0 < acknowledged < notice.recipients.count()
