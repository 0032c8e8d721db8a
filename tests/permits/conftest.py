"""A site where higher-risk work is done: one organisation, a workshop, its equipment and the people of a permit.

Every person has an appointment by order of the head and valid trainings where the role needs them, and a login with
the matching role, so each test starts from a permit that can go all the way and breaks only what it is about.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import AppointmentPosition, AppointmentRole
from qauipsiz.core.models import Person
from qauipsiz.core.services import record_update
from qauipsiz.permits import services
from qauipsiz.permits.models import AdmissionCertificate, Permit, WorkType
from tests import factories as f

PASSWORD = "correct horse battery"
PW = {"password": PASSWORD}
# A Monday in the day shift (08:00-20:00 Asia/Almaty by the default schedule).
START = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=5)))


def builtin_work_type(kind: str) -> WorkType:
    """A built-in work type; tests that truncate tables (browser tests) also remove the migration's rows."""
    import importlib

    found = WorkType.objects.filter(organisation__isnull=True, kind=kind).first()
    if found is None:
        module = importlib.import_module("qauipsiz.permits.migrations.0002_builtin_work_types")

        class Apps:
            @staticmethod
            def get_model(app, name):
                from django.apps import apps
                return apps.get_model(app, name)

        if not WorkType.objects.filter(organisation__isnull=True).exists():
            module.load(Apps, None)
        found = WorkType.objects.get(organisation__isnull=True, kind=kind)
    return found


def staff(org, div, role: str, access_role: str, *, last_name: str, appointment: bool = True, contractor=None,
          position: str = ""):
    person = f.person(org, div, last_name=last_name, contractor=contractor)
    f.training(person, "industrial_safety", passed=datetime.date(2026, 1, 10), until=datetime.date(2027, 12, 31))
    if appointment:
        f.appointment(person, role, divisions=[div], position=position)
    user = f.user(access_role, org, division=div if access_role not in (Role.HEAD, Role.CONTRACTOR_REP) else None,
                  contractor=contractor)
    person.user = user
    return record_update(by=f.superuser(), instance=person)


@dataclass
class Site:
    org: object
    division: object
    facility: object
    device: object
    issuer: Person
    admitting: Person
    performer: Person
    manager: Person
    supervisor: Person
    crew: list = field(default_factory=list)

    def user(self, person: Person):
        return person.user

    def draft(self, kind: str = "hot", **changes) -> Permit:
        values = {
            "organisation": self.org, "division": self.division, "facility": self.facility,
            "work_type": builtin_work_type(kind), "performer": self.performer, "responsible_manager": self.manager,
            "issuer": self.issuer, "place": "Unit AVT-6, pump P-12 bay", "scope_of_work": "Replace the flange gasket",
            "planned_start": START, "planned_end": START + datetime.timedelta(days=3),
            "validity": "whole_period",
        }
        values.update(changes)
        if values["validity"] == "single_shift" and "planned_end" not in changes:
            # 344 cl.6: a permit for one shift is planned within one shift (08:00-20:00 by the default schedule).
            values["planned_end"] = values["planned_start"] + datetime.timedelta(hours=11)
        admitting = values.pop("admitting_persons", [self.admitting])
        devices = values.pop("devices", [self.device])
        approvers = values.pop("approvers", [("8", self.supervisor)])
        return services.permit_create(by=self.issuer.user, permit=Permit(**values), admitting_persons=admitting,
                                      devices=devices, approvers=approvers)

    def issued(self, **changes) -> Permit:
        permit = self.draft(**changes)
        return services.permit_issue(permit=permit, by=self.issuer.user, credentials=PW)

    def prepared(self, **changes) -> Permit:
        """Issued, a passing air sample where 5.4 asks for one (before measure 5.4 is signed), every measure carried
        out, approved."""
        permit = self.issued(**changes)
        if permit.measures.filter(code="5.4").exists():
            self.sample(permit, value="1.0")
        for measure in permit.measures.all():
            services.measure_complete(measure=measure, by=self.admitting.user, credentials=PW)
        for approval in permit.approvals.all():
            services.permit_approve(permit=permit, by=approval.approver.user, credentials=PW)
        return Permit.objects.get(pk=permit.pk)

    def sample(self, permit, *, value: str, limit: str = "5.0", place: str = "P-12 bay", substance: str = "H2S",
               unit: str = "mg/m³", gas_group: str = "II", taken_at=None):
        from decimal import Decimal

        return services.air_sample_record(permit=permit, by=self.admitting.user, place=place,
                                          taken_at=taken_at or timezone.now(), substance=substance,
                                          value=Decimal(value), limit=Decimal(limit), unit=unit, gas_group=gas_group,
                                          measured_by=self.admitting)

    def fresh_sample(self, permit) -> None:
        """Item 5.4, item 12: a passing air sample taken now, as the extension for the next shift needs one (where the
        permit lists an air analysis and may still record one)."""
        from qauipsiz.permits.services.guards import latest_readings

        open_for_samples = {"issued", "admitted", "in_progress", "paused", "suspended", "lapsed"}
        if not (permit.measures.filter(code="5.4").exists()
                and Permit.objects.filter(pk=permit.pk, status__in=open_for_samples).exists()):
            return
        # Every place and substance sampled so far, again, within its limit.
        for reading in latest_readings(permit.air_samples.all()) or [None]:
            if reading is None:
                self.sample(permit, value="1.0")
            else:
                self.sample(permit, value=str(min(reading.limit, Decimal("1.0"))), limit=str(reading.limit),
                            place=reading.place, substance=reading.substance, unit=reading.unit,
                            gas_group=reading.gas_group or "II")

    def name_for_shifts(self, permit, *people) -> None:
        """344 cl.29: the issuer names the performers of the other shifts; only they (and the permit's performer)
        accept a shift in an extension (item 12)."""
        for person in people:
            services.permit_name_shift_performer(permit=permit, by=self.issuer.user, credentials=PW, person=person)

    def admitted(self, **changes) -> Permit:
        permit = self.prepared(**changes)
        return services.permit_admit(permit=permit, by=self.admitting.user, credentials=PW, measures_checked=True,
                                     performer_briefed=True, copy_handed_over=True)

    def in_progress(self, crew: int = 3, **changes) -> Permit:
        permit = self.admitted(**changes)
        services.permit_accept_workplace(permit=permit, by=self.performer.user, credentials=PW)
        for person in self.crew[:crew]:
            member = services.crew_add(permit=permit, by=self.performer.user, person=person)
            services.crew_brief(member=member, by=self.admitting.user, credentials=PW, member_credentials=PW)
        return services.permit_start_work(permit=permit, by=self.performer.user, credentials=PW)


def make_site(name: str = "Test refinery") -> Site:
    org = f.organisation(name)
    div = f.division(org, "Shop No. 2")
    fac = f.facility(org, div)
    dev = f.device(fac)
    site = Site(
        org=org, division=div, facility=fac, device=dev,
        # 344 cl.16: local work is issued by the head of the division or a deputy: the issuer is the deputy head.
        issuer=staff(org, div, AppointmentRole.PERMIT_ISSUER, Role.PERMIT_ISSUER, last_name="Issuerov",
                     position=AppointmentPosition.DEPUTY),
        admitting=staff(org, div, AppointmentRole.ADMITTING_PERSON, Role.ADMITTING_PERSON, last_name="Dopuskov"),
        performer=staff(org, div, AppointmentRole.WORK_PERFORMER, Role.WORK_PERFORMER, last_name="Proizvoditelev"),
        manager=staff(org, div, AppointmentRole.RESPONSIBLE_MANAGER, Role.RESPONSIBLE_MANAGER, last_name="Rukovoditelev"),
        supervisor=staff(org, div, AppointmentRole.ADMITTING_PERSON, Role.DIVISION_HEAD, last_name="Smenov",
                         appointment=False),
    )
    site.crew = [staff(org, div, "", Role.CREW_MEMBER, last_name=n, appointment=False)
                 for n in ("Akhmetov", "Bekov", "Sultanov", "Omarov")]
    return site


@pytest.fixture
def clock():
    """The clock stands at START and moves only when a test moves it (`clock.shift(...)`, `clock.move_to(...)`)."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def site(db, clock) -> Site:
    return make_site()


@dataclass
class Contractor:
    """A contractor working at the site under a signed admission certificate (Annex 3), with its own issuer (its
    representative) and performer."""
    firm: object
    issuer: Person
    performer: Person
    certificate: object


def contractor_party(site: Site, name: str, last_name: str) -> Contractor:
    firm = f.contractor(site.org, name)
    issuer = staff(site.org, site.division, AppointmentRole.PERMIT_ISSUER, Role.CONTRACTOR_REP,
                   last_name=f"{last_name}ov", contractor=firm)
    performer = staff(site.org, site.division, AppointmentRole.WORK_PERFORMER, Role.WORK_PERFORMER,
                      last_name=f"{last_name}enko", contractor=firm)
    day = timezone.localdate(START)
    certificate = services.certificate_create(by=site.supervisor.user, certificate=AdmissionCertificate(
        organisation=site.org, drawn_up_on=day, division=site.division, shop_head=site.supervisor, contractor=firm,
        contractor_rep=issuer, site_bounds="Axes A-C / 1-4", work_name="Scaffolding around P-12", starts_on=day,
        ends_on=day + datetime.timedelta(days=14)), measures=[("Fence off the handed-over site", day, "Shop No. 2")])
    services.certificate_sign(certificate=certificate, by=site.supervisor.user, credentials=PW)
    services.certificate_sign(certificate=certificate, by=issuer.user, credentials=PW)
    return Contractor(firm=firm, issuer=issuer, performer=performer, certificate=certificate)


def contractor_draft(site: Site, contractor: Contractor, **changes) -> Permit:
    """A draft the contractor's own issuer draws up for its performer under its certificate (344 cl.9, cl.17)."""
    values = {"contractor": contractor.firm, "certificate": contractor.certificate, "issuer": contractor.issuer,
              "performer": contractor.performer, "devices": [], "scope_of_work": "Scaffolding around P-12"}
    values.update(changes)
    return site.draft(**values)
