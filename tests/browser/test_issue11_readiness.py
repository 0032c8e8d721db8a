"""Issue 11, "the permit page says what is next", in Chromium: before the approval the readiness panel names the approver
and the Admit button is disabled with the reason; once approved, Admit opens its form in the action panel."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qauipsiz.permits import services
from tests.permits.conftest import PW, builtin_work_type, make_site

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_issue11_readiness_panel_and_the_disabled_admit(page, login):
    site = make_site("Ertis refinery")
    builtin_work_type("hot")
    now = timezone.now()
    permit = site.issued(planned_start=now, planned_end=now + datetime.timedelta(days=2))
    site.sample(permit, value="1.0")
    for measure in permit.measures.all():
        services.measure_complete(measure=measure, by=site.admitting.user, credentials=PW)

    login(site.admitting.user).goto(f"/en/permits/{permit.pk}/")
    panel = page.locator("#readiness")
    expect(panel).to_contain_text("Next step: Admit (item 9)")
    expect(panel.locator("li[data-blocker]")).to_have_count(1)
    expect(panel.locator("li[data-blocker]")).to_contain_text("Approvals missing (items 8, 8.1)")
    expect(panel.locator("li[data-blocker] [data-who]")).to_have_text(site.supervisor.full_name)
    admit = page.locator('button[data-action="admit"]')
    expect(admit).to_be_disabled()
    expect(page.locator("#why-admit")).to_contain_text(site.supervisor.full_name)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "issue11-readiness-blocked.png"), full_page=True)

    services.permit_approve(permit=permit, by=site.supervisor.user, credentials=PW)
    page.reload()
    expect(page.locator("#readiness [data-ready]")).to_be_visible()
    page.locator('a[data-action="admit"]').click()
    card = page.locator('#action-panel [data-act="admit"]')
    expect(card).to_be_visible()
    expect(card.locator('button[data-submit="admit"]')).to_be_enabled()
