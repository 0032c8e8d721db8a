"""344 cl.17-18: a site crossed by live communications or where machines work is not handed over by an admission
certificate; the contractor's crew then works there under a permit issued by the customer."""


import pytest
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import AppointmentRole
from qauipsiz.permits import services
from qauipsiz.permits.choices import Status
from qauipsiz.permits.gatekeeper import ActionRefused
from tests import factories as f

from .conftest import PW, staff


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def firm_people(site):
    firm = f.contractor(site.org, "Scaffold LLP")
    rep = staff(site.org, site.division, AppointmentRole.PERMIT_ISSUER, Role.CONTRACTOR_REP, last_name="Podryadov",
                contractor=firm)
    foreman = staff(site.org, site.division, AppointmentRole.WORK_PERFORMER, Role.WORK_PERFORMER,
                    last_name="Brigadirov", contractor=firm)
    fitters = [staff(site.org, site.division, "", Role.CREW_MEMBER, last_name=n, appointment=False, contractor=firm)
               for n in ("Montazhnikov", "Svarshchikov")]
    return firm, rep, foreman, fitters


def test_344_cl18_contractors_crew_works_under_the_customers_permit(site, firm_people):
    """344 cl.18: the site is not handed over; the customer's issuer issues the permit, the contractor's foreman is
    its performer and the contractor's people its crew, from issue to the start of work."""
    firm, rep, foreman, fitters = firm_people
    permit = site.draft(site_not_handed_over=True, performer=foreman)
    services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW)
    site.sample(permit, value="1.0")
    for measure in permit.measures.all():
        services.measure_complete(measure=measure, by=site.admitting.user, credentials=PW)
    services.permit_approve(permit=permit, by=site.supervisor.user, credentials=PW)
    services.permit_admit(permit=permit, by=site.admitting.user, credentials=PW, measures_checked=True,
                          performer_briefed=True, copy_handed_over=True)
    services.permit_accept_workplace(permit=permit, by=foreman.user, credentials=PW)
    for person in fitters:
        member = services.crew_add(permit=permit, by=foreman.user, person=person)
        services.crew_brief(member=member, by=site.admitting.user, credentials=PW, member_credentials=PW)
    permit = services.permit_start_work(permit=permit, by=foreman.user, credentials=PW)
    assert permit.status == Status.IN_PROGRESS and permit.contractor is None and permit.number == 1


def test_344_cl18_customers_permit_is_not_issued_by_the_contractor(site, firm_people):
    """344 cl.18: the permit for a site not handed over is the customer's: no contractor's issuer, no certificate."""
    firm, rep, foreman, fitters = firm_people
    permit = site.draft(site_not_handed_over=True, performer=site.performer)
    with pytest.raises(ActionRefused, match=r"one of the contractor's people \(344 cl\.18\)"):
        services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW)
    permit = site.draft(site_not_handed_over=True, performer=foreman, contractor=firm, place="Bay 4", devices=[])
    with pytest.raises(ActionRefused, match=r"names no contractor and no admission certificate \(344 cl\.18\)"):
        services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW)
    assert permit.status == Status.DRAFT
