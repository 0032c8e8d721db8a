"""344 cl.28: a stop within one shift leaves the permit with the performer and the crew restarts on his word; after a
break of more than one shift re-admission follows a check by the admitting person and the performer that the safety
conditions of the permit have not changed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from qauipsiz.permits import services
from qauipsiz.permits.choices import Status
from qauipsiz.permits.models import Permit

from .conftest import PW, START


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English here (the suite runs in Kazakh by default)."""
    with translation.override("en"):
        yield


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=START.tzinfo)


def extend(site, permit, **kwargs):
    site.fresh_sample(permit)  # the extension admits the crew for the next shift: a fresh sample first (item 5.4)
    return services.permit_extend(measures_checked=True, permit=permit, by=site.admitting.user, credentials=PW,
                                  shift_performer=site.performer, performer_credentials=PW, crew_count=3, **kwargs)


def test_344_cl28_stop_within_one_shift_needs_no_formal_check(site, clock):
    """344 cl.28: "termination of work ... during one shift" — the crew starts again without the conditions check."""
    permit = site.in_progress()
    clock.move_to(at(23, 12))
    services.permit_pause(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    clock.move_to(at(23, 16))
    site.sample(permit, value="0.5")  # a fresh air sample for the re-admission (item 5.4)
    services.permit_readmit(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    assert Permit.objects.get(pk=permit.pk).status == Status.IN_PROGRESS


def test_344_cl28_break_longer_than_a_shift_requires_conditions_unchanged(site, clock):
    """344 cl.28: "If there is a break ... of more than one shift" — only after checking the conditions have not changed."""
    permit = site.in_progress()
    clock.move_to(at(23, 17))
    services.permit_pause(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    clock.move_to(at(24, 7, 30))  # 14.5 hours: the night shift passed without work
    with pytest.raises(ValidationError, match="cl.28"):
        extend(site, permit)
    permit = Permit.objects.get(pk=permit.pk)
    assert permit.status == Status.PAUSED and permit.extensions.count() == 0
    extend(site, permit, conditions_unchanged=True)
    assert Permit.objects.get(pk=permit.pk).status == Status.IN_PROGRESS


def test_344_cl28_lapsed_over_a_shift_requires_conditions_unchanged(site, clock):
    """344 cl.28: the same holds when the permit lapsed and work resumes more than a shift later."""
    permit = site.in_progress()
    clock.move_to(at(23, 20, 1))
    services.permit_lapse(permit=permit)
    clock.move_to(at(24, 8, 30))
    with pytest.raises(ValidationError, match="cl.28"):
        extend(site, permit)
    extend(site, permit, conditions_unchanged=True)
    assert Permit.objects.get(pk=permit.pk).status == Status.IN_PROGRESS


def test_344_cl28_short_break_at_a_shift_change_needs_no_check(site, clock):
    """344 cl.28 (a contrario): a handover between consecutive shifts is not a break of more than one shift."""
    permit = site.in_progress()
    clock.move_to(at(23, 19, 30))
    services.permit_hand_over_shift(permit=permit, by=site.performer.user, credentials=PW)
    clock.move_to(at(23, 19, 50))
    extend(site, permit)
    assert Permit.objects.get(pk=permit.pk).status == Status.IN_PROGRESS
