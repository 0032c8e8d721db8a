"""People see what they sign as readable text, in their language and local time; the canonical JSON stays behind a
"technical details" toggle and in the API (issue 8)."""

import html

import pytest
from django.utils import translation

from qauipsiz.acts.readable import EMPTY, Line, readable
from qauipsiz.permits.content import signing_text
from tests.permits import conftest as permits
from tests.permits.test_views_support import as_user, text, url

site, clock = permits.site, permits.clock  # the permits' fixtures


def test_dates_and_times_are_shown_in_local_time_as_dd_mm_yyyy_hh_mm():
    # 04:00 UTC is 09:00 in Asia/Almaty (UTC+5, TIME_ZONE).
    lines = readable({"start": "2026-11-23T04:00:00Z", "ends_on": "2026-12-31"}, {"start": "Start"})
    assert lines == [Line("Start", "23.11.2026 09:00", 0), Line("ends_on", "31.12.2026", 0)]


def test_nothing_signed_is_hidden_and_empty_items_show_a_dash():
    with translation.override("en"):
        lines = readable({"a": None, "b": True, "c": [], "d": {"name": "Ivanov Ivan", "position": "Fitter",
                                                              "iin": "900101300123"},
                          "e": [{"x": 1}]}, {"a": "A"})
    assert lines == [Line("A", EMPTY, 0), Line("b", "yes", 0), Line("c", EMPTY, 0),
                     Line("d", "Ivanov Ivan, Fitter", 0), Line("e", "", 0), Line("1", "", 1), Line("x", "1", 2)]


@pytest.mark.django_db
def test_the_admission_page_shows_the_content_readable_and_the_exact_json_behind_technical_details(client, site):
    permit = site.prepared()
    with translation.override("ru"):
        page = text(as_user(client, site.admitting).get(url("admit", permit.pk)))
    assert "<dt>Место работы</dt>" in page  # the domain's label ("Place of work"), in the reader's language
    assert permit.place in html.unescape(page)
    assert "23.11.2026 09:00" in page  # the planned start, local time
    details = page[page.index('<details class="signing-content">'):]
    assert html.unescape(details[:details.index("</details>")]).count(signing_text(permit, "admit")) == 1
