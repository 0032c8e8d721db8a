"""Issue 11 item 2: every time a person sees is local time (settings.TIME_ZONE, Asia/Almaty), dd.mm.yyyy, 24-hour:
the permit page's history and signatures, and what is signed. The clock stands at START, 09:00 in Almaty, 04:00 UTC.

The `<time datetime="...">` attributes stay ISO 8601 with the offset: they are for machines and are not shown.
"""

import datetime
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from qauipsiz.formats import local_clock, local_date, local_datetime
from qauipsiz.permits.models import AdmissionPeriod, Extension

from .conftest import START
from .test_views_support import as_user, text

pytestmark = pytest.mark.django_db

LOCAL = "23.11.2026 09:00"
UTC_FORMS = re.compile(r"2026-11-23[T ]|04:00")  # ISO, or the UTC clock of the moment


def shown(html: str) -> str:
    """What a person reads: the text, without the markup and its attributes."""
    return re.sub(r"<[^>]+>", " ", html)


def section(html: str, marker: str) -> str:
    start = html.index(marker)
    return html[start:html.index("</section>", start)]


def test_issue11_the_helper_writes_local_time_day_first_24_hours():
    moment = datetime.datetime(2026, 11, 23, 4, 0, tzinfo=datetime.UTC)
    assert local_datetime(moment) == LOCAL
    assert local_datetime(moment + datetime.timedelta(hours=12, seconds=7), seconds=True) == "23.11.2026 21:00:07"
    assert local_datetime(datetime.datetime(2026, 11, 23, 4, 0)) == LOCAL, "a naive moment is UTC"
    assert local_date(datetime.datetime(2026, 11, 23, 20, 0, tzinfo=datetime.UTC)) == "24.11.2026", "the local day"
    assert local_clock(moment) == "09:00"
    assert local_datetime(None) == "" and local_datetime(datetime.date(2026, 11, 23)) == "23.11.2026"
    with override_settings(TIME_ZONE="Asia/Aqtobe"):
        assert local_datetime(moment) == "23.11.2026 09:00"  # +05 there as well since 2024
    with override_settings(TIME_ZONE="UTC"):
        assert local_datetime(moment) == "23.11.2026 04:00", "the zone is the settings' one"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_issue11_permit_history_and_signatures_show_local_time_not_utc_iso(client, site, language):
    permit = site.in_progress(crew=1)
    assert START.astimezone(datetime.UTC).hour == 4
    with translation.override(language):
        html = text(as_user(client, site.issuer).get(reverse("permits:detail", args=[permit.pk])))
    history = shown(section(html, 'id="timeline"'))
    assert "Asia/Almaty" in history, "the line saying which time the history is in"
    assert f"{LOCAL}:00" in history
    assert not UTC_FORMS.search(history), UTC_FORMS.search(history)
    # The record named by an event (here the admission period, item 9) is named in local time too.
    admission = section(html, 'id="timeline"').split('data-action="permits.admissionperiod.')[1].split("</li>")[0]
    assert LOCAL in shown(admission)
    signature = section(html, 'id="timeline"').split('class="signature"')[1].split("</div>")[0]
    assert f"{LOCAL}:00" in shown(signature)
    assert not UTC_FORMS.search(shown(html).replace("\n", " ")), "nowhere on the page"


def test_issue11_records_of_a_period_and_an_extension_are_named_in_local_time(site):
    permit = site.in_progress(crew=1)
    period = AdmissionPeriod.objects.filter(permit=permit).first()
    assert str(period).endswith(LOCAL)
    extension = Extension(permit=permit, extended_at=START, shift_start=START,
                          shift_end=START + datetime.timedelta(hours=12))
    assert str(extension) == f"{LOCAL}–21:00"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_issue11_what_you_are_signing_shows_local_time(client, site, language):
    permit = site.draft()
    with translation.override(language):
        html = text(as_user(client, site.issuer).get(reverse("permits:issue", args=[permit.pk])))
    signing = shown(section(html, 'class="signed-content"'))
    assert LOCAL in signing, "the planned start (item 4) as the signer reads it"
    assert not UTC_FORMS.search(signing), UTC_FORMS.search(signing)
