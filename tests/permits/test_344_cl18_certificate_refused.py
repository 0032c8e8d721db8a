"""344 cl.18: a section crossed by live conduits or pipelines or other communications, or where technological machines
and mechanisms work, is not handed over to a contractor by an admission certificate."""

import datetime

import pytest
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import AppointmentRole
from qauipsiz.permits import services
from qauipsiz.permits.gatekeeper import ActionRefused
from qauipsiz.permits.models import AdmissionCertificate
from tests import factories as f

from .conftest import staff


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English here (the suite runs in Kazakh by default)."""
    with translation.override("en"):
        yield

DAY = datetime.date(2026, 11, 23)


def draft_certificate(site, **flags) -> AdmissionCertificate:
    firm = f.contractor(site.org, "Scaffold LLP")
    rep = staff(site.org, site.division, AppointmentRole.PERMIT_ISSUER, Role.CONTRACTOR_REP, last_name="Podryadov",
                contractor=firm)
    return AdmissionCertificate(organisation=site.org, drawn_up_on=DAY, division=site.division,
                                shop_head=site.supervisor, contractor=firm, contractor_rep=rep,
                                site_bounds="Axes A-C / 1-4", work_name="Scaffolding", starts_on=DAY,
                                ends_on=DAY + datetime.timedelta(days=10), **flags)


@pytest.mark.parametrize("flags", [{"crossed_by_communications": True}, {"machines_working": True},
                                   {"crossed_by_communications": True, "machines_working": True}],
                         ids=["communications", "machines", "both"])
def test_344_cl18_certificate_refused_for_crossed_communications_or_machines(site, flags):
    """344 cl.18: "then the section shall not be transferred to the working performer according to the act-admission"."""
    with pytest.raises(ActionRefused, match=r"344 cl\.18"):
        services.certificate_create(by=site.supervisor.user, certificate=draft_certificate(site, **flags), measures=[])
    assert not AdmissionCertificate.objects.filter(organisation=site.org).exists()


def test_344_cl18_clear_site_may_be_handed_over(site):
    """344 cl.18 (a contrario): a site with neither may be handed over."""
    certificate = services.certificate_create(by=site.supervisor.user, certificate=draft_certificate(site),
                                              measures=[])
    assert certificate.pk and certificate.status == "draft"
