"""User and role management by the head of the organisation and system administrators."""

import pytest
from django.urls import reverse
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.models import RoleGrant, User
from tests import factories as f


@pytest.fixture
def org_and_admin(db, client):
    org = f.organisation()
    admin = f.user(Role.SYSADMIN, org)
    client.force_login(admin)
    return org, admin


def test_sysadmin_creates_a_user_for_a_person_and_grants_roles(org_and_admin, client):
    org, admin = org_and_admin
    shop = f.division(org, "Shop")
    person = f.person(org, shop)
    response = client.post(reverse("accounts:user-create"), {
        "organisation": org.pk, "username": "aigul", "email": "aigul@example.kz", "person": person.pk,
        "language": "kk", "password1": "Qauipsiz-2026-long", "password2": "Qauipsiz-2026-long"})
    assert response.status_code == 302
    user = User.objects.get(username="aigul")
    person.refresh_from_db()
    assert person.user == user
    response = client.post(reverse("accounts:user", args=[user.pk]),
                           {"organisation": org.pk, "role": Role.DIVISION_HEAD, "division": shop.pk})
    assert response.status_code == 302
    response = client.post(reverse("accounts:user", args=[user.pk]), {"organisation": org.pk, "role": Role.AUDITOR})
    assert set(user.grants.values_list("role", flat=True)) == {Role.DIVISION_HEAD, Role.AUDITOR}
    grant = user.grants.get(role=Role.AUDITOR)
    client.post(reverse("accounts:role-revoke", args=[user.pk, grant.pk]))
    assert set(user.grants.values_list("role", flat=True)) == {Role.DIVISION_HEAD}


def test_weak_password_and_missing_division_are_refused(org_and_admin, client):
    org, admin = org_and_admin
    with translation.override("en"):
        response = client.post(reverse("accounts:user-create"), {
            "organisation": org.pk, "username": "weak", "password1": "12345", "password2": "12345"})
    assert response.status_code == 400
    assert not User.objects.filter(username="weak").exists()
    user = f.user()
    RoleGrant.objects.filter(user=user).delete()
    f.person(org, user=user)
    response = client.post(reverse("accounts:user", args=[user.pk]), {"organisation": org.pk,
                                                                      "role": Role.DIVISION_HEAD})
    assert response.status_code == 400
    assert not user.grants.exists()


def test_another_organisations_users_are_invisible(org_and_admin, client):
    other = f.organisation("Other")
    stranger = f.user(Role.HEAD, other)
    assert client.get(reverse("accounts:user", args=[stranger.pk])).status_code == 404
    listed = client.get(reverse("accounts:users"))
    assert stranger.username not in listed.content.decode()


@pytest.mark.parametrize("role", [r for r in Role if r not in (Role.HEAD, Role.SYSADMIN)])
def test_other_roles_cannot_manage_users(db, client, role):
    org = f.organisation()
    division = f.division(org) if role in (Role.DIVISION_HEAD,) else None
    contractor = f.contractor(org) if role == Role.CONTRACTOR_REP else None
    client.force_login(f.user(role, org, division=division, contractor=contractor))
    assert client.get(reverse("accounts:users")).status_code == 403
    assert client.post(reverse("accounts:user-create"), {"username": "x"}).status_code == 403


def test_cannot_remove_own_last_management_right(org_and_admin, client):
    org, admin = org_and_admin
    grant = admin.grants.get()
    client.post(reverse("accounts:role-revoke", args=[admin.pk, grant.pk]))
    assert admin.grants.exists()


def test_deactivated_user_cannot_log_in(org_and_admin, client):
    org, admin = org_and_admin
    user = f.user(Role.AUDITOR, org)
    client.post(reverse("accounts:user-deactivate", args=[user.pk]))
    user.refresh_from_db()
    assert not user.is_active


def test_user_list_exports_what_it_shows(org_and_admin, client):
    import io

    from openpyxl import load_workbook

    org, admin = org_and_admin
    f.user(Role.AUDITOR, org, username="zhanar")
    with translation.override("en"):
        response = client.get(reverse("accounts:users"), {"q": "zhanar", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("Username", "Name", "E-mail", "Roles", "Active")
    assert [row[0] for row in rows[1:]] == ["zhanar"]
    assert rows[1][4] is True
