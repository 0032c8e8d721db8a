"""344 cl.14-15: an electronic permit is protected against unauthorised change and kept a year after its closure;
permits of work with an accident stay with the investigation materials."""

import datetime

import pytest
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.ledger import retention
from qauipsiz.ledger.models import Hold
from qauipsiz.ledger.verify import verify_organisation
from qauipsiz.permits import services
from qauipsiz.permits.choices import TerminationReason
from qauipsiz.permits.models import Permit
from tests import factories as f

from .conftest import PW, START


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English here (the suite runs in Kazakh by default)."""
    with translation.override("en"):
        yield


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=START.tzinfo)


def full_life(site, clock) -> Permit:
    permit = site.in_progress(crew=2)
    clock.move_to(at(23, 13))
    services.permit_pause(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    clock.move_to(at(23, 14))
    site.sample(permit, value="0.5")  # a fresh air sample for the re-admission (item 5.4)
    services.permit_readmit(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW)
    member = permit.crew.first()
    services.crew_remove(member=member, by=site.performer.user)
    clock.move_to(at(23, 19, 30))
    services.permit_hand_over_shift(permit=permit, by=site.performer.user, credentials=PW)
    site.fresh_sample(permit)  # the extension admits the next shift: a fresh air sample (item 5.4)
    services.permit_extend(
        measures_checked=True, permit=permit, by=site.admitting.user, credentials=PW, shift_performer=site.performer,
                           performer_credentials=PW, crew_count=1)
    clock.move_to(at(23, 22))
    services.permit_suspend(permit=permit, by=site.admitting.user, reason="Gas alarm in the next unit",
                            credentials=PW, performer_credentials=PW)
    clock.move_to(at(23, 23))
    site.sample(permit, value="0.5")
    services.permit_resume(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW,
                           measures_rechecked=list(permit.measures.values_list("pk", flat=True)))
    clock.move_to(at(24, 3))
    services.permit_hand_back(permit=permit, by=site.performer.user, credentials=PW, workplace_cleared=True,
                              people_withdrawn=True)
    services.permit_close(permit=permit, by=site.admitting.user, credentials=PW)
    return Permit.objects.get(pk=permit.pk)


def test_344_cl14_ledger_verifies_after_a_full_life(site, clock):
    """344 cl.14: "protection against unauthorized changes in the information in the permit" — the chain verifies."""
    permit = full_life(site, clock)
    terminated = site.in_progress(crew=1, place="Bay 7", devices=[])
    replacement = services.permit_terminate(permit=terminated, by=site.admitting.user, reason=TerminationReason.CONNECTION,
                                            note="Pump P-14 must be started", credentials=PW)
    services.permit_report_lost(permit=site.issued(place="Bay 8", devices=[]), by=site.issuer.user, note="Lost",
                                credentials=PW)
    services.permit_cancel(permit=replacement, by=site.issuer.user, reason="Work moved", credentials=PW)
    assert permit.status == "closed"
    assert verify_organisation(site.org.pk) == []


def test_344_cl14_a_change_behind_the_services_back_is_found(site, clock):
    """344 cl.14: an unauthorised change of a stored permit is detected by the verification."""
    permit = full_life(site, clock)
    Permit.objects.filter(pk=permit.pk).update(scope_of_work="Something the issuer never signed")
    problems = verify_organisation(site.org.pk)
    assert [(p.object_type, p.object_id) for p in problems] == [("permits.permit", str(permit.pk))]
    assert "changed outside the system" in problems[0].message


def test_344_cl15_closed_permit_is_kept_one_year(site, clock):
    """344 cl.15: "storage of closed work orders ... within one year from the date of their closure"."""
    permit = full_life(site, clock)
    assert retention.purge_blockers(permit)  # just closed
    assert retention.purge_blockers(permit, now=permit.ended_at + datetime.timedelta(days=364))
    assert retention.purge_blockers(permit, now=permit.ended_at + datetime.timedelta(days=367)) == []
    open_permit = site.in_progress(crew=1, place="Bay 5", devices=[])
    assert retention.purge_blockers(open_permit, now=permit.ended_at + datetime.timedelta(days=800))


def test_344_cl15_permit_of_work_with_an_accident_is_kept_with_the_investigation(site, clock):
    """344 cl.15: permits of work during which accidents occurred stay with the investigation materials."""

    permit = full_life(site, clock)
    head = f.user(Role.HEAD, site.org)
    retention.hold_set(by=head, obj=permit, kind=Hold.Kind.INVESTIGATION, reason="Injury of a fitter, act No. 3")
    assert retention.purge_blockers(permit, now=permit.ended_at + datetime.timedelta(days=800))
