"""The second factor: optional per user, required for chosen roles; codes are single-use."""

import datetime

import pyotp
import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.models import User
from tests import factories as f

PASSWORD = "correct horse battery"
BACKEND = "qauipsiz.accounts.backends.UsernameOrEmailBackend"


@pytest.fixture
def org(db):
    return f.organisation()


@pytest.fixture
def clock():
    """A controllable clock: a code is valid for its 30-second step and accepted once only."""
    with time_machine.travel(datetime.datetime(2026, 11, 22, 9, 0, tzinfo=datetime.UTC), tick=False) as traveller:
        yield traveller


def later(clock):
    clock.shift(datetime.timedelta(seconds=60))


def enable(client, user) -> str:
    client.force_login(user, backend=BACKEND)
    page = client.get(reverse("accounts:totp"))
    assert "<svg" in page.content.decode()
    secret = page.context["secret"]
    response = client.post(reverse("accounts:totp"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    client.logout()
    return secret


def log_in(client, username, password=PASSWORD):
    with translation.override("en"):
        return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_needs_the_code_once_enabled(client, org, clock):
    user = f.user(Role.AUDITOR, org, username="aigul")
    secret = enable(client, user)
    later(clock)
    response = log_in(client, "aigul")
    assert response.url.endswith("/accounts/login/code/")
    assert client.get(reverse("home")).status_code == 302, "not logged in before the code"
    wrong = client.post(reverse("accounts:login-code"), {"code": "000000"})
    assert wrong.status_code == 400
    ok = client.post(reverse("accounts:login-code"), {"code": pyotp.TOTP(secret).now()})
    assert ok.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_code_cannot_be_used_twice(client, org, clock):
    user = f.user(Role.AUDITOR, org, username="aigul")
    secret = enable(client, user)
    later(clock)
    code = pyotp.TOTP(secret).now()
    log_in(client, "aigul")
    assert client.post(reverse("accounts:login-code"), {"code": code}).status_code == 302
    client.logout()
    log_in(client, "aigul")
    assert client.post(reverse("accounts:login-code"), {"code": code}).status_code == 400


def test_too_many_wrong_codes_end_the_attempt(client, org):
    f.user(Role.AUDITOR, org, username="aigul")
    enable(client, User.objects.get(username="aigul"))
    log_in(client, "aigul")
    for _attempt in range(5):
        client.post(reverse("accounts:login-code"), {"code": "123456"})
    assert client.get(reverse("accounts:login-code")).status_code == 302


def test_required_roles_must_set_it_up_first(client, org, settings):
    settings.TOTP_REQUIRED_ROLES = [Role.HEAD]
    head = f.user(Role.HEAD, org, username="head")
    client.force_login(head, backend=BACKEND)
    response = client.get(reverse("core:list", args=["people"]))
    assert response.status_code == 302 and response.url.endswith(reverse("accounts:totp"))
    assert client.get(reverse("accounts:totp")).status_code == 200
    client.force_login(f.user(Role.AUDITOR, org), backend=BACKEND)
    assert client.get(reverse("core:list", args=["people"])).status_code == 200


def test_turning_it_off_needs_password_and_code_and_is_refused_for_required_roles(client, org, settings, clock):
    user = f.user(Role.AUDITOR, org, username="aigul")
    secret = enable(client, user)
    later(clock)
    client.force_login(user, backend=BACKEND)
    settings.TOTP_REQUIRED_ROLES = [Role.AUDITOR]
    client.post(reverse("accounts:totp"), {"password": PASSWORD, "code": pyotp.TOTP(secret).now()})
    user.refresh_from_db()
    assert user.totp_enabled_at is not None
    settings.TOTP_REQUIRED_ROLES = []
    assert client.post(reverse("accounts:totp"), {"password": "wrong", "code": "123456"}).status_code == 400
    user.refresh_from_db()
    assert user.totp_enabled_at is not None


def test_turning_it_off(client, org, clock):
    user = f.user(Role.AUDITOR, org, username="aigul")
    secret = enable(client, user)
    later(clock)
    client.force_login(user, backend=BACKEND)
    response = client.post(reverse("accounts:totp"), {"password": PASSWORD, "code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.totp_enabled_at is None and user.totp_secret == ""
