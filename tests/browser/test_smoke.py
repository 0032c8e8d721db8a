"""The browser harness works end to end: Chromium starts, reaches the live server and reads its answer."""

import json

import pytest

# The live server makes every browser test transactional: with serialized rollback, each test's flush keeps the rows the
# migrations made, so that the next serialized test can put them back (a plain flush recreates the content types and
# the next test's restore collides with them).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_healthz_in_chromium(page, live_server):
    response = page.goto(live_server.url + "/healthz")

    assert response is not None and response.status == 200
    assert response.header_value("content-type") == "application/json"
    assert json.loads(page.locator("body").inner_text()) == {"status": "ok", "database": "ok"}
