"""344 cl.30: "The management of the organisation (site) shall not start the operation of the equipment after the work on
the work permit until the performer returns the closed work permit" — the act that starts it again (`return_equipment`),
through the service, the API and the page."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from qauipsiz.core.choices import DeviceState
from qauipsiz.ledger.models import LedgerEntry
from qauipsiz.permits import services
from qauipsiz.permits.acts import Act
from qauipsiz.permits.choices import Status
from qauipsiz.permits.gatekeeper import ActionRefused

from .conftest import PW
from .test_api import SIGN, as_, error, ok
from .test_views_support import SIGN as PAGE_SIGN
from .test_views_support import as_user, text, url


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def closed(site, **changes):
    permit = site.in_progress(**changes)
    services.permit_hand_back(permit=permit, by=site.performer.user, credentials=PW, workplace_cleared=True,
                              people_withdrawn=True)
    return services.permit_close(permit=permit, by=site.admitting.user, credentials=PW)


def device_state(site) -> str:
    site.device.refresh_from_db()
    return site.device.state


def test_344_cl30_return_equipment_starts_the_closed_permits_equipment(site):
    permit = closed(site)
    assert device_state(site) == DeviceState.STOPPED
    result = services.permit_return_equipment(permit=permit, by=site.supervisor.user, credentials=PW)
    assert result.status == Status.CLOSED  # the permit stays closed; the equipment is in operation
    assert device_state(site) == DeviceState.IN_OPERATION
    assert LedgerEntry.objects.filter(action="permits.permit.return_equipment", object_id=str(permit.pk)).exists()
    with pytest.raises(ActionRefused, match="already in operation"):  # once is enough
        services.permit_return_equipment(permit=permit, by=site.supervisor.user, credentials=PW)


def test_344_cl30_return_equipment_is_refused_before_the_permit_is_closed(site):
    permit = site.in_progress()
    with pytest.raises(ActionRefused):
        services.permit_return_equipment(permit=permit, by=site.supervisor.user, credentials=PW)
    services.permit_hand_back(permit=permit, by=site.performer.user, credentials=PW, workplace_cleared=True,
                              people_withdrawn=True)
    with pytest.raises(ActionRefused):  # handed back, not yet closed
        services.permit_return_equipment(permit=permit, by=site.supervisor.user, credentials=PW)
    assert device_state(site) == DeviceState.UNDER_PERMIT


def test_344_cl30_return_equipment_is_refused_while_another_open_permit_holds_it(site):
    first = site.in_progress()
    second = site.draft(place="Pump house roof")  # the same device, the same performer: no cl.7 measures
    second = services.permit_issue(permit=second, by=site.issuer.user, credentials=PW)
    services.permit_hand_back(permit=first, by=site.performer.user, credentials=PW, workplace_cleared=True,
                              people_withdrawn=True)
    services.permit_close(permit=first, by=site.admitting.user, credentials=PW)
    with pytest.raises(ActionRefused, match=r"still held by Work permit No\. 2/2026.*344 cl\.30") as refusal:
        services.permit_return_equipment(permit=first, by=site.supervisor.user, credentials=PW)
    assert site.device.name in str(refusal.value)
    assert device_state(site) == DeviceState.UNDER_PERMIT
    assert not LedgerEntry.objects.filter(action="permits.permit.return_equipment").exists()
    services.permit_cancel(permit=second, by=site.issuer.user, reason="Not needed any more", credentials=PW)
    services.permit_return_equipment(permit=first, by=site.supervisor.user, credentials=PW)
    assert device_state(site) == DeviceState.IN_OPERATION


def test_344_cl30_return_equipment_is_the_managements_not_the_site_peoples(site):
    permit = closed(site)
    for person in (site.admitting, site.performer, site.issuer):
        with pytest.raises(PermissionDenied):
            services.permit_return_equipment(permit=permit, by=person.user, credentials=PW)
    assert device_state(site) == DeviceState.STOPPED


def test_344_cl30_return_equipment_needs_equipment(site):
    permit = closed(site, devices=[])
    with pytest.raises(ActionRefused, match="names no equipment"):
        services.permit_return_equipment(permit=permit, by=site.supervisor.user, credentials=PW)


def test_344_cl30_return_equipment_through_the_api(site):
    permit = closed(site)
    api = as_(site.supervisor)
    error(as_(site.admitting).post(f"/{permit.pk}/return-equipment", {"signature": SIGN}), 403)
    body = ok(api.post(f"/{permit.pk}/return-equipment", {"signature": SIGN}, key="cl30-1"))
    assert body["status"] == Status.CLOSED
    assert device_state(site) == DeviceState.IN_OPERATION
    # The same key answers the first result again; a new request is refused: nothing is left to return.
    assert ok(api.post(f"/{permit.pk}/return-equipment", {"signature": SIGN}, key="cl30-1")) == body
    assert "already in operation" in error(api.post(f"/{permit.pk}/return-equipment", {"signature": SIGN}),
                                           409)["detail"]


def test_344_cl30_return_equipment_api_refuses_while_another_permit_holds_it(site):
    first = site.in_progress()
    second = site.draft(place="Pump house roof")
    services.permit_issue(permit=second, by=site.issuer.user, credentials=PW)
    services.permit_hand_back(permit=first, by=site.performer.user, credentials=PW, workplace_cleared=True,
                              people_withdrawn=True)
    services.permit_close(permit=first, by=site.admitting.user, credentials=PW)
    body = error(as_(site.supervisor).post(f"/{first.pk}/return-equipment", {"signature": SIGN}), 409)
    assert "still held by" in body["detail"]
    assert device_state(site) == DeviceState.UNDER_PERMIT


def test_344_cl30_return_equipment_on_the_page(client, site):
    permit = closed(site)
    client = as_user(client, site.supervisor)
    detail = text(client.get(url("detail", permit.pk)))
    assert url("return-equipment", permit.pk) in detail  # offered on the closed permit's page
    page = client.get(url("return-equipment", permit.pk))
    assert page.status_code == 200 and "344 cl.30" in text(page)
    response = client.post(url("return-equipment", permit.pk), PAGE_SIGN)
    assert response.status_code == 302
    assert device_state(site) == DeviceState.IN_OPERATION
    # Nothing left to return: no longer offered.
    assert url("return-equipment", permit.pk) not in text(client.get(url("detail", permit.pk)))
    assert Act.RETURN_EQUIPMENT == "return_equipment"


def test_344_cl30_return_equipment_page_is_not_offered_to_the_site_people(client, site):
    permit = closed(site)
    client = as_user(client, site.admitting)
    assert url("return-equipment", permit.pk) not in text(client.get(url("detail", permit.pk)))
    assert client.post(url("return-equipment", permit.pk), PAGE_SIGN).status_code == 403
    assert device_state(site) == DeviceState.STOPPED
