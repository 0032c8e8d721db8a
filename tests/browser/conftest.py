"""Browser tests: Debian's Chromium (/usr/bin/chromium) driven by Playwright's sync API against pytest-django's
live server. Every test in this directory gets the `browser` marker, so `pytest -m "not browser"` leaves them out.

Fixtures
--------
``browser`` (session)
    One headless Chromium for the whole run. Never downloaded: without /usr/bin/chromium the browser tests are
    skipped, and under CI=true they fail instead.

``page``
    A fresh browser context (no cookies, locale ``en``, 1280x900) and page per test, with ``base_url`` set to the
    live server, so relative URLs work::

        def test_home_redirects_to_login(page):
            page.goto("/en/")
            expect(page).to_have_url(re.compile("/en/accounts/login/"))

    Using ``page`` starts ``live_server``, which gives the test ``transactional_db``: rows the test creates are
    committed and visible to the server, and the tables are emptied after the test. When the test fails, a
    screenshot and the page's HTML are saved in ``test-artifacts/``.

``login``
    ``login(user)`` signs ``user`` in on ``page`` without going through the login form (a session is created
    directly and its cookie put into the context), and returns the page::

        def test_register(page, login, django_user_model):
            user = django_user_model.objects.create_user("ainur", password="x" * 12)
            login(user).goto("/en/register/")

Timeouts are short (10 s) so that a missing element fails the test quickly instead of hanging the run.
"""

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio event loop running in the test thread; Django's ORM sees it and refuses
# to run ("SynchronousOnlyOperation") although every call here really is synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    # Running as root in a container: Chromium's sandbox needs user namespaces that are not there.
    "--no-sandbox",
    "--disable-gpu",
    # The machine has no network: without these Chromium stalls on DNS lookups and update checks.
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
HERE = Path(__file__).resolve().parent


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keeps each phase's report on the test item so that the `page` fixture can tell, at teardown, that it failed.
    report = yield
    setattr(item, f"_report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        message = f"{CHROMIUM} not found: install Debian's chromium package (apt-get install chromium)"
        if _in_ci():
            pytest.fail(f"{message}. CI=true, so browser tests must run.", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
                                             timeout=60_000)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


def _artifact_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("_")[:200]


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(base_url=live_server.url, locale="en", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        failed = any(getattr(getattr(request.node, f"_report_{when}", None), "failed", False)
                     for when in ("setup", "call"))
        if failed and not page.is_closed():
            ARTIFACTS.mkdir(exist_ok=True)
            name = _artifact_name(request.node.nodeid)
            try:
                page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
                (ARTIFACTS / f"{name}.html").write_text(page.content(), encoding="utf-8")
            except Exception as exc:  # noqa: BLE001 - a failed screenshot must not hide the test's own failure
                print(f"could not save the screenshot of {request.node.nodeid}: {exc}")
        context.close()


@pytest.fixture
def login(page, live_server):
    from django.conf import settings
    from django.test import Client

    # force_login would otherwise pick django-axes' backend, which cannot load a user back from the session.
    backend = next(path for path in settings.AUTHENTICATION_BACKENDS if not path.startswith("axes."))

    def sign_in(user):
        client = Client()
        client.force_login(user, backend=backend)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        return page

    return sign_in
