"""Item 5.4, item 12, 344 cl.6: the extension for the next shift admits the crew again, so where the permit lists an
air analysis it needs the air as an admission, re-admission or resumption does: every latest reading within its limit
and taken within the work type's sample validity (and after issue). The same guard (`services.air_problems` at the
moment of the act) gives the same reasons, in the service, the API (409) and the pages."""

import datetime

import pytest
from django.test import Client

from qauipsiz.permits import services
from qauipsiz.permits.choices import Status
from qauipsiz.permits.gatekeeper import ActionRefused
from qauipsiz.permits.models import Permit, WorkType

from .conftest import PW, START
from .test_api import SIGN, as_, error, ok
from .test_views_support import COSIGN, as_user, english, text, url  # noqa: F401
from .test_views_support import SIGN as PAGE_SIGN

pytestmark = pytest.mark.usefixtures("english")
STALE = ("the air sample at P-12 bay (H2S) was taken at 23.11.2026 09:00, more than 60 minutes ago, the validity of a "
         "sample for this work type; take a new sample (item 5.4)")
API_EXTEND = {"signature": SIGN, "cosignature": SIGN, "crew_count": 3, "measures_checked": True}


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=START.tzinfo)


def extend(site, permit):
    return services.permit_extend(measures_checked=True, permit=permit, by=site.admitting.user, credentials=PW,
                                  shift_performer=site.performer, performer_credentials=PW, crew_count=3)


def test_344_item5_4_item12_a_stale_sample_does_not_extend(site, clock):
    """The 09:00 sample does not stand for the night shift extended at 19:30: a new passing sample first."""
    permit = site.in_progress()
    clock.move_to(at(23, 19, 30))
    with pytest.raises(ActionRefused) as refused:
        extend(site, permit)
    assert str(refused.value) == f"Admission is blocked: {STALE}."
    # The same reasons as the guard of admission, re-admission and resumption gives at that moment.
    assert services.air_problems(permit, at=at(23, 19, 30)) == [STALE]
    assert not permit.extensions.exists() and Permit.objects.get(pk=permit.pk).valid_until == at(23, 20)
    site.sample(permit, value="1.0")
    assert extend(site, permit).shift_end == at(24, 8)


def test_344_item5_4_item12_the_sample_validity_of_the_work_type_holds_for_the_extension(site, clock):
    """A work type asking for a 15-minute sample asks it of the extension too."""
    own = WorkType.objects.create(organisation=site.org, kind="hot", name_en="Hot work in the tank farm",
                                  sample_validity_minutes=15)
    own.measures.create(code="5.4", text_en="Sample the air at the tank")
    permit = site.in_progress(work_type=own)
    clock.move_to(at(23, 19, 30))
    site.sample(permit, value="1.0")
    clock.move_to(at(23, 19, 46))
    with pytest.raises(ActionRefused, match="more than 15 minutes ago"):
        extend(site, permit)
    site.sample(permit, value="1.0")
    extend(site, permit)


def test_344_item5_4_item12_a_failing_reading_of_another_gas_blocks_the_extension(site, clock):
    permit = site.in_progress()
    clock.move_to(at(23, 19, 30))
    site.sample(permit, value="1.0")
    site.sample(permit, value="15", limit="10", unit="% LEL", substance="Hydrocarbons")
    with pytest.raises(ActionRefused, match=r"P-12 bay \(Hydrocarbons 15 % LEL, limit 10 % LEL\) is outside the limit"):
        extend(site, permit)
    site.sample(permit, value="2", limit="10", unit="% LEL", substance="Hydrocarbons")
    extend(site, permit)


def test_344_item5_4_item12_a_lapsed_permit_is_extended_only_with_a_fresh_sample(site, clock):
    """The night passed without an extension: the morning's extension needs the morning's sample."""
    permit = site.in_progress()
    clock.move_to(at(24, 7, 30))
    services.lapse_job()
    assert Permit.objects.get(pk=permit.pk).status == Status.LAPSED
    with pytest.raises(ActionRefused, match="more than 60 minutes ago"):
        services.permit_extend(measures_checked=True, permit=permit, by=site.admitting.user, credentials=PW,
                               shift_performer=site.performer, performer_credentials=PW, crew_count=3,
                               conditions_unchanged=True)
    site.sample(permit, value="1.0")
    services.permit_extend(measures_checked=True, permit=permit, by=site.admitting.user, credentials=PW,
                           shift_performer=site.performer, performer_credentials=PW, crew_count=3,
                           conditions_unchanged=True)
    assert Permit.objects.get(pk=permit.pk).status == Status.IN_PROGRESS


def test_344_item5_4_item12_a_permit_without_air_analysis_extends_without_a_sample(site, clock):
    own = WorkType.objects.create(organisation=site.org, kind="hot", name_en="Hot work without gas")
    own.measures.create(code="5.1", text_en="Fence off the place")
    permit = site.in_progress(work_type=own)
    clock.move_to(at(23, 19, 30))
    assert not permit.air_samples.exists()
    extend(site, permit)


def test_344_item5_4_item12_api_refuses_the_extension_with_the_reason(site, clock):
    permit = site.in_progress()
    clock.move_to(at(23, 19, 30))
    api = as_(site.admitting)
    assert ok(api.get(f"/{permit.pk}"))["air_problems"] == [STALE]  # the window is open: the API says what waits
    body = error(api.post(f"/{permit.pk}/extend", API_EXTEND), 409)
    assert body["detail"] == f"Admission is blocked: {STALE}."
    assert not permit.extensions.exists()
    site.sample(permit, value="1.0")
    assert ok(api.get(f"/{permit.pk}"))["air_problems"] == []
    valid_until = ok(api.post(f"/{permit.pk}/extend", API_EXTEND))["valid_until"]
    assert datetime.datetime.fromisoformat(valid_until) == at(24, 8)


def test_344_item5_4_item12_page_shows_the_reason(site, clock):
    permit = site.in_progress()
    client = as_user(Client(), site.admitting)
    assert 'id="air-problems"' not in text(client.get(url("detail", permit.pk)))  # no extension due yet
    clock.move_to(at(23, 19, 30))
    client = as_user(Client(), site.admitting)
    page = text(client.get(url("detail", permit.pk)))
    assert 'id="air-problems"' in page and "more than 60 minutes ago" in page
    response = client.post(url("extend", permit.pk), {"shift_performer": site.performer.pk, "crew_count": 3,
                                                      "measures_checked": "on", **PAGE_SIGN, **COSIGN})
    assert response.status_code == 409
    html = text(response)
    assert "The action was refused" in html and "Admission is blocked" in html and "more than 60 minutes ago" in html
    assert not permit.extensions.exists()
    site.sample(permit, value="1.0")
    assert 'id="air-problems"' not in text(client.get(url("detail", permit.pk)))
    response = client.post(url("extend", permit.pk), {"shift_performer": site.performer.pk, "crew_count": 3,
                                                      "measures_checked": "on", **PAGE_SIGN, **COSIGN})
    assert response.status_code == 302 and permit.extensions.count() == 1
