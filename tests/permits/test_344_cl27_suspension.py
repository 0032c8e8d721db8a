"""344 cl.27: on a temporary suspension the crew leaves and the permit returns to the admitting person; work resumes
with his permission after all the initial measures are checked again and the permit returns to the performer."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from qauipsiz.ledger.signatures import SignatureRefused, signatures_of
from qauipsiz.permits import services
from qauipsiz.permits.choices import PeriodKind, Status
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


def suspend(site, permit, **kwargs):
    kwargs.setdefault("performer_credentials", PW)
    return services.permit_suspend(permit=permit, by=site.admitting.user, reason="Gas alarm in unit 7",
                                   credentials=PW, **kwargs)


def resume(site, permit, measures=None, **kwargs):
    kwargs.setdefault("performer_credentials", PW)
    if measures is None:
        measures = list(permit.measures.values_list("pk", flat=True))
    return services.permit_resume(permit=permit, by=site.admitting.user, credentials=PW, measures_rechecked=measures,
                                  **kwargs)


def test_344_cl27_suspend_returns_the_permit_to_the_admitting_person(site, clock):
    """344 cl.27: "the work manager shall remove the crew members ... and return the work order to the admitting"."""
    permit = site.in_progress(crew=2)
    clock.move_to(at(23, 11))
    suspend(site, permit)
    permit = Permit.objects.get(pk=permit.pk)
    assert (permit.status, permit.suspended_at, permit.end_note) == (Status.SUSPENDED, at(23, 11),
                                                                     "Gas alarm in unit 7")
    assert permit.periods.get().ended_at == at(23, 11)
    signed = {s.purpose.removeprefix("permits.permit."): s.signer_person for s in signatures_of(permit)}
    assert signed["cl27_suspended"] == site.admitting and signed["cl27_permit_returned"] == site.performer
    # The crew members are removed from the place of work; their rows stay on the permit.
    for member in permit.crew.all():
        services.crew_remove(member=member, by=site.performer.user)
    assert permit.crew.filter(removed_at__isnull=True).count() == 0 and permit.crew.count() == 2


def test_344_cl27_all_measures_must_be_rechecked_before_resumption(site, clock):
    """344 cl.27: resumption "after checking all the initial measures to ensure the safety"."""
    permit = site.in_progress()
    suspend(site, permit)
    ids = list(permit.measures.values_list("pk", flat=True))
    for partial in ([], ids[:-1]):
        with pytest.raises(ValidationError, match="cl.27"):
            resume(site, permit, measures=partial)
        assert Permit.objects.get(pk=permit.pk).status == Status.SUSPENDED
    clock.move_to(at(23, 12))
    site.sample(permit, value="0.5")  # a fresh air sample for the resumption (item 5.4)
    resume(site, permit, measures=ids)
    permit = Permit.objects.get(pk=permit.pk)
    assert permit.status == Status.IN_PROGRESS and permit.suspended_at is None
    assert [(p.kind, p.started_at) for p in permit.periods.all()] == [(PeriodKind.INITIAL, at(23, 9)),
                                                                      (PeriodKind.READMISSION, at(23, 12))]
    signed = {s.purpose.removeprefix("permits.permit."): s.signer_person for s in signatures_of(permit)}
    assert signed["cl27_resumed"] == site.admitting and signed["cl27_permit_received"] == site.performer


def test_344_cl27_permit_returns_to_the_performer_with_his_signature(site):
    """344 cl.27: "the return of the work permit to the manufacturer" — he signs; a wrong password resumes nothing."""
    permit = site.in_progress()
    suspend(site, permit)
    with pytest.raises(SignatureRefused):
        resume(site, permit, performer_credentials={"password": "wrong"})
    assert Permit.objects.get(pk=permit.pk).status == Status.SUSPENDED


def test_344_cl27_failing_air_sample_blocks_resumption(site):
    """344 cl.27, item 5.4: the initial measures include the air analysis — a failing sample blocks the resumption."""
    permit = site.in_progress()
    suspend(site, permit)
    site.sample(permit, value="12.0")
    with pytest.raises(ActionRefused, match="P-12 bay"):
        resume(site, permit)
    site.sample(permit, value="0.4")
    resume(site, permit)
    assert Permit.objects.get(pk=permit.pk).status == Status.IN_PROGRESS


def test_344_cl27_only_on_the_admitting_persons_direction(site):
    """344 cl.27: suspension is "at the direction of the admitting person" — the performer cannot suspend nor resume."""
    from django.core.exceptions import PermissionDenied

    permit = site.in_progress()
    with pytest.raises(PermissionDenied):
        services.permit_suspend(permit=permit, by=site.performer.user, reason="x", credentials=PW,
                                performer_credentials=PW)
    suspend(site, permit)
    with pytest.raises(PermissionDenied):
        services.permit_resume(permit=permit, by=site.performer.user, credentials=PW, performer_credentials=PW,
                               measures_rechecked=list(permit.measures.values_list("pk", flat=True)))


def test_344_cl27_suspension_over_a_shift_boundary_resumes_in_the_next_shift(site, clock):
    """344 cl.27, cl.6: a suspension may last into the next shift; resuming after every initial measure is checked
    again extends the whole-period permit for the running shift (item 12)."""
    permit = site.in_progress()
    clock.move_to(at(23, 19))
    suspend(site, permit)
    clock.move_to(at(24, 8, 30))
    site.sample(permit, value="0.5")  # a fresh air sample for the resumption (item 5.4)
    resume(site, permit)
    permit = Permit.objects.get(pk=permit.pk)
    assert permit.status == Status.IN_PROGRESS
    assert permit.valid_until == at(24, 20)
    assert permit.extensions.get().shift_start == at(24, 8)
