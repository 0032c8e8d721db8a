"""344 cl.7: several performers at the same site at the same time → before issue, additional joint safety measures are
developed and entered in the permit of each performer."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from qauipsiz.permits import services
from qauipsiz.permits.choices import MeasureCode, Status
from qauipsiz.permits.gatekeeper import ActionRefused
from qauipsiz.permits.models import Permit

from .conftest import PW


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English here (the suite runs in Kazakh by default)."""
    with translation.override("en"):
        yield

JOINT = "Agree the order of work with the scaffolders; one watchman for both crews"


def test_344_cl07_overlap_at_the_same_place_and_time_refuses_issue(site):
    """344 cl.7: "before issuing a work permit" the joint measures must exist — issue refused until agreed."""
    first = site.issued()
    second = site.draft(scope_of_work="Insulate the pipeline", devices=[])
    assert list(services.overlapping_permits(second)) == [first]
    assert services.unresolved_overlaps(second) == [first]
    with pytest.raises(ActionRefused, match=r"344 cl\.7"):
        services.permit_issue(permit=second, by=site.issuer.user, credentials=PW)
    assert Permit.objects.get(pk=second.pk).status == Status.DRAFT


def test_344_cl07_joint_measures_appear_on_every_permit_concerned(site):
    """344 cl.7: the additional measures are indicated "in the permit ... issued to the manufacturer of work of each"."""
    first = site.issued()
    second = site.draft(scope_of_work="Insulate the pipeline", devices=[])
    agreement = services.joint_measures_agree(permit=second, others=[first], by=site.issuer.user, measures=JOINT)
    assert set(agreement.permits.all()) == {first, second}
    for permit in (first, second):
        joint = permit.measures.get(joint=agreement)
        assert (joint.code, joint.text) == (MeasureCode.ADDITIONAL, JOINT)
    assert services.unresolved_overlaps(second) == []
    services.permit_issue(permit=second, by=site.issuer.user, credentials=PW)
    # The joint measure is carried out on the permit that was already issued before its admission, like any other.
    site.sample(first, value="1.0")  # before measure 5.4 is signed (item 5.4)
    for measure in first.measures.exclude(joint=agreement):
        services.measure_complete(measure=measure, by=site.admitting.user, credentials=PW)
    services.permit_approve(permit=first, by=site.supervisor.user, credentials=PW)
    with pytest.raises(ActionRefused, match="5.10"):
        services.permit_admit(permit=first, by=site.admitting.user, credentials=PW, measures_checked=True,
                              performer_briefed=True, copy_handed_over=True)
    services.measure_complete(measure=first.measures.get(joint=agreement), by=site.admitting.user, credentials=PW)
    services.permit_admit(permit=first, by=site.admitting.user, credentials=PW, measures_checked=True,
                          performer_briefed=True, copy_handed_over=True)
    assert Permit.objects.get(pk=first.pk).status == Status.ADMITTED


def test_344_cl07_same_equipment_counts_as_the_same_site(site):
    """344 cl.7: "at the same site" — a shared piece of equipment is the same site whatever the place is called."""
    first = site.issued()
    second = site.draft(place="Pump house, upper floor")  # the same device as the first
    assert services.unresolved_overlaps(second) == [first]


def test_344_cl07_no_overlap_at_another_time_or_place(site):
    """344 cl.7: only work "at the same time" at the same site needs joint measures."""
    first = site.issued()
    later = site.draft(planned_start=first.planned_end, planned_end=first.planned_end + datetime.timedelta(days=1))
    elsewhere = site.draft(place="Tank farm, tank T-3", devices=[])
    assert services.unresolved_overlaps(later) == [] and services.unresolved_overlaps(elsewhere) == []
    services.permit_issue(permit=elsewhere, by=site.issuer.user, credentials=PW)
    with pytest.raises(ValidationError):  # joint measures are for permits that do overlap
        services.joint_measures_agree(permit=later, others=[first], by=site.issuer.user, measures=JOINT)


def test_344_cl07_joint_measures_must_be_described(site):
    """344 cl.7: the joint measures are "developed" — an empty text is no agreement."""
    first = site.issued()
    second = site.draft(devices=[])
    with pytest.raises(ValidationError):
        services.joint_measures_agree(permit=second, others=[first], by=site.issuer.user, measures="  ")
    assert services.unresolved_overlaps(second) == [first]
