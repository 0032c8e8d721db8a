"""344 cl.30: the management does not start the operation of the equipment after work under a permit until the
performer returns the closed permit."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from qauipsiz.core.choices import DeviceState
from qauipsiz.core.services import device_set_state
from qauipsiz.permits import services

from .conftest import PW


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English here (the suite runs in Kazakh by default)."""
    with translation.override("en"):
        yield


def start_device(site):
    return device_set_state(by=site.supervisor.user, device=site.device, state=DeviceState.IN_OPERATION)


def device_state(site) -> str:
    site.device.refresh_from_db()
    return site.device.state


def test_344_cl30_device_under_permit_cannot_be_put_into_operation_until_closed(site):
    """344 cl.30: "shall not start the operation of the equipment ... until the manufacturer returns the closed permit"."""
    assert device_state(site) == DeviceState.IN_OPERATION
    permit = site.in_progress()
    assert device_state(site) == DeviceState.UNDER_PERMIT
    with pytest.raises(ValidationError):
        start_device(site)
    services.permit_hand_back(permit=permit, by=site.performer.user, credentials=PW, workplace_cleared=True,
                              people_withdrawn=True)
    with pytest.raises(ValidationError):  # handed back, not yet closed
        start_device(site)
    assert device_state(site) == DeviceState.UNDER_PERMIT
    services.permit_close(permit=permit, by=site.admitting.user, credentials=PW)
    assert device_state(site) == DeviceState.STOPPED  # stopped, not started: management starts it
    start_device(site)
    assert device_state(site) == DeviceState.IN_OPERATION


def test_344_cl30_device_is_under_permit_from_issue(site):
    """344 cl.30: from issue the equipment belongs to the permit; "under a permit" is set by permits only."""
    site.issued()
    assert device_state(site) == DeviceState.UNDER_PERMIT
    with pytest.raises(ValidationError):
        device_set_state(by=site.supervisor.user, device=site.device, state=DeviceState.STOPPED)
    with pytest.raises(ValidationError):
        device_set_state(by=site.supervisor.user, device=site.device, state=DeviceState.UNDER_PERMIT)


def test_344_cl30_shared_device_stays_under_permit_while_any_permit_is_open(site):
    """344 cl.30: equipment under two permits is released only when the last of them is closed."""
    first = site.in_progress()
    second = site.draft(place="Pump house roof")  # the same device, the same performer: no cl.7 measures
    services.permit_issue(permit=second, by=site.issuer.user, credentials=PW)
    services.permit_hand_back(permit=first, by=site.performer.user, credentials=PW, workplace_cleared=True,
                              people_withdrawn=True)
    services.permit_close(permit=first, by=site.admitting.user, credentials=PW)
    assert device_state(site) == DeviceState.UNDER_PERMIT
    services.permit_cancel(permit=second, by=site.issuer.user, reason="Not needed any more", credentials=PW)
    assert device_state(site) == DeviceState.STOPPED


def test_344_cl30_cancelled_permit_releases_the_device(site):
    """344 cl.30: a permit cancelled before any work returns the equipment to the management (stopped)."""
    permit = site.issued()
    services.permit_cancel(permit=permit, by=site.issuer.user, reason="Postponed", credentials=PW)
    assert device_state(site) == DeviceState.STOPPED
