"""344 cl.19-20: the issuer names the responsible manager, the admitting person and the performer on the permit; they
need the competence the organisation requires, not a standing order of the head. The admitting person comes from the
management of the division where the work is done (the Kazakh text: "жұмыстар жүргізілетін жердегі бөлімшенің басшылық
құрамынан"), never from a contractor."""

import datetime

import pytest
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import AppointmentRole, CompetenceRole
from qauipsiz.permits import services
from qauipsiz.permits.choices import Status
from qauipsiz.permits.gatekeeper import ActionRefused
from tests import factories as f

from .conftest import PW, staff


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def refusal(site, permit) -> str:
    with pytest.raises(ActionRefused) as refused:
        services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW)
    return str(refused.value)


PARTS = [
    ("performer", CompetenceRole.WORK_PERFORMER, "Work performer"),
    ("responsible_manager", CompetenceRole.RESPONSIBLE_MANAGER, "Responsible manager"),
    ("admitting_persons", CompetenceRole.ADMITTING_PERSON, "Admitting person"),
]


def named(field, person) -> dict:
    return {field: [person] if field == "admitting_persons" else person}


@pytest.mark.parametrize("field, role, label", PARTS)
def test_344_cl19_people_named_on_the_permit_need_no_standing_order(site, field, role, label):
    """344 cl.19: the issuer "appoints" them on the permit itself; no order of the head for the function is needed."""
    named_here = staff(site.org, site.division, "", Role.WORK_PERFORMER, last_name="Naznachenov", appointment=False)
    f.requirement(site.org, role, "industrial_safety")
    permit = services.permit_issue(permit=site.draft(**named(field, named_here)), by=site.issuer.user, credentials=PW)
    assert permit.status == Status.ISSUED


@pytest.mark.parametrize("field, role, label", PARTS)
def test_344_cl19_people_of_the_permit_need_the_competence_the_organisation_requires(site, field, role, label):
    """344 cl.19: an appointment by order does not stand in for the training the organisation requires of the part."""
    f.requirement(site.org, role, "work_at_height")
    stranger = staff(site.org, site.division, role, Role.WORK_PERFORMER, last_name="Neznakomov")
    text = refusal(site, site.draft(**named(field, stranger)))
    assert f"Neznakomov Ivan is not competent as {label}" in text
    assert "there is no record of the training" in text
    assert "by an order of the head" not in text


def test_344_cl19_an_expired_training_is_refused_with_its_date(site):
    """344 cl.19: the training must be valid on the day; the refusal says when it expired."""
    f.requirement(site.org, CompetenceRole.WORK_PERFORMER, "work_at_height")
    newcomer = staff(site.org, site.division, "", Role.WORK_PERFORMER, last_name="Novichkov", appointment=False)
    f.training(newcomer, "work_at_height", passed=datetime.date(2025, 11, 1), until=datetime.date(2026, 11, 1))
    text = refusal(site, site.draft(performer=newcomer))
    assert "expired on 01.11.2026" in text


def test_344_cl19_every_problem_is_named_at_once(site):
    """344 cl.19: the refusal lists every person who is not competent, not only the first."""
    for role in (CompetenceRole.WORK_PERFORMER, CompetenceRole.RESPONSIBLE_MANAGER):
        f.requirement(site.org, role, "work_at_height")
    a = staff(site.org, site.division, "", Role.WORK_PERFORMER, last_name="Pervov", appointment=False)
    b = staff(site.org, site.division, "", Role.RESPONSIBLE_MANAGER, last_name="Vtorov", appointment=False)
    text = refusal(site, site.draft(performer=a, responsible_manager=b, admitting_persons=[]))
    assert "Pervov Ivan" in text and "Vtorov Ivan" in text and "no admitting person is named (item 3)" in text


def test_344_cl20_admitting_person_from_another_division_is_refused(site):
    """344 cl.20: the admitting person comes from the management of the division where the work is done."""
    elsewhere = f.division(site.org, "Boiler house")
    foreign = staff(site.org, elsewhere, AppointmentRole.ADMITTING_PERSON, Role.ADMITTING_PERSON, last_name="Kotelnikov")
    text = refusal(site, site.draft(admitting_persons=[foreign]))
    assert "Kotelnikov Ivan is not of the management of Shop No. 2, where the work is done" in text
    assert "(344 cl.20)" in text


def test_344_cl20_contractors_employee_is_refused_as_admitting_person(site):
    """344 cl.20: a contractor's employee is not of the management of the organisation's division."""
    contractor = f.contractor(site.org)
    hired = f.person(site.org, site.division, last_name="Naemnikov", contractor=contractor)
    text = refusal(site, site.draft(admitting_persons=[hired]))
    assert "Naemnikov Ivan is an employee of the contractor Scaffold LLP" in text and "(344 cl.20)" in text


def test_344_cl20_management_of_the_workshop_admits_on_a_site_inside_it(site):
    """344 cl.20: the management of the workshop is the management of the sites inside it."""
    unit = f.division(site.org, "Unit AVT-6", parent=site.division)
    permit = services.permit_issue(permit=site.draft(division=unit), by=site.issuer.user, credentials=PW)
    assert permit.status == Status.ISSUED
