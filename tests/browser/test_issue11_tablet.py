"""Issue 11, "Tablet and wall board": at a tablet's 800 px every permit page fits the screen (no horizontal scrolling,
no element past its right edge), the main menu folds into one line behind a menu button, lists and the crew table read
as cards, and a status badge never breaks over two lines; at 1280 px the menu is shown in full.

Every page is checked at 800 px in Kazakh and Russian (the longest words) and in English, and at a phone's 390 px in
Russian. Screenshots at 800 and 1280 px (and of the phone) go to test-artifacts/issue11-tablet/.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qauipsiz.accounts.choices import Role
from qauipsiz.permits import services
from tests import factories as f
from tests.permits.conftest import PW, builtin_work_type, make_site

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
TABLET = {"width": 800, "height": 1000}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SHOTS = ARTIFACTS / "issue11-tablet"

# The elements whose right edge lies past the viewport, and how far the page scrolls sideways.
OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const past = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(el).visibility === "hidden") continue;
    if (box.right > width + 0.5) {
      past.push(`${el.tagName.toLowerCase()}.${[...el.classList].join(".")} right=${Math.round(box.right)}`
                + ` "${(el.textContent || "").trim().slice(0, 40)}"`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, past: past.slice(0, 10)};
}"""

# A badge broken over lines has several client rectangles (inline) or is taller than one line (inline-block).
BROKEN_BADGES_JS = """() => [...document.querySelectorAll(".badge")].filter(el => {
  const rects = el.getClientRects();
  if (!rects.length) return false;
  const line = parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.45;
  return rects.length > 1 || el.getBoundingClientRect().height > line * 1.9;
}).map(el => el.textContent.trim())"""


@pytest.fixture
def plant():
    return permits_in_every_state()


def permits_in_every_state():
    """A permit in each state of its life, a crew with one member still to brief, and the head of the organisation."""
    site = make_site("Ertis refinery")
    builtin_work_type("hot")
    now = timezone.now()
    period = {"planned_start": now - datetime.timedelta(minutes=5), "planned_end": now + datetime.timedelta(days=2)}
    permits = {
        "draft": site.draft(**period),
        "issued": site.issued(**period),
        "admitted": site.admitted(**period),
        "in_progress": site.in_progress(**period),
    }
    services.crew_add(permit=permits["in_progress"], by=site.performer.user, person=site.crew[3])
    closed = site.in_progress(crew=1, **period)
    services.permit_hand_back(permit=closed, by=site.performer.user, credentials=PW, workplace_cleared=True,
                              people_withdrawn=True)
    permits["closed"] = services.permit_close(permit=closed, by=site.admitting.user, credentials=PW)
    head = f.user(Role.HEAD, site.org)
    return site, permits, head


def pages(site, permits, head):
    """(who, path, screenshot name or ""): every permit page, each as someone who has something to do on it."""
    draft, in_progress = permits["draft"], permits["in_progress"]
    unbriefed = in_progress.crew.get(briefed_at__isnull=True)
    yield head, "permits/", "list"
    for state, permit in permits.items():
        yield site.performer.user, f"permits/{permit.pk}/", f"detail-{state}" if state == "in_progress" else ""
        yield site.admitting.user, f"permits/{permit.pk}/", ""
    yield site.issuer.user, f"permits/{draft.pk}/", "detail-draft"
    yield site.issuer.user, "permits/new/", "form-new"
    yield site.issuer.user, f"permits/{draft.pk}/edit/", ""
    yield site.issuer.user, f"permits/{draft.pk}/issue/", "act-issue"
    yield site.issuer.user, f"permits/{permits['issued'].pk}/cancel/", ""
    yield site.admitting.user, f"permits/{permits['issued'].pk}/admit/", ""
    yield site.admitting.user, f"permits/{in_progress.pk}/crew/{unbriefed.pk}/brief/", "act-brief"
    yield site.performer.user, f"permits/{in_progress.pk}/crew/{unbriefed.pk}/remove/", ""
    yield site.admitting.user, "permits/tasks/", "tasks"
    yield head, "permits/board/", "board"
    yield head, "permits/board/wall/", ""
    yield head, "permits/register/", ""
    for path in ("certificates/", "certificates/new/", "emergencies/", "emergencies/new/", "work-types/",
                 "kiosk-links/", "parts-policy/"):
        yield head, f"permits/{path}", ""


def visit(page, login, user, path):
    page.context.clear_cookies()
    login(user)
    response = page.goto(path)
    assert response.status == 200, (path, response.status)


def assert_fits(page, where):
    found = page.evaluate(OVERFLOW_JS)
    assert found["scroll"] <= found["width"] and not found["past"], (where, found)
    assert page.evaluate(BROKEN_BADGES_JS) == [], where


def assert_menu_collapsed(page, where):
    toggle = page.locator(".topbar .menu-toggle")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator(".topbar .mainnav")).to_be_hidden()
    top = page.locator(".topbar").bounding_box()
    assert top["height"] <= 64, (where, top)  # one line: the brand, the button, the notices
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".topbar .mainnav")).to_be_visible()
    expect(page.locator(".topbar .usermenu")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), where


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_issue11_every_permit_page_fits_a_tablet_with_a_folded_menu(page, login, plant, language):
    site, permits, head = plant
    page.set_viewport_size(TABLET)
    for user, path, shot in pages(site, permits, head):
        where = f"/{language}/{path}"
        visit(page, login, user, where)
        assert_fits(page, where)
        if shot and language != "en":
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{shot}-800-{language}.png"), full_page=True)
            page.set_viewport_size(DESKTOP)
            page.screenshot(path=str(SHOTS / f"{shot}-1280-{language}.png"), full_page=True)
            page.set_viewport_size(TABLET)
    # The menu on the tablet: one line until the button opens it.
    visit(page, login, head, f"/{language}/permits/")
    assert_menu_collapsed(page, language)
    page.locator(".topbar .mainnav summary").first.click()
    assert_fits(page, f"{language}: the menu open")
    if language != "en":
        page.screenshot(path=str(SHOTS / f"menu-open-800-{language}.png"))
    page.locator(".topbar .menu-toggle").click()
    expect(page.locator(".topbar .mainnav")).to_be_hidden()


def test_issue11_every_permit_page_fits_a_phone(page, login, plant):
    site, permits, head = plant
    page.set_viewport_size(PHONE)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for user, path, shot in pages(site, permits, head):
        visit(page, login, user, f"/ru/{path}")
        assert_fits(page, f"/ru/{path}")
        if shot in ("list", "detail-in_progress"):
            page.screenshot(path=str(SHOTS / f"{shot}-390-ru.png"), full_page=True)
    visit(page, login, head, "/kk/permits/")
    assert_menu_collapsed(page, "kk")


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_issue11_the_menu_is_shown_in_full_at_1280(page, login, plant, language):
    site, permits, head = plant
    visit(page, login, head, f"/{language}/permits/")
    expect(page.locator(".topbar .menu-toggle")).to_be_hidden()
    for summary in page.locator(".topbar .mainnav > details > summary").all():
        expect(summary).to_be_visible()
    expect(page.locator(".topbar .usermenu")).to_be_visible()
    expect(page.locator(".topbar .langswitch")).to_be_visible()
    assert_fits(page, language)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"menu-1280-{language}.png"))


def test_issue11_crew_and_permits_read_as_cards_with_large_targets(page, login, plant):
    site, permits, head = plant
    page.set_viewport_size(TABLET)
    visit(page, login, site.performer.user, f"/ru/permits/{permits['in_progress'].pk}/")
    remove = page.locator("table.crew [data-action=remove_member]").first
    expect(remove).to_be_visible()
    box = remove.bounding_box()
    assert box["x"] + box["width"] <= TABLET["width"] and box["height"] >= 44, box
    # Each crew member is a card: the table's head hidden, each cell under its column's name.
    expect(page.locator("table.crew thead")).to_be_hidden()
    labels = page.evaluate("""() => [...document.querySelectorAll("table.crew tbody tr:first-child td[data-label]")]
      .map(td => getComputedStyle(td, "::before").content)""")
    assert labels[1:5] == ['"Добавлен"', '"Инструктаж пройден (п. 11)"', '"Инструктаж провёл"', '"Выбыл из бригады"']
    visit(page, login, head, "/ru/permits/")
    row = page.locator("table.permits tbody tr").first
    expect(page.locator("table.permits thead")).to_be_hidden()
    assert row.bounding_box()["width"] <= TABLET["width"]
    # Gloved hands: every button, field and link-button at least 44 px high.
    small = page.evaluate("""() => [...document.querySelectorAll(
        "main button, main .button, main input:not([type=checkbox]):not([type=hidden]), main select, .topbar button,"
        + " .topbar summary, .topbar .notices-link")]
      .filter(el => el.getBoundingClientRect().height && el.getBoundingClientRect().height < 44)
      .map(el => el.outerHTML.slice(0, 80))""")
    assert small == []
