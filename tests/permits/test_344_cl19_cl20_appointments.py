"""344 cl.19-20: the issuer appoints the responsible manager, the admitting person and the performer — people appointed
to those functions; the admitting person comes from the management of the division doing the work."""

import datetime

import pytest
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import AppointmentRole
from qauipsiz.permits import services
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


@pytest.mark.parametrize("field, role, label", [
    ("performer", AppointmentRole.WORK_PERFORMER, "Work performer"),
    ("responsible_manager", AppointmentRole.RESPONSIBLE_MANAGER, "Responsible manager"),
    ("admitting_persons", AppointmentRole.ADMITTING_PERSON, "Admitting person"),
])
def test_344_cl19_people_of_the_permit_must_be_appointed(site, field, role, label):
    """344 cl.19: the issuer "appoints a work supervisor, who admits to working, a working performer" — appointed ones."""
    stranger = staff(site.org, site.division, role, Role.WORK_PERFORMER, last_name="Neznakomov", appointment=False)
    permit = site.draft(**{field: [stranger] if field == "admitting_persons" else stranger})
    text = refusal(site, permit)
    assert f"Neznakomov Ivan is not competent as {label}" in text
    assert f"there is no appointment as {label} by an order of the head" in text


def test_344_cl20_admitting_person_comes_from_the_divisions_management(site):
    """344 cl.20: the admitting person "shall be appointed from the management of the unit that performs these works"."""
    elsewhere = f.division(site.org, "Boiler house")
    foreign = staff(site.org, elsewhere, AppointmentRole.ADMITTING_PERSON, Role.ADMITTING_PERSON, last_name="Kotelnikov")
    text = refusal(site, site.draft(admitting_persons=[foreign]))
    assert "Kotelnikov Ivan is not competent as Admitting person" in text
    assert "the appointment as Admitting person does not cover Shop No. 2" in text


def test_344_cl19_appointment_not_yet_in_force_is_refused(site):
    """344 cl.19: the appointment must be valid on the day — one that starts later does not count yet."""
    newcomer = staff(site.org, site.division, AppointmentRole.WORK_PERFORMER, Role.WORK_PERFORMER,
                     last_name="Novichkov", appointment=False)
    f.appointment(newcomer, AppointmentRole.WORK_PERFORMER, divisions=[site.division],
                  valid_from=datetime.date(2026, 12, 1))
    text = refusal(site, site.draft(performer=newcomer))
    assert "starts only on 01.12.2026" in text


def test_344_cl19_every_problem_is_named_at_once(site):
    """344 cl.19: the refusal lists every person who is not appointed, not only the first."""
    a = staff(site.org, site.division, "", Role.WORK_PERFORMER, last_name="Pervov", appointment=False)
    b = staff(site.org, site.division, "", Role.RESPONSIBLE_MANAGER, last_name="Vtorov", appointment=False)
    text = refusal(site, site.draft(performer=a, responsible_manager=b, admitting_persons=[]))
    assert "Pervov Ivan" in text and "Vtorov Ivan" in text and "no admitting person is named (item 3)" in text
