"""344 cl.12: localisation and elimination of an accident goes on without a permit (under the accident elimination
plan) until the direct threat is eliminated; the remaining work is then done under a permit."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from qauipsiz.permits import services
from qauipsiz.permits.choices import EmergencyStatus, Status
from qauipsiz.permits.gatekeeper import ActionRefused
from qauipsiz.permits.models import EmergencyWork

from .conftest import PW, START


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English here (the suite runs in Kazakh by default)."""
    with translation.override("en"):
        yield


def emergency(site) -> EmergencyWork:
    return services.emergency_start(by=site.admitting.user, emergency=EmergencyWork(
        organisation=site.org, division=site.division, facility=site.facility, leader=site.admitting,
        description="Flange leak on P-12, product spill localised", plan_reference="AEP position 4",
        started_at=START - datetime.timedelta(hours=2)))


def test_344_cl12_emergency_work_is_recorded_without_a_permit(site):
    """344 cl.12: work on localising an accident "shall be carried out without a work permit"."""
    work = emergency(site)
    assert work.status == EmergencyStatus.UNDER_WAY and not work.permits.exists()


def test_344_cl12_permit_only_after_the_threat_is_eliminated(site, clock):
    """344 cl.12: "After elimination of the threat, work ... shall be carried out according to the permit"."""
    work = emergency(site)
    permit = site.draft(emergency=work)
    with pytest.raises(ActionRefused, match=r"344 cl\.12"):
        services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW)
    assert permit.status == Status.DRAFT
    services.emergency_threat_eliminated(by=site.admitting.user, emergency=work,
                                         at=START - datetime.timedelta(minutes=30))
    work.refresh_from_db()
    assert work.status == EmergencyStatus.THREAT_ELIMINATED
    assert services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW).status == Status.ISSUED


def test_344_cl12_threat_elimination_time_is_plausible(site):
    """344 cl.12: the moment the threat was eliminated lies between the start of the emergency work and now."""
    work = emergency(site)
    with pytest.raises(ValidationError):
        services.emergency_threat_eliminated(by=site.admitting.user, emergency=work,
                                             at=START + datetime.timedelta(hours=1))
    with pytest.raises(ValidationError):
        services.emergency_threat_eliminated(by=site.admitting.user, emergency=work,
                                             at=START - datetime.timedelta(hours=3))
    services.emergency_threat_eliminated(by=site.admitting.user, emergency=work)
    with pytest.raises(ActionRefused):
        services.emergency_threat_eliminated(by=site.admitting.user, emergency=work)
