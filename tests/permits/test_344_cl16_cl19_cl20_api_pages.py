"""344 cl.16, cl.19, cl.20 through the API and the issue page: the same refusals, with their clauses, and nothing issued."""

import pytest

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import AppointmentPosition, AppointmentRole, CompetenceRole
from qauipsiz.permits.choices import Status
from qauipsiz.permits.models import Permit
from tests import factories as f

from .conftest import staff
from .test_api import SIGN, as_, error, ok  # noqa: F401
from .test_views_support import SIGN as PAGE_SIGN
from .test_views_support import as_user, english, text, url  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")


def status_of(permit) -> str:
    return Permit.objects.get(pk=permit.pk).status


def clerk(site):
    return staff(site.org, site.division, AppointmentRole.PERMIT_ISSUER, Role.PERMIT_ISSUER, last_name="Prikazov")


def test_344_cl16_api_refuses_an_appointed_non_head(site):
    permit = site.draft(issuer=(person := clerk(site)))
    body = error(as_(person).post(f"/{permit.pk}/issue", {"signature": SIGN}), 409)
    assert "neither the head of Shop No. 2 nor a deputy head" in body["detail"] and "344 cl.16" in body["detail"]
    assert status_of(permit) == Status.DRAFT


def test_344_cl16_api_issues_by_the_head_of_the_division(site):
    head = staff(site.org, site.division, AppointmentRole.RESPONSIBLE_MANAGER, Role.DIVISION_HEAD,
                 last_name="Nachalnikov", position=AppointmentPosition.HEAD)
    permit = site.draft(issuer=head)
    assert ok(as_(head).post(f"/{permit.pk}/issue", {"signature": SIGN}))["status"] == "issued"


def test_344_cl16_page_refuses_an_appointed_non_head(client, site):
    permit = site.draft(issuer=(person := clerk(site)))
    response = as_user(client, person).post(url("issue", permit.pk), PAGE_SIGN)
    assert response.status_code == 409
    assert "neither the head of Shop No. 2 nor a deputy head" in text(response) and "344 cl.16" in text(response)
    assert status_of(permit) == Status.DRAFT


def test_344_cl19_api_issues_with_people_named_without_an_order(site):
    named = staff(site.org, site.division, "", Role.WORK_PERFORMER, last_name="Naznachenov", appointment=False)
    permit = site.draft(performer=named)
    assert ok(as_(site.issuer).post(f"/{permit.pk}/issue", {"signature": SIGN}))["status"] == "issued"


def test_344_cl19_page_refuses_a_performer_without_the_required_training(client, site):
    f.requirement(site.org, CompetenceRole.WORK_PERFORMER, "work_at_height")
    permit = site.draft()
    response = as_user(client, site.issuer).post(url("issue", permit.pk), PAGE_SIGN)
    assert response.status_code == 409
    assert "is not competent as Work performer" in text(response)
    assert status_of(permit) == Status.DRAFT


def test_344_cl20_api_refuses_a_contractors_employee_as_admitting_person(site):
    hired = f.person(site.org, site.division, last_name="Naemnikov", contractor=f.contractor(site.org))
    permit = site.draft(admitting_persons=[hired])
    body = error(as_(site.issuer).post(f"/{permit.pk}/issue", {"signature": SIGN}), 409)
    assert "employee of the contractor Scaffold LLP" in body["detail"] and "344 cl.20" in body["detail"]
    assert status_of(permit) == Status.DRAFT


def test_344_cl20_page_refuses_an_admitting_person_of_another_division(client, site):
    foreign = staff(site.org, f.division(site.org, "Boiler house"), "", Role.ADMITTING_PERSON, last_name="Kotelnikov",
                    appointment=False)
    permit = site.draft(admitting_persons=[foreign])
    response = as_user(client, site.issuer).post(url("issue", permit.pk), PAGE_SIGN)
    assert response.status_code == 409
    assert "not of the management of Shop No. 2" in text(response) and "344 cl.20" in text(response)
