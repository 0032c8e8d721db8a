"""344 cl.22: before admission the admitting person checks that the safety measures are carried out and briefs the
performer on the specifics of the work directly at the place of work."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from qauipsiz.ledger.signatures import signatures_of
from qauipsiz.permits import services
from qauipsiz.permits.choices import Status
from qauipsiz.permits.models import Permit

from .conftest import PW


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English here (the suite runs in Kazakh by default)."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize("missing", ["measures_checked", "performer_briefed"])
def test_344_cl22_admission_requires_measures_checked_and_performer_briefed(site, missing):
    """344 cl.22: "check the implementation of measures ... instruct the manufacturer of the work" before admission."""
    permit = site.prepared()
    confirmations = {"measures_checked": True, "performer_briefed": True, "copy_handed_over": True, missing: False}
    with pytest.raises(ValidationError, match="cl.22"):
        services.permit_admit(permit=permit, by=site.admitting.user, credentials=PW, **confirmations)
    permit = Permit.objects.get(pk=permit.pk)
    assert permit.status == Status.ISSUED and permit.admitted_at is None
    assert not signatures_of(permit).filter(purpose="permits.permit.item9_admitted").exists()


def test_344_cl22_admission_with_every_confirmation(site):
    """344 cl.22: with the measures checked and the performer briefed the admitting person signs item 9."""
    permit = site.admitted()
    assert permit.status == Status.ADMITTED and permit.admitted_at is not None
    signature = signatures_of(permit).get(purpose="permits.permit.item9_admitted")
    assert signature.signer_person == site.admitting and signature.competence_role == "admitting_person"


def test_344_cl22_extension_needs_the_measures_checked_and_the_performer_briefed(site, clock):
    """344 cl.22: "when extending the work permit" the admitting person checks the measures and briefs the performer."""
    permit = site.in_progress()
    clock.move_to(datetime.datetime(2026, 11, 23, 19, 30, tzinfo=permit.planned_start.tzinfo))
    services.permit_hand_over_shift(permit=permit, by=site.performer.user, credentials=PW)
    site.fresh_sample(permit)  # the extension admits the next shift: a fresh air sample (item 5.4)
    with pytest.raises(ValidationError) as refused:
        services.permit_extend(permit=permit, by=site.admitting.user, credentials=PW, shift_performer=site.performer,
                               performer_credentials=PW, crew_count=3, measures_checked=False)
    assert "measures_checked" in refused.value.message_dict
    permit.refresh_from_db()
    assert permit.status == Status.PAUSED and not permit.extensions.exists()
