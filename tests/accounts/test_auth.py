"""Logging in, throttling, sessions, password change, personal API tokens, anonymous access."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.models import ApiToken, User
from tests import factories as f

PASSWORD = "correct horse battery"


@pytest.fixture
def account(db):
    org = f.organisation()
    user = f.user(Role.AUDITOR, org, username="aigul")
    user.email = "Aigul@Example.kz"
    user.language = "ru"
    user.save()
    return user


def login(client, username, password=PASSWORD, language="en"):
    with translation.override(language):
        return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_with_username_or_email_opens_the_users_language(client, account):
    response = login(client, "aigul")
    assert response.status_code == 302
    assert response.url.startswith("/ru/"), "the language the user chose last time"
    client.logout()
    assert login(client, "aigul@example.kz").status_code == 302


def test_wrong_password_is_refused_with_a_translated_message(client, account):
    response = login(client, "aigul", "wrong", language="ru")
    assert response.status_code == 200
    assert "Пожалуйста, введите правильные" in response.content.decode()


def test_login_is_throttled_after_repeated_failures(client, account):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "aigul", "wrong")
    response = login(client, "aigul")  # even the right password is refused while locked
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()


def test_login_lock_holds_the_account_whatever_spelling_is_typed(client, account):
    """Five wrong passwords for the username lock the account's e-mail too, in any letter case, from that address."""
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "aigul", "wrong")
    for spelling in ("aigul@example.kz", "AIGUL@EXAMPLE.KZ", " Aigul@Example.kz "):
        assert login(client, spelling).status_code == 429, spelling


def test_login_guesses_over_spellings_of_one_email_count_together(client, account):
    spellings = ["aigul@example.kz", "Aigul@Example.kz", "AIGUL@example.kz", "aigul@EXAMPLE.kz", "aiGul@example.KZ"]
    for spelling in spellings[:settings.AXES_FAILURE_LIMIT]:
        login(client, spelling, "wrong")
    assert login(client, "aigul").status_code == 429  # even the username with the right password


def test_login_lock_of_another_address_does_not_hold(client, account):
    """The lock is on the account from one client address: the owner at another address still logs in."""
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "aigul@example.kz", "wrong")
    with translation.override("en"):
        response = client.post(reverse("accounts:login"), {"username": "aigul", "password": PASSWORD},
                               REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 302


def test_unknown_names_are_throttled_like_accounts(client, account):
    """An attacker cannot tell an unknown name from an account by the lockout: both lock after the same failures, in
    any letter case, with the same answer."""
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, ["nobody@example.kz", "NOBODY@example.kz"][attempt % 2], "wrong").status_code == 200
    login(client, "nobody@example.kz", "wrong")
    locked = login(client, "Nobody@Example.kz", "whatever")
    assert locked.status_code == 429 and "Too many failed attempts" in locked.content.decode()


def test_anonymous_pages_redirect_to_login_and_api_answers_401(client, db):
    response = client.get(reverse("core:list", args=["people"]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url
    assert client.get("/api/v1/people/").status_code == 401
    assert client.get("/healthz").status_code == 200


def test_session_expires_after_idle_time(client, account):
    assert settings.SESSION_SAVE_EVERY_REQUEST
    with time_machine.travel(datetime.datetime(2026, 11, 1, 9, 0, tzinfo=datetime.UTC), tick=False) as traveller:
        client.force_login(account)
        assert client.get(reverse("home")).status_code == 200
        traveller.shift(datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60))
        assert client.get(reverse("home")).status_code == 200, "activity renews the session"
        traveller.shift(datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60))
        assert client.get(reverse("home")).status_code == 302


def test_password_change(client, account):
    client.force_login(account)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "Another-long-secret-7", "new_password2": "Another-long-secret-7"})
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.check_password("Another-long-secret-7")


def test_personal_tokens_create_use_and_revoke(client, account):
    client.force_login(account)
    response = client.post(reverse("accounts:tokens"), {"name": "maintenance system"})
    key = response.context["new_key"]
    assert key.startswith("qz_")
    token = ApiToken.objects.get()
    assert token.key_hash != key and key not in token.key_hash
    client.logout()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    me = client.get("/api/v1/accounts/me", **auth)
    assert me.status_code == 200
    assert me.json()["roles"] == [Role.AUDITOR]
    client.force_login(account)
    client.post(reverse("accounts:token-revoke", args=[token.pk]))
    client.logout()
    assert client.get("/api/v1/accounts/me", **auth).status_code == 401


def test_token_of_a_deactivated_user_or_expired_token_is_refused(client, account):
    from qauipsiz.accounts.services import token_create

    _token, key = token_create(user=account, name="t", valid_days=1)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get("/api/v1/accounts/me", **auth).status_code == 200
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=2)):
        assert client.get("/api/v1/accounts/me", **auth).status_code == 401
    User.objects.filter(pk=account.pk).update(is_active=False)
    assert client.get("/api/v1/accounts/me", **auth).status_code == 401


def test_tokens_api(client, account):
    client.force_login(account)
    created = client.post("/api/v1/accounts/tokens", {"name": "script"}, content_type="application/json")
    assert created.status_code == 201
    listed = client.get("/api/v1/accounts/tokens").json()
    assert [t["name"] for t in listed] == ["script"]
    assert "key" not in listed[0]
    revoked = client.post(f"/api/v1/accounts/tokens/{listed[0]['id']}/revoke")
    assert revoked.json()["revoked_at"]


def test_someone_elses_token_cannot_be_revoked(client, account):
    from qauipsiz.accounts.services import token_create

    other = f.user(username="other")
    token, _key = token_create(user=other, name="theirs")
    client.force_login(account)
    assert client.post(reverse("accounts:token-revoke", args=[token.pk])).status_code == 404
    assert client.post(f"/api/v1/accounts/tokens/{token.pk}/revoke").status_code == 404
