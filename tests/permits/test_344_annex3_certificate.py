"""Annex 3 of Order 344, the admission certificate: date and organisation; head of the shop; the site bounded by
coordinates; the work; the contractor's technical personnel under its representative; the period; the measures table
(No., measure, deadline, executor); the signatures of the head of the shop and the contractor's representative; and
the note that a new certificate is needed once its period is over."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import AppointmentRole
from qauipsiz.ledger.signatures import signatures_of
from qauipsiz.permits import services
from qauipsiz.permits.choices import CertificateStatus
from qauipsiz.permits.gatekeeper import ActionRefused
from qauipsiz.permits.models import AdmissionCertificate
from tests import factories as f

from .conftest import PW, START, staff


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English here (the suite runs in Kazakh by default)."""
    with translation.override("en"):
        yield

DAY = datetime.date(2026, 11, 23)
MEASURES = [("Fence off the handed-over site", DAY, "Shop No. 2, mechanic"),
            ("Post the cordon and signs", DAY + datetime.timedelta(days=1), "Scaffold LLP, foreman")]


@pytest.fixture
def parties(site):
    firm = f.contractor(site.org, "Scaffold LLP")
    rep = staff(site.org, site.division, AppointmentRole.PERMIT_ISSUER, Role.CONTRACTOR_REP, last_name="Podryadov",
                contractor=firm)
    return firm, rep


def create(site, firm, rep, **changes) -> AdmissionCertificate:
    values = {"organisation": site.org, "drawn_up_on": DAY, "division": site.division, "shop_head": site.supervisor,
              "contractor": firm, "contractor_rep": rep, "site_bounds": "Axes A-C / 1-4, drawing AVT-6-12",
              "work_name": "Scaffolding around P-12", "starts_on": DAY, "ends_on": DAY + datetime.timedelta(days=14),
              **changes}
    return services.certificate_create(by=site.supervisor.user, certificate=AdmissionCertificate(**values),
                                       measures=MEASURES)


def test_344_annex3_parts_of_the_certificate(site, parties):
    """Annex 3: who draws it up, the site by coordinates, the work, the period and the numbered measures table."""
    firm, rep = parties
    certificate = create(site, firm, rep)
    certificate.refresh_from_db()
    assert (certificate.drawn_up_on, certificate.organisation, certificate.shop_head, certificate.contractor,
            certificate.contractor_rep) == (DAY, site.org, site.supervisor, firm, rep)
    assert (certificate.site_bounds, certificate.work_name) == ("Axes A-C / 1-4, drawing AVT-6-12",
                                                                "Scaffolding around P-12")
    assert (certificate.starts_on, certificate.ends_on) == (DAY, DAY + datetime.timedelta(days=14))
    rows = list(certificate.measures.values_list("number", "text", "deadline", "executor"))
    assert rows == [(1, *MEASURES[0]), (2, *MEASURES[1])]
    assert (certificate.status, certificate.number) == (CertificateStatus.DRAFT, None)


def test_344_annex3_signed_by_the_shop_head_then_the_contractors_representative(site, parties):
    """Annex 3: "Head of the shop (signature)", "Responsible representative of the contractor (signature)"."""
    firm, rep = parties
    certificate = create(site, firm, rep)
    with pytest.raises(ActionRefused):  # the representative signs second
        services.certificate_sign(certificate=certificate, by=rep.user, credentials=PW)
    with pytest.raises(PermissionDenied):
        services.certificate_sign(certificate=certificate, by=site.issuer.user, credentials=PW)
    services.certificate_sign(certificate=certificate, by=site.supervisor.user, credentials=PW)
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.SIGNED_BY_SHOP and not certificate.in_force_on(DAY)
    services.certificate_sign(certificate=certificate, by=rep.user, credentials=PW)
    certificate.refresh_from_db()
    assert (certificate.status, certificate.number, certificate.year) == (CertificateStatus.ACTIVE, 1, 2026)
    assert certificate.shop_signed_at == START and certificate.contractor_signed_at == START
    assert certificate.in_force_on(DAY) and not certificate.in_force_on(DAY + datetime.timedelta(days=15))
    signers = {s.purpose: s.signer_person for s in signatures_of(certificate)}
    assert signers == {"permits.admissioncertificate.annex3_shop_head": site.supervisor,
                       "permits.admissioncertificate.annex3_contractor": rep}


def test_344_annex3_representative_works_for_the_contractor(site, parties):
    """Annex 3: "under the guidance of a representative of the contractor" — a person of that contractor."""
    firm, _rep = parties
    with pytest.raises(ValidationError):
        create(site, firm, site.performer)


def test_344_annex3_period_ends_after_it_begins(site, parties):
    """Annex 3: "start ... end" of the period, in that order."""
    firm, rep = parties
    with pytest.raises(ValidationError):
        create(site, firm, rep, starts_on=DAY, ends_on=DAY - datetime.timedelta(days=1))


def test_344_annex3_new_certificate_needed_after_the_period(site, parties, clock):
    """Annex 3 note: "after the expiration of this act-permit ... a new act-permit must be drawn up"."""
    firm, rep = parties
    certificate = create(site, firm, rep, ends_on=DAY + datetime.timedelta(days=2))
    services.certificate_sign(certificate=certificate, by=site.supervisor.user, credentials=PW)
    clock.move_to(START + datetime.timedelta(days=3))
    with pytest.raises(ActionRefused, match="new term"):
        services.certificate_sign(certificate=certificate, by=rep.user, credentials=PW)
