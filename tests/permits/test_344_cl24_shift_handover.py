"""344 cl.24 and item 12: the performer accepting a shift takes the work over with the permit, checks the conditions,
notes the extension in the permit and starts only with the admitting person's permission."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import AppointmentRole, CompetenceRole
from qauipsiz.ledger.signatures import SignatureRefused, signatures_of
from qauipsiz.permits import services
from qauipsiz.permits.choices import PauseKind, Status
from qauipsiz.permits.gatekeeper import ActionRefused
from qauipsiz.permits.models import Permit
from tests import factories as f

from .conftest import PW, START, staff


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English here (the suite runs in Kazakh by default)."""
    with translation.override("en"):
        yield


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=START.tzinfo)


@pytest.fixture
def night(site):
    """The performer of the night shift, appointed like the day one."""
    return staff(site.org, site.division, AppointmentRole.WORK_PERFORMER, Role.WORK_PERFORMER, last_name="Nochnoy")


def test_344_cl24_shift_handed_over_by_the_performer_and_accepted_by_the_incoming_one(site, clock, night):
    """344 cl.24: "accept the work from the shift operator along with a work permit ... make a note ... on the extension"."""
    permit = site.in_progress(crew=3)
    site.name_for_shifts(permit, night)
    clock.move_to(at(23, 19, 30))
    services.permit_hand_over_shift(permit=permit, by=site.performer.user, credentials=PW)
    permit = Permit.objects.get(pk=permit.pk)
    assert (permit.status, permit.pause_kind) == (Status.PAUSED, PauseKind.SHIFT_HANDOVER)
    site.fresh_sample(permit)  # the extension admits the next shift: a fresh air sample (item 5.4)
    extension = services.permit_extend(
        measures_checked=True, permit=permit, by=site.admitting.user, credentials=PW, shift_performer=night,
                                       performer_credentials=PW, crew_count=2)
    assert (extension.handed_over_by, extension.accepted_by, extension.admitted_by) == (site.performer, night,
                                                                                        site.admitting)
    assert (extension.extended_at, extension.shift_start, extension.shift_end, extension.crew_count) == (
        at(23, 19, 30), at(23, 20), at(24, 8), 2)
    signed = {s.purpose.removeprefix("permits.permit."): s.signer_person for s in signatures_of(permit)}
    assert signed["item12_shift_handed_over"] == site.performer
    assert signed["item12_shift_accepted"] == night
    assert signed["item12_extended"] == site.admitting
    permit = Permit.objects.get(pk=permit.pk)
    assert permit.status == Status.IN_PROGRESS and permit.pause_kind == ""


def test_344_cl24_incoming_shift_starts_only_with_the_admitting_persons_permission(site, clock, night):
    """344 cl.24: the incoming performer "start[s] work after receiving the permission of the admitting person"."""
    permit = site.in_progress()
    site.name_for_shifts(permit, night)
    clock.move_to(at(23, 19, 50))
    services.permit_hand_over_shift(permit=permit, by=site.performer.user, credentials=PW)
    clock.move_to(at(23, 20, 10))
    with pytest.raises(ActionRefused):  # not a break: the new shift is not covered until extended
        services.permit_readmit(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    site.fresh_sample(permit)  # the extension admits the next shift: a fresh air sample (item 5.4)
    with pytest.raises(PermissionDenied):  # the incoming performer cannot extend for himself
        services.permit_extend(measures_checked=True, permit=permit, by=night.user, credentials=PW, shift_performer=night,
                               performer_credentials=PW, crew_count=1)
    services.permit_extend(measures_checked=True, permit=permit, by=site.admitting.user, credentials=PW, shift_performer=night,
                           performer_credentials=PW, crew_count=1)
    assert Permit.objects.get(pk=permit.pk).status == Status.IN_PROGRESS


def test_344_cl24_incoming_performer_signs_himself(site, clock, night):
    """344 cl.24: the incoming performer personally accepts — his own wrong password records no extension."""
    permit = site.in_progress()
    site.name_for_shifts(permit, night)
    clock.move_to(at(23, 19, 30))
    services.permit_hand_over_shift(permit=permit, by=site.performer.user, credentials=PW)
    site.fresh_sample(permit)  # the extension admits the next shift: a fresh air sample (item 5.4)
    with pytest.raises(SignatureRefused):
        services.permit_extend(
            measures_checked=True, permit=permit, by=site.admitting.user, credentials=PW, shift_performer=night,
                               performer_credentials={"password": "wrong"}, crew_count=1)
    permit = Permit.objects.get(pk=permit.pk)
    assert permit.extensions.count() == 0 and permit.status == Status.PAUSED and permit.valid_until == at(23, 20)


def test_344_cl24_incoming_performer_must_be_competent(site, clock):
    """344 cl.24, cl.19: the performer of the incoming shift has the competence the organisation requires of a
    performer; otherwise the refusal says why."""
    permit = site.in_progress()
    stranger = staff(site.org, site.division, "", Role.WORK_PERFORMER, last_name="Sluchaynov", appointment=False)
    # Named by the issuer while competent (344 cl.29); the organisation then requires a training he lacks: the
    # extension checks his competence again when he signs.
    site.name_for_shifts(permit, stranger)
    f.requirement(site.org, CompetenceRole.WORK_PERFORMER, "work_at_height")
    clock.move_to(at(23, 19, 30))
    site.fresh_sample(permit)  # the extension admits the next shift: a fresh air sample (item 5.4)
    with translation.override("en"), pytest.raises(SignatureRefused) as refused:
        services.permit_extend(
            measures_checked=True, permit=permit, by=site.admitting.user, credentials=PW, shift_performer=stranger,
                               performer_credentials=PW, crew_count=1)
    assert "Sluchaynov Ivan is not competent as Work performer" in str(refused.value)
    assert "there is no record of the training" in str(refused.value)


def test_344_cl24_incoming_crew_is_counted_from_the_briefed_crew(site, clock):
    """Item 12, "the numerical strength of the advancing brigade": between one and the briefed crew of the permit."""
    permit = site.in_progress(crew=2)
    clock.move_to(at(23, 19, 30))
    site.fresh_sample(permit)  # the extension admits the next shift: a fresh air sample (item 5.4)
    for count in (0, 3):
        with pytest.raises(ValidationError):
            services.permit_extend(measures_checked=True, permit=permit, by=site.admitting.user, credentials=PW,
                                   shift_performer=site.performer, performer_credentials=PW, crew_count=count)
    assert permit.extensions.count() == 0


def test_344_cl24_only_the_performer_hands_over_the_shift(site, clock):
    """344 cl.24: the shift is handed over by the work performer, not by the admitting person or a crew member."""
    permit = site.in_progress()
    clock.move_to(at(23, 19, 30))
    for person in (site.admitting, site.crew[0]):
        with pytest.raises(PermissionDenied):
            services.permit_hand_over_shift(permit=permit, by=person.user, credentials=PW)
