"""Item 12 (columns 3-4), 344 cl.24, cl.29: the incoming shift's crew and performer recorded on the extension."""

import datetime

import pytest
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.acts.refusals import CosignerRefused
from qauipsiz.core.choices import CompetenceRole
from qauipsiz.permits import services
from tests import factories as f

from .conftest import PW, START, staff
from .test_api import SIGN, as_, error, ok  # noqa: F401


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=START.tzinfo)


def test_344_item12_col3_incoming_crew_larger_than_the_previous_is_recorded(site, clock):
    """Item 12 column 3: the night crew of 4 follows a day crew of 2: its new members join and are briefed (item 11)
    during the handover, and the extension records 4."""
    permit = site.in_progress(crew=2)
    clock.move_to(at(23, 19, 30))
    services.permit_hand_over_shift(permit=permit, by=site.performer.user, credentials=PW)
    for person in site.crew[2:4]:
        member = services.crew_add(permit=permit, by=site.admitting.user, person=person)
        services.crew_brief(member=member, by=site.admitting.user, credentials=PW, member_credentials=PW)
    site.fresh_sample(permit)  # the extension admits the next shift: a fresh air sample (item 5.4)
    body = ok(as_(site.admitting).post(f"/{permit.pk}/extend", {"signature": SIGN, "cosignature": SIGN,
                                                                 "crew_count": 4, "measures_checked": True}))
    assert body["extensions"][-1]["crew_count"] == 4 and body["crew_counts"]["active"] == 4


def test_344_item12_incoming_performer_must_be_competent(site, clock):
    """Item 12 column 4, 344 cl.19, cl.29: the performer of the incoming shift holds the competence of a performer."""
    untrained = staff(site.org, site.division, "", Role.WORK_PERFORMER, last_name="Neobuchen", appointment=False)
    permit = site.in_progress()
    # Named by the issuer while competent (344 cl.29); then the organisation requires of a performer a training the
    # newcomer lacks (344 cl.19).
    site.name_for_shifts(permit, untrained)
    f.requirement(site.org, CompetenceRole.WORK_PERFORMER, "work_at_height")
    clock.move_to(at(23, 19, 30))
    site.fresh_sample(permit)  # the extension admits the next shift: a fresh air sample (item 5.4)
    with pytest.raises(CosignerRefused, match="not competent as Work performer"):
        services.permit_extend(measures_checked=True, permit=permit, by=site.admitting.user, credentials=PW,
                               shift_performer=untrained, performer_credentials=PW, crew_count=3)
    body = error(as_(site.admitting).post(f"/{permit.pk}/extend", {
        "signature": SIGN, "cosignature": SIGN, "crew_count": 3, "measures_checked": True,
        "shift_performer": untrained.pk}), 422)
    assert "not competent as Work performer" in str(body)
    assert not permit.extensions.exists()
