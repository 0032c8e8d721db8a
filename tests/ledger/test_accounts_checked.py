"""User accounts are in the checked state, as role grants are (issue 10 item 5): a change made behind the application
(active, staff, superuser, the password, the second factor) fails `verify`; every change made through it is ledgered.
"""

import pyotp
import pytest
from django.urls import reverse

from qauipsiz.accounts import services, totp
from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.models import User
from qauipsiz.ledger.verify import verify_organisation
from tests import factories as f

PASSWORD = "correct horse battery"
BACKEND = "qauipsiz.accounts.backends.UsernameOrEmailBackend"


@pytest.fixture
def books(db):
    org = f.organisation()
    head = f.user(Role.HEAD, org, username="head")
    crew = f.user(Role.CREW_MEMBER, org, username="crew3")
    assert verify_organisation(org.pk) == []
    return org, head, crew


def problems(org) -> list[str]:
    return [str(p) for p in verify_organisation(org.pk)]


@pytest.mark.parametrize("statement", [
    "UPDATE accounts_user SET is_superuser = %s, is_staff = %s WHERE id = %s",
    "UPDATE accounts_user SET is_active = NOT is_active, is_staff = %s OR is_staff, is_superuser = %s OR is_superuser "
    "WHERE id = %s",
])
def test_an_account_raised_behind_the_application_fails_verify(books, attacker, statement):
    org, _head, crew = books
    with attacker:
        attacker.sql(statement, [True, True, crew.pk])
    found = problems(org)
    assert any("crew3" in p and "changed outside the system" in p for p in found), found


def test_a_password_or_second_factor_set_behind_the_application_fails_verify(books, attacker):
    org, _head, crew = books
    with attacker:
        attacker.sql("UPDATE accounts_user SET password = %s WHERE id = %s", ["pbkdf2_sha256$1$x$forged", crew.pk])
    assert any("crew3" in p for p in problems(org))


def test_an_account_created_behind_the_application_fails_verify(books, attacker):
    org, _head, _crew = books
    with attacker:
        attacker.sql("INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email, "
                     "is_staff, is_active, date_joined, language, totp_secret, totp_last_step, signing_pin) VALUES "
                     "('x', true, 'intruder', '', '', '', true, true, CURRENT_TIMESTAMP, '', '', 0, '')")
        intruder = User.objects.get(username="intruder")
        attacker.sql("INSERT INTO accounts_rolegrant (user_id, organisation_id, role, created_at) VALUES "
                     "(%s, %s, 'head', CURRENT_TIMESTAMP)", [intruder.pk, org.pk])
    found = problems(org)
    assert any("intruder" in p and "created outside the system" in p for p in found), found


def test_changes_through_the_application_are_ledgered(books, client):
    """Deactivating and reactivating, a role in another organisation, the owner's password and second factor: verify
    stays clean in every organisation concerned."""
    org, head, crew = books
    services.user_set_active(by=head, user=crew, active=False)
    services.user_set_active(by=head, user=crew, active=True)
    other = f.organisation("Other refinery")
    services.role_grant(by=f.superuser(), user=crew, organisation=other, role=Role.AUDITOR)
    client.force_login(crew, backend=BACKEND)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "a new long password 42", "new_password2": "a new long password 42"})
    assert response.status_code == 302
    secret = pyotp.random_base32()
    totp.totp_enable(user=crew, secret=secret, code=pyotp.TOTP(secret).now())
    assert verify_organisation(org.pk) == [] and verify_organisation(other.pk) == []
    grant = crew.grants.get(organisation=other)
    services.role_revoke(by=f.superuser(), grant=grant)
    assert verify_organisation(other.pk) == []  # left these books, still checked against them


def test_the_admin_ledgers_what_a_superuser_changes(books, client):
    org, _head, crew = books
    admin = f.superuser()
    client.force_login(admin, backend=BACKEND)
    page = client.get(reverse("admin:accounts_user_change", args=[crew.pk]))
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields if name not in ("password",)}
    data.update({"is_staff": "on", "is_active": "on", "date_joined_0": "2026-11-01", "date_joined_1": "09:00:00",
                 "grants-TOTAL_FORMS": "0", "grants-INITIAL_FORMS": "0", "grants-MIN_NUM_FORMS": "0",
                 "grants-MAX_NUM_FORMS": "1000"})
    data.pop("date_joined", None)
    data.pop("groups", None)
    data.pop("user_permissions", None)
    data.pop("last_login", None)
    response = client.post(reverse("admin:accounts_user_change", args=[crew.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    assert User.objects.get(pk=crew.pk).is_staff
    response = client.post(reverse("admin:auth_user_password_change", args=[crew.pk]),
                           {"password1": "another long password 7", "password2": "another long password 7",
                            "usable_password": "true"})
    assert response.status_code == 302
    assert User.objects.get(pk=crew.pk).check_password("another long password 7")
    assert verify_organisation(org.pk) == []


def test_the_upgrade_records_every_account_in_its_books(books):
    """The migration that put accounts in the checked state records each one once where it belongs, so that an
    upgraded installation verifies clean (accounts/migrations/0007)."""
    from qauipsiz.ledger.models import LedgerEntry

    org, head, crew = books
    services.record_every_account()
    recorded = LedgerEntry.objects.filter(organisation=org, action="accounts.user.recorded")
    assert sorted(recorded.values_list("object_id", flat=True)) == sorted([str(head.pk), str(crew.pk)])
    assert verify_organisation(org.pk) == []
