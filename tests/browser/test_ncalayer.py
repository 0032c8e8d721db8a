"""ncalayer.js in Chromium, against a fake NCALayer: Playwright answers the page's WebSocket to wss://127.0.0.1:13579/.

The signing fields ask NCALayer for a detached CMS over exactly the content the page shows, put the answer in the form
and submit it; when NCALayer is not running or the signer cancels, the page says so in the words it was given
(translated by the template), and nothing is submitted (344 cl.10: the signature is the signer's own act).
"""

import base64
import json

import pytest
from playwright.sync_api import expect

from qauipsiz.ledger.canonical import canonical_json
from tests.ledger.urls_sign import CONTENT

# Serialized rollback like every browser test (see test_smoke.py).
pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.ledger.urls_sign"),
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NCALAYER = "wss://127.0.0.1:13579/"
CMS = base64.b64encode(b"\x30\x82 a detached CMS from NCALayer").decode()


def submitted(page) -> dict:
    return json.loads(page.locator("body").inner_text())


def test_ncalayer_is_asked_for_a_detached_cms_over_the_content_and_the_answer_is_submitted(page):
    requests = []

    def fake_ncalayer(ws):
        def on_message(message):
            requests.append(json.loads(message))
            ws.send(json.dumps({"code": "200", "responseObject": CMS}))

        ws.on_message(on_message)
        ws.send(json.dumps({"result": {"version": "1.4"}}))  # NCALayer greets every new connection first

    page.route_web_socket(NCALAYER, fake_ncalayer)
    page.goto("/sign/")
    expect(page.get_by_label("Your password")).to_be_visible()
    page.get_by_label("ЭЦП (NCALayer)").check()
    expect(page.get_by_label("Your password")).to_be_hidden()
    with page.expect_navigation():
        page.get_by_role("button", name="Sign with ЭЦП (NCALayer)").click()

    content = base64.b64encode(canonical_json(CONTENT).encode()).decode()
    assert requests == [{"module": "kz.gov.pki.knca.commonUtils", "method": "createCAdESFromBase64",
                         "args": ["PKCS12", "SIGNATURE", content, False]}]
    assert submitted(page) == {"sign_method": "cms", "sign_password": "", "sign_pin": "", "sign_cms": CMS,
                               "action": "admit"}


def test_ncalayer_not_running_shows_the_translated_message(page):
    # Nothing is routed and nothing listens on the port: the connection is refused, as when NCALayer is not started.
    page.goto("/sign/")
    page.get_by_label("ЭЦП (NCALayer)").check()
    page.get_by_role("button", name="Sign with ЭЦП (NCALayer)").click()
    status = page.locator("[data-ncalayer-status]")
    expect(status).to_have_text("NCALayer is not running or cannot be reached. Start NCALayer on this computer and try "
                                "again.")
    # The words come from the page (rendered with {% translate %}), not from the script.
    assert status.inner_text() == page.locator("[data-signing]").get_attribute("data-msg-unavailable")
    assert page.url.endswith("/sign/") and page.locator("[name=sign_cms]").input_value() == ""
    expect(page.get_by_role("button", name="Sign with ЭЦП (NCALayer)")).to_be_enabled()


def test_cancelling_in_ncalayer_submits_nothing(page):
    def cancelling_ncalayer(ws):
        ws.on_message(lambda message: ws.send(json.dumps({"code": "500", "message": "action.canceled"})))

    page.route_web_socket(NCALAYER, cancelling_ncalayer)
    page.goto("/sign/")
    page.get_by_label("ЭЦП (NCALayer)").check()
    page.get_by_role("button", name="Sign with ЭЦП (NCALayer)").click()
    expect(page.locator("[data-ncalayer-status]")).to_have_text("Signing was cancelled in NCALayer. Nothing was signed.")
    assert page.url.endswith("/sign/") and page.locator("[name=sign_cms]").input_value() == ""


def test_an_ncalayer_error_is_shown_with_its_message(page):
    def failing_ncalayer(ws):
        ws.on_message(lambda message: ws.send(json.dumps({"code": "500", "message": "storage.empty"})))

    page.route_web_socket(NCALAYER, failing_ncalayer)
    page.goto("/sign/")
    page.get_by_label("ЭЦП (NCALayer)").check()
    page.get_by_role("button", name="Sign with ЭЦП (NCALayer)").click()
    expect(page.locator("[data-ncalayer-status]")).to_have_text("NCALayer could not sign: storage.empty")
