"""Issue 11, "Permit analytics": the page fits a tablet's 800 px without scrolling sideways, in the longest language
(Kazakh, Russian) and in English, and a 1280 px screen; every chart is drawn and its figures open as a table."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qauipsiz.accounts.choices import Role
from qauipsiz.permits.models import Permit
from tests import factories as f
from tests.permits.conftest import builtin_work_type, make_site

from .test_issue11_tablet import OVERFLOW_JS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def head():
    """A year of permits: one or two a month, of two work types, some admitted hours after their issue."""
    site = make_site("Ertis refinery")
    builtin_work_type("height")
    now = timezone.now()
    for months_ago in range(12):
        created = now - datetime.timedelta(days=30 * months_ago)
        for n, kind in enumerate(("hot", "height")[:1 + months_ago % 2]):
            permit = site.draft(kind=kind)
            Permit.objects.filter(pk=permit.pk).update(
                created_at=created, status="closed" if n else "issued", issued_at=created,
                admitted_at=created + datetime.timedelta(hours=1 + months_ago * 3) if n else None)
    return f.user(Role.HEAD, site.org)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_issue11_analytics_fits_a_tablet_and_a_screen(page, login, head, language):
    login(head)
    for width in (800, 1280):
        page.set_viewport_size({"width": width, "height": 1000})
        response = page.goto(f"/{language}/permits/analytics/")
        assert response.status == 200
        expect(page.locator("svg.chart")).to_have_count(6)
        found = page.evaluate(OVERFLOW_JS)
        assert found["scroll"] <= found["width"] and not found["past"], (language, width, found)
        # Each chart is as wide as its card and no wider than the page.
        for box in (page.locator("svg.chart").nth(i).bounding_box() for i in range(6)):
            assert 0 < box["width"] <= width and box["height"] > 100, (language, width, box)
    # The figures under a chart, opened: still no sideways scrolling.
    page.set_viewport_size({"width": 800, "height": 1000})
    page.locator("#chart-state details summary").click()
    expect(page.locator("#chart-state table")).to_be_visible()
    found = page.evaluate(OVERFLOW_JS)
    assert found["scroll"] <= found["width"] and not found["past"], (language, "table open", found)
