"""The access log: logins, failed logins, exports and views outside one's own division, read by the head of the
organisation and production-control officials only (315 cl.25)."""

import pytest
from django.urls import reverse
from django.utils import translation

from qauipsiz.accounts.choices import AccessKind, Role
from qauipsiz.accounts.models import AccessEvent
from tests import factories as f


@pytest.fixture
def plant(db):
    org = f.organisation()
    shop, lab = f.division(org, "Shop"), f.division(org, "Laboratory")
    worker = f.person(org, shop, last_name="Worker")
    chemist = f.person(org, lab, last_name="Chemist")
    return org, shop, lab, worker, chemist


def test_logins_and_failed_logins_are_recorded(client, plant):
    org, *_ = plant
    user = f.user(Role.AUDITOR, org, username="aigul")
    with translation.override("en"):
        client.post(reverse("accounts:login"), {"username": "aigul", "password": "wrong"})
        client.post(reverse("accounts:login"), {"username": "aigul", "password": "correct horse battery"})
    kinds = list(AccessEvent.objects.filter(user=user).order_by("id").values_list("kind", "ip_address"))
    assert kinds == [(AccessKind.LOGIN_FAILED, "127.0.0.1"), (AccessKind.LOGIN, "127.0.0.1")]


def test_exports_are_recorded(client, plant):
    org, *_ = plant
    user = f.user(Role.PC_OFFICIAL, org)
    client.force_login(user)
    client.get(reverse("core:export", args=["people"]), {"q": "Worker"})
    event = AccessEvent.objects.get(kind=AccessKind.EXPORT)
    assert (event.user, event.object_type) == (user, "core.person")
    assert "q=Worker" in event.path


def test_a_view_outside_ones_own_division_is_recorded(client, plant):
    org, shop, lab, worker, chemist = plant
    user = f.user(Role.PC_OFFICIAL, org)
    f.person(org, shop, last_name="Official", user=user)
    client.force_login(user)
    client.get(reverse("core:detail", args=["people", worker.pk]))
    assert not AccessEvent.objects.filter(kind=AccessKind.VIEW_OUTSIDE_DIVISION).exists()
    client.get(reverse("core:detail", args=["people", chemist.pk]))
    event = AccessEvent.objects.get(kind=AccessKind.VIEW_OUTSIDE_DIVISION)
    assert (event.object_type, event.object_id, event.organisation) == ("core.person", str(chemist.pk), org)


def test_the_head_reads_the_log_of_their_organisation_only(client, plant):
    org, *_ = plant
    other = f.organisation("Other")
    ours, theirs = f.user(Role.AUDITOR, org, username="ours"), f.user(Role.AUDITOR, other, username="theirs")
    for user in (ours, theirs):
        client.force_login(user)
        client.get(reverse("core:export", args=["people"]))
    client.force_login(f.user(Role.HEAD, org))
    response = client.get(reverse("accounts:access-log"), {"kind": AccessKind.EXPORT})
    assert response.status_code == 200
    assert {event.username for event in response.context["page"]} == {"ours"}
    export = client.get(reverse("accounts:access-log"), {"format": "xlsx"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.DIVISION_HEAD, Role.SYSADMIN, Role.CONTRACTOR_REP])
def test_other_roles_cannot_read_the_log(client, plant, role):
    org, shop, *_ = plant
    contractor = f.contractor(org) if role == Role.CONTRACTOR_REP else None
    client.force_login(f.user(role, org, division=shop if role == Role.DIVISION_HEAD else None,
                              contractor=contractor))
    assert client.get(reverse("accounts:access-log")).status_code == 403


def test_an_api_read_outside_ones_own_division_is_recorded(client, plant):
    org, shop, lab, worker, chemist = plant
    user = f.user(Role.PC_OFFICIAL, org)
    f.person(org, shop, last_name="Official", user=user)
    client.force_login(user)
    assert client.get(f"/api/v1/people/{chemist.pk}").status_code == 200
    assert AccessEvent.objects.filter(kind=AccessKind.VIEW_OUTSIDE_DIVISION, object_id=str(chemist.pk)).exists()


def test_the_access_log_export_holds_the_events(client, plant):
    import io

    from openpyxl import load_workbook

    org, *_ = plant
    auditor = f.user(Role.AUDITOR, org, username="ours")
    client.force_login(auditor)
    client.get(reverse("core:export", args=["people"]))
    client.force_login(f.user(Role.HEAD, org, username="head"))
    with translation.override("en"):
        response = client.get(reverse("accounts:access-log"), {"kind": AccessKind.EXPORT, "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Time", "Event", "Username entered")
    # The export of the log is itself an export, recorded before the file is written: it comes first (newest).
    assert [(row[1], row[2], row[4]) for row in rows[1:]] == [
        ("Export", "head", "accounts.accessevent"), ("Export", "ours", "core.person")]
