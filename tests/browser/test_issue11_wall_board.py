"""Issue 11: the wall board in Chromium survives the end of the session that opened it (the notice over the last board,
the refresh retried until signed in again), and a kiosk link's board runs with no session at all until the link is
revoked. The page's clock is Playwright's, so the 30-second refresh comes at once; the server's is the real one."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qauipsiz.accounts.choices import Role
from qauipsiz.permits.services import kiosk as kiosk_service
from tests import factories as f
from tests.permits.conftest import builtin_work_type, make_site

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
REFRESH = "00:31"  # a little more than the board's 30 seconds


def next_refresh(page) -> None:
    """Moves the page's clock past the board's refresh once htmx has set its timer. The board a refresh swapped in
    sets its own timer a moment after it shows, so moving the clock before that would leave the next refresh to the
    real 30 seconds (the race behind an earlier flaky run)."""
    page.wait_for_function("() => { const board = document.querySelector('#board');"
                           " const data = board && board['htmx-internal-data']; return !!(data && data.timeout); }")
    page.clock.fast_forward(REFRESH)


def refresh_of(path: str):
    return lambda response: path in response.url and response.request.headers.get("hx-request") == "true"


def test_issue11_wall_board_survives_an_expired_session_and_a_kiosk_link_until_revoked(page, login):
    site = make_site("Ertis refinery")
    builtin_work_type("hot")
    now = timezone.now()
    permit = site.issued(planned_start=now - datetime.timedelta(minutes=5), planned_end=now + datetime.timedelta(days=2))
    head = f.user(Role.HEAD, site.org)
    link, key = kiosk_service.kiosk_link_create(by=head, organisation_id=site.org.pk, name="Control room")
    card = page.locator(f'#board .permit-card[data-permit="{permit.pk}"]')
    notice = page.locator("#board .board-disconnected")

    page.clock.install()
    login(site.performer.user).goto("/en/permits/board/wall/")
    expect(card).to_be_visible()
    page.context.clear_cookies()  # the session ends
    next_refresh(page)
    expect(notice).to_have_attribute("data-reason", "session")
    expect(notice).to_contain_text("Sign in again")
    expect(page.locator("input[name=password]")).to_have_count(0)  # no login page pasted into the board
    expect(card).to_be_attached()  # the last board stays, greyed
    expect(page.locator("#board")).to_have_class("wall disconnected")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "issue11-wall-disconnected.png"), full_page=True)
    next_refresh(page)  # still retrying
    expect(notice).to_have_attribute("data-reason", "session")
    login(site.performer.user)  # signed in again (in another tab)
    next_refresh(page)
    expect(notice).to_have_count(0)
    expect(card).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "issue11-wall.png"), full_page=True)

    # The kiosk link: no session at all; it keeps refreshing until revoked.
    page.context.clear_cookies()
    page.goto(f"/en/permits/kiosk/{key}/")
    expect(card).to_be_visible()
    with page.expect_response(refresh_of("/kiosk/")) as answer:
        next_refresh(page)
    assert answer.value.status == 200
    expect(notice).to_have_count(0)
    expect(card).to_be_visible()
    kiosk_service.kiosk_link_revoke(by=head, link=link)
    with page.expect_response(refresh_of("/kiosk/")) as answer:
        next_refresh(page)
    assert answer.value.status == 410
    expect(notice).to_have_attribute("data-reason", "revoked")
    expect(notice).to_contain_text("kiosk link has been revoked")
    expect(card).to_be_attached()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_issue11_board_refresh_after_the_session_ended_shows_disconnected_not_the_login_page(page, login):
    """The bug of issue 11: the board's refresh pasted the login page into the board and stopped."""
    site = make_site("Ertis refinery")
    builtin_work_type("hot")
    now = timezone.now()
    permit = site.issued(planned_start=now - datetime.timedelta(minutes=5), planned_end=now + datetime.timedelta(days=2))
    page.clock.install()
    login(site.performer.user).goto("/en/permits/board/")
    card = page.locator(f'#board .permit-card[data-permit="{permit.pk}"]')
    expect(card).to_be_visible()
    page.context.clear_cookies()
    with page.expect_response(refresh_of("/permits/board/")) as answer:
        next_refresh(page)
    assert answer.value.status == 401
    expect(page.locator('#board .board-disconnected[data-reason="session"]')).to_be_visible()
    expect(page.locator("#board input[name=password]")).to_have_count(0)
    expect(card).to_be_attached()
    login(site.performer.user)
    with page.expect_response(refresh_of("/permits/board/")) as answer:
        next_refresh(page)
    assert answer.value.status == 200
    expect(page.locator("#board .board-disconnected")).to_have_count(0)
    expect(card).to_be_visible()
