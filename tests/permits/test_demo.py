"""The demo's work permits (`qauipsiz demo`, `qauipsiz/permits/demo.py`): real signatures, every stage, at any hour."""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.models import User
from qauipsiz.core.choices import CompetenceRole, DeviceState, LocationKind
from qauipsiz.core.competence import is_competent
from qauipsiz.core.demo import DEMO_PASSWORD, LOGINS, demo_logins, load_demo
from qauipsiz.core.models import Location, TechnicalDevice
from qauipsiz.ledger.models import Signature, SignatureMethod, Tombstone
from qauipsiz.ledger.verify import verify_organisation
from qauipsiz.permits import demo as permits_demo
from qauipsiz.permits import selectors, services
from qauipsiz.permits.acts import Act
from qauipsiz.permits.choices import (
    OPEN_STATUSES,
    CertificateStatus,
    EmergencyStatus,
    JointStatus,
    MeasureCode,
    PeriodKind,
    Status,
    TerminationReason,
    Validity,
    WorkKind,
)
from qauipsiz.permits.filters import BoardFilterSet
from qauipsiz.permits.gatekeeper import available_actions, visible_permits
from qauipsiz.permits.models import (
    AdmissionCertificate,
    EmergencyWork,
    OverlapAgreement,
    Permit,
    RegisterLine,
    ShiftSchedule,
)
from qauipsiz.permits.retention import RETENTION_DAYS

from .test_views_support import as_user, text, url

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
            # 344 cl.7: each names its unit or area of the facility (facility → unit → area).
            assert item.location is not None and item.location.facility == item.facility
        # The customer's own crews (the contractor's permits are checked below).
        for item in Permit.objects.filter(contractor=None, site_not_handed_over=False):
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
        # With it on the board, the two permits the scaffolding contractor's people work under (344 cl.9, cl.18).
        contractors = list(Permit.objects.filter(status=Status.IN_PROGRESS).exclude(pk=working.pk))
        assert len(contractors) == 2 and all(item.performer.contractor_id for item in contractors)
        for username in ("head", "division_head", "admitting", "crew3"):
            user = User.objects.get(username=username)
            board = BoardFilterSet({"division": str(site.pk)},
                                   queryset=visible_permits(user).filter(status__in=ON_THE_BOARD),
                                   request=SimpleNamespace(user=user)).qs
            assert set(board) == {working, *contractors}, username

    def test_a_gas_hazardous_permit_waits_for_its_measures_and_air(self, result):
        waiting = permit(Status.ISSUED, WorkKind.GAS_HAZARDOUS)
        own = waiting.measures.filter(joint=None)
        assert waiting.number and own.exists() and not own.filter(done_at__isnull=False)
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
        # The customer's book of this year (the permit for the site not handed over is in it, 344 cl.18), and the
        # contractor's own book (cl.9, cl.15).
        numbered = Permit.objects.exclude(number=None).filter(contractor=None).order_by("number")
        assert [p.number for p in numbered] == [1, 2, 3, 4, 5]
        assert {p.year for p in numbered} == {timezone.localdate().year}
        assert [p.number for p in Permit.objects.exclude(contractor=None)] == [1]
        assert Permit.objects.count() == 8

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
        # The permits' three lines come first; production control's demo steps (issue 12) add their own after them.
        assert len(result.extra) >= 3 and "8" in result.extra[0]

    # -- the contractor, joint measures and the register's past (issue 9) -----------------------------------------

    def test_344_cl09_cl17_contractor_permit_under_its_certificate_is_in_progress(self, result):
        """The contractor's own permit: issued by its representative (a contractor_rep with a permit-issuer
        appointment), for its performer and crew, under the signed certificate whose measures due before the start of
        work are signed done (Annex 3)."""
        working = Permit.objects.get(contractor__isnull=False)
        firm = person("contractor").contractor
        assert working.contractor == firm and working.status == Status.IN_PROGRESS and working.started_at
        assert working.issuer == person("contractor") and working.performer == person("contractor_performer")
        rep = User.objects.get(username="contractor")
        assert rep.grants.get().role == Role.CONTRACTOR_REP and rep.grants.get().contractor == firm
        competence = is_competent(person("contractor"), CompetenceRole.PERMIT_ISSUER, division=working.division)
        assert competence, competence.explain()
        assert {m.person for m in working.crew.filter(briefed_at__isnull=False)} == {person("contractor_crew")}
        assert all(m.person.contractor == firm for m in working.crew.all())
        assert not working.measures.filter(done_at=None).exists()
        issued_by = {s.signer_user.username for s in signatures(working) if s.purpose.endswith("item6_issued")}
        assert issued_by == {"contractor"}
        certificate = working.certificate
        assert certificate.status == CertificateStatus.ACTIVE and certificate.contractor == firm
        assert certificate.shop_signed_at and certificate.contractor_signed_at
        rows = list(certificate.measures.all())
        assert all(m.executor and m.deadline for m in rows)
        assert [m.done_at is not None for m in rows if m.before_start] == [True, True]
        assert all(m.done_at < working.admitted_at for m in rows if m.before_start)
        assert "contractor" in {login.username for login in demo_logins()}

    def test_344_cl18_contractors_crew_works_under_the_customers_permit(self, result):
        """The pipe rack cannot be handed over (live lines, a crane): the customer's issuer issued the permit; the
        contractor's welder and scaffolder work under it."""
        rack = Permit.objects.get(site_not_handed_over=True)
        assert rack.status == Status.IN_PROGRESS and rack.contractor is None and rack.certificate is None
        assert rack.issuer == person("issuer") and rack.issuer.contractor_id is None
        firm = person("contractor").contractor
        assert rack.performer == person("contractor_welder") and rack.performer.contractor == firm
        crew = list(rack.crew.filter(briefed_at__isnull=False).select_related("person"))
        assert [m.person for m in crew] == [person("contractor_crew2")] and crew[0].person.contractor == firm
        assert rack.location.code == "ЭЛОУ-Э" and rack.location.kind == LocationKind.AREA

    def test_344_cl07_joint_measures_signed_by_two_organisations_are_in_both_permits(self, result):
        agreement = OverlapAgreement.objects.get()
        contractor = Permit.objects.get(contractor__isnull=False)
        customer = permit(Status.ISSUED, WorkKind.GAS_HAZARDOUS)
        assert agreement.status == JointStatus.AGREED and set(agreement.permits.all()) == {contractor, customer}
        # The customer's permit at the AVT block (a unit), the contractor's at an area of it, at the same time.
        assert customer.location.kind == LocationKind.UNIT and contractor.location.parent == customer.location
        assert customer.planned_start < contractor.planned_end and contractor.planned_start < customer.planned_end
        signed = {(s.signatory, s.contractor) for s in agreement.signatures.all() if s.signed_at}
        assert signed == {(person("contractor"), contractor.contractor), (person("issuer"), None)}
        assert agreement.proposed_by == person("contractor")
        # Agreed before the contractor's permit was issued; its measures are in both permits (344 cl.7).
        assert agreement.agreed_at < contractor.issued_at
        for item in (contractor, customer):
            assert [m.text for m in item.measures.filter(joint=agreement)] == [agreement.measures]
        assert not services.unresolved_overlaps(contractor) and not services.unresolved_overlaps(customer)
        # The site plan: units and areas of the demo facilities, named in the three languages.
        locations = Location.objects.filter(organisation=result.organisation)
        assert locations.filter(kind=LocationKind.UNIT).count() >= 2 and locations.filter(kind=LocationKind.AREA)
        assert all(place.name_kk and place.name_ru and place.name_en for place in locations)

    def test_344_cl13_purged_permit_keeps_its_register_line(self, result, client):
        line = RegisterLine.objects.get()
        assert not Permit.objects.filter(pk=line.permit_id).exists() and line.kept_at
        assert Tombstone.objects.filter(object_type="permits.permit", object_id=str(line.permit_id)).exists()
        # Closed more than a year before it was purged (344 cl.14-15), in an earlier year's book.
        ended = datetime.datetime.fromisoformat(line.periods[-1]["ended_at"])
        assert timezone.now() - ended > datetime.timedelta(days=RETENTION_DAYS)
        assert line.year < timezone.localdate().year and line.number == 1 and line.contractor_id is None
        rows = selectors.register_rows(organisation=result.organisation, year=line.year)
        assert [(row.number, row.purged) for row in rows] == [(1, True)]
        html = text(as_user(client, User.objects.get(username="head")).get(url("register"), {"year": line.year}))
        assert 'data-number="1"' in html and "data-purged" in html

    def test_every_chain_is_pinned_by_a_digest_at_its_head(self, result):
        """Issue 10 item 10: the demo ends with the digest the scheduled job would take, so verify has no warning."""
        from qauipsiz.ledger.digest import undigested_warning
        from qauipsiz.ledger.models import ChainHead, Digest

        for organisation in (result.organisation, result.holding):
            head = ChainHead.objects.get(organisation=organisation)
            assert Digest.objects.filter(organisation=organisation, seq=head.seq, entry_hash=head.entry_hash).exists()
            assert undigested_warning(organisation.pk) is None

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
