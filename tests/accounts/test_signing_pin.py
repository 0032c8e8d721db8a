"""The signing PIN: set under the user's own menu, confirmed with the password, kept only as a hash."""

import pytest
from django.contrib.auth.hashers import check_password
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.lockout import failure_limit
from qauipsiz.ledger.models import LedgerEntry
from tests import factories as f

PASSWORD = "correct horse battery"
BACKEND = "qauipsiz.accounts.backends.UsernameOrEmailBackend"


@pytest.fixture(autouse=True)
def english():
    cache.clear()  # the wrong-password counter
    with translation.override("en"):
        yield
    cache.clear()


@pytest.fixture
def user(db):
    return f.user(Role.ADMITTING_PERSON, f.organisation())


def test_the_page_is_linked_from_the_user_menu(client, user):
    client.force_login(user, backend=BACKEND)
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("accounts:signing-pin")}"' in home
    assert client.get(reverse("accounts:signing-pin")).status_code == 200


def test_setting_the_pin(client, user):
    client.force_login(user, backend=BACKEND)
    entries = LedgerEntry.objects.count()
    response = client.post(reverse("accounts:signing-pin"), {"password": PASSWORD, "pin": "480512", "pin2": "480512"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert check_password("480512", user.signing_pin) and "480512" not in user.signing_pin
    assert LedgerEntry.objects.count() == entries  # nothing about secrets goes into the ledger
    assert "You have a signing PIN" in client.get(reverse("accounts:signing-pin")).content.decode()


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"password": "wrong", "pin": "480512", "pin2": "480512"}, "password", "The password is not correct."),
    ({"password": PASSWORD, "pin": "480512", "pin2": "480513"}, "pin2", "The two PINs differ."),
    ({"password": PASSWORD, "pin": "12ab", "pin2": "12ab"}, "pin", "The PIN must be 4 to 8 digits."),
    ({"password": PASSWORD, "pin": "1111", "pin2": "1111"}, "pin", "This PIN is too easy to guess"),
])
def test_refusals_are_shown_on_the_field(client, user, data, field, message):
    client.force_login(user, backend=BACKEND)
    response = client.post(reverse("accounts:signing-pin"), data)
    assert response.status_code == 400
    assert message in response.context["form"].errors[field][0]
    user.refresh_from_db()
    assert user.signing_pin == ""


def test_the_page_cannot_be_used_to_guess_the_password(client, user):
    client.force_login(user, backend=BACKEND)
    for _attempt in range(failure_limit()):
        client.post(reverse("accounts:signing-pin"), {"password": "guess", "pin": "480512", "pin2": "480512"})
    response = client.post(reverse("accounts:signing-pin"), {"password": PASSWORD, "pin": "480512", "pin2": "480512"})
    assert response.status_code == 400
    assert "too many wrong passwords or PINs" in response.context["form"].errors["password"][0]
