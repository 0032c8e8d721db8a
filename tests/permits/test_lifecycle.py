"""A hot-work permit through its whole life at the service level (344 cl.10-11, cl.13, cl.22-24, items 6-13)."""

import datetime

from qauipsiz.core.choices import DeviceState
from qauipsiz.ledger.verify import verify_organisation
from qauipsiz.permits import services
from qauipsiz.permits.choices import PeriodKind, Status
from qauipsiz.permits.models import Permit

from .conftest import PW


def test_344_whole_life_of_a_hot_work_permit(site, clock):
    permit = site.in_progress(crew=3)
    assert permit.status == Status.IN_PROGRESS
    assert (permit.number, permit.year) == (1, 2026)
    site.device.refresh_from_db()
    assert site.device.state == DeviceState.UNDER_PERMIT

    # End of the day shift: the performer hands over, the admitting person extends for the night shift (item 12).
    clock.move_to(datetime.datetime(2026, 11, 23, 19, 30, tzinfo=permit.planned_start.tzinfo))
    services.permit_hand_over_shift(permit=permit, by=site.performer.user, credentials=PW)
    site.fresh_sample(permit)  # the extension admits the next shift: a fresh air sample (item 5.4)
    extension = services.permit_extend(measures_checked=True, permit=permit, by=site.admitting.user, credentials=PW,
                                       shift_performer=site.performer, performer_credentials=PW, crew_count=3)
    assert extension.shift_end.hour == 8
    permit.refresh_from_db()
    assert permit.status == Status.IN_PROGRESS

    # A suspension and resumption (344 cl.27).
    services.permit_suspend(permit=permit, by=site.admitting.user, reason="Gas alarm nearby", credentials=PW,
                            performer_credentials=PW)
    site.sample(permit, value="0.5")  # a fresh air sample for the resumption (item 5.4)
    services.permit_resume(permit=permit, by=site.admitting.user, credentials=PW, performer_credentials=PW,
                           measures_rechecked=list(permit.measures.values_list("pk", flat=True)))
    services.permit_hand_back(permit=permit, by=site.performer.user, credentials=PW, workplace_cleared=True,
                              people_withdrawn=True)
    services.permit_close(permit=permit, by=site.admitting.user, credentials=PW)
    permit = Permit.objects.get(pk=permit.pk)
    assert permit.status == Status.CLOSED
    assert [p.kind for p in permit.periods.all()] == [PeriodKind.INITIAL, PeriodKind.READMISSION]
    site.device.refresh_from_db()
    assert site.device.state == DeviceState.STOPPED
    assert verify_organisation(site.org.pk) == []
