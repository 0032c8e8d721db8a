"""Issue 11, "Shown by": the screenshots the tablet test does not take, home for each kind of role and the control
room's kiosk board, in kk and ru at 1280 and 800 px, into test-artifacts/issue11-tablet/ beside the permit page,
tasks and board. Each is also checked to fit its width (no element past the right edge) and to be in its language."""

import pytest

from qauipsiz.permits.services.kiosk import kiosk_link_create

from .test_issue11_tablet import DESKTOP, SHOTS, TABLET, assert_fits, permits_in_every_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def plant():
    site, _permits, head = permits_in_every_state()
    _link, key = kiosk_link_create(by=head, organisation_id=site.org.pk, name="Control room")
    return site, head, key


def shoot(page, name: str, language: str) -> None:
    for size in (DESKTOP, TABLET):
        page.set_viewport_size(size)
        assert page.evaluate("document.documentElement.lang") == language, name
        assert_fits(page, f"{name} at {size['width']} px in {language}")
        page.screenshot(path=str(SHOTS / f"{name}-{size['width']}-{language}.png"), full_page=True)


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_issue11_screenshots_of_each_roles_home_and_of_the_kiosk_board(page, login, plant, language):
    site, head, key = plant
    SHOTS.mkdir(parents=True, exist_ok=True)
    for who, user in (("issuer", site.issuer.user), ("admitting", site.admitting.user),
                      ("performer", site.performer.user), ("crew", site.crew[0].user), ("head", head)):
        page.context.clear_cookies()
        login(user)
        assert page.goto(f"/{language}/").status == 200
        shoot(page, f"home-{who}", language)
    page.context.clear_cookies()  # the wall screen has no session: the link alone opens the board
    assert page.goto(f"/{language}/permits/kiosk/{key}/").status == 200
    page.wait_for_selector("body")
    shoot(page, "kiosk", language)
