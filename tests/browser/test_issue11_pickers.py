"""Issue 11, "Pickers that know the rules", in Chromium at a tablet's 800 px, in Kazakh: the issuer types part of a name
into the work performer's search box, takes the person found with the keyboard, and the choice stays when the planned
period is typed and htmx re-draws the pickers for the new dates."""

import pytest
from playwright.sync_api import expect

from tests.permits.conftest import builtin_work_type, make_site

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_issue11_typing_into_a_picker_finds_and_picks_a_person_in_kk(page, login):
    site = make_site("Ertis refinery")
    builtin_work_type("hot")
    page.set_viewport_size({"width": 800, "height": 1000})
    login(site.issuer.user).goto("/kk/permits/new/")
    expect(page.locator("html")).to_have_attribute("lang", "kk")

    performer = page.locator("#id_performer")
    search = page.locator('input.picker-search[aria-controls="id_performer"]')
    expect(search).to_be_visible()
    assert search.bounding_box()["height"] >= 44, "large enough for a gloved hand at 800 px"
    search.fill("bek")
    # Only Bekov is left among the choices; the others are hidden, and the count is said.
    visible = performer.evaluate("s => [...s.options].filter(o => o.value && !o.hidden).map(o => o.value)")
    assert visible == [str(site.crew[1].pk)]
    expect(search.locator("xpath=following-sibling::span[1]")).to_contain_text("1")
    search.press("Enter")
    expect(performer).to_have_value(str(site.crew[1].pk))
    expect(performer).to_be_focused()

    # The planned period typed: the pickers are re-drawn for its dates, the choice and the search box kept.
    with page.expect_response(lambda response: "/permits/new/pickers/" in response.url):
        page.locator("#id_planned_start").fill("23.11.2026 09:00")
        page.locator("#id_planned_end").focus()
    expect(performer).to_have_value(str(site.crew[1].pk))
    expect(page.locator('input.picker-search[aria-controls="id_performer"]')).to_have_count(1)
    expect(performer.locator("optgroup")).not_to_have_count(0)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "issue11-pickers-kk.png"), full_page=True)
