"""Shift windows: a permit is valid for one shift at a time, extended before each next one (344 cl.6, cl.24, cl.29)."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

DEFAULT_STARTS = ("08:00", "20:00")
DEFAULT_HOURS = 12
# An extension made this long before a shift starts is for that shift ("before the beginning of each shift", cl.6).
EXTEND_AHEAD = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class ShiftWindow:
    start: datetime.datetime
    end: datetime.datetime


def _schedule(organisation_id: int) -> tuple[list[datetime.time], int]:
    from .models import ShiftSchedule

    schedule = ShiftSchedule.objects.filter(organisation_id=organisation_id).first()
    starts = (schedule.starts if schedule and schedule.starts else None) or list(DEFAULT_STARTS)
    hours = schedule.hours if schedule else DEFAULT_HOURS
    return sorted(datetime.time.fromisoformat(s) for s in starts), hours


def shift_at(organisation_id: int, at: datetime.datetime) -> ShiftWindow:
    """The shift that contains `at` (local time): the latest shift start at or before it."""
    starts, hours = _schedule(organisation_id)
    local = timezone.localtime(at)
    candidates = []
    for days in (-1, 0):
        day = local.date() + datetime.timedelta(days=days)
        for start in starts:
            candidates.append(timezone.make_aware(datetime.datetime.combine(day, start)))
    start = max(c for c in candidates if c <= local)
    return ShiftWindow(start=start, end=start + datetime.timedelta(hours=hours))


def shift_to_extend_for(organisation_id: int, at: datetime.datetime) -> ShiftWindow:
    """The shift an extension made at `at` covers: the next one when it starts within the hour, else the current."""
    return shift_at(organisation_id, at + EXTEND_AHEAD)


def shift_length(organisation_id: int) -> datetime.timedelta:
    return datetime.timedelta(hours=_schedule(organisation_id)[1])
