"""344 cl.29: on a shift schedule for the whole validity of the permit a responsible performer is appointed for each
shift — the one who accepted the shift in the extension answers for the work during it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import AppointmentRole
from qauipsiz.ledger.signatures import SignatureRefused, signatures_of
from qauipsiz.permits import services
from qauipsiz.permits.choices import Status
from qauipsiz.permits.gatekeeper import current_performer_id, named_performers
from qauipsiz.permits.models import Permit
from tests import factories as f

from .conftest import PW, START, staff
from .test_api import as_
from .test_views_support import as_user, url


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English here (the suite runs in Kazakh by default)."""
    with translation.override("en"):
        yield


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=START.tzinfo)


@pytest.fixture
def night(site):
    return staff(site.org, site.division, AppointmentRole.WORK_PERFORMER, Role.WORK_PERFORMER, last_name="Nochnoy")


def take_over(site, permit, performer):
    """The day performer hands over; the admitting person extends for `performer` (named by the issuer for the shifts,
    344 cl.29), who accepts."""
    if not named_performers(permit).filter(pk=performer.pk).exists():
        site.name_for_shifts(permit, performer)
    services.permit_hand_over_shift(permit=permit, by=site.performer.user, credentials=PW)
    site.fresh_sample(permit)  # the extension admits the crew for the next shift: a fresh sample first (item 5.4)
    return services.permit_extend(
        measures_checked=True, permit=permit, by=site.admitting.user, credentials=PW, shift_performer=performer,
                                  performer_credentials=PW, crew_count=2)


def test_344_cl29_shift_performer_accepted_in_an_extension_becomes_the_current_performer(site, clock, night):
    """344 cl.29: "the responsible work supervisors shall be appointed for each shift"."""
    permit = site.in_progress(crew=2)
    assert current_performer_id(permit) == site.performer.pk
    clock.move_to(at(23, 19, 30))
    take_over(site, permit, night)
    assert current_performer_id(permit) == night.pk
    # During his shift the break is co-signed by him, not by the day performer.
    clock.move_to(at(24, 2))
    with pytest.raises(SignatureRefused):
        services.permit_pause(permit=permit, by=site.admitting.user, credentials=PW,
                              performer_credentials={"password": "wrong"})
    services.permit_pause(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    assert signatures_of(permit).get(purpose="permits.permit.cl23_break_performer").signer_person == night


def test_344_cl29_shift_performer_may_hand_back_the_permit(site, clock, night):
    """344 cl.29, item 13: the performer of the shift in which the work ends hands the permit back."""
    permit = site.in_progress(crew=2)
    clock.move_to(at(23, 19, 30))
    take_over(site, permit, night)
    clock.move_to(at(24, 4))
    services.permit_hand_back(permit=permit, by=night.user, credentials=PW, workplace_cleared=True,
                              people_withdrawn=True)
    permit = Permit.objects.get(pk=permit.pk)
    assert permit.status == Status.COMPLETED
    assert signatures_of(permit).get(purpose="permits.permit.item13_handed_back").signer_person == night
    services.permit_close(permit=permit, by=site.admitting.user, credentials=PW)


def test_344_cl29_shifts_alternate_between_performers(site, clock, night):
    """344 cl.29: the night performer hands the shift back to the day performer the next morning."""
    permit = site.in_progress(crew=2)
    clock.move_to(at(23, 19, 30))
    take_over(site, permit, night)
    clock.move_to(at(24, 7, 30))
    with pytest.raises(PermissionDenied):  # a crew member is nobody's shift performer
        services.permit_hand_over_shift(permit=permit, by=site.crew[0].user, credentials=PW)
    services.permit_hand_over_shift(permit=permit, by=night.user, credentials=PW)
    site.fresh_sample(permit)
    extension = services.permit_extend(measures_checked=True, permit=permit, by=site.admitting.user, credentials=PW,
                                       shift_performer=site.performer, performer_credentials=PW, crew_count=2)
    assert (extension.handed_over_by, extension.accepted_by) == (night, site.performer)
    assert current_performer_id(permit) == site.performer.pk


def test_344_cl29_a_shift_performer_from_another_division_sees_the_permit_he_accepted(site, clock, client):
    """344 cl.29: the performer appointed for a shift is named by the extension he accepted: he sees that permit (page
    and API) even when it is outside his own division's scope, while others of his division still do not."""
    other = f.division(site.org, "Repair shop")
    visitor = staff(site.org, other, AppointmentRole.WORK_PERFORMER, Role.WORK_PERFORMER, last_name="Priezzhiy",
                    appointment=False)
    f.appointment(visitor, AppointmentRole.WORK_PERFORMER, divisions=[site.division])
    colleague = staff(site.org, other, AppointmentRole.WORK_PERFORMER, Role.WORK_PERFORMER, last_name="Sosedov")
    permit = site.in_progress(crew=2)
    clock.move_to(at(23, 19, 30))
    take_over(site, permit, visitor)
    assert as_user(client, visitor).get(url("detail", permit.pk)).status_code == 200
    assert as_(visitor).get(f"/{permit.pk}").status_code == 200
    assert as_user(client, colleague).get(url("detail", permit.pk)).status_code == 404
    assert as_(colleague).get(f"/{permit.pk}").status_code == 404
