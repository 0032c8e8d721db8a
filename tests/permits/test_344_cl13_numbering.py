"""344 cl.13 and the note to Annex 2: issued permits are registered in chronological order as they are issued — one
gapless series per organisation and year, the number taken at issue."""

import datetime

import pytest
from django.utils import translation

from qauipsiz.permits import services
from qauipsiz.permits.choices import Status
from qauipsiz.permits.gatekeeper import ActionRefused
from qauipsiz.permits.models import Permit

from .conftest import PW, make_site


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English here (the suite runs in Kazakh by default)."""
    with translation.override("en"):
        yield


def drafts(site, count: int) -> list[Permit]:
    # Different places and no shared equipment: permits that do not overlap (344 cl.7).
    return [site.draft(place=f"Bay {n}", devices=[]) for n in range(count)]


def issue(site, permit) -> Permit:
    return services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW)


def test_344_cl13_numbers_follow_the_order_of_issue_not_of_drafting(site):
    """344 cl.13, Annex 2 note: registration is "in chronological order as work-permits are received"."""
    first, second, third = drafts(site, 3)
    assert first.number is None and first.display_number == "—"
    for permit in (third, first, second):
        issue(site, permit)
    numbers = {p.pk: (p.number, p.year) for p in Permit.objects.filter(organisation=site.org)}
    assert numbers == {third.pk: (1, 2026), first.pk: (2, 2026), second.pk: (3, 2026)}


def test_344_cl13_no_gap_for_a_refused_issue_and_cancelled_keep_their_number(site):
    """344 cl.13: the register is numbered without gaps; a cancelled permit keeps its registered number."""
    first, second, third = drafts(site, 3)
    issue(site, first)
    services.permit_update(by=site.issuer.user, permit=second, changes={"earthwork": True})
    with pytest.raises(ActionRefused):  # refused (no agreement, cl.8): takes no number
        issue(site, second)
    issue(site, third)
    services.permit_cancel(permit=third, by=site.issuer.user, reason="Postponed", credentials=PW)
    services.permit_cancel(permit=second, by=site.issuer.user, reason="Not needed", credentials=PW)
    late = issue(site, site.draft(place="Bay 9", devices=[]))
    rows = {p.pk: (p.status, p.number) for p in Permit.objects.filter(organisation=site.org)}
    assert rows[first.pk] == (Status.ISSUED, 1)
    assert rows[third.pk] == (Status.CANCELLED, 2)
    assert rows[second.pk] == (Status.CANCELLED, None)  # a draft never issued never entered the register
    assert rows[late.pk] == (Status.ISSUED, 3)


def test_344_cl13_each_organisation_keeps_its_own_register(site):
    """344 cl.13: the register is kept by the organisation that issues the permits."""
    other = make_site("Second refinery")
    assert issue(site, site.draft()).number == 1
    assert issue(other, other.draft()).number == 1
    assert issue(site, site.draft(place="Bay 2", devices=[])).number == 2


def test_344_cl13_the_series_restarts_with_the_year(site, clock):
    """344 cl.13: the number is "No. N/year" — a new year opens a new series."""
    for permit in drafts(site, 2):
        issue(site, permit)
    new_year = datetime.datetime(2027, 1, 4, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=5)))
    clock.move_to(new_year)
    permit = issue(site, site.draft(planned_start=new_year, planned_end=new_year + datetime.timedelta(days=1)))
    assert (permit.number, permit.year) == (1, 2027)
    assert permit.display_number == "1/2027"
