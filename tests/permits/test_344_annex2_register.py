"""Annex 2 of Order 344, the register of issued permits: date and time (start and end) of the initial admission and of
each re-admission, the permit number, the person issuing it and the nature of the work — kept in the order permits are
received."""

import datetime

import pytest
from django.utils import translation

from qauipsiz.permits import services
from qauipsiz.permits.choices import PeriodKind
from qauipsiz.permits.models import AdmissionPeriod, Permit

from .conftest import PW, START


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English here (the suite runs in Kazakh by default)."""
    with translation.override("en"):
        yield


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=START.tzinfo)


def register(org) -> list[tuple]:
    rows = []
    for permit in Permit.objects.filter(organisation=org, number__isnull=False).order_by("year", "number"):
        periods = [(p.kind, p.started_at, p.ended_at) for p in permit.periods.order_by("started_at", "id")]
        rows.append((permit.number, permit.issuer_id, permit.scope_of_work, periods))
    return rows


def test_344_annex2_columns_initial_admission_and_readmissions(site, clock):
    """Annex 2: "Date and time (start and end) of the initial admission" and "of re-admission to work"."""
    permit = site.in_progress()
    clock.move_to(at(23, 13))
    services.permit_pause(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    clock.move_to(at(23, 14))
    site.sample(permit, value="0.5")  # a fresh air sample for the re-admission (item 5.4)
    services.permit_readmit(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    clock.move_to(at(23, 17, 30))
    services.permit_hand_back(permit=permit, by=site.performer.user, credentials=PW, workplace_cleared=True,
                              people_withdrawn=True)
    assert register(site.org) == [(1, site.issuer.pk, "Replace the flange gasket", [
        (PeriodKind.INITIAL, at(23, 9), at(23, 13)), (PeriodKind.READMISSION, at(23, 14), at(23, 17, 30))])]
    assert set(AdmissionPeriod.objects.filter(permit=permit).values_list("admitted_by", flat=True)) == {
        site.admitting.pk}


def test_344_annex2_readmission_after_an_overnight_break_and_after_suspension(site, clock):
    """Annex 2: each re-admission — after a daily break extended into a new shift, after a suspension — is a row."""
    permit = site.in_progress()
    clock.move_to(at(23, 18))
    services.permit_pause(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    clock.move_to(at(24, 7, 40))
    site.fresh_sample(permit)  # the extension admits the next shift: a fresh air sample (item 5.4)
    services.permit_extend(
        measures_checked=True, permit=permit, by=site.admitting.user, credentials=PW, shift_performer=site.performer,
                           performer_credentials=PW, crew_count=3, conditions_unchanged=True)
    clock.move_to(at(24, 10))
    services.permit_suspend(permit=permit, by=site.admitting.user, reason="Crane work overhead", credentials=PW,
                            performer_credentials=PW)
    clock.move_to(at(24, 11))
    site.sample(permit, value="0.5")  # a fresh air sample for the resumption (item 5.4)
    services.permit_resume(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW,
                           measures_rechecked=list(permit.measures.values_list("pk", flat=True)))
    [(_number, _issuer, _scope, periods)] = register(site.org)
    assert periods == [(PeriodKind.INITIAL, at(23, 9), at(23, 18)),
                       (PeriodKind.READMISSION, at(24, 7, 40), at(24, 10)),
                       (PeriodKind.READMISSION, at(24, 11), None)]


def test_344_annex2_rows_in_chronological_order_of_receipt(site, clock):
    """Annex 2 note: "registration ... in chronological order as work-permits are received"."""
    late = site.draft(place="Bay 1", devices=[], scope_of_work="Paint the handrails")
    early = site.draft(place="Bay 2", devices=[], scope_of_work="Weld the bracket")
    services.permit_issue(permit=early, by=site.issuer.user, credentials=PW)
    clock.move_to(at(23, 10))
    services.permit_issue(permit=late, by=site.issuer.user, credentials=PW)
    rows = register(site.org)
    assert [(number, scope) for number, _issuer, scope, _periods in rows] == [(1, "Weld the bracket"),
                                                                              (2, "Paint the handrails")]
    issued = list(Permit.objects.filter(organisation=site.org).order_by("number").values_list("issued_at", flat=True))
    assert issued == sorted(issued)
