"""344 cl.23: at admission the admitting person hands a copy to the performer; a daily break and the re-admission are
signed by the admitting person and the performer (a lunch break is not recorded)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from qauipsiz.ledger.models import LedgerEntry
from qauipsiz.ledger.signatures import SignatureRefused, signatures_of
from qauipsiz.permits import services
from qauipsiz.permits.choices import PauseKind, PeriodKind, Status
from qauipsiz.permits.models import Permit

from .conftest import PW, START


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English here (the suite runs in Kazakh by default)."""
    with translation.override("en"):
        yield

WRONG = {"password": "not the performer's password"}


def at(hour: int, minute: int = 0) -> datetime.datetime:
    return START.replace(hour=hour, minute=minute)


def state(permit):
    permit = Permit.objects.get(pk=permit.pk)
    return (permit.status, permit.paused_at, permit.pause_kind, permit.periods.count(), signatures_of(permit).count(),
            LedgerEntry.objects.filter(organisation=permit.organisation_id).count())


def test_344_cl23_copy_handed_over_at_admission(site):
    """344 cl.23: "the person admitting to working shall hand over a copy of the work permit to the manufacturer"."""
    permit = site.prepared()
    with pytest.raises(ValidationError, match="cl.22-23"):
        services.permit_admit(permit=permit, by=site.admitting.user, credentials=PW, measures_checked=True,
                              performer_briefed=True, copy_handed_over=False)
    assert Permit.objects.get(pk=permit.pk).status == Status.ISSUED


def test_344_cl23_daily_break_and_readmission_signed_by_both(site, clock):
    """344 cl.23: "A daily break in work and re-admission shall be formalized with the signatures" of both."""
    permit = site.in_progress()
    clock.move_to(at(13))
    services.permit_pause(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    permit = Permit.objects.get(pk=permit.pk)
    assert (permit.status, permit.pause_kind, permit.paused_at) == (Status.PAUSED, PauseKind.DAILY_BREAK, at(13))
    clock.move_to(at(14))
    site.sample(permit, value="0.5")  # a fresh air sample for the re-admission (item 5.4)
    services.permit_readmit(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    permit = Permit.objects.get(pk=permit.pk)
    assert permit.status == Status.IN_PROGRESS and permit.paused_at is None
    signed = {s.purpose.removeprefix("permits.permit."): s.signer_person for s in signatures_of(permit)}
    assert signed["cl23_break"] == site.admitting and signed["cl23_break_performer"] == site.performer
    assert signed["cl23_readmitted"] == site.admitting and signed["cl23_readmitted_performer"] == site.performer
    periods = [(p.kind, p.started_at, p.ended_at) for p in permit.periods.all()]
    assert periods == [(PeriodKind.INITIAL, at(9), at(13)), (PeriodKind.READMISSION, at(14), None)]


@pytest.mark.parametrize("act", ["pause", "readmit"])
def test_344_cl23_wrong_performer_password_refuses_and_changes_nothing(site, clock, act):
    """344 cl.23: without the performer's own signature neither the break nor the re-admission is recorded."""
    permit = site.in_progress()
    clock.move_to(at(13))
    if act == "readmit":
        services.permit_pause(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)
        clock.move_to(at(14))
    before = state(permit)
    service = services.permit_pause if act == "pause" else services.permit_readmit
    with pytest.raises(SignatureRefused):
        service(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=WRONG)
    with pytest.raises(ValidationError):  # no performer signature at all
        service(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials={})
    assert state(permit) == before


def test_344_cl23_the_break_is_not_signed_by_the_performer_alone(site):
    """344 cl.23: the admitting person formalises the break; the performer co-signs, he does not record it himself."""
    from django.core.exceptions import PermissionDenied

    permit = site.in_progress()
    with pytest.raises(PermissionDenied):
        services.permit_pause(permit=permit, by=site.performer.user, credentials=PW, performer_credentials=PW)
