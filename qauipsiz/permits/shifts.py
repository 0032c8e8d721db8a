"""Shift windows: a permit is valid for one shift at a time, extended before each next one (344 cl.6, cl.24, cl.29).

"For one shift" (344 cl.6) is the shift in which the crew actually works, not a clock window of the organisation's
schedule. `crew_shift` decides it, in this order:

1. A shift of the schedule that starts within the extension window (`PERMIT_EXTENSION_WINDOW_MINUTES`, "before the
   beginning of each shift") after the moment: the crew admitted or extended then is the crew of that shift. A permit
   admitted at 19:30 in an 08:00/20:00 schedule is valid until 08:00, not for the last half hour of the day shift.
2. When the permit's validity runs out within the window and no shift of the schedule starts there: overtime. The crew
   goes on for one more shift length from the end of its validity (an extension "for the next shift" of the crew).
3. The shift of the schedule that is running at the moment.
4. Outside every shift of the schedule (work at night in a one-shift plant, an urgent repair at the weekend): the crew's
   own shift, one shift length from the moment. Not cut at the next shift of the schedule: a crew started at 05:00 in an
   08:00-16:00 plant works its shift to 13:00, as labour law lets a shift run; the 08:00 crew is extended separately.

Each case ends after the moment, so `valid_until` is never before admission (tests/permits/test_344_cl06_shift_rules.py
checks every quarter hour of the day against several schedules).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from qauipsiz.formats import local_datetime

DEFAULT_STARTS = ("08:00", "20:00")
DEFAULT_HOURS = 12


def extension_window() -> datetime.timedelta:
    """How long before a shift starts an extension (or admission) is for that shift (344 cl.6)."""
    return datetime.timedelta(minutes=settings.PERMIT_EXTENSION_WINDOW_MINUTES)


def extension_window_open(permit, now) -> bool:
    """344 cl.6: whether the next extension is due at `now`: the shift the permit is valid for ends within the window
    ("before the beginning of each shift"), has ended, or was never set. The extension's guard, the permit page and
    "My tasks" ask this one question."""
    return permit.valid_until is None or permit.valid_until <= now + extension_window()


@dataclass(frozen=True)
class ShiftWindow:
    start: datetime.datetime
    end: datetime.datetime
    scheduled: bool = True  # False: overtime or work outside the schedule (the crew's own shift)


def _schedule(organisation_id: int) -> tuple[list[datetime.time], int]:
    from .models import ShiftSchedule

    schedule = ShiftSchedule.objects.filter(organisation_id=organisation_id).first()
    starts = (schedule.starts if schedule and schedule.starts else None) or list(DEFAULT_STARTS)
    hours = schedule.hours if schedule else DEFAULT_HOURS
    return sorted(datetime.time.fromisoformat(s) for s in starts), hours


def scheduled_shifts(starts, hours: int, around: datetime.datetime) -> list[ShiftWindow]:
    """The shifts of a schedule that start from the day before `around` (local time) to the day after it."""
    local = timezone.localtime(around)
    length = datetime.timedelta(hours=hours)
    shifts = []
    for days in (-1, 0, 1):
        day = local.date() + datetime.timedelta(days=days)
        for start in starts:
            begins = timezone.make_aware(datetime.datetime.combine(day, start), local.tzinfo)
            shifts.append(ShiftWindow(start=begins, end=begins + length))
    return sorted(shifts, key=lambda s: s.start)


def crew_shift(starts, hours: int, at: datetime.datetime, *, window: datetime.timedelta,
               valid_until: datetime.datetime | None = None) -> ShiftWindow:
    """The shift of the crew admitted or extended at `at` (the rules in the module's docstring)."""
    shifts = scheduled_shifts(starts, hours, at)
    length = datetime.timedelta(hours=hours)
    coming = [s for s in shifts if at < s.start <= at + window]
    if coming:
        return coming[0]
    if valid_until is not None and at < valid_until <= at + window:
        return ShiftWindow(start=valid_until, end=valid_until + length, scheduled=False)
    running = [s for s in shifts if s.start <= at < s.end]
    if running:
        return running[-1]  # overlapping shifts: the one that started last
    return ShiftWindow(start=at, end=at + length, scheduled=False)


def shift_at(organisation_id: int, at: datetime.datetime) -> ShiftWindow:
    """The shift of a crew admitted at `at` (item 9, 344 cl.6)."""
    starts, hours = _schedule(organisation_id)
    return crew_shift(starts, hours, at, window=extension_window())


def shift_to_extend_for(organisation_id: int, at: datetime.datetime,
                        valid_until: datetime.datetime | None = None) -> ShiftWindow:
    """The shift an extension made at `at` covers, for a permit valid until `valid_until` (item 12, 344 cl.6)."""
    starts, hours = _schedule(organisation_id)
    return crew_shift(starts, hours, at, window=extension_window(), valid_until=valid_until)


def extension_shift(permit, at: datetime.datetime) -> ShiftWindow:
    """The shift an extension of `permit` made at `at` is for."""
    return shift_to_extend_for(permit.organisation_id, at, permit.valid_until)


def next_extension_at(permit) -> datetime.datetime | None:
    """When the next extension of a whole-period permit may be made (344 cl.6): once its validity runs out within the
    extension window. None for a one-shift permit, one not yet admitted or ended, or one whose planned period ends with
    its present validity."""
    from .choices import ENDED_STATUSES, Validity

    if (permit.validity != Validity.WHOLE_PERIOD or permit.valid_until is None or permit.status in ENDED_STATUSES
            or permit.valid_until >= permit.planned_end):
        return None
    return permit.valid_until - extension_window()


def local_text(moment: datetime.datetime) -> str:
    """A moment as people read it in refusals: local time, dd.mm.yyyy HH:MM."""
    return local_datetime(moment)


def shift_length(organisation_id: int) -> datetime.timedelta:
    return datetime.timedelta(hours=_schedule(organisation_id)[1])
