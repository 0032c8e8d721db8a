"""Issue 11: the wall board's kiosk links through the API, with the page's permissions (the API and the pages answer
to the same rules), the address shown once and only the key's hash kept."""

import pytest
from django.test import Client

from qauipsiz.accounts.choices import Role
from qauipsiz.ledger.models import LedgerEntry
from qauipsiz.permits.models import KioskLink
from tests import factories as f

from .conftest import make_site
from .test_api import as_, assert_conforms, error, ok


def head_of(site):
    return f.user(Role.HEAD, site.org)


@pytest.mark.django_db
def test_issue11_kiosk_link_created_through_the_api_opens_the_board_and_is_shown_once(site):
    api = as_(head_of(site))
    body = ok(api.post("/kiosk-links", {"name": "  Control   room 2 "}), 201)
    assert_conforms(body, "NewKioskLinkOut")
    assert body["name"] == "Control room 2" and body["organisation"] == site.org.pk
    path = body["url"].removeprefix("http://testserver")
    key = path.rstrip("/").rsplit("/", 1)[1]
    link = KioskLink.objects.get(pk=body["id"])
    assert link.key_hash == KioskLink.hash_key(key) and body["hint"] == key[:8]
    assert Client().get(path).status_code == 200  # the wall screen reads the board with the link alone
    listed = ok(api.get("/kiosk-links"))
    assert [item["id"] for item in listed] == [link.pk] and key not in str(listed)
    assert LedgerEntry.objects.filter(action="permits.kiosklink.created", object_id=str(link.pk)).exists()


@pytest.mark.django_db
def test_issue11_kiosk_link_revoked_through_the_api_closes_the_board(site):
    api = as_(head_of(site))
    body = ok(api.post("/kiosk-links", {"name": "Control room 2"}), 201)
    revoked = ok(api.post(f"/kiosk-links/{body['id']}/revoke"))
    assert revoked["revoked_at"] is not None
    board = Client(HTTP_ACCEPT_LANGUAGE="en").get(body["url"].removeprefix("http://testserver"))
    assert board.status_code == 410 and "kiosk link has been revoked" in board.content.decode()
    again = ok(api.post(f"/kiosk-links/{body['id']}/revoke"))  # revoking twice changes nothing
    assert again["revoked_at"] == revoked["revoked_at"]


@pytest.mark.django_db
def test_issue11_kiosk_links_api_refuses_who_the_page_refuses(site):
    link = ok(as_(head_of(site)).post("/kiosk-links", {"name": "Control room 2"}), 201)
    performer = as_(site.performer)
    error(performer.get("/kiosk-links"), 403)
    error(performer.post("/kiosk-links", {"name": "Mine"}), 403)
    error(performer.post(f"/kiosk-links/{link['id']}/revoke"), 404)
    outsider = as_(head_of(make_site("Other refinery")))
    error(outsider.get("/kiosk-links", {"organisation": site.org.pk}), 404)
    error(outsider.post("/kiosk-links", {"organisation": site.org.pk, "name": "Theirs"}), 404)
    error(outsider.post(f"/kiosk-links/{link['id']}/revoke"), 404)
    assert KioskLink.objects.filter(organisation=site.org).count() == 1
    assert KioskLink.objects.get(pk=link["id"]).revoked_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["", "   ", "a\x00b", "x" * 101])
def test_issue11_kiosk_link_api_refuses_a_bad_name_and_writes_nothing(site, name):
    error(as_(head_of(site)).post("/kiosk-links", {"name": name}), 422)
    assert not KioskLink.objects.exists()
