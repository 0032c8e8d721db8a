"""A person at the keyboard: log in, switch language, enter a person, import a sheet, filter and export a list."""

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from qauipsiz.accounts.choices import Role
from qauipsiz.core.models import Person
from tests import factories as f

# The browser tests empty the tables after each test; serialized rollback puts the migrations' rows back.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "correct horse battery"


@pytest.fixture
def office():
    org = f.organisation("Ertis refinery")
    shop = f.division(org, "Primary processing shop", code="PPS", name_ru="Цех первичной переработки нефти")
    user = f.user(Role.PC_OFFICIAL, org, username="official")
    return org, shop, user


def test_log_in_with_the_form(page, office):
    page.goto("/en/")
    expect(page).to_have_url(re.compile(r"/en/accounts/login/"))
    page.get_by_label("Username or e-mail").fill("official")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()


def test_switch_language_and_stay_on_the_page(page, login, office):
    org, shop, user = office
    login(user).goto("/en/register/divisions/?q=Primary")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="RU").click()
    expect(page).to_have_url(re.compile(r"/ru/register/divisions/\?q=Primary$"))
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("#results")).to_contain_text("Цех первичной переработки нефти")
    page.get_by_role("button", name="KK").click()
    expect(page).to_have_url(re.compile(r"/kk/register/divisions/"))
    user.refresh_from_db()
    assert user.language == "kk"


def test_create_a_person_wrong_iin_then_right(page, login, office):
    org, shop, user = office
    login(user).goto("/en/register/people/new/")
    page.get_by_label("IIN").fill("880101300011")
    page.get_by_label("Last name").fill("Сейтқали")
    page.get_by_label("First name").fill("Ерлан")
    page.get_by_label("Division").select_option(label="Primary processing shop")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".field.has-error")).to_contain_text("wrong check digit")
    assert Person.objects.count() == 0
    page.get_by_label("IIN").fill("880101300010")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Сейтқали Ерлан")).to_be_visible()
    assert Person.objects.get().iin == "880101300010"




def test_import_people_from_a_spreadsheet(page, login, office):
    org, shop, user = office
    data = f.xlsx_bytes([["IIN", "Last name", "First name", "Division"],
                   [f.iin(), "Жақыпова", "Айгүл", "PPS"],
                   [f.iin(), "Петров", "Алексей", "PPS"],
                   ["123", "Broken", "Row", "PPS"]])
    login(user).goto("/en/register/people/import/")
    page.get_by_label("File (XLSX or CSV)").set_input_files(
        {"name": "people.xlsx", "mimeType": "application/octet-stream", "buffer": data})
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("#count-create")).to_have_text("2")
    expect(page.locator("#count-reject")).to_have_text("1")
    expect(page.locator("tr.reject")).to_contain_text("12 digits")
    assert Person.objects.count() == 0
    page.get_by_role("button", name="Import 2 rows").click()
    expect(page.locator(".messages")).to_contain_text("2 created")
    assert set(Person.objects.values_list("last_name", flat=True)) == {"Жақыпова", "Петров"}


def test_filter_a_list_and_export_it(page, login, office):
    org, shop, user = office
    other = f.division(org, "Laboratory")
    for n in range(3):
        f.person(org, shop, last_name=f"Shopworker{n}")
    f.person(org, other, last_name="Chemist")
    login(user).goto("/en/register/people/")
    expect(page.locator(".count")).to_have_text("4 records")
    page.get_by_label("Search").fill("shopworker")
    expect(page.locator(".count")).to_have_text("3 records")
    expect(page).to_have_url(re.compile(r"q=shopworker"))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export to XLSX").click()
    workbook = load_workbook(io.BytesIO(download_info.value.path().read_bytes()))
    names = [row[0] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["Shopworker0 Ivan", "Shopworker1 Ivan", "Shopworker2 Ivan"]
