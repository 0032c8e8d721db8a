"""344 cl.16: work in which several divisions take part is issued by the head or a person he authorised; local work by
the head of the division where it is done (or a deputy)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import AppointmentPosition, AppointmentRole
from qauipsiz.permits import services
from qauipsiz.permits.choices import Status
from qauipsiz.permits.gatekeeper import ActionRefused
from tests import factories as f

from .conftest import PW, staff


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def joint_draft(site, *divisions, **changes):
    """A draft of work in which `divisions` take part besides the site's own."""
    permit = site.draft(**changes)
    return services.permit_update(by=permit.issuer.user, permit=permit, changes={}, other_divisions=divisions)


def test_344_cl16_local_work_issued_by_the_divisions_issuer(site):
    """344 cl.16: local work is issued by those appointed for the division "where this work is supposed to be"."""
    permit = services.permit_issue(permit=site.draft(), by=site.issuer.user, credentials=PW)
    assert permit.status == Status.ISSUED


def test_344_cl16_local_work_of_another_division_refused(site, clock):
    """344 cl.16: an issuer appointed for another division does not issue permits for this one. Issue 11: such a draft
    is no longer saved at all; the issue still refuses it when the appointment for the division ended since."""
    other = f.division(site.org, "Shop No. 5")
    # Access to the whole organisation, but appointed (by order) to issue permits for Shop No. 5 only.
    outsider = staff(site.org, other, AppointmentRole.PERMIT_ISSUER, Role.HEAD, last_name="Chuzhoy")
    with pytest.raises(ValidationError, match="may not issue permits for Shop No. 2"):
        site.draft(issuer=outsider)
    # Appointed for Shop No. 2 too, until today: the draft is saved, and issued tomorrow it is refused.
    f.appointment(outsider, AppointmentRole.PERMIT_ISSUER, divisions=[site.division],
                  valid_until=datetime.date(2026, 11, 23))
    permit = site.draft(issuer=outsider)
    clock.shift(datetime.timedelta(days=1))
    with pytest.raises(ActionRefused, match="does not cover Shop No. 2"):
        services.permit_issue(permit=permit, by=outsider.user, credentials=PW)
    assert permit.status == Status.DRAFT


def test_344_cl16_several_divisions_need_authority_over_all_of_them(site):
    """344 cl.16: with several divisions taking part, the issuer must be authorised for every one of them."""
    second = f.division(site.org, "Repair shop")
    permit = joint_draft(site, second)
    with pytest.raises(ActionRefused, match="does not cover Repair shop"):
        services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW)
    assert permit.status == Status.DRAFT


def test_344_cl16_several_divisions_issued_by_the_person_the_head_authorised(site):
    """344 cl.16: "issued by the head of the organization or a person authorized by him/her" (the whole organisation)."""
    second = f.division(site.org, "Repair shop")
    chief = staff(site.org, site.division, AppointmentRole.PERMIT_ISSUER, Role.HEAD, last_name="Glavnyy",
                  appointment=False)
    f.appointment(chief, AppointmentRole.PERMIT_ISSUER, whole=True)
    permit = joint_draft(site, second, issuer=chief)
    permit = services.permit_issue(permit=permit, by=chief.user, credentials=PW)
    assert permit.status == Status.ISSUED


def test_344_cl16_appointment_listing_every_division_suffices(site):
    """344 cl.16: an authorisation that names each division taking part covers the joint work."""
    second = f.division(site.org, "Repair shop")
    f.appointment(site.issuer, AppointmentRole.PERMIT_ISSUER, divisions=[site.division, second])
    permit = joint_draft(site, second)
    assert services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW).status == Status.ISSUED


# --- the post (Kazakh text: "құрылымдық бөлімшелердің басшылары немесе олардың орынбасарлары") -------------------------

def issue(person, permit):
    return services.permit_issue(permit=permit, by=person.user, credentials=PW)


def test_344_cl16_appointed_non_head_is_refused_for_local_work(site):
    """344 cl.16: local work is issued by the head of the division or a deputy; an order to issue without the post does
    not make a person either."""
    clerk = staff(site.org, site.division, AppointmentRole.PERMIT_ISSUER, Role.PERMIT_ISSUER, last_name="Prikazov")
    permit = site.draft(issuer=clerk)
    with pytest.raises(ActionRefused, match=r"Prikazov Ivan is neither the head of Shop No\. 2 nor a deputy head.*"
                                            r"344 cl\.16"):
        issue(clerk, permit)
    assert permit.status == Status.DRAFT


def test_344_cl16_head_of_the_division_issues_by_the_post_without_an_issuer_order(site):
    """344 cl.16: the head of the division issues its local work by the post; no separate order to issue is needed."""
    head = staff(site.org, site.division, AppointmentRole.RESPONSIBLE_MANAGER, Role.DIVISION_HEAD, last_name="Nachalnikov",
                 position=AppointmentPosition.HEAD)
    assert issue(head, site.draft(issuer=head)).status == Status.ISSUED


def test_344_cl16_deputy_of_the_workshop_issues_for_a_site_inside_it(site):
    """344 cl.16: "where this work is supposed to be carried out": a site inside the workshop is the workshop's work."""
    unit = f.division(site.org, "Unit AVT-6", parent=site.division)
    assert issue(site.issuer, site.draft(division=unit)).status == Status.ISSUED


def test_344_cl16_head_of_another_division_is_refused(site):
    """344 cl.16: the head of one division does not issue the local work of another, even authorised for it: local work
    is issued by the head of its own division or a deputy. (Issue 11: without any appointment covering Shop No. 2 his
    draft is not saved at all.)"""
    other = f.division(site.org, "Boiler house")
    head = staff(site.org, other, AppointmentRole.PERMIT_ISSUER, Role.HEAD, last_name="Kotelnyy",
                 position=AppointmentPosition.HEAD)
    with pytest.raises(ValidationError, match=r"may not issue permits for Shop No\. 2"):
        site.draft(issuer=head)
    f.appointment(head, AppointmentRole.PERMIT_ISSUER, divisions=[site.division])
    with pytest.raises(ActionRefused, match=r"neither the head of Shop No\. 2 nor a deputy head"):
        issue(head, site.draft(issuer=head))


def test_344_cl16_head_of_the_organisation_issues_work_of_several_divisions(site):
    """344 cl.16: work of several divisions is issued by "ұйымның басшысы" — the head of the organisation."""
    second = f.division(site.org, "Repair shop")
    director = staff(site.org, site.division, "", Role.HEAD, last_name="Direktorov", appointment=False)
    f.appointment(director, AppointmentRole.PERMIT_ISSUER, whole=True, position=AppointmentPosition.HEAD)
    permit = joint_draft(site, second, issuer=director)
    assert issue(director, permit).status == Status.ISSUED


def test_344_cl16_deputies_of_each_division_do_not_issue_work_of_several_divisions(site):
    """344 cl.16: a deputy head of every division taking part is still neither the head of the organisation nor a person
    he authorised."""
    second = f.division(site.org, "Repair shop")
    f.appointment(site.issuer, AppointmentRole.PERMIT_ISSUER, divisions=[second], position=AppointmentPosition.DEPUTY)
    permit = joint_draft(site, second)
    with pytest.raises(ActionRefused, match=r"neither the head of the organisation nor a person the head authorised.*"
                                            r"344 cl\.16"):
        issue(site.issuer, permit)
    assert permit.status == Status.DRAFT
