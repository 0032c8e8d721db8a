"""Annex 1 item 5.4: "Take a sample for analysis of the air environment (indicate the places and the result of the
analysis, the gas contamination group)" — «талдау орны мен нәтижесін, газдану тобын көрсету».

- the latest reading of every substance at every place counts: one failing blocks admission, re-admission (344 cl.23,
  cl.28) and resumption (cl.27) until a new passing reading of that substance there;
- those acts also need the readings fresh: taken within the work type's sample validity (default one hour) and not
  before the permit was issued;
- measure 5.4 is signed as carried out only once a passing sample is recorded.

The service's refusals here; the API, the pages and the printed form in `test_344_annex1_item5_4_air_records.py`."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from qauipsiz.permits import services
from qauipsiz.permits.choices import Status
from qauipsiz.permits.gatekeeper import ActionRefused
from qauipsiz.permits.models import Permit, WorkType

from .conftest import PW, START


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English here (the suite runs in Kazakh by default)."""
    with translation.override("en"):
        yield


def sample_measure(permit):
    return permit.measures.get(code="5.4")


def complete_all_but_5_4(site, permit) -> Permit:
    for measure in permit.measures.exclude(code="5.4"):
        services.measure_complete(measure=measure, by=site.admitting.user, credentials=PW)
    services.permit_approve(permit=permit, by=site.supervisor.user, credentials=PW)
    return permit


def prepared_with_passing_sample(site, **sample) -> Permit:
    """Issued, a passing sample at P-12 bay, every measure signed (5.4 after the sample), approved."""
    permit = complete_all_but_5_4(site, site.issued())
    site.sample(permit, value="1.0", **sample)
    services.measure_complete(measure=sample_measure(permit), by=site.admitting.user, credentials=PW)
    return permit


def admit(site, permit):
    return services.permit_admit(permit=permit, by=site.admitting.user, credentials=PW, measures_checked=True,
                                 performer_briefed=True, copy_handed_over=True)


def at(hour: int, minute: int = 0, day: int = 23) -> datetime.datetime:
    return START.replace(day=day, hour=hour, minute=minute)


def pause(site, permit):
    services.permit_pause(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)


def readmit(site, permit):
    return services.permit_readmit(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)


def suspend(site, permit):
    return services.permit_suspend(permit=permit, by=site.admitting.user, reason="Gas alarm in unit 7",
                                   credentials=PW, performer_credentials=PW)


def resume(site, permit):
    return services.permit_resume(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW,
                                  measures_rechecked=[m.pk for m in permit.measures.all()])


# --- the samples that exist (from before this rule) ------------------------------------------------------------------

def test_344_item5_4_admission_needs_an_air_sample(site):
    """Item 5.4: where the permit lists an air analysis, no admission without a recorded sample — and, since measure
    5.4 is signed only after a passing sample, no signature of the measure either."""
    permit = complete_all_but_5_4(site, site.issued())
    assert services.air_problems(permit) == ["no air sample has been recorded (item 5.4)"]
    with pytest.raises(ActionRefused, match=r"no air sample has been recorded \(item 5\.4\)"):
        services.measure_complete(measure=sample_measure(permit), by=site.admitting.user, credentials=PW)


def test_344_item5_4_failing_sample_blocks_admission_until_a_new_passing_sample_at_the_same_place(site, clock):
    """Item 5.4: the result at each place counts — a failing place stays failing until re-sampled there and passing."""
    permit = prepared_with_passing_sample(site)
    clock.move_to(START + datetime.timedelta(minutes=5))
    failing = site.sample(permit, value="7.5", limit="5.0", place="P-12 bay")
    assert failing.passed is False
    with pytest.raises(ActionRefused, match=r"P-12 bay \(H2S 7\.5 mg/m³, limit 5 mg/m³\) is outside the limit"):
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
        readmit(site, permit)
    clock.move_to(START.replace(hour=12, minute=30))
    site.sample(permit, value="1.0")
    readmit(site, permit)


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
                                   value=Decimal("1"), limit=Decimal("5"), unit="mg/m³", gas_group="II",
                                   measured_by=site.admitting)
    for value, limit in (("-1", "5"), ("1", "0")):
        with pytest.raises(ValidationError):
            services.air_sample_record(permit=permit, by=site.admitting.user, place="P-12 bay", taken_at=START,
                                       substance="H2S", value=Decimal(value), limit=Decimal(limit), unit="mg/m³",
                                       gas_group="II", measured_by=site.admitting)
    assert not permit.air_samples.exists()


def test_344_item5_4_permit_without_air_analysis_needs_no_sample(site):
    """Item 5.4 applies where the permit lists it: work at height is admitted without a sample."""
    permit = site.prepared(kind="height")
    assert not permit.air_samples.exists()
    admit(site, permit)


# --- rule 1: the latest reading of every substance at every place --------------------------------------------------

def test_344_item5_4_a_failing_reading_of_another_gas_at_the_same_place_blocks_admission(site, clock):
    """Item 5.4: a later passing H2S reading at P-12 bay does not hide the failing CO reading taken there before it."""
    permit = prepared_with_passing_sample(site)
    clock.move_to(at(9, 5))
    site.sample(permit, value="30", limit="20", substance="CO")
    clock.move_to(at(9, 10))
    site.sample(permit, value="0.5", substance="H2S")  # the newest sample at the place, passing
    with pytest.raises(ActionRefused, match=r"P-12 bay \(CO 30 mg/m³, limit 20 mg/m³\) is outside the limit"):
        admit(site, permit)
    assert Permit.objects.get(pk=permit.pk).status == Status.ISSUED
    clock.move_to(at(9, 15))
    site.sample(permit, value="12", limit="20", substance=" co ")  # the same substance, spelt loosely
    admit(site, permit)
    assert Permit.objects.get(pk=permit.pk).status == Status.ADMITTED


def test_344_item5_4_a_failing_reading_of_another_gas_blocks_readmission(site, clock):
    """Item 5.4, 344 cl.23: the same at re-admission after a daily break."""
    permit = site.in_progress()
    clock.move_to(at(12))
    pause(site, permit)
    site.sample(permit, value="25", limit="20", substance="CO")
    clock.move_to(at(12, 5))
    site.sample(permit, value="0.5", substance="H2S")
    with pytest.raises(ActionRefused, match=r"CO 25 mg/m³"):
        readmit(site, permit)
    site.sample(permit, value="5", limit="20", substance="CO")
    readmit(site, permit)


def test_344_item5_4_a_failing_reading_of_another_gas_blocks_resumption(site, clock):
    """Item 5.4, 344 cl.27: the same at resumption after a suspension."""
    permit = site.in_progress()
    clock.move_to(at(12))
    suspend(site, permit)
    site.sample(permit, value="15", limit="10", unit="% LEL", substance="Hydrocarbons")
    clock.move_to(at(12, 5))
    site.sample(permit, value="0.5", substance="H2S")
    with pytest.raises(ActionRefused, match=r"Hydrocarbons 15 % LEL, limit 10 % LEL"):
        resume(site, permit)
    site.sample(permit, value="2", limit="10", unit="% LEL", substance="Hydrocarbons")
    assert resume(site, permit).status == Status.IN_PROGRESS


# --- rule 2: a sample stands for the work type's validity, and only from issue -------------------------------------

def test_344_item5_4_a_sample_older_than_the_work_types_validity_does_not_admit(site, clock):
    """Item 5.4: by default a sample admits for one hour after it was taken; a week-old one never."""
    permit = prepared_with_passing_sample(site)
    assert permit.work_type.sample_validity_minutes == 60
    clock.move_to(at(10, 1))
    with pytest.raises(ActionRefused, match=r"taken at 23\.11\.2026 09:00, more than 60 minutes ago"):
        admit(site, permit)
    clock.move_to(at(10, 1, day=25))  # two days later
    with pytest.raises(ActionRefused, match="more than 60 minutes ago"):
        admit(site, permit)
    site.sample(permit, value="1.0")
    clock.move_to(at(11, 1, day=25))  # exactly the validity: still stands
    admit(site, permit)


def test_344_item5_4_the_sample_validity_is_set_per_work_type(site, clock):
    """Item 5.4: an organisation's work type may ask for a fresher sample (here 15 minutes)."""
    own = WorkType.objects.create(organisation=site.org, kind="hot", name_en="Hot work in the tank farm",
                                  sample_validity_minutes=15)
    own.measures.create(code="5.4", text_en="Sample the air at the tank")
    permit = site.issued(work_type=own)
    for measure in permit.measures.all():
        if measure.code == "5.4":
            site.sample(permit, value="1.0")
        services.measure_complete(measure=measure, by=site.admitting.user, credentials=PW)
    services.permit_approve(permit=permit, by=site.supervisor.user, credentials=PW)
    clock.move_to(at(9, 16))
    with pytest.raises(ActionRefused, match="more than 15 minutes ago"):
        admit(site, permit)
    site.sample(permit, value="1.0")
    admit(site, permit)


def test_344_item5_4_a_sample_taken_before_the_permit_was_issued_does_not_admit(site, clock):
    """Item 5.4, 344 cl.5, cl.21: the measures exist from issue; a sample taken while the permit was only drawn up
    (entered afterwards with its real time) checked no place they prepared, however fresh."""
    permit = site.draft()
    clock.move_to(at(9, 30).replace(second=40))
    permit = complete_all_but_5_4(site, services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW))
    site.sample(permit, value="1.0", taken_at=at(9, 20))
    services.measure_complete(measure=sample_measure(permit), by=site.admitting.user, credentials=PW)
    with pytest.raises(ActionRefused, match=r"taken at 23\.11\.2026 09:20, before the permit was issued at "
                                            r"23\.11\.2026 09:30"):
        admit(site, permit)
    site.sample(permit, value="1.0", taken_at=at(9, 30))  # entered to the minute: the minute of issue counts
    admit(site, permit)


def test_344_item5_4_a_stale_sample_does_not_readmit(site, clock):
    """Item 5.4, 344 cl.23: the re-admission after the lunch-time break needs a sample of the last hour."""
    permit = site.in_progress()
    clock.move_to(at(13))
    pause(site, permit)
    with pytest.raises(ActionRefused, match="more than 60 minutes ago"):
        readmit(site, permit)
    site.sample(permit, value="1.0")
    readmit(site, permit)


def test_344_item5_4_a_stale_sample_does_not_resume(site, clock):
    """Item 5.4, 344 cl.27: "after checking all the initial measures" — the air among them."""
    permit = site.in_progress()
    clock.move_to(at(13))
    suspend(site, permit)
    with pytest.raises(ActionRefused, match="more than 60 minutes ago"):
        resume(site, permit)
    site.sample(permit, value="1.0")
    assert resume(site, permit).status == Status.IN_PROGRESS


# --- rule 6: measure 5.4 is signed only after a passing sample ------------------------------------------------------

def test_344_item5_4_measure_5_4_cannot_be_signed_before_a_passing_sample(site, clock):
    """Item 5.4, item 7: "take a sample" is carried out once a sample within its limits is there."""
    permit = site.issued()
    measure = sample_measure(permit)
    with pytest.raises(ActionRefused, match="Measure 5.4 can be signed as carried out once a passing air sample"):
        services.measure_complete(measure=measure, by=site.admitting.user, credentials=PW)
    site.sample(permit, value="9.0")
    with pytest.raises(ActionRefused, match="outside the limit"):
        services.measure_complete(measure=measure, by=site.admitting.user, credentials=PW)
    assert permit.measures.get(pk=measure.pk).done_at is None
    clock.move_to(at(9, 5))
    site.sample(permit, value="1.0")
    services.measure_complete(measure=measure, by=site.admitting.user, credentials=PW)
    assert permit.measures.get(pk=measure.pk).done_at is not None
    other = permit.measures.exclude(code="5.4").first()  # the other measures are not concerned
    services.measure_complete(measure=other, by=site.admitting.user, credentials=PW)


# --- rules 3, 4: the gas contamination group and the unit come from their lists -------------------------------------

def test_344_item5_4_the_gas_contamination_group_is_required_and_from_its_list(site):
    """Item 5.4: "indicate ... the gas contamination group"; the unit comes from its list too."""
    permit = site.issued()
    for bad in ({"gas_group": ""}, {"gas_group": "IV"}, {"unit": "furlongs"}):
        values = {"unit": "mg/m³", "gas_group": "II", **bad}
        with pytest.raises(ValidationError) as refused:
            services.air_sample_record(permit=permit, by=site.admitting.user, place="P-12 bay", taken_at=START,
                                       substance="H2S", value=Decimal("1"), limit=Decimal("5"),
                                       measured_by=site.admitting, **values)
        assert set(refused.value.message_dict) == set(bad)
    assert not permit.air_samples.exists()
    sample = site.sample(permit, value="1.0", gas_group="III", unit="ppm")
    assert (sample.gas_group, sample.get_gas_group_display(), sample.unit) == ("III", "Group III", "ppm")
