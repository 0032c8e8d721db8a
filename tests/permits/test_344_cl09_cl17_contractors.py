"""344 cl.9 and cl.17: a contractor works on a site of the customer handed over by an admission certificate (Annex 3);
its permits are issued by the contractor's authorised persons, within the certificate's period."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import AppointmentRole
from qauipsiz.permits import services
from qauipsiz.permits.choices import CertificateStatus, Status
from qauipsiz.permits.gatekeeper import ActionRefused
from qauipsiz.permits.models import AdmissionCertificate
from tests import factories as f

from .conftest import PW, staff

DAY = datetime.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def contractor(site):
    firm = f.contractor(site.org, "Scaffold LLP")
    rep = staff(site.org, site.division, AppointmentRole.PERMIT_ISSUER, Role.CONTRACTOR_REP, last_name="Podryadov",
                contractor=firm)
    return firm, rep


def certificate(site, firm, rep, *, starts=DAY, ends=DAY + datetime.timedelta(days=14), sign=True):
    cert = services.certificate_create(by=site.supervisor.user, certificate=AdmissionCertificate(
        organisation=site.org, drawn_up_on=DAY, division=site.division, shop_head=site.supervisor, contractor=firm,
        contractor_rep=rep, site_bounds="Axes A-C / 1-4, drawing AVT-6-12", work_name="Scaffolding around P-12",
        starts_on=starts, ends_on=ends), measures=[("Fence off the handed-over site", DAY, "Shop No. 2")])
    if sign:
        services.certificate_sign(certificate=cert, by=site.supervisor.user, credentials=PW)
        services.certificate_sign(certificate=cert, by=rep.user, credentials=PW)
        cert.refresh_from_db()
    return cert


def test_344_cl09_contractor_permit_issued_by_its_authorised_person(site, contractor):
    """344 cl.9: "work permits shall be issued by authorized persons of work performers" on the customer's site."""
    firm, rep = contractor
    cert = certificate(site, firm, rep)
    assert cert.status == CertificateStatus.ACTIVE
    permit = site.draft(contractor=firm, certificate=cert, issuer=rep)
    permit = services.permit_issue(permit=permit, by=rep.user, credentials=PW)
    assert permit.status == Status.ISSUED and permit.number == 1


def test_344_cl09_contractor_permit_refused_to_the_customers_issuer(site, contractor):
    """344 cl.9: the customer's own issuer does not issue the contractor's permit."""
    firm, rep = contractor
    permit = site.draft(contractor=firm, certificate=certificate(site, firm, rep))
    with pytest.raises(ActionRefused, match=r"authorised person of that contractor \(344 cl\.9\)"):
        services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW)


def test_344_cl09_contractors_person_issues_only_the_contractors_permits(site, contractor):
    """344 cl.9: the contractor's authorised person issues permits for that contractor's work, not the customer's."""
    firm, rep = contractor
    permit = site.draft(issuer=rep)
    with pytest.raises(PermissionDenied):  # as the contractor's representative he does not reach the customer's permit
        services.permit_issue(permit=permit, by=rep.user, credentials=PW)
    # Even a contractor's person holding the issuer's access in the division is refused the customer's own work.
    insider = staff(site.org, site.division, AppointmentRole.PERMIT_ISSUER, Role.PERMIT_ISSUER, last_name="Smeshannov",
                    contractor=firm)
    permit = site.draft(issuer=insider, place="Bay 3", devices=[])
    with pytest.raises(ActionRefused, match=r"only for that contractor's work \(344 cl\.9\)"):
        services.permit_issue(permit=permit, by=insider.user, credentials=PW)
    assert permit.status == Status.DRAFT


def test_344_cl17_contractor_permit_needs_an_admission_certificate(site, contractor):
    """344 cl.17: the contractor's site is "transferred under an admission certificate" — none, no permit."""
    firm, rep = contractor
    permit = site.draft(contractor=firm, issuer=rep)
    with pytest.raises(ActionRefused, match=r"admission certificate of the site \(344 cl\.9, cl\.17\)"):
        services.permit_issue(permit=permit, by=rep.user, credentials=PW)


@pytest.mark.parametrize("case", ["unsigned", "too_short", "other_contractor"])
def test_344_cl17_certificate_must_be_in_force_for_the_whole_period(site, contractor, case):
    """344 cl.17, Annex 3: the certificate is in force for the contractor over the whole planned period of the work."""
    firm, rep = contractor
    if case == "unsigned":
        cert = certificate(site, firm, rep, sign=False)
    elif case == "too_short":
        cert = certificate(site, firm, rep, ends=DAY + datetime.timedelta(days=1))  # the permit runs three days
    else:
        other = f.contractor(site.org, "Painters LLP")
        other_rep = staff(site.org, site.division, AppointmentRole.PERMIT_ISSUER, Role.CONTRACTOR_REP,
                          last_name="Malyarov", contractor=other)
        cert = certificate(site, other, other_rep)
    permit = site.draft(contractor=firm, certificate=cert, issuer=rep)
    with pytest.raises(ActionRefused, match="not in force for this contractor over the whole planned period"):
        services.permit_issue(permit=permit, by=rep.user, credentials=PW)


def test_344_cl09_contractor_crew_is_the_contractors_staff(site, contractor):
    """344 cl.9: the contractor does the work "by the forces of a working performer" — its own staff form the crew."""
    firm, rep = contractor
    permit = site.draft(contractor=firm, certificate=certificate(site, firm, rep), issuer=rep)
    services.permit_issue(permit=permit, by=rep.user, credentials=PW)
    site.sample(permit, value="1.0")  # before measure 5.4 is signed (item 5.4)
    for measure in permit.measures.all():
        services.measure_complete(measure=measure, by=site.admitting.user, credentials=PW)
    services.permit_approve(permit=permit, by=site.supervisor.user, credentials=PW)
    services.permit_admit(permit=permit, by=site.admitting.user, credentials=PW, measures_checked=True,
                          performer_briefed=True, copy_handed_over=True)
    with pytest.raises(ValidationError):
        services.crew_add(permit=permit, by=site.performer.user, person=site.crew[0])
    worker = staff(site.org, site.division, "", Role.CREW_MEMBER, last_name="Montazhnikov", appointment=False,
                   contractor=firm)
    assert services.crew_add(permit=permit, by=site.performer.user, person=worker).person == worker
