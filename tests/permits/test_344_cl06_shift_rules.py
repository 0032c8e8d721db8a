"""344 cl.6, cl.24, cl.29: "for one shift" is the shift in which the crew actually works (overtime and work outside the
schedule included), `valid_until` is never before admission, a one-shift permit plans one shift, admission waits for the
planned start (`qauipsiz/permits/shifts.py` has the rules and why)."""

import datetime
import zoneinfo

import pytest
from django.test import override_settings
from django.utils import timezone, translation

from qauipsiz.permits import services
from qauipsiz.permits.choices import Status, Validity
from qauipsiz.permits.gatekeeper import ActionRefused
from qauipsiz.permits.models import Permit, ShiftSchedule
from qauipsiz.permits.shifts import crew_shift, shift_at

from .conftest import PW, START
from .test_api import SIGN, as_, error, ok  # noqa: F401

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
WINDOW = datetime.timedelta(hours=1)
SCHEDULES = {
    "one 8-hour shift": (["08:00"], 8),
    "two 12-hour shifts": (["08:00", "20:00"], 12),
    "three 8-hour shifts": (["00:00", "08:00", "16:00"], 8),
    "a night shift across midnight": (["22:00"], 10),
    "day and night with gaps": (["07:00", "19:00"], 10),
    "overlapping shifts": (["06:00", "14:00", "18:00"], 9),
}
QUARTERS = [datetime.time(hour, minute) for hour in range(24) for minute in (0, 15, 30, 45)]
ADMIT = {"measures_checked": True, "performer_briefed": True, "copy_handed_over": True}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=START.tzinfo)


def schedule(site, starts, hours):
    ShiftSchedule.objects.update_or_create(organisation=site.org, defaults={"starts": starts, "hours": hours})


def admit(site, permit):
    return services.permit_admit(permit=permit, by=site.admitting.user, credentials=PW, measures_checked=True,
                                 performer_briefed=True, copy_handed_over=True)


def extend(site, permit, **kwargs):
    site.fresh_sample(permit)  # the extension admits the crew for the next shift: a fresh sample first (item 5.4)
    return services.permit_extend(measures_checked=True, permit=permit, by=site.admitting.user, credentials=PW,
                                  shift_performer=site.performer, performer_credentials=PW, crew_count=3, **kwargs)


# --- valid_until is never before admission: every quarter hour, every schedule --------------------------------------

@pytest.mark.parametrize("name", SCHEDULES)
@pytest.mark.parametrize("zone", ["Asia/Almaty", "Europe/Berlin"])
def test_344_cl06_valid_until_is_never_before_admission_at_any_quarter_hour(name, zone):
    """344 cl.6, property: for every quarter hour of the day (on a plain day and on both DST change days of a zone that
    has them; Asia/Almaty has none), the crew's shift ends after the moment of admission or extension, whatever the
    permit's validity was, and lasts at most one shift length beyond the extension window."""
    starts, hours = SCHEDULES[name]
    starts = sorted(datetime.time.fromisoformat(s) for s in starts)
    length = datetime.timedelta(hours=hours)
    tz = zoneinfo.ZoneInfo(zone)
    with timezone.override(tz):
        for day in (datetime.date(2026, 11, 23), datetime.date(2026, 3, 29), datetime.date(2026, 10, 25)):
            for quarter in QUARTERS:
                moment = datetime.datetime.combine(day, quarter, tzinfo=tz)
                for valid_until in (None, moment - length, moment, moment + datetime.timedelta(minutes=5),
                                    moment + WINDOW, moment + 3 * WINDOW):
                    shift = crew_shift(starts, hours, moment, window=WINDOW, valid_until=valid_until)
                    assert shift.end > moment, (name, moment, valid_until, shift)
                    assert shift.start < shift.end
                    assert shift.end - moment <= length + WINDOW + datetime.timedelta(hours=1), (name, moment, shift)


@pytest.mark.django_db
def test_344_cl06_valid_until_is_never_before_admission_with_the_organisations_schedule(site):
    """344 cl.6, property, through the schedule stored for the organisation (what admission reads), Asia/Almaty."""
    for name, (starts, hours) in SCHEDULES.items():
        schedule(site, starts, hours)
        for quarter in QUARTERS:
            moment = datetime.datetime.combine(datetime.date(2026, 11, 23), quarter, tzinfo=ALMATY)
            shift = shift_at(site.org.pk, moment)
            assert moment < shift.end <= moment + datetime.timedelta(hours=hours) + WINDOW, (name, moment, shift)


def test_344_cl06_the_crew_shift_in_the_cases_of_the_issue():
    """344 cl.6: 19:30 in an 08:00/20:00 schedule is the night crew (to 08:00); 17:00 after one 8-hour shift from
    08:00 is work outside the schedule, one shift length from admission (to 01:00, not 16:00)."""
    with timezone.override(ALMATY):
        two = crew_shift([datetime.time(8), datetime.time(20)], 12, at(23, 19, 30), window=WINDOW)
        assert (two.start, two.end, two.scheduled) == (at(23, 20), at(24, 8), True)
        one = crew_shift([datetime.time(8)], 8, at(23, 17), window=WINDOW)
        assert (one.start, one.end, one.scheduled) == (at(23, 17), at(24, 1), False)
        overtime = crew_shift([datetime.time(8)], 8, at(23, 15, 30), window=WINDOW, valid_until=at(23, 16))
        assert (overtime.start, overtime.end, overtime.scheduled) == (at(23, 16), at(24, 0), False)


# --- through the service and the API ----------------------------------------------------------------------------------

def test_344_cl06_admitted_before_the_night_shift_is_valid_for_the_night_shift(site, clock):
    """344 cl.6: a one-shift permit for the night crew admitted at 19:50 is valid until 08:00, not 20:00."""
    clock.move_to(at(23, 19, 50))
    permit = site.admitted(validity=Validity.SINGLE_SHIFT, planned_start=at(23, 20), planned_end=at(24, 8))
    assert permit.admitted_at == at(23, 19, 50) and permit.valid_until == at(24, 8)


def test_344_cl06_admitted_outside_a_one_shift_schedule_is_valid_for_one_shift_length(site, clock):
    """344 cl.6: with one 8-hour shift from 08:00, a permit admitted at 17:00 is valid until 01:00 (was 16:00)."""
    schedule(site, ["08:00"], 8)
    clock.move_to(at(23, 17))
    permit = site.admitted(validity=Validity.SINGLE_SHIFT, planned_start=at(23, 17), planned_end=at(24, 1))
    assert permit.valid_until == at(24, 1) > permit.admitted_at


def test_344_cl06_admitted_outside_the_schedule_by_the_api(site, clock):
    """344 cl.6 through the API: the body's valid_until is the crew's shift, after the admission."""
    schedule(site, ["08:00"], 8)
    clock.move_to(at(23, 17))
    permit = site.prepared(validity=Validity.SINGLE_SHIFT, planned_start=at(23, 17), planned_end=at(24, 1))
    body = ok(as_(site.admitting).post(f"/{permit.pk}/admit", {"signature": SIGN, **ADMIT}))
    valid_until = datetime.datetime.fromisoformat(body["valid_until"])
    assert valid_until == at(24, 1) > datetime.datetime.fromisoformat(body["admitted_at"])
    assert body["next_extension_at"] is None  # a one-shift permit is not extended


def test_344_cl06_overtime_is_extended_for_one_more_shift_length(site, clock):
    """344 cl.6: in a one-shift plant the crew of a whole-period permit works on after 16:00 under an extension made
    before its validity ends (overtime), and the scheduled shift takes over again in the morning."""
    schedule(site, ["08:00"], 8)
    permit = site.in_progress()
    assert permit.valid_until == at(23, 16)
    for moment, shift_start, valid_until in ((at(23, 15, 30), at(23, 16), at(24, 0)),
                                             (at(23, 23, 30), at(24, 0), at(24, 8)),
                                             (at(24, 7, 30), at(24, 8), at(24, 16))):
        clock.move_to(moment)
        extension = extend(site, permit)
        permit.refresh_from_db()
        assert (extension.shift_start, permit.valid_until, permit.status) == (shift_start, valid_until,
                                                                              Status.IN_PROGRESS)


def test_344_cl06_single_shift_permit_planned_longer_than_one_shift_is_refused_at_issue(site):
    """344 cl.6: a permit "for one shift" planned over ten years is refused at issue, and nothing is numbered."""
    permit = site.draft(validity=Validity.SINGLE_SHIFT, planned_end=START + datetime.timedelta(days=3653))
    with pytest.raises(ActionRefused, match="at most one shift"):
        services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW)
    assert Permit.objects.get(pk=permit.pk).status == Status.DRAFT
    body = error(as_(site.issuer).post(f"/{permit.pk}/issue", {"signature": SIGN}), 409)
    assert "at most one shift (12 h)" in body["detail"] and "344 cl.6" in body["detail"]
    one_shift = site.draft(validity=Validity.SINGLE_SHIFT, planned_end=START + datetime.timedelta(hours=12),
                           place="Another bay", devices=[])
    assert services.permit_issue(permit=one_shift, by=site.issuer.user, credentials=PW).status == Status.ISSUED


def test_344_cl06_admission_before_the_planned_start_is_refused(site, clock):
    """344 cl.6: the permit is for its planned period: admission more than the tolerance before it is refused."""
    permit = site.prepared(planned_start=at(23, 10), planned_end=at(25, 10))
    clock.move_to(at(23, 9, 44))
    with pytest.raises(ActionRefused, match="from 23.11.2026 09:45"):
        admit(site, permit)
    body = error(as_(site.admitting).post(f"/{permit.pk}/admit", {"signature": SIGN, **ADMIT}), 409)
    assert "begins at 23.11.2026 10:00" in body["detail"]
    assert Permit.objects.get(pk=permit.pk).status == Status.ISSUED
    clock.move_to(at(23, 9, 45))
    assert admit(site, permit).admitted_at == at(23, 9, 45)


@override_settings(PERMIT_ADMISSION_EARLY_MINUTES=0)
def test_344_cl06_admission_tolerance_is_a_setting(site, clock):
    permit = site.prepared(planned_start=at(23, 10), planned_end=at(25, 10))
    clock.move_to(at(23, 9, 59))
    with pytest.raises(ActionRefused, match="from 23.11.2026 10:00"):
        admit(site, permit)
    clock.move_to(at(23, 10))
    assert admit(site, permit).status == Status.ADMITTED
