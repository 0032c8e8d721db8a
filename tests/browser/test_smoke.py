"""The browser harness works end to end: Chromium starts, reaches the live server and reads its answer."""

import json

import pytest

pytestmark = pytest.mark.browser


def test_healthz_in_chromium(page, live_server):
    response = page.goto(live_server.url + "/healthz")

    assert response is not None and response.status == 200
    assert response.header_value("content-type") == "application/json"
    assert json.loads(page.locator("body").inner_text()) == {"status": "ok", "database": "ok"}
