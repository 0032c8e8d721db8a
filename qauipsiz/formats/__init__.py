"""How a moment is written for people, on every page and in every language (issue 11): the plant's local time
(settings.TIME_ZONE, Asia/Almaty), dd.mm.yyyy and a 24-hour clock, as on Kazakh official documents.

The packages under this one are Django's formats of each language (FORMAT_MODULE_PATH), which say the same; these
helpers are for what Django does not format itself (a record's name, the history, signatures, signed content) and
read the zone from the settings, whatever time zone a request has activated: a record reads the same whoever reads it.

    local_datetime(moment) -> "23.11.2026 09:00"; local_datetime(moment, seconds=True) -> "23.11.2026 09:00:00"

Numbers likewise: plain_number(Decimal("1.2500")) -> "1,25" in kk and ru, "1.25" in en (the reader's separator).
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import formats, timezone

DATE = "%d.%m.%Y"
CLOCK = "%H:%M"


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_moment(value: datetime.datetime) -> datetime.datetime:
    """The moment in local time. A naive one is taken as UTC, as signed content and the database keep moments."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return timezone.localtime(value, local_zone())


def local_datetime(value, *, seconds: bool = False) -> str:
    """A moment as people read it: "23.11.2026 09:00" (local); a date alone as local_date; empty for none."""
    if value is None or value == "":
        return ""
    if not isinstance(value, datetime.datetime):
        return local_date(value)
    return local_moment(value).strftime(f"{DATE} {CLOCK}:%S" if seconds else f"{DATE} {CLOCK}")


def local_date(value) -> str:
    """A day, dd.mm.yyyy; a moment's day is its local day."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        value = local_moment(value)
    return value.strftime(DATE)


def local_clock(value: datetime.datetime) -> str:
    """The local time of day of a moment, HH:MM."""
    return local_moment(value).strftime(CLOCK)


def plain_number(value) -> str:
    """A measured value as people write it, in the active language: 52, not 52.0000 nor 5.2E+1; 0,5 in kk and ru."""
    if value is None or value == "":
        return ""
    value = Decimal(str(value))
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return formats.number_format(value, use_l10n=True)
