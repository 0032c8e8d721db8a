"""Issue 11, "long work shows progress", in Chromium: an import's upload shows a determinate bar and then "Checking the
rows…" until the preview arrives; the preview pages without a new upload; applying shows its indicator; a PDF or an
XLSX link says "Preparing the file…" until the file arrives."""

import datetime
import json
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qauipsiz.accounts.choices import Role
from qauipsiz.core.models import Person
from tests import factories as f
from tests.permits.conftest import builtin_work_type, make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Records every state the element goes through (attributes, text), as console lines the test reads afterwards: the
# states pass too quickly on a local server to be caught by polling.
WATCH = """([selector, tag]) => {
  const box = document.querySelector(selector);
  const report = () => {
    const bar = box.querySelector("progress");
    console.log(tag + JSON.stringify({hidden: box.hidden, text: box.textContent.trim(),
      value: bar && bar.getAttribute("value"), max: bar && bar.getAttribute("max")}));
  };
  new MutationObserver(report).observe(box, {attributes: true, subtree: true, childList: true, characterData: true});
}"""


def _states(lines, tag):
    return [json.loads(line[len(tag):]) for line in lines if line.startswith(tag)]


def test_issue11_upload_shows_its_progress_then_the_paged_preview(page, login):
    org = f.organisation()
    f.division(org, "Primary processing shop", code="PPS")
    user = f.user(Role.PC_OFFICIAL, org)
    rows = [["IIN", "Last name", "First name", "Division"]]
    rows += [[f.iin() if n % 20 else "123", f"Person{n}", "Ivan", "PPS"] for n in range(1, 121)]
    lines = []
    page.on("console", lambda message: lines.append(message.text))

    login(user).goto("/en/register/people/import/")
    page.evaluate(WATCH, ["[data-upload-status]", "upload:"])
    page.get_by_label("File (XLSX or CSV)").set_input_files(
        {"name": "people.xlsx", "mimeType": "application/octet-stream", "buffer": f.xlsx_bytes(rows)})
    page.get_by_role("button", name="Check the file").click()

    expect(page.locator("#count-create")).to_have_text("114")
    expect(page.locator("#count-reject")).to_have_text("6")
    states = _states(lines, "upload:")
    assert any(not s["hidden"] and s["max"] and s["value"] == s["max"] for s in states), states
    assert any(s["text"].startswith("Uploading the file…") and s["text"].endswith("%") for s in states), states
    assert any(s["text"] == "Checking the rows…" and s["value"] is None for s in states), states
    # The address is the preview's: a reload or a page turn reads the file kept on the server, not a new upload.
    expect(page).to_have_url(re.compile(r"/en/register/people/import/[0-9a-f]{32}/$"))
    expect(page.locator(".pagination")).to_contain_text("Page 1 of 3")
    page.get_by_role("link", name="Next ›").click()
    expect(page.locator(".pagination")).to_contain_text("Page 2 of 3")
    expect(page.locator("tbody tr").first).to_have_attribute("data-row", "52")
    expect(page.locator("#count-create")).to_have_text("114")
    page.locator("#errors-only").click()
    expect(page.locator("tbody tr.reject")).to_have_count(6)

    page.evaluate(WATCH, ["[data-busy-status]", "busy:"])
    page.get_by_role("button", name="Import 114 rows").click()
    expect(page.locator(".messages")).to_contain_text("114 created", timeout=60_000)
    assert any(not s["hidden"] and s["text"] == "Importing 114 rows…" for s in _states(lines, "busy:")), lines
    assert Person.objects.count() == 114


def test_issue11_a_pdf_link_says_preparing_until_the_file_arrives(page, login):
    site = make_site("Ertis refinery")
    builtin_work_type("hot")
    now = timezone.now()
    permit = site.issued(planned_start=now, planned_end=now + datetime.timedelta(days=2))
    lines = []
    page.on("console", lambda message: lines.append(message.text))
    login(site.issuer.user).goto(f"/en/permits/{permit.pk}/")
    link = page.locator('a[data-pdf="en"]')
    page.evaluate(WATCH.replace('box.querySelector("progress")', "null"), [".print-actions", "pdf:"])

    with page.expect_response(re.compile(r"/permit\.pdf\?")) as answer:
        link.click()
    response = answer.value
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert re.search(r"download-[0-9a-f]{24}=1", response.header_value("set-cookie") or "")
    # The permit's PDF is shown in place (Content-Disposition: inline): Chromium opens it in its viewer.
    expect(page).to_have_url(re.compile(r"/permit\.pdf\?language=en&download_token=[0-9a-f]{24}$"))
    again = page.request.get(response.url)
    assert int(response.headers["content-length"]) == len(again.body()) > 1000
    assert again.body().startswith(b"%PDF")
    # While the PDF was rendered the link said so.
    assert any("Preparing the file…" in s["text"] for s in _states(lines, "pdf:")), lines


def test_issue11_an_export_link_says_preparing_then_downloads(page, login):
    org = f.organisation()
    shop = f.division(org, "Shop")
    for n in range(3):
        f.person(org, shop, last_name=f"Worker{n}")
    login(f.user(Role.PC_OFFICIAL, org)).goto("/en/register/people/")
    lines = []
    page.on("console", lambda message: lines.append(message.text))
    page.evaluate(WATCH.replace('box.querySelector("progress")', "null"), [".tablehead", "xlsx:"])
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export to XLSX").click()
    assert download_info.value.suggested_filename.endswith(".xlsx")
    # The note goes once the file has come: the cookie named after the link's token says so.
    expect(page.locator(".preparing-note")).to_have_count(0)
    expect(page.locator("#export-link")).not_to_have_class(re.compile("preparing"))
    assert any("Preparing the file…" in s["text"] for s in _states(lines, "xlsx:")), lines
