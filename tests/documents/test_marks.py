"""What every form writes the same way: moments in the plant's local time (settings.TIME_ZONE), dd.mm.yyyy and a
24-hour clock in every language, the dash of an empty item."""

import datetime

import pytest
from django.utils import timezone, translation

from qauipsiz.documents.marks import DASH, day, or_dash, span, when

MOMENT = datetime.datetime(2026, 11, 23, 16, 5, tzinfo=datetime.UTC)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_moments_print_day_first_on_a_24_hour_clock_in_every_language(language):
    with translation.override(language):
        assert when(MOMENT) == "23.11.2026 21:05"  # Asia/Almaty, UTC+5
        assert day(datetime.date(2026, 3, 5)) == "05.03.2026"
        assert span(MOMENT, None) == "23.11.2026 21:05 – …"


def test_moments_follow_the_time_zone_setting_not_a_fixed_zone(settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    assert when(MOMENT) == "24.11.2026 01:05"


def test_moments_ignore_the_time_zone_a_request_activated():
    with timezone.override("America/New_York"):
        assert when(MOMENT) == "23.11.2026 21:05"


def test_an_empty_value_prints_a_dash():
    assert DASH == "—"
    assert or_dash("") == or_dash(None) == DASH
    assert or_dash("Сварка") == "Сварка"
    assert when(None) == day(None) == ""
