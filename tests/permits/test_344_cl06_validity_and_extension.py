"""344 cl.6: a permit is issued for one shift, or for the whole period of continuous work with an extension before each
shift by the admitting person; without a valid extension no work goes on (the lapse job ends it)."""

import datetime

import pytest
from django.utils import translation

from qauipsiz.permits import services
from qauipsiz.permits.choices import PeriodKind, Status, TerminationReason, Validity
from qauipsiz.permits.gatekeeper import ActionRefused
from qauipsiz.permits.models import Permit

from .conftest import PW, START


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English here (the suite runs in Kazakh by default)."""
    with translation.override("en"):
        yield


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=START.tzinfo)


def extend(site, permit, *, performer=None, crew=3, **kwargs):
    site.fresh_sample(permit)  # the extension admits the crew for the next shift: a fresh sample first (item 5.4)
    return services.permit_extend(measures_checked=True, permit=permit, by=site.admitting.user, credentials=PW,
                                  shift_performer=performer or site.performer, performer_credentials=PW,
                                  crew_count=crew, **kwargs)


def test_344_cl06_single_shift_permit_is_valid_for_its_shift_only(site):
    """344 cl.6: "A work permit shall be issued for a shift" — admission makes it valid to the end of that shift."""
    permit = site.admitted(validity=Validity.SINGLE_SHIFT)
    assert permit.valid_until == at(23, 20)


def test_344_cl06_single_shift_permit_cannot_be_extended(site, clock):
    """344 cl.6: only a permit for the whole period is extended for each shift; a one-shift permit is not."""
    permit = site.in_progress(validity=Validity.SINGLE_SHIFT)
    clock.move_to(at(23, 19, 30))
    with pytest.raises(ActionRefused, match="cl.6"):
        extend(site, permit)
    with pytest.raises(ActionRefused, match="cl.6"):
        services.permit_hand_over_shift(permit=permit, by=site.performer.user, credentials=PW)
    permit.refresh_from_db()
    assert (permit.status, permit.valid_until, permit.extensions.count()) == (Status.IN_PROGRESS, at(23, 20), 0)
    clock.move_to(at(23, 20, 5))
    assert services.permit_lapse(permit=permit).status == Status.LAPSED
    with pytest.raises(ActionRefused, match="cl.6"):
        extend(site, permit)


def test_344_cl06_whole_period_permit_is_extended_before_each_shift(site, clock):
    """344 cl.6: "issued for ... the entire period of work ... with an extension for each shift", never beyond it."""
    permit = site.in_progress()
    assert permit.planned_end == at(26, 9)
    boundaries = [(at(23, 19, 30), at(24, 8)), (at(24, 7, 30), at(24, 20)), (at(24, 19, 30), at(25, 8)),
                  (at(25, 7, 30), at(25, 20)), (at(25, 19, 30), at(26, 8)), (at(26, 7, 30), at(26, 9))]
    for moment, valid_until in boundaries:
        clock.move_to(moment)
        extension = extend(site, permit)
        permit.refresh_from_db()
        assert (permit.status, permit.valid_until, extension.shift_end) == (Status.IN_PROGRESS, valid_until,
                                                                             valid_until)
        assert extension.admitted_by == site.admitting
    assert permit.extensions.count() == 6
    clock.move_to(at(26, 8, 30))
    with pytest.raises(ActionRefused):  # the planned period ends at 09:00: there is no further shift of this permit
        extend(site, permit)


def test_344_cl06_extension_is_once_per_shift(site, clock):
    """344 cl.6: one extension per shift — a second extension for the same shift is refused."""
    permit = site.in_progress()
    clock.move_to(at(23, 19, 30))
    extend(site, permit)
    clock.move_to(at(23, 19, 45))
    with pytest.raises(ActionRefused):
        extend(site, permit)
    assert permit.extensions.count() == 1


def test_344_cl06_lapse_job_ends_work_not_extended(site, clock):
    """344 cl.6: the validity is retained only with an extension — at the end of the shift the permit lapses."""
    permit = site.in_progress()
    clock.move_to(at(23, 19, 59))
    assert not services.lapse_due().filter(pk=permit.pk).exists()
    assert services.permit_lapse(permit=permit) is None
    clock.move_to(at(23, 20, 0))
    assert services.lapse_due().filter(pk=permit.pk).exists()
    clock.move_to(at(23, 20, 3))
    assert services.lapse_job() == "1 permit(s) lapsed"
    permit = Permit.objects.get(pk=permit.pk)
    assert permit.status == Status.LAPSED
    period = permit.periods.get()
    assert period.ended_at == at(23, 20)  # the work ended with the shift, not when the job ran
    assert services.permit_lapse(permit=permit) is None  # idempotent
    for act in (services.permit_start_work, services.permit_hand_over_shift):
        with pytest.raises(ActionRefused):
            act(permit=permit, by=site.performer.user, credentials=PW)
    # The admitting person extends the lapsed permit for the running shift: work is admitted again.
    clock.move_to(at(23, 20, 30))
    extend(site, permit)
    permit.refresh_from_db()
    assert permit.status == Status.IN_PROGRESS and permit.valid_until == at(24, 8)
    assert [p.kind for p in permit.periods.all()] == [PeriodKind.INITIAL, PeriodKind.READMISSION]


def test_344_cl06_start_work_refused_without_valid_extension(site, clock):
    """344 cl.6: work without a valid permit for the present shift is impossible — start refused after the shift."""
    permit = site.admitted()
    services.permit_accept_workplace(permit=permit, by=site.performer.user, credentials=PW)
    member = services.crew_add(permit=permit, by=site.performer.user, person=site.crew[0])
    services.crew_brief(member=member, by=site.admitting.user, credentials=PW, member_credentials=PW)
    clock.move_to(at(23, 20, 5))  # the lapse job has not run yet: the service itself refuses
    with pytest.raises(ActionRefused, match="cl.6"):
        services.permit_start_work(permit=permit, by=site.performer.user, credentials=PW)
    permit.refresh_from_db()
    assert permit.status == Status.ADMITTED and permit.started_at is None


@pytest.mark.parametrize("validity", [Validity.WHOLE_PERIOD, Validity.SINGLE_SHIFT])
def test_344_cl06_readmission_refused_after_the_valid_shift(site, clock, validity):
    """344 cl.6: after a break the crew is re-admitted only within the shift the permit is valid for."""
    permit = site.in_progress(validity=validity)
    clock.move_to(at(23, 18))
    services.permit_pause(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    clock.move_to(at(23, 20, 30))
    with pytest.raises(ActionRefused):
        services.permit_readmit(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    permit.refresh_from_db()
    assert permit.status == Status.PAUSED
    lapses = services.lapse_due().filter(pk=permit.pk).exists()
    if validity == Validity.SINGLE_SHIFT:
        assert lapses  # a one-shift permit ends with its shift
        return
    assert not lapses  # a whole-period permit waits, paused, for its next extension
    extend(site, permit)
    permit.refresh_from_db()
    assert permit.status == Status.IN_PROGRESS and permit.valid_until == at(24, 8)


def test_344_cl06_paused_whole_period_permit_lapses_at_the_planned_end(site, clock):
    """344 cl.6: the permit is issued "for the period necessary": when that period is over it no longer allows work."""
    permit = site.in_progress()
    clock.move_to(at(23, 18))
    services.permit_pause(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    clock.move_to(at(26, 8))
    assert not services.lapse_due().filter(pk=permit.pk).exists()
    clock.move_to(at(26, 9))
    assert services.permit_lapse(permit=permit).status == Status.LAPSED


def test_344_cl06_lapsed_before_the_workplace_was_accepted_is_not_extended_into_work(site, clock):
    """344 cl.6, item 10: an extension continues accepted work — not a permit that lapsed before item 10 was signed."""
    permit = site.admitted()
    clock.move_to(at(23, 20, 1))
    services.permit_lapse(permit=permit)
    with pytest.raises(ActionRefused, match="item 10"):
        extend(site, permit)
    permit.refresh_from_db()
    assert permit.status == Status.LAPSED and permit.extensions.count() == 0
    new = services.permit_terminate(permit=permit, by=site.admitting.user, reason=TerminationReason.DISCREPANCY,
                                    note="Not started in its shift", credentials=PW)
    assert new.replaces_id == permit.pk
