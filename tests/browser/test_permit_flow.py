"""A hot-work permit carried through its whole life in Chromium, by the people of the site, each at their own login:
draft → issue → measures → approval → air sample → admission → workplace → briefing of a crew of three (each member
co-signing on the admitting person's device) → start → extension for the next shift → suspension → resumption →
hand-back → closure; then the register row and the printed permit. Screenshots of the permit page and the board at a
desktop's and a tablet's width go to test-artifacts/.

The live server runs on the real clock. So that the extension falls "before the beginning of the next shift" (344
cl.6), the organisation's shift schedule is made to start its next shift 35 minutes from now. An admission within the
extension window before a shift is for that shift (344 cl.6, `permits/shifts.py`), so the window is 20 minutes at the
admission (valid to the end of the running shift) and the default 60 minutes at the extension, which covers the next
one.
"""

import datetime
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qauipsiz.permits.choices import PeriodKind, Status
from qauipsiz.permits.models import Permit, ShiftSchedule
from tests.permits.conftest import PASSWORD, builtin_work_type, make_site

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
LOCAL = "%d.%m.%Y %H:%M"  # typed as people write it (issue 11), not as datetime-local sends it


@pytest.fixture
def plant():
    return site_with_shifts()


def site_with_shifts():
    """The refinery with the hot-work type and a shift schedule whose next shift starts 35 minutes from now (the live
    server runs on the real clock): the site, now, and the next shift's start."""
    site = make_site("Ertis refinery")
    builtin_work_type("hot")
    now = timezone.localtime()
    next_shift = (now + datetime.timedelta(minutes=35)).replace(second=0, microsecond=0)
    other = next_shift + datetime.timedelta(hours=12)
    ShiftSchedule.objects.create(organisation=site.org, starts=[next_shift.strftime("%H:%M"), other.strftime("%H:%M")],
                                 hours=12)
    return site, now, next_shift


def shoot(page, name: str):
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (1280, 800):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_hot_work_permit_from_draft_to_closure(page, login, plant, settings):
    site, now, next_shift = plant
    settings.PERMIT_EXTENSION_WINDOW_MINUTES = 20  # the admission, 35 minutes before the next shift, is for this one

    def act_as(person, path):
        page.context.clear_cookies()
        login(person.user).goto(path)
        return page

    def open_action(name: str):
        """Press an action button of the permit page: its form opens in the panel (htmx)."""
        page.get_by_role("link", name=name, exact=True).first.click()
        expect(page.locator("#action-panel #action-form")).to_be_visible()

    def sign(*, cosigner: bool = False):
        page.locator("#action-form #id_sign_password").fill(PASSWORD)
        if cosigner:
            page.locator("#action-form #id_cosigner-sign_password").fill(PASSWORD)
        page.locator("#action-form button[type=submit]").click()

    def expect_status(label: str):
        expect(page.locator("h1 .badge.status")).to_have_text(label)

    # --- the issuer draws up the draft --------------------------------------------------------------------------------
    act_as(site.issuer, "/en/permits/new/")
    page.locator("#id_division").select_option(label="Shop No. 2")
    page.locator("#id_facility").select_option(label="Crude unit")
    page.locator("#id_work_type").select_option(label="Hot work")
    # The work type's template fills item 5 (htmx), in the reader's language.
    expect(page.locator("#measures tr.measure-row")).to_have_count(6)
    expect(page.locator("#measures")).to_contain_text("Stop the unit and empty it of product")
    page.get_by_role("button", name="Add a measure").click()
    expect(page.locator("#measures tr.measure-row")).to_have_count(7)
    page.locator("#id_measures-6-code").select_option(value="5.9")
    page.locator("#id_measures-6-text").fill("Route through gate 3 only")
    page.locator("#id_performer").select_option(label="Proizvoditelev Ivan")
    page.locator("#id_place").fill("Unit AVT-6, pump P-12 bay")
    page.locator("#id_equipment").fill("Pump P-12, flange DN150")
    page.locator("#id_devices").select_option(label="Separator")
    page.locator("#id_scope_of_work").fill("Weld a new flange on the suction line of P-12")
    page.locator("#id_admitting_persons").select_option(label=["Dopuskov Ivan"])
    page.locator("#id_responsible_manager").select_option(label="Rukovoditelev Ivan")
    expect(page.locator("#id_issuer")).to_have_value(str(site.issuer.pk))
    page.locator("#id_shift_supervisor").select_option(label="Smenov Ivan")
    page.locator("#id_planned_start").fill((now - datetime.timedelta(hours=1)).strftime(LOCAL))
    page.locator("#id_planned_end").fill((now + datetime.timedelta(days=3)).strftime(LOCAL))
    page.locator("#id_validity").select_option(value="whole_period")
    shoot(page, "permit-form")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator(".messages")).to_contain_text("The draft was saved")
    permit = Permit.objects.get()
    assert permit.measures.count() == 7 and permit.status == Status.DRAFT
    detail = f"/en/permits/{permit.pk}/"
    expect(page).to_have_url(re.compile(re.escape(detail) + "$"))
    expect_status("Draft")
    expect(page.locator("#item-9")).to_contain_text("—")  # 344 cl.5: a dash in every unfilled item

    # --- issue (item 6) -------------------------------------------------------------------------------------------------
    open_action("Issue (item 6)")
    # The signing fields of the chosen method only (ncalayer.js runs in the panel htmx loaded).
    expect(page.locator("#action-form #id_sign_password")).to_be_visible()
    expect(page.locator("#action-form #id_sign_pin")).to_be_hidden()
    page.locator("#action-form").get_by_label("Signing PIN", exact=True).check()
    expect(page.locator("#action-form #id_sign_pin")).to_be_visible()
    expect(page.locator("#action-form #id_sign_password")).to_be_hidden()
    page.locator("#action-form").get_by_label("Password", exact=True).check()
    page.locator("#action-form #id_sign_password").fill("not my password")
    page.locator("#action-form button[type=submit]").click()
    expect(page.locator(".field.has-error")).to_contain_text("the password is not correct")
    assert Permit.objects.get().status == Status.DRAFT
    page.locator("#id_sign_password").fill(PASSWORD)
    page.locator("button[data-submit=issue]").click()
    expect_status("Issued")
    permit.refresh_from_db()
    number = permit.display_number
    expect(page.locator("h1")).to_contain_text(f"Work permit No. {number}")

    # --- the air is sampled (5.4), then the admitting person has the measures carried out and signs them (item 7) ----
    act_as(site.admitting, detail)
    page.locator("#id_place").fill("P-12 bay, 0.5 m above the flange")
    page.locator("#id_substance").fill("Hydrocarbons (CH)")
    page.locator("#id_value").fill("0.8")
    page.locator("#id_limit").fill("5")
    page.locator("#id_unit").select_option("% LEL")
    page.locator("#id_gas_group").select_option("II")
    page.locator("button[data-submit=record_air_sample]").click()
    expect(page.locator("table.air")).to_contain_text("Hydrocarbons (CH)")
    expect(page.locator("table.air")).to_contain_text("Group II")
    for _ in range(7):
        page.locator('a[data-action="complete_measure"]').first.click()
        expect(page.locator("#action-panel #action-form")).to_be_visible()
        sign()
        expect(page.locator(".messages")).to_contain_text("signed as carried out")
    expect(page.locator('a[data-action="complete_measure"]')).to_have_count(0)

    # --- the shift supervisor approves (item 8) ---------------------------------------------------------------------------
    act_as(site.supervisor, detail)
    open_action("Approve (items 8, 8.1)")
    sign()
    expect(page.locator("#item-8")).to_contain_text("Smenov")
    expect(page.locator(".messages")).to_contain_text("approved")

    # --- admission (item 9) -------------------------------------------------------------------------------------------------
    act_as(site.admitting, detail)
    open_action("Admit (item 9)")
    page.get_by_label("I have checked that the measures are carried out").check()
    page.get_by_label("I have briefed the work performer at the place of work").check()
    page.get_by_label("I have handed over a copy of the permit to the work performer").check()
    sign()
    expect_status("Admitted")

    # --- the performer accepts the workplace (item 10) and names his crew of three ---------------------------------------
    act_as(site.performer, detail)
    open_action("Accept the workplace (item 10)")
    sign()
    expect(page.locator(".messages")).to_contain_text("The workplace was accepted")
    for member in site.crew[:3]:
        page.locator("#id_person").select_option(label=member.full_name)
        page.locator("button[data-submit=add_member]").click()
        expect(page.locator("table.crew")).to_contain_text(member.full_name)
    expect(page.locator(".crew-count")).to_have_attribute("data-active", "3")
    expect(page.locator(".crew-count")).to_have_attribute("data-briefed", "0")

    # --- the admitting person briefs each member, who co-signs on the same tablet (item 11) ------------------------------
    act_as(site.admitting, detail)
    # The first briefing opens from the crew table; each one leads to the next member's, the last back to the permit.
    page.locator("table.crew tr", has_text=site.crew[0].full_name).locator('a[data-action="brief_member"]').click()
    for member in site.crew[:3]:
        expect(page.locator("#cosign-block-cosigner h3")).to_contain_text(member.full_name)
        if member == site.crew[0]:
            shoot(page, "permit-briefing")
        sign(cosigner=True)
        expect(page.locator(".messages")).to_contain_text(f"{member.full_name} was briefed")
    expect(page.locator(".crew-count")).to_have_attribute("data-briefed", "3")

    # --- the performer starts the work (item 11) -----------------------------------------------------------------------------
    act_as(site.performer, detail)
    open_action("Start work (item 11)")
    expect(page.locator("#action-form .intro")).to_contain_text("The crew of 3 persons")
    sign()
    expect_status("Work in progress")

    # The control room's board shows it, and the tablet-width layouts are looked at.
    act_as(site.issuer, "/en/permits/board/")
    card = page.locator(f'.permit-card[data-permit="{permit.pk}"]')
    expect(card).to_contain_text("Proizvoditelev Ivan")
    expect(card).to_contain_text("Unit AVT-6")
    expect(page.locator("#board")).to_have_attribute("hx-trigger", "every 30s")
    expect(card.locator(".card-warning")).to_contain_text("The shift ends within an hour")
    shoot(page, "permit-board")

    # --- extension for the next shift (item 12): the admitting person and the incoming performer sign ------------------
    settings.PERMIT_EXTENSION_WINDOW_MINUTES = 60  # now the next shift is within the window: extend for it
    act_as(site.admitting, detail)
    open_action("Extend for the next shift (item 12)")
    expect(page.locator("#action-form .intro")).to_contain_text(next_shift.strftime("%H:%M"))
    expect(page.locator("#id_crew_count")).to_have_value("3")
    page.locator("#id_measures_checked").check()
    sign(cosigner=True)
    expect(page.locator(".messages")).to_contain_text("extended")
    expect(page.locator("table.extensions tbody tr")).to_have_count(1)
    permit.refresh_from_db()
    assert timezone.localtime(permit.valid_until) == next_shift + datetime.timedelta(hours=12)
    shoot(page, "permit-detail-working")

    # --- suspension and resumption (344 cl.27) --------------------------------------------------------------------------------
    open_action("Suspend (344 cl.27)")
    page.locator("#id_reason").fill("Gas alarm at the neighbouring unit")
    sign(cosigner=True)
    expect_status("Suspended")
    open_action("Resume (344 cl.27)")
    boxes = page.locator('#action-form input[name="measures_rechecked"]')
    expect(boxes).to_have_count(7)
    for index in range(7):
        boxes.nth(index).check()
    sign(cosigner=True)
    expect_status("Work in progress")

    # --- hand back (item 13) and closure (344 cl.11) --------------------------------------------------------------------------
    act_as(site.performer, detail)
    open_action("Hand back on completion (item 13)")
    page.get_by_label("The workplace has been cleared").check()
    page.get_by_label("The people have been withdrawn from the place of work").check()
    sign()
    expect_status("Handed back")
    act_as(site.admitting, detail)
    open_action("Close (344 cl.11)")
    sign()
    expect_status("Closed")
    expect(page.locator("#item-13")).to_contain_text("Dopuskov")
    expect(page.locator("#timeline")).to_contain_text("Permit closed (344 cl.11)")  # the history says what happened
    shoot(page, "permit-detail")

    permit.refresh_from_db()
    assert permit.status == Status.CLOSED
    assert [p.kind for p in permit.periods.order_by("started_at")] == [PeriodKind.INITIAL, PeriodKind.READMISSION]

    # --- the register (Annex 2) shows the row: admissions, number, issuer, nature of the work ------------------------------
    act_as(site.issuer, f"/en/permits/register/?year={permit.year}")
    row = page.locator(f'table.register tr[data-permit="{permit.pk}"]')
    expect(row).to_contain_text(number)
    expect(row).to_contain_text("Issuerov Ivan")
    expect(row).to_contain_text("Hot work: Weld a new flange")
    expect(row.locator("td").nth(1).locator("div")).to_have_count(1)  # one re-admission (the resumption)

    # --- the printed permit ---------------------------------------------------------------------------------------------------
    page.goto(detail)
    href = page.locator('a[data-pdf="en"]').get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    assert number in text
