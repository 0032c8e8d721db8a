"""Annex 3 of Order 344, the measures table and the end of a certificate: each measure has its executor and deadline
and is signed when carried out; the contractor's permit under the certificate is not admitted while measures due
"before the start of work" are open (344 cl.17); a certificate is cancelled with a reason and a signature, and then
covers no permit."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from pypdf import PdfReader

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import AppointmentRole
from qauipsiz.ledger.signatures import signatures_of
from qauipsiz.permits import services
from qauipsiz.permits.choices import CertificateStatus, Status
from qauipsiz.permits.documents.certificate import certificate_pdf
from qauipsiz.permits.gatekeeper import ActionRefused
from qauipsiz.permits.models import AdmissionCertificate, Permit
from tests import factories as f

from .conftest import PW, staff

DAY = datetime.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def parties(site):
    firm = f.contractor(site.org, "Scaffold LLP")
    rep = staff(site.org, site.division, AppointmentRole.PERMIT_ISSUER, Role.CONTRACTOR_REP, last_name="Podryadov",
                contractor=firm)
    fitter = staff(site.org, site.division, "", Role.CREW_MEMBER, last_name="Slesarev", appointment=False)
    return firm, rep, fitter


def certificate(site, parties, *, sign=True) -> AdmissionCertificate:
    firm, rep, fitter = parties
    cert = services.certificate_create(by=site.supervisor.user, certificate=AdmissionCertificate(
        organisation=site.org, drawn_up_on=DAY, division=site.division, shop_head=site.supervisor, contractor=firm,
        contractor_rep=rep, site_bounds="Axes A-C / 1-4", work_name="Scaffolding around P-12", starts_on=DAY,
        ends_on=DAY + datetime.timedelta(days=14)), measures=[
            ("Disconnect and earth the feeder", DAY, "Shop No. 2, mechanic", fitter, True),
            ("Post the cordon and signs", DAY, "Scaffold LLP, foreman", None, True),
            ("Tidy the site after work", DAY + datetime.timedelta(days=14), "Scaffold LLP", None, False)])
    if sign:
        services.certificate_sign(certificate=cert, by=site.supervisor.user, credentials=PW)
        services.certificate_sign(certificate=cert, by=rep.user, credentials=PW)
        cert.refresh_from_db()
    return cert


def contractor_permit(site, parties, cert) -> Permit:
    """The contractor's permit under the certificate, prepared for admission (its own measures done, approved)."""
    firm, rep, _ = parties
    permit = site.draft(contractor=firm, certificate=cert, issuer=rep)
    services.permit_issue(permit=permit, by=rep.user, credentials=PW)
    site.sample(permit, value="1.0")
    for measure in permit.measures.all():
        services.measure_complete(measure=measure, by=site.admitting.user, credentials=PW)
    services.permit_approve(permit=permit, by=site.supervisor.user, credentials=PW)
    return Permit.objects.get(pk=permit.pk)


def admit(site, permit):
    return services.permit_admit(permit=permit, by=site.admitting.user, credentials=PW, measures_checked=True,
                                 performer_briefed=True, copy_handed_over=True)


def test_344_annex3_measure_has_executor_deadline_and_is_signed_when_done(site, parties):
    """Annex 3 "No., measure, deadline, executor": the executor named on the row signs it done, once."""
    firm, rep, fitter = parties
    cert = certificate(site, parties)
    row = cert.measures.get(number=1)
    assert (row.executor_person, row.deadline, row.before_start, row.done_at) == (fitter, DAY, True, None)
    with pytest.raises(PermissionDenied):  # the row names its executor: not even the head of the shop signs it
        services.certificate_measure_complete(measure=row, by=site.supervisor.user, credentials=PW)
    done = services.certificate_measure_complete(measure=row, by=fitter.user, credentials=PW)
    assert done.done_at is not None and done.done_by == fitter
    assert "permits.admissioncertificate.annex3_measure_done" in [s.purpose for s in signatures_of(cert)]
    with pytest.raises(ActionRefused, match="already signed"):
        services.certificate_measure_complete(measure=row, by=fitter.user, credentials=PW)


def test_344_annex3_measure_without_named_person_is_signed_by_a_party(site, parties):
    """Annex 3: a row naming no person is signed by the head of the shop or the contractor's representative."""
    firm, rep, fitter = parties
    cert = certificate(site, parties)
    row = cert.measures.get(number=2)
    with pytest.raises(PermissionDenied):
        services.certificate_measure_complete(measure=row, by=site.issuer.user, credentials=PW)
    assert services.certificate_measure_complete(measure=row, by=rep.user, credentials=PW).done_by == rep


def test_344_annex3_measure_not_signed_on_a_draft_certificate(site, parties):
    """Annex 3: the measures are carried out under a certificate its parties signed, not on a draft."""
    cert = certificate(site, parties, sign=False)
    with pytest.raises(ActionRefused, match="once the head of the shop has signed"):
        services.certificate_measure_complete(measure=cert.measures.get(number=2), by=site.supervisor.user,
                                              credentials=PW)


def test_344_annex3_cl17_permit_not_admitted_while_measures_before_start_are_open(site, parties):
    """Annex 3, 344 cl.17: measures due "before the start of work" hold the contractor's admission; the refusal
    names them; the measure due at the end does not."""
    firm, rep, fitter = parties
    cert = certificate(site, parties)
    permit = contractor_permit(site, parties, cert)
    services.certificate_measure_complete(measure=cert.measures.get(number=1), by=fitter.user, credentials=PW)
    with pytest.raises(ActionRefused, match=r"before the start of work.*2\. Post the cordon and signs") as refused:
        admit(site, permit)
    assert "Disconnect" not in str(refused.value) and "Tidy" not in str(refused.value)
    assert Permit.objects.get(pk=permit.pk).status == Status.ISSUED
    services.certificate_measure_complete(measure=cert.measures.get(number=2), by=rep.user, credentials=PW)
    assert admit(site, permit).status == Status.ADMITTED


def test_344_annex3_certificate_cancelled_with_reason_and_signature(site, parties):
    """Annex 3: the certificate is cancelled by a signed act with its reason; twice is refused."""
    firm, rep, fitter = parties
    cert = certificate(site, parties)
    with pytest.raises(ValidationError):
        services.certificate_cancel(certificate=cert, by=site.supervisor.user, reason="   ", credentials=PW)
    with pytest.raises(PermissionDenied):
        services.certificate_cancel(certificate=cert, by=site.issuer.user, reason="Work stopped", credentials=PW)
    services.certificate_cancel(certificate=cert, by=site.supervisor.user, reason="Work stopped", credentials=PW)
    cert.refresh_from_db()
    assert (cert.status, cert.cancel_reason) == (CertificateStatus.CANCELLED, "Work stopped")
    assert cert.cancelled_at is not None and not cert.in_force_on(DAY)
    assert "permits.admissioncertificate.annex3_cancelled" in [s.purpose for s in signatures_of(cert)]
    with pytest.raises(ActionRefused, match="already cancelled"):
        services.certificate_cancel(certificate=cert, by=rep.user, reason="Again", credentials=PW)


def test_344_annex3_cl17_cancelled_certificate_covers_no_permit(site, parties):
    """Annex 3, 344 cl.17: once cancelled, no permit is issued under the certificate and an issued one is not
    admitted."""
    firm, rep, fitter = parties
    cert = certificate(site, parties)
    permit = contractor_permit(site, parties, cert)
    for row in cert.measures.filter(before_start=True):
        services.certificate_measure_complete(measure=row, by=row.executor_person.user if row.executor_person
                                              else rep.user, credentials=PW)
    services.certificate_cancel(certificate=cert, by=rep.user, reason="Contract ended", credentials=PW)
    with pytest.raises(ActionRefused, match="certificate is not in force"):
        admit(site, permit)
    new = site.draft(contractor=firm, certificate=cert, issuer=rep, place="Bay 4", devices=[])
    with pytest.raises(ActionRefused, match="not in force for this contractor"):
        services.permit_issue(permit=new, by=rep.user, credentials=PW)


def test_344_annex3_printed_certificate_shows_measures_carried_out_and_the_cancellation(site, parties):
    """Annex 3 printed: the deadline "before the start of work", who carried a measure out and when (local time), and
    the cancellation with its reason."""
    firm, rep, fitter = parties
    cert = certificate(site, parties)
    services.certificate_measure_complete(measure=cert.measures.get(number=1), by=fitter.user, credentials=PW)
    services.certificate_cancel(certificate=cert, by=site.supervisor.user, reason="Contract ended", credentials=PW)
    pdf = certificate_pdf(cert, language="en")
    printed = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "before the start of work, 23.11.2026" in printed
    assert "carried out 23.11.2026 09:00, signed: Slesarev" in printed  # the clock stands at 09:00 Almaty
    assert "Cancelled 23.11.2026 09:00: Contract ended" in printed
