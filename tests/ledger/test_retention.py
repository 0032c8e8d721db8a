"""Retention and holds (344 cl.14-15): a closed permit is purged only a year after closure, never while held, and
the purge leaves a tombstone and a chain that still verifies."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction

from qauipsiz.accounts.choices import Role
from qauipsiz.ledger import retention
from qauipsiz.ledger.models import Hold, LedgerEntry, Tombstone
from qauipsiz.ledger.verify import verify_organisation
from qauipsiz.permits import services
from qauipsiz.permits.models import CrewMember, Permit, PermitMeasure
from tests import factories as f
from tests.permits.conftest import PW, START, make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def site(clock):
    return make_site()


@pytest.fixture
def head(site):
    return f.user(Role.HEAD, site.org)


def closed_permit(site):
    permit = site.in_progress(crew=2)
    services.permit_hand_back(permit=permit, by=site.performer.user, credentials=PW, workplace_cleared=True,
                              people_withdrawn=True)
    return services.permit_close(permit=permit, by=site.admitting.user, credentials=PW)


def test_344_cl14_closed_permit_is_kept_one_year_then_purged_with_tombstone(site, head, clock):
    permit = closed_permit(site)
    clock.shift(datetime.timedelta(days=300))
    with pytest.raises(retention.PurgeRefused, match="one year"):
        retention.purge(by=head, obj=permit)
    assert Permit.objects.filter(pk=permit.pk).exists()

    clock.shift(datetime.timedelta(days=70))
    tombstone = retention.purge(by=head, obj=permit)
    assert not Permit.objects.filter(pk=permit.pk).exists()
    assert not PermitMeasure.objects.filter(permit_id=permit.pk).exists()
    assert not CrewMember.objects.filter(permit_id=permit.pk).exists()
    assert tombstone.summary["number"] == permit.number
    assert LedgerEntry.objects.filter(object_type="permits.permit", object_id=str(permit.pk),
                                      action="permits.permit.purged").exists()
    # The chain is untouched and the absence of the rows is what the ledger expects.
    assert verify_organisation(site.org.pk) == []


def test_344_cl14_open_permit_is_never_purged(site, head):
    permit = site.in_progress(crew=1)
    with pytest.raises(retention.PurgeRefused, match="not closed"):
        retention.purge(by=head, obj=permit)


def test_344_cl15_investigation_hold_keeps_the_permit_until_released(site, head, clock):
    permit = closed_permit(site)
    hold = retention.hold_set(by=head, obj=permit, kind=Hold.Kind.INVESTIGATION, reason="Injury of a crew member",
                              reference="Investigation act 7/2026")
    clock.shift(datetime.timedelta(days=800))
    with pytest.raises(retention.PurgeRefused, match="Injury of a crew member"):
        retention.purge(by=head, obj=permit)
    retention.hold_release(by=head, hold=hold, reason="Investigation closed, materials archived")
    retention.purge(by=head, obj=permit)
    assert Tombstone.objects.filter(object_id=str(permit.pk)).count() == 1
    assert verify_organisation(site.org.pk) == []


def test_legal_hold_refuses_purge(site, head, clock):
    permit = closed_permit(site)
    retention.hold_set(by=head, obj=permit, kind=Hold.Kind.LEGAL, reason="Court case 2-123/2027")
    clock.shift(datetime.timedelta(days=400))
    with pytest.raises(retention.PurgeRefused, match="Court case"):
        retention.purge(by=head, obj=permit)


def test_only_the_head_or_sysadmin_purges_and_holds(site, clock):
    permit = closed_permit(site)
    clock.shift(datetime.timedelta(days=400))
    with pytest.raises(PermissionDenied):
        retention.purge(by=site.admitting.user, obj=permit)
    with pytest.raises(PermissionDenied):
        retention.hold_set(by=site.performer.user, obj=permit, kind=Hold.Kind.LEGAL, reason="x")
    outsider = f.user(Role.HEAD, f.organisation("Other plant"))
    with pytest.raises(PermissionDenied):
        retention.purge(by=outsider, obj=permit)
    assert Permit.objects.filter(pk=permit.pk).exists()


def test_purge_of_a_terminated_permit_unlinks_its_replacement(site, head, clock):
    permit = site.in_progress(crew=1)
    new = services.permit_terminate(permit=permit, by=site.admitting.user, reason="discrepancy", note="",
                                    credentials=PW)
    clock.shift(datetime.timedelta(days=400))
    retention.purge(by=head, obj=Permit.objects.get(pk=permit.pk))
    new.refresh_from_db()
    assert new.replaces_id is None
    assert verify_organisation(site.org.pk) == []


def test_tombstone_is_append_only(site, head, clock):
    permit = closed_permit(site)
    clock.shift(datetime.timedelta(days=400))
    tombstone = retention.purge(by=head, obj=permit)
    for statement in ("UPDATE ledger_tombstone SET object_repr = 'x' WHERE id = %s",
                      "DELETE FROM ledger_tombstone WHERE id = %s"):
        with pytest.raises(Exception) as caught, transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [tombstone.pk])
        assert "append-only" in str(caught.value) or isinstance(caught.value, IntegrityError)


def test_retention_page_sets_and_releases_holds_and_purges(site, head, clock, client):
    permit = closed_permit(site)
    client.force_login(head)
    page = client.get("/en/ledger/retention/")
    assert page.status_code == 200
    response = client.post("/en/ledger/retention/", {"permit": permit.pk, "kind": "investigation",
                                                     "reason": "Injury", "reference": "Act 1"})
    assert response.status_code == 302
    hold = Hold.objects.get(object_id=str(permit.pk))
    clock.shift(datetime.timedelta(days=400))
    client.force_login(head)  # the session of a year ago has expired
    listed = client.get("/en/ledger/retention/").content.decode()
    assert f"No. {permit.number}/" not in listed.split("Tombstones")[0].split("may be purged")[1], listed[-3000:]
    client.post(f"/en/ledger/retention/holds/{hold.pk}/release/", {"reason": "Closed"})
    client.post(f"/en/ledger/retention/permits/{permit.pk}/purge/")
    assert not Permit.objects.filter(pk=permit.pk).exists()
    assert verify_organisation(site.org.pk) == []


def test_retention_page_is_closed_to_other_roles(site, client):
    client.force_login(site.performer.user)
    assert client.get("/en/ledger/retention/").status_code == 403
