"""Issue 11 item 1: the language of the login. A language switched to on the login page wins and is saved on the
account; a login without a switch opens in the account's saved language, and says so when it is not the page's."""

import datetime

import pyotp
import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.models import User
from tests import factories as f

from .test_totp import PASSWORD, enable, later

pytestmark = pytest.mark.django_db
NOTE = ("Opened in the language saved on your account. The language buttons at the top of the page change it.")


def note_in(language: str) -> str:
    """The notice as the page shows it, in the language it opened in (its first sentence)."""
    with translation.override(language):
        return gettext(NOTE).split(".")[0]


@pytest.fixture
def account():
    user = f.user(Role.AUDITOR, f.organisation(), username="aigul")
    user.language = "ru"
    user.save()
    return user


def switch(client, language: str, page: str):
    """A click on the switcher's button for `language` on `page`, as the base template posts it."""
    response = client.post(reverse("set_language"), {"language": language, "next": page})
    assert response.status_code == 302
    return response.url


def log_in(client, login_page: str, username="aigul"):
    return client.post(login_page, {"username": username, "password": PASSWORD, "next": "/ru/"})


def saved_language(user) -> str:
    return User.objects.get(pk=user.pk).language


def test_issue11_a_language_switched_to_on_the_login_page_wins_and_is_saved_on_the_account(client, account):
    client.get("/ru/accounts/login/?next=/ru/")
    login_page = switch(client, "kk", "/ru/accounts/login/?next=/ru/")
    assert login_page.startswith("/kk/accounts/login/")
    assert saved_language(account) == "ru", "nobody is logged in yet: the switch is only remembered"
    response = log_in(client, login_page)
    assert response.status_code == 302
    assert response.url == "/kk/", "the page the user was going to, in the language switched to"
    assert saved_language(account) == "kk"
    assert client.cookies["qauipsiz_language"].value == "kk"
    home = client.get(response.url)
    assert 'lang="kk"' in home.content.decode()
    page = home.content.decode()
    assert note_in("kk") not in page and note_in("ru") not in page, "the page is in the language chosen: nothing to explain"


def test_issue11_a_later_login_without_a_switch_opens_in_the_accounts_language(client, account):
    log_in(client, switch(client, "kk", "/ru/accounts/login/"))
    client.post(reverse("accounts:logout"))
    # Later, from a page in Russian, without touching the switch.
    response = log_in(client, "/ru/accounts/login/")
    assert response.status_code == 302
    assert response.url == "/kk/", "the account's language, saved by the earlier switch"
    assert saved_language(account) == "kk"
    home = client.get(response.url).content.decode()
    assert 'lang="kk"' in home
    assert 'class="msg-info"' in home and note_in("kk") in home, "why the page is not in Russian"


def test_issue11_login_from_kk_without_a_switch_says_why_it_opens_in_russian(client, account):
    response = log_in(client, "/kk/accounts/login/")
    assert response.url == "/ru/"
    assert saved_language(account) == "ru"
    assert note_in("ru") in client.get(response.url).content.decode()


def test_issue11_an_account_with_no_language_keeps_and_saves_the_login_pages(client, account):
    User.objects.filter(pk=account.pk).update(language="")
    response = log_in(client, "/kk/accounts/login/")
    assert response.url == "/kk/"
    assert saved_language(account) == "kk"
    assert note_in("kk") not in client.get(response.url).content.decode()


def test_issue11_the_switch_wins_through_the_second_factor_too(client, account):
    with time_machine.travel(datetime.datetime(2026, 11, 22, 9, 0, tzinfo=datetime.UTC), tick=False) as clock:
        secret = enable(client, account)
        later(clock)  # a code is accepted once: the next one
        login_page = switch(client, "kk", "/ru/accounts/login/")
        response = log_in(client, login_page)
        assert response.url == "/kk/accounts/login/code/"
        response = client.post(response.url, {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert response.url == "/kk/"
    assert saved_language(account) == "kk"


def test_issue11_a_switch_while_logged_in_is_not_taken_for_one_on_the_login_page(client, account):
    """The mark of a switch before logging in lives in the anonymous session only: logging out clears it."""
    client.force_login(account)
    switch(client, "en", "/ru/")
    assert saved_language(account) == "en"
    client.post(reverse("accounts:logout"))
    response = log_in(client, "/kk/accounts/login/")
    assert response.url == "/en/"
