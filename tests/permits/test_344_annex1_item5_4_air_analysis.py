"""Annex 1 item 5.4: "Take a sample for analysis of the air environment (indicate the places and the result of the
analysis)" — a sample outside its limit blocks admission until a new passing sample at the same place."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from qauipsiz.permits import services
from qauipsiz.permits.choices import Status
from qauipsiz.permits.gatekeeper import ActionRefused
from qauipsiz.permits.models import Permit

from .conftest import PW, START


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English here (the suite runs in Kazakh by default)."""
    with translation.override("en"):
        yield


def prepared_without_sample(site) -> Permit:
    permit = site.issued()
    for measure in permit.measures.all():
        services.measure_complete(measure=measure, by=site.admitting.user, credentials=PW)
    services.permit_approve(permit=permit, by=site.supervisor.user, credentials=PW)
    return permit


def admit(site, permit):
    return services.permit_admit(permit=permit, by=site.admitting.user, credentials=PW, measures_checked=True,
                                 performer_briefed=True, copy_handed_over=True)


def test_344_item5_4_admission_needs_an_air_sample(site):
    """Item 5.4: where the permit lists an air analysis, no admission without a recorded sample."""
    permit = prepared_without_sample(site)
    with pytest.raises(ActionRefused, match=r"no air sample has been recorded \(item 5\.4\)"):
        admit(site, permit)


def test_344_item5_4_failing_sample_blocks_admission_until_a_new_passing_sample_at_the_same_place(site, clock):
    """Item 5.4: the result at each place counts — a failing place stays failing until re-sampled there and passing."""
    permit = prepared_without_sample(site)
    failing = site.sample(permit, value="7.5", limit="5.0", place="P-12 bay")
    assert failing.passed is False
    with pytest.raises(ActionRefused, match=r"P-12 bay .*outside the limit"):
        admit(site, permit)
    clock.move_to(START + datetime.timedelta(minutes=10))
    assert site.sample(permit, value="0.5", place="Pump house door").passed  # another place does not help
    with pytest.raises(ActionRefused, match="P-12 bay"):
        admit(site, permit)
    clock.move_to(START + datetime.timedelta(minutes=20))
    site.sample(permit, value="5.0", place="  p-12 BAY ")  # at the limit is within it; the same place, spelt loosely
    admit(site, permit)
    assert Permit.objects.get(pk=permit.pk).status == Status.ADMITTED
    assert services.air_problems(permit) == []


def test_344_item5_4_failing_sample_during_work_blocks_readmission(site, clock):
    """Item 5.4: a failing sample during the work blocks the re-admission after a break until a passing one."""
    permit = site.in_progress()
    clock.move_to(START.replace(hour=12))
    services.permit_pause(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    site.sample(permit, value="9.0")
    with pytest.raises(ActionRefused, match="P-12 bay"):
        services.permit_readmit(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    clock.move_to(START.replace(hour=12, minute=30))
    site.sample(permit, value="1.0")
    services.permit_readmit(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)


def test_344_item5_4_lapsed_permit_may_be_resampled_before_its_extension(site, clock):
    """Item 5.4, 344 cl.6: a failing sample before the shift ended is put right by a new sample, then the extension."""
    permit = site.in_progress()
    clock.move_to(START.replace(hour=19))
    site.sample(permit, value="9.0")
    clock.move_to(START.replace(hour=20, minute=1))
    services.permit_lapse(permit=permit)
    with pytest.raises(ActionRefused, match="P-12 bay"):
        services.permit_extend(
            measures_checked=True, permit=permit, by=site.admitting.user, credentials=PW, shift_performer=site.performer,
                               performer_credentials=PW, crew_count=3)
    site.sample(permit, value="1.0")
    services.permit_extend(
        measures_checked=True, permit=permit, by=site.admitting.user, credentials=PW, shift_performer=site.performer,
                           performer_credentials=PW, crew_count=3)
    assert Permit.objects.get(pk=permit.pk).status == Status.IN_PROGRESS


def test_344_item5_4_sample_values_are_plausible(site):
    """Item 5.4: a sample is recorded as measured — not in the future, no negative values, a positive limit."""
    permit = site.issued()
    with pytest.raises(ValidationError):
        services.air_sample_record(permit=permit, by=site.admitting.user, place="P-12 bay",
                                   taken_at=START + datetime.timedelta(hours=1), substance="H2S",
                                   value=Decimal("1"), limit=Decimal("5"), unit="mg/m³", measured_by=site.admitting)
    for value, limit in (("-1", "5"), ("1", "0")):
        with pytest.raises(ValidationError):
            services.air_sample_record(permit=permit, by=site.admitting.user, place="P-12 bay", taken_at=START,
                                       substance="H2S", value=Decimal(value), limit=Decimal(limit), unit="mg/m³",
                                       measured_by=site.admitting)
    assert not permit.air_samples.exists()


def test_344_item5_4_permit_without_air_analysis_needs_no_sample(site):
    """Item 5.4 applies where the permit lists it: work at height is admitted without a sample."""
    permit = site.prepared(kind="height")
    assert not permit.air_samples.exists()
    admit(site, permit)
