"""The demo's work permits (`qauipsiz demo`, `qauipsiz/permits/demo.py`): real signatures, every stage, at any hour."""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from qauipsiz.accounts.models import User
from qauipsiz.core.choices import CompetenceRole, DeviceState
from qauipsiz.core.competence import is_competent
from qauipsiz.core.demo import DEMO_PASSWORD, LOGINS, demo_logins, load_demo
from qauipsiz.core.models import TechnicalDevice
from qauipsiz.ledger.models import Signature, SignatureMethod
from qauipsiz.ledger.verify import verify_organisation
from qauipsiz.permits import demo as permits_demo
from qauipsiz.permits import services
from qauipsiz.permits.acts import Act
from qauipsiz.permits.choices import (
    OPEN_STATUSES,
    CertificateStatus,
    EmergencyStatus,
    MeasureCode,
    PeriodKind,
    Status,
    TerminationReason,
    Validity,
    WorkKind,
)
from qauipsiz.permits.filters import BoardFilterSet
from qauipsiz.permits.gatekeeper import available_actions, visible_permits
from qauipsiz.permits.models import AdmissionCertificate, EmergencyWork, Permit, ShiftSchedule

ALMATY = ZoneInfo("Asia/Almaty")
ON_THE_BOARD = [Status.ADMITTED, Status.IN_PROGRESS, Status.PAUSED]


def person(username: str):
    return User.objects.select_related("person").get(username=username).person


def permit(status: str, kind: str = WorkKind.HOT, **filters) -> Permit:
    return Permit.objects.get(status=status, work_type__kind=kind, **filters)


def signatures(obj) -> list[Signature]:
    return list(Signature.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("signed_at",
                                                                                                            "id"))


def assert_verifies(result) -> None:
    for organisation in (result.organisation, result.holding):
        problems = verify_organisation(organisation.pk)
        assert problems == [], [str(problem) for problem in problems]


@pytest.fixture(scope="class")
def result(django_db_setup, django_db_blocker):
    """One load for a whole class of tests (the demo is slow), rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


@pytest.mark.django_db
class TestTheDemoPermits:

    def test_the_logins_play_their_parts(self, result):
        for name in ("crew", "crew2", "crew3"):
            assert name in {login.username for login in LOGINS}
            assert name in {login.username for login in demo_logins()}
            assert person(name).division.code == "Р-1"
        site = result.organisation.divisions.get(code="У-1.1")
        for name, role in (("issuer", CompetenceRole.PERMIT_ISSUER), ("admitting", CompetenceRole.ADMITTING_PERSON),
                           ("performer", CompetenceRole.WORK_PERFORMER), ("manager", CompetenceRole.RESPONSIBLE_MANAGER),
                           ("crew", CompetenceRole.CREW_MEMBER), ("crew2", CompetenceRole.CREW_MEMBER),
                           ("crew3", CompetenceRole.CREW_MEMBER)):
            competence = is_competent(person(name), role, division=site)
            assert competence, competence.explain()
        for item in Permit.objects.all():
            assert item.organisation == result.organisation and item.division == site
            assert item.facility.division == site and item.devices.count() == 1
            assert (item.issuer, item.performer, item.responsible_manager) == (
                person("issuer"), person("performer"), person("manager"))
            assert list(item.admitting_persons.all()) == [person("admitting")]
            assert [a.approver for a in item.approvals.all()] == [person("division_head")]
            # 344 cl.6: a permit for one shift is planned within one shift, the others for two days.
            planned = datetime.timedelta(days=2) if item.validity == Validity.WHOLE_PERIOD else datetime.timedelta(
                hours=12)
            assert item.planned_end - item.planned_start == planned

    def test_a_closed_hot_work_permit_went_through_its_whole_life(self, result):
        closed = permit(Status.CLOSED)
        assert closed.number and closed.issued_at and closed.admitted_at and closed.accepted_at
        assert closed.started_at and closed.completed_at and closed.closed_at == closed.ended_at
        assert not closed.measures.filter(done_at=None).exists()
        assert closed.measures.filter(code=MeasureCode.AIR_SAMPLE).exists()
        assert [s.passed for s in closed.air_samples.all()] == [True]
        assert not closed.approvals.filter(approved_at=None).exists()
        crew = closed.crew.select_related("person")
        assert {m.person for m in crew} == {person("crew"), person("crew2"), person("crew3")}
        assert all(m.briefed_at and m.briefed_by == person("admitting") for m in crew)
        assert [p.kind for p in closed.periods.all()] == [PeriodKind.INITIAL]
        assert closed.devices.get().state == DeviceState.STOPPED  # started again by management (344 cl.30)
        purposes = [s.purpose.rsplit(".", 1)[1] for s in signatures(closed)]
        for purpose in ("item6_issued", "item7_measure_done", "item8_approved", "item9_admitted", "item10_accepted",
                        "item11_briefing_given", "item11_briefing_received", "item11_work_started",
                        "item13_handed_back", "item13_accepted"):
            assert purpose in purposes
        assert purposes.count("item11_briefing_received") == 3
        # Each signer signed as themselves, with the password, competent at the moment.
        signers = {s.signer_user.username for s in signatures(closed)}
        assert signers == {"issuer", "admitting", "performer", "division_head", "crew", "crew2", "crew3"}
        assert all(s.method == SignatureMethod.PASSWORD for s in signatures(closed))
        assert all(s.competence["competent"] for s in signatures(closed) if s.competence_role)

    def test_a_hot_work_permit_is_in_progress_on_the_board(self, result):
        working = permit(Status.IN_PROGRESS)
        assert working.started_at and working.valid_until > timezone.now()
        assert working.crew.filter(briefed_at__isnull=False, removed_at=None).count() == 3
        assert working.devices.get().state == DeviceState.UNDER_PERMIT
        site = working.division
        for username in ("head", "division_head", "admitting", "crew3"):
            user = User.objects.get(username=username)
            board = BoardFilterSet({"division": str(site.pk)},
                                   queryset=visible_permits(user).filter(status__in=ON_THE_BOARD),
                                   request=SimpleNamespace(user=user)).qs
            assert list(board) == [working], username

    def test_a_gas_hazardous_permit_waits_for_its_measures_and_air(self, result):
        waiting = permit(Status.ISSUED, WorkKind.GAS_HAZARDOUS)
        assert waiting.number and waiting.measures.exists() and not waiting.measures.filter(done_at__isnull=False)
        assert [s.passed for s in waiting.air_samples.all()] == [False]
        assert services.air_problems(waiting)  # the block shows on the permit
        # Tasks: the crew carries out measures; the admitting person too, records the next sample and admits.
        assert Act.COMPLETE_MEASURE in available_actions(User.objects.get(username="crew"), waiting)
        actions = available_actions(User.objects.get(username="admitting"), waiting)
        assert {Act.COMPLETE_MEASURE, Act.RECORD_AIR_SAMPLE, Act.ADMIT} <= set(actions)

    def test_a_draft_at_height(self, result):
        draft = permit(Status.DRAFT, WorkKind.HEIGHT)
        assert draft.number is None and draft.measures.exists() and not signatures(draft)

    def test_a_terminated_permit_and_the_draft_replacing_it(self, result):
        terminated = Permit.objects.get(status=Status.TERMINATED)
        assert terminated.termination_reason == TerminationReason.DISCREPANCY and terminated.end_note
        assert terminated.ended_at and terminated.admitted_at
        assert "cl25_terminated" in [s.purpose.rsplit(".", 1)[1] for s in signatures(terminated)]
        replacement = terminated.replaced_by
        assert replacement.status == Status.DRAFT and replacement.number is None
        assert (replacement.place, replacement.work_type) == (terminated.place, terminated.work_type)
        assert list(replacement.devices.all()) == list(terminated.devices.all())

    def test_the_register_is_gapless(self, result):
        numbered = Permit.objects.exclude(number=None).order_by("number")
        assert [p.number for p in numbered] == [1, 2, 3, 4]
        assert {p.year for p in numbered} == {timezone.localdate().year}
        assert Permit.objects.count() == 6

    def test_equipment_under_permit_is_that_of_open_permits(self, result):
        under = TechnicalDevice.objects.filter(state=DeviceState.UNDER_PERMIT)
        assert set(under) == set(TechnicalDevice.objects.filter(permits__status__in=OPEN_STATUSES)
                                  | TechnicalDevice.objects.filter(permits__status=Status.TERMINATED))
        assert under.count() == 3

    def test_a_certificate_in_force_and_an_emergency_under_way(self, result):
        certificate = AdmissionCertificate.objects.get()
        assert certificate.status == CertificateStatus.ACTIVE and certificate.in_force_on(timezone.localdate())
        assert certificate.shop_head == person("division_head") and certificate.contractor_rep == person("contractor")
        assert certificate.contractor == person("contractor").contractor
        assert 2 <= certificate.measures.count() <= 3
        assert certificate.number == 1 and certificate.shop_signed_at and certificate.contractor_signed_at
        assert {s.signer_user.username for s in signatures(certificate)} == {"division_head", "contractor"}
        emergency = EmergencyWork.objects.get()
        assert emergency.status == EmergencyStatus.UNDER_WAY and emergency.facility is not None
        assert emergency.started_at < timezone.now() and emergency.leader.organisation == result.organisation

    def test_the_shift_schedule_and_the_summary(self, result):
        schedule = ShiftSchedule.objects.get(organisation=result.organisation)
        assert (schedule.starts, schedule.hours) == (["08:00", "20:00"], 12)
        assert len(result.extra) == 2 and "6" in result.extra[0]

    def test_verify_is_clean(self, result):
        assert_verifies(result)
        signed = Signature.objects.filter(organisation=result.organisation)
        assert signed.count() >= 40
        # The password was checked for real (once per hash) and the check is Django's own again afterwards.
        assert User.check_password is AbstractBaseUser.check_password
        assert User.objects.get(username="crew2").check_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_it_loads_in_the_night_shift():
    moment = datetime.datetime(2026, 11, 23, 3, 30, tzinfo=ALMATY)
    with time_machine.travel(moment, tick=False):
        result = load_demo()
        working = permit(Status.IN_PROGRESS)
        # Admitted for the night shift that runs until 08:00; not extended, the day shift is more than an hour away.
        assert working.valid_until == moment.replace(hour=8, minute=0)
        assert not working.extensions.exists()
        assert permit(Status.CLOSED).closed_at == moment
        assert_verifies(result)


@pytest.mark.django_db
def test_it_loads_just_before_the_shift_change():
    """344 cl.6: at 19:45 the crew admitted works in the night shift: the permit in progress is valid until 08:00
    without an extension, and the next extension opens an hour before that."""
    moment = datetime.datetime(2026, 11, 23, 19, 45, tzinfo=ALMATY)
    with time_machine.travel(moment, tick=False):
        result = load_demo()
        working = permit(Status.IN_PROGRESS)
        assert not working.extensions.exists()
        assert working.valid_until == datetime.datetime(2026, 11, 24, 8, 0, tzinfo=ALMATY)
        assert not services.lapse_due(moment.replace(hour=21)).filter(pk=working.pk).exists()
        assert_verifies(result)


@pytest.mark.django_db
def test_it_admits_in_the_last_minute_of_the_night_shift_for_the_day_shift(monkeypatch):
    """344 cl.6: admitted at 07:59:30 the crew works in the day shift, so the demo has no shift change to wait for."""
    moment = datetime.datetime(2026, 11, 23, 7, 59, 30, tzinfo=ALMATY)
    with time_machine.travel(moment, tick=False) as traveller:
        waits = []

        def sleep(seconds):
            waits.append(seconds)
            traveller.shift(datetime.timedelta(seconds=seconds))

        monkeypatch.setattr(permits_demo.time, "sleep", sleep)
        load_demo()
        assert waits == []
        # Admitted for the day shift: valid until 20:00.
        assert permit(Status.IN_PROGRESS).valid_until == moment.replace(hour=20, minute=0, second=0)
