"""CSRF on every state-changing page and API operation, the login wall, and no record of another organisation.

The pages and operations are found, not listed: the URL resolver gives every page and the OpenAPI schema every API
operation, so a page or operation added tomorrow is covered without touching this file. A page whose URL the test
cannot fill in fails the test instead of being skipped.
"""

import inspect
import logging
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils.regex_helper import normalize

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.services import token_create
from qauipsiz.core.models import Person
from qauipsiz.core.resources import RESOURCES
from qauipsiz.ledger.models import ChainHead
from tests import factories as f

BACKEND = "qauipsiz.accounts.backends.UsernameOrEmailBackend"
CSRF_LOGGER = "django.security.csrf"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}

# The pages anyone may open without logging in: a new one has to be added here on purpose.
PUBLIC = {"healthz", "set_language", "accounts:login", "accounts:login-code", "admin:login",
          # Issue 11: the wall board on a kiosk link, whose key is its own credential (read-only, one board).
          "permits:kiosk"}
# Issue 11: the boards check the login themselves, so that a refresh answers 401 instead of the login page; the page
# itself still sends an anonymous visitor to the login page, as every other page does.
CHECKED_IN_VIEW = {"permits:board", "permits:wall"}

# The state-changing pages the issue names. The walk must find each of them, so that a broken walk cannot pass by
# finding nothing.
NAMED_IN_THE_ISSUE = {
    *(f"core:{name}" for name in ("create", "edit", "deactivate", "activate", "import", "device-state")),
    *(f"accounts:{name}" for name in ("tokens", "token-revoke", "users", "user-create", "user", "role-revoke",
                                      "user-deactivate", "user-activate", "password_change", "logout", "login")),
    "set_language",
}


# --- Finding the pages -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    name: str  # the view name with its namespaces, or the route where the pattern has no name
    chain: tuple  # the patterns from the root to the page
    view: Any
    namespaces: tuple

    @property
    def route(self) -> str:
        return "".join(str(p) for p in self.chain)


def _walk(patterns, chain=(), namespaces=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _walk(pattern.url_patterns, (*chain, pattern.pattern), inner)
        else:
            full = (*chain, pattern.pattern)
            name = ":".join((*namespaces, pattern.name)) if pattern.name else "".join(str(p) for p in full)
            yield Page(name, full, pattern.callback, namespaces)


def pages() -> list[Page]:
    """Every page outside the API (which is ninja's, with its own authentication and CSRF check)."""
    return [p for p in _walk(get_resolver().url_patterns) if not str(p.chain[0]).startswith("api/")]


def accepts_post(view) -> bool:
    """Whether Django runs the view on a POST: only a method restriction (`require_GET` and the like) stops it."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return "post" in view_class.http_method_names and hasattr(view_class, "post")
    while view is not None:
        try:
            methods = inspect.getclosurevars(view).nonlocals.get("request_method_list")
        except TypeError:
            methods = None
        if methods is not None:
            return "POST" in methods
        view = getattr(view, "__wrapped__", None)
    return True


CONVERTER = re.compile(r"<(?:[^>:]+:)?(?P<name>[^>]+)>")


def _parameters(pattern) -> list[str]:
    if isinstance(pattern, RoutePattern):
        return [m["name"] for m in CONVERTER.finditer(str(pattern))]
    if isinstance(pattern, RegexPattern):
        return list(pattern.regex.groupindex)
    return []


def _text(pattern, values: dict) -> str:
    if isinstance(pattern, LocalePrefixPattern):
        return pattern.language_prefix
    if isinstance(pattern, RoutePattern):
        return CONVERTER.sub(lambda m: str(values[m["name"]]), str(pattern))
    template, names = normalize(pattern.regex.pattern)[0]
    return template % {name: values[name] for name in names}


class Unfillable(LookupError):
    pass


@dataclass
class World:
    own: dict
    foreign: dict
    superuser: Any
    account: Any  # a user the superuser manages, with one role
    token: Any  # one of the superuser's API tokens

    def value(self, parameter: str, before: str) -> Any:
        """The value of a URL parameter, from the URL text that comes before it."""
        rules = [
            ("pk", r"/register/(?P<slug>[\w-]+)/$", lambda m: self.own[m["slug"]].pk),
            ("pk", r"/accounts/tokens/$", lambda m: self.token.pk),
            ("pk", r"/accounts/users/$", lambda m: self.account.pk),
            ("grant_pk", r"/roles/$", lambda m: self.account.grants.get().pk),
            ("content_type_id", r"/admin/r/$", lambda m: ContentType.objects.get_for_model(Person).pk),
            ("object_id", r"/admin/r/\d+/$", lambda m: self.own["people"].pk),
            ("id", r"/admin/accounts/user/$", lambda m: self.account.pk),
            ("object_id", r"/admin/(?P<app>\w+)/(?P<model>\w+)/$", lambda m: _any_pk(m["app"], m["model"])),
            ("app_label", r"/admin/$", lambda m: "core"),
            ("url", r"/admin/$", lambda m: "no-such-page/"),
            ("token", r"/import/$", lambda m: "0" * 32),  # an import preview's upload token (issue 11)
        ]
        # Permits, notices, retention, the registered acts' pages, production control's and the toy domain's: the CSRF
        # check answers before the view reads its ids, so any id does.
        if re.search(r"/(permits|notices|ledger|acts|toy|control)/", before) and parameter.endswith(("pk", "id")):
            return 1
        if re.search(r"/control/", before) and parameter == "number":  # a plan's version (issue 12)
            return 1
        if re.search(r"/control/regulation/\d+/wording/$", before) and parameter == "section":  # issue 12
            return "1"
        if re.search(r"/control/regulation/\d+/(pdf|docx)/$", before) and parameter == "language":  # issue 12
            return "kk"
        for name, context, value in rules:
            match = re.search(context, before)
            if name == parameter and match:
                return value(match)
        raise Unfillable(f"no value for <{parameter}> after {before!r}")


def _any_pk(app_label: str, model_name: str):
    model = apps.get_model(app_label, model_name)
    return model._base_manager.values_list("pk", flat=True).order_by("pk").first() or 1


def urls_of(page: Page, world: World) -> list[str]:
    """The page's URL for every register type where it takes one, with real records in the other parameters."""
    takes_slug = any("slug" in _parameters(p) for p in page.chain)
    urls = []
    for slug in list(RESOURCES) if takes_slug else [None]:
        url = "/"
        for pattern in page.chain:
            values: dict[str, Any] = {"slug": slug}
            for parameter in _parameters(pattern):
                if parameter not in values:
                    # The text before a parameter decides its value: `<pk>` after `/register/people/` is a person.
                    blanks = {name: "\0" for name in _parameters(pattern) if name not in values}
                    before = url + _text(pattern, {**values, **blanks}).split("\0")[0]
                    values[parameter] = world.value(parameter, before)
            url += _text(pattern, values)
        if resolve(url).func is not page.view:
            raise Unfillable(f"{url} does not lead to {page.name}")
        urls.append(url)
    return urls


@pytest.fixture
def world(two_organisations) -> World:
    own, foreign = two_organisations
    account = f.user(Role.AUDITOR, own["organisations"])
    superuser = f.superuser()
    token, _key = token_create(user=superuser, name="to revoke")
    return World(own=own, foreign=foreign, superuser=superuser, account=account, token=token)


def snapshot() -> dict:
    """Every row of every table, the ledger's chain heads among them (any register change moves one).

    Sessions are compared by their content: every request renews their expiry (SESSION_SAVE_EVERY_REQUEST).
    """
    assert ChainHead in apps.get_models()
    state = {}
    for model in apps.get_models(include_auto_created=True):
        if model is Session:
            rows = sorted((s.session_key, s.get_decoded()) for s in Session.objects.all())
        else:
            rows = list(model._base_manager.order_by("pk").values_list())
        state[model._meta.label] = rows
    return state


def _diff(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after.get(label)]


@pytest.fixture
def browser(world) -> Client:
    """A superuser's browser that holds a CSRF cookie, as after any page, but sends no token with its POSTs: what a
    form on another site, submitted with the user's cookies, looks like."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.superuser, backend=BACKEND)
    assert client.get(reverse("home")).status_code == 200
    assert "csrftoken" in client.cookies
    return client


def _refused_for_csrf(client, caplog, method: str, url: str, **kwargs) -> str | None:
    """None when the request was refused by the CSRF check; otherwise what happened instead."""
    caplog.set_level(logging.WARNING, logger=CSRF_LOGGER)  # whatever LOG_LEVEL says
    caplog.clear()
    response = client.generic(method, url, **kwargs)
    if response.status_code != 403:
        return f"{method} {url} answered {response.status_code}"
    if not any(r.name == CSRF_LOGGER for r in caplog.records):
        return f"{method} {url} answered 403, but not for want of a CSRF token"
    return None


# --- CSRF --------------------------------------------------------------------------------------------------------

def test_every_page_that_takes_a_post_refuses_one_without_a_csrf_token(world, browser, caplog):
    found = [p for p in pages() if accepts_post(p.view)]
    assert {p.name for p in found} >= NAMED_IN_THE_ISSUE, NAMED_IN_THE_ISSUE - {p.name for p in found}
    before = snapshot()
    failures, unexercised, count = [], [], 0
    for page in found:
        try:
            urls = urls_of(page, world)
        except Unfillable as error:
            unexercised.append(f"{page.name}: {error}")
            continue
        for url in urls:
            count += 1
            problem = _refused_for_csrf(browser, caplog, "POST", url, data="",
                                        content_type="application/x-www-form-urlencoded")
            changed = _diff(before, snapshot())
            if problem or changed:
                failures.append(problem or f"POST {url} changed {changed}")
                before = snapshot()
    assert not unexercised, f"pages this test cannot reach; teach World.value their parameters: {unexercised}"
    assert not failures, failures
    assert count >= len(RESOURCES) * 6, "every register type's pages were exercised"
    assert browser.get(reverse("home")).status_code == 200, "the refused logout left the user logged in"


def test_every_unsafe_api_operation_refuses_a_session_without_a_csrf_token(world, browser, caplog):
    operations = list(api_operations(browser))
    unsafe = [(method, path) for method, path, _op in operations if method in UNSAFE]
    for slug in RESOURCES:
        for method, path in (("POST", "/"), ("PATCH", "/{record_id}"), ("POST", "/{record_id}/deactivate"),
                             ("POST", "/{record_id}/activate")):
            assert (method, f"/api/v1/{slug}{path}") in unsafe
    assert ("POST", "/api/v1/accounts/tokens") in unsafe
    before = snapshot()
    failures = []
    for method, path in unsafe:
        url = api_url(path, world)
        problem = _refused_for_csrf(browser, caplog, method, url, data="{}", content_type="application/json")
        changed = _diff(before, snapshot())
        if problem or changed:
            failures.append(problem or f"{method} {url} changed {changed}")
            before = snapshot()
    assert not failures, failures


def test_login_and_language_switch_need_the_token_too(world, caplog):
    client = Client(enforce_csrf_checks=True)
    assert client.get(reverse("accounts:login")).status_code == 200
    assert "csrftoken" in client.cookies
    before = snapshot()
    assert _refused_for_csrf(client, caplog, "POST", reverse("accounts:login"),
                             data="username=root&password=x", content_type="application/x-www-form-urlencoded") is None
    assert _refused_for_csrf(client, caplog, "POST", reverse("set_language"),
                             data="language=ru", content_type="application/x-www-form-urlencoded") is None
    assert not _diff(before, snapshot())
    # With the token from the form, the same requests go through: the refusals above were the CSRF check's.
    token = client.cookies["csrftoken"].value
    response = client.post(reverse("set_language"), {"language": "ru", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


# --- The login wall ----------------------------------------------------------------------------------------------

def test_anonymous_visitors_are_sent_to_the_login_page(world):
    found = pages()
    public = {p.name for p in found if getattr(p.view, "login_required", True) is False}
    assert public == PUBLIC | CHECKED_IN_VIEW, ("a page open to anonymous visitors was added or removed: check it and "
                                                "update PUBLIC")
    client = Client()
    failures = []
    for page in found:
        if page.name in PUBLIC:
            continue
        # Django's admin sends to its own login page where its views check the login themselves.
        logins = tuple(f"{resolve_url(name)}?next=" for name in
                       ("accounts:login", *(("admin:login",) if "admin" in page.namespaces else ())))
        for url in urls_of(page, world):
            response = client.get(url)
            if response.status_code != 302 or not response["Location"].startswith(logins):
                failures.append(f"{url}: {response.status_code} {response.get('Location', '')}")
    assert not failures, failures


def api_operations(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield method.upper(), path, operation


def api_url(path: str, world: World) -> str:
    def fill(match):
        # The permits API (no permit in this world), the parts of a permit and the toy's registered act:
        # authentication and the CSRF check answer before the parameters are read, so any id in range tests the same.
        if (path.startswith(("/api/v1/permits/", "/api/v1/toydomain/", "/api/v1/control/"))
                and match["name"] in ("record_id", "measure_id", "member_id", "attachment_id", "agreement_id",
                                      "plan_id", "item_id", "number")):
            return "1"
        # Production control's own records (issue 12): an appointment, a notice, a receipt, a regulation and its
        # section, an examination, a removal, an accident, a state prescription; the same holds for them.
        if path.startswith("/api/v1/control/") and (match["name"].endswith("_id") or match["name"] == "section"):
            return "1"
        if match["name"] == "record_id":
            return str(world.own[re.match(r"/api/v1/([\w-]+)/", path)[1]].pk)
        if match["name"] == "token_id":
            return str(world.token.pk)
        raise AssertionError(f"{path}: no value for {{{match['name']}}}; add one to api_url()")

    return re.sub(r"\{(?P<name>\w+)\}", fill, path)


def test_the_api_answers_401_to_anonymous_callers(world):
    client = Client()
    gets = [path for method, path, _op in api_operations(client) if method == "GET"]
    assert len(gets) >= 2 * len(RESOURCES)
    failures = []
    for path in gets:
        response = client.get(api_url(path, world))
        if response.status_code != 401 or "detail" not in response.json():
            failures.append(f"{path}: {response.status_code}")
    assert not failures, failures


# --- Another organisation's records ------------------------------------------------------------------------------

@pytest.mark.parametrize("role", [Role.HEAD, Role.PC_OFFICIAL])
def test_a_record_of_another_organisation_is_not_found(two_organisations, client, role):
    own, foreign = two_organisations
    client.force_login(f.user(role, own["organisations"]), backend=BACKEND)
    before = snapshot()
    for slug, record in foreign.items():
        assert client.get(reverse("core:detail", args=[slug, record.pk])).status_code == 404, slug
        assert client.get(reverse("core:edit", args=[slug, record.pk])).status_code == 404, slug
        assert client.post(reverse("core:deactivate", args=[slug, record.pk])).status_code == 404, slug
        assert client.get(f"/api/v1/{slug}/{record.pk}").status_code == 404, slug
        assert client.patch(f"/api/v1/{slug}/{record.pk}", {}, content_type="application/json").status_code == 404
        assert client.post(f"/api/v1/{slug}/{record.pk}/deactivate").status_code == 404, slug
        # The same pages answer for the organisation's own record: the 404 above is about the organisation.
        assert client.get(reverse("core:detail", args=[slug, own[slug].pk])).status_code == 200, slug
        assert client.get(f"/api/v1/{slug}/{own[slug].pk}").status_code == 200, slug
    after = snapshot()
    assert not [label for label in _diff(before, after) if label != "accounts.AccessEvent"]
