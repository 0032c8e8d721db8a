"""What the admission-certificate acts (Annex 3) and the emergency-work acts (344 cl.12) cost in SQL: at most 25
queries each, like the permit acts (issue 8). Measured the same way as tests/permits/test_act_query_counts.py."""

import datetime

import pytest

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import AppointmentRole
from qauipsiz.permits import services
from qauipsiz.permits.choices import CertificateStatus, EmergencyStatus
from qauipsiz.permits.models import AdmissionCertificate, EmergencyWork
from tests import factories as f

from .conftest import PW, START, staff
from .test_act_query_counts import LIMIT, queries

DAY = datetime.date(2026, 11, 23)


@pytest.fixture
def certificate(site):
    firm = f.contractor(site.org, "Scaffold LLP")
    rep = staff(site.org, site.division, AppointmentRole.PERMIT_ISSUER, Role.CONTRACTOR_REP, last_name="Podryadov",
                contractor=firm)
    created = services.certificate_create(
        by=site.supervisor.user, certificate=AdmissionCertificate(
            organisation=site.org, drawn_up_on=DAY, division=site.division, shop_head=site.supervisor,
            contractor=firm, contractor_rep=rep, site_bounds="Axes A-C / 1-4", work_name="Scaffolding around P-12",
            starts_on=DAY, ends_on=DAY + datetime.timedelta(days=14)),
        measures=[("Fence off the handed-over site", DAY, "Shop No. 2, mechanic"),
                  ("Post the cordon and signs", DAY + datetime.timedelta(days=1), "Scaffold LLP, foreman")])
    return AdmissionCertificate.objects.get(pk=created.pk), rep


def _emergency(site) -> EmergencyWork:
    return EmergencyWork(organisation=site.org, division=site.division, facility=site.facility, leader=site.admitting,
                         description="Flange leak on P-12", plan_reference="AEP position 4",
                         started_at=START - datetime.timedelta(hours=2))


def test_annex3_shop_head_signs_in_at_most_25_queries(site, certificate):
    draft, _rep = certificate
    count = queries(lambda: services.certificate_sign(certificate=draft, by=site.supervisor.user, credentials=PW))
    print(f"\nQUERIES certificate shop head: {count}")
    draft.refresh_from_db()
    assert draft.status == CertificateStatus.SIGNED_BY_SHOP
    assert count <= LIMIT, f"shop head signs: {count} queries"


def test_annex3_contractor_signs_in_at_most_25_queries(site, certificate):
    draft, rep = certificate
    services.certificate_sign(certificate=draft, by=site.supervisor.user, credentials=PW)
    signed = AdmissionCertificate.objects.get(pk=draft.pk)
    count = queries(lambda: services.certificate_sign(certificate=signed, by=rep.user, credentials=PW))
    print(f"\nQUERIES certificate contractor: {count}")
    signed.refresh_from_db()
    assert signed.status == CertificateStatus.ACTIVE
    assert count <= LIMIT, f"contractor signs: {count} queries"


def test_344_cl12_emergency_start_in_at_most_25_queries(site):
    work = _emergency(site)
    count = queries(lambda: services.emergency_start(by=site.admitting.user, emergency=work))
    print(f"\nQUERIES emergency start: {count}")
    assert EmergencyWork.objects.get().status == EmergencyStatus.UNDER_WAY
    assert count <= LIMIT, f"emergency start: {count} queries"


def test_344_cl12_threat_eliminated_in_at_most_25_queries(site):
    work = EmergencyWork.objects.get(pk=services.emergency_start(by=site.admitting.user, emergency=_emergency(site)).pk)
    count = queries(lambda: services.emergency_threat_eliminated(by=site.admitting.user, emergency=work,
                                                                 at=START - datetime.timedelta(minutes=30)))
    print(f"\nQUERIES threat eliminated: {count}")
    work.refresh_from_db()
    assert work.status == EmergencyStatus.THREAT_ELIMINATED
    assert count <= LIMIT, f"threat eliminated: {count} queries"
