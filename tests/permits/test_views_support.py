"""Shared helpers of the permit page tests (no tests here): logins, signature fields, an outsider."""

import pytest
from django.urls import reverse
from django.utils import translation

from qauipsiz.accounts.choices import Role
from tests import factories as f

from .conftest import PASSWORD

SIGN = {"sign_method": "password", "sign_password": PASSWORD}
COSIGN = {"cosigner-sign_method": "password", "cosigner-sign_password": PASSWORD}
WRONG = {"sign_method": "password", "sign_password": "not the password"}
WRONG_COSIGN = {"cosigner-sign_method": "password", "cosigner-sign_password": "not the password"}


@pytest.fixture
def english():
    """Pages in English (reverse() gives /en/ addresses)."""
    with translation.override("en"):
        yield


def url(name: str, *args) -> str:
    return reverse(f"permits:{name}", args=args)


def as_user(client, person_or_user):
    user = getattr(person_or_user, "user", person_or_user)
    client.force_login(user)
    return client


def outsider_user():
    """The head of another organisation: sees none of the site's records."""
    other = f.organisation("Other refinery")
    return f.user(Role.HEAD, other, username="outsider")


def text(response) -> str:
    return response.content.decode()


def block(html: str, marker: str) -> str:
    """The part of a page from `marker` to the end of its element's section (good enough for assertions)."""
    start = html.index(marker)
    return html[start:start + 8000]
