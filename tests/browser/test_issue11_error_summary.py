"""Issue 11: after a failed save the error summary takes the focus, so a screen reader reads it first and a tablet
shows it; each of its links puts the cursor in the field it names (errors.js)."""

import pytest
from playwright.sync_api import expect

from qauipsiz.accounts.choices import Role
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_issue11_the_summary_is_focused_and_its_links_reach_the_fields(page, login):
    org = f.organisation("Ertis refinery")
    login(f.user(Role.HEAD, org)).goto("/en/register/people/new/")
    page.get_by_label("IIN").fill("880101300011")  # a wrong check digit
    page.get_by_role("button", name="Save").click()
    box = page.locator("[data-error-summary]")
    expect(box).to_be_visible()
    expect(box).to_be_focused()
    expect(box.get_by_role("heading")).to_contain_text("The form was not saved:")
    box.get_by_role("link", name="IIN").click()
    expect(page.locator("#id_iin")).to_be_focused()
    box.get_by_role("link", name="Last name").click()
    expect(page.locator("#id_last_name")).to_be_focused()
