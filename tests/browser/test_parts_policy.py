"""The head of the organisation sets the policy on one person holding two parts of one permit (344 cl.19) at 800 px:
reached from the menu, one pair changed in place (htmx), nothing wider than the window."""

import re

import pytest
from playwright.sync_api import expect

from qauipsiz.accounts.choices import Role
from qauipsiz.permits.choices import HoldingPolicy, PermitPart
from qauipsiz.permits.models import PartsPolicy
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_344_cl19_parts_policy_page_at_800px(page, login):
    org = f.organisation("Ertis refinery")
    head = f.user(Role.HEAD, org, username="head")
    page.set_viewport_size({"width": 800, "height": 900})
    login(head).goto("/en/")
    page.get_by_role("button", name="Menu").click()  # at 800 px the menu is folded behind its button (issue 11)
    page.locator("nav.mainnav summary", has_text="Work permits").click()
    page.get_by_role("link", name="Parts held by one person").click()
    expect(page).to_have_url(re.compile(r"/en/permits/parts-policy/"))
    expect(page.locator("tr[data-pair]")).to_have_count(6)

    row = page.locator('tr[data-pair="responsible_manager+performer"]')
    row.get_by_role("combobox").select_option("forbid")
    row.get_by_role("button", name="Save").click()
    expect(page.locator('tr[data-pair="responsible_manager+performer"]').get_by_role("status")).to_have_text("Saved.")
    expect(page).to_have_url(re.compile(r"/en/permits/parts-policy/$"))  # changed in place, no reload
    assert PartsPolicy.objects.get(organisation=org, first=PermitPart.RESPONSIBLE_MANAGER,
                                   second=PermitPart.PERFORMER).policy == HoldingPolicy.FORBID
    assert page.evaluate("document.documentElement.scrollWidth") <= 800
