"""Annex 3 and 344 cl.17-18 through the API and the pages: measures with their executor and "before the start of work"
deadline signed done, the certificate cancelled with a reason, and the customer's permit for a site that cannot be
handed over."""

import pytest
from django.test import Client

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import AppointmentRole
from qauipsiz.ledger.models import Signature
from qauipsiz.permits.choices import CertificateStatus, Status
from qauipsiz.permits.models import AdmissionCertificate, CertificateMeasure, Permit
from tests import factories as f

from .conftest import staff
from .test_api import SIGN, _draft_body, as_, assert_conforms, error, ok  # noqa: F401
from .test_views_support import SIGN as PAGE_SIGN
from .test_views_support import as_user, english, text, url  # noqa: F401


@pytest.fixture
def people(site):
    firm = f.contractor(site.org, "Scaffold LLP")
    rep = staff(site.org, site.division, AppointmentRole.PERMIT_ISSUER, Role.CONTRACTOR_REP, last_name="Podryadov",
                contractor=firm)
    fitter = staff(site.org, site.division, "", Role.CREW_MEMBER, last_name="Slesarev", appointment=False)
    return firm, rep, fitter


def _create_by_api(site, firm, rep, fitter) -> dict:
    shop = as_(site.supervisor)
    body = ok(shop.post("/certificates", {
        "drawn_up_on": "2026-11-23", "division": site.division.pk, "shop_head": site.supervisor.pk,
        "contractor": firm.pk, "contractor_rep": rep.pk, "site_bounds": "Axes 1-4", "work_name": "Scaffolding",
        "starts_on": "2026-11-23", "ends_on": "2026-12-07",
        "measures": [{"text": "Disconnect the feeder", "deadline": "2026-11-23", "executor": "Shop 2, mechanic",
                      "executor_person": fitter.pk, "before_start": True},
                     {"text": "Tidy the site", "deadline": "2026-12-07", "executor": "Scaffold LLP"}]}), 201)
    ok(shop.post(f"/certificates/{body['id']}/sign", {"signature": SIGN}))
    return ok(as_(rep).post(f"/certificates/{body['id']}/sign", {"signature": SIGN}))


def test_344_annex3_api_measure_signed_done_by_its_executor(site, people):
    """Annex 3 through the API: each row carries its executor and deadline; the executor signs it done, what he signs
    is the signing text of the act."""
    firm, rep, fitter = people
    body = _create_by_api(site, firm, rep, fitter)
    assert_conforms(body, "CertificateOut")
    pk, first = body["id"], body["measures"][0]
    assert (first["executor_person"]["id"], first["before_start"], first["done_at"]) == (fitter.pk, True, None)
    assert body["measures"][1]["before_start"] is False
    path = f"/certificates/{pk}/measures/{first['id']}/complete"
    error(as_(site.supervisor).post(path, {"signature": SIGN}), 403)  # the row names its executor
    error(as_(fitter).get(f"/certificates/{pk}/signing-text", {"act": "complete_measure"}), 422)
    signing = ok(as_(fitter).get(f"/certificates/{pk}/signing-text",
                                 {"act": "complete_measure", "measure": first["id"]}))
    done = ok(as_(fitter).post(path, {"signature": SIGN}))
    assert done["measures"][0]["done_by"]["id"] == fitter.pk and done["measures"][0]["done_at"]
    assert Signature.objects.get(purpose="permits.admissioncertificate.annex3_measure_done").content == signing["text"]
    assert "already signed" in error(as_(fitter).post(path, {"signature": SIGN}), 409)["detail"]


def test_344_annex3_cl17_api_admission_refused_while_before_start_measures_are_open(site, people):
    """Annex 3, 344 cl.17 through the API: the admission of the contractor's permit is refused (409) naming the open
    measure due before the start of work."""
    firm, rep, fitter = people
    body = _create_by_api(site, firm, rep, fitter)
    certificate = AdmissionCertificate.objects.get(pk=body["id"])
    permit = site.draft(contractor=firm, certificate=certificate, issuer=rep)
    ok(as_(rep).post(f"/{permit.pk}/issue", {"signature": SIGN}))
    site.sample(permit, value="1.0")
    for measure in permit.measures.all():
        ok(as_(site.admitting).post(f"/{permit.pk}/measures/{measure.pk}/complete", {"signature": SIGN}))
    ok(as_(site.supervisor).post(f"/{permit.pk}/approve", {"signature": SIGN}))
    admit = {"signature": SIGN, "measures_checked": True, "performer_briefed": True, "copy_handed_over": True}
    refusal = error(as_(site.admitting).post(f"/{permit.pk}/admit", admit), 409)["detail"]
    assert "before the start of work" in refusal and "1. Disconnect the feeder" in refusal
    ok(as_(fitter).post(f"/certificates/{body['id']}/measures/{body['measures'][0]['id']}/complete",
                        {"signature": SIGN}))
    assert ok(as_(site.admitting).post(f"/{permit.pk}/admit", admit))["status"] == Status.ADMITTED


def test_344_annex3_api_certificate_cancelled_with_reason(site, people):
    """Annex 3 through the API: cancelled by a party with a reason, signed over the reason; none: 422."""
    firm, rep, fitter = people
    pk = _create_by_api(site, firm, rep, fitter)["id"]
    error(as_(rep).post(f"/certificates/{pk}/cancel", {"signature": SIGN, "reason": ""}), 422)
    error(as_(site.issuer).post(f"/certificates/{pk}/cancel", {"signature": SIGN, "reason": "Stopped"}), 403)
    signing = ok(as_(rep).get(f"/certificates/{pk}/signing-text", {"act": "cancel", "reason": "Contract ended"}))
    body = ok(as_(rep).post(f"/certificates/{pk}/cancel", {"signature": SIGN, "reason": "Contract ended"}))
    assert (body["status"], body["cancel_reason"]) == (CertificateStatus.CANCELLED, "Contract ended")
    assert Signature.objects.get(purpose="permits.admissioncertificate.annex3_cancelled").content == signing["text"]
    assert "already cancelled" in error(as_(rep).post(f"/certificates/{pk}/cancel",
                                                      {"signature": SIGN, "reason": "Again"}), 409)["detail"]


def test_344_cl18_api_customers_permit_for_a_site_not_handed_over(site, people):
    """344 cl.18 through the API: the customer's issuer drafts and issues the permit whose performer is the
    contractor's foreman; naming the contractor on it is refused with the clause."""
    firm, rep, fitter = people
    foreman = staff(site.org, site.division, AppointmentRole.WORK_PERFORMER, Role.WORK_PERFORMER,
                    last_name="Brigadirov", contractor=firm)
    issuer = as_(site.issuer)
    created = ok(issuer.post("/", _draft_body(site, performer=foreman.pk, site_not_handed_over=True)), 201)
    assert created["site_not_handed_over"] is True
    assert ok(issuer.post(f"/{created['id']}/issue", {"signature": SIGN}))["status"] == Status.ISSUED
    other = ok(issuer.post("/", _draft_body(site, performer=foreman.pk, site_not_handed_over=True, contractor=firm.pk,
                                            place="Bay 4", devices=[])), 201)
    assert "344 cl.18" in error(issuer.post(f"/{other['id']}/issue", {"signature": SIGN}), 409)["detail"]


# --- the pages ------------------------------------------------------------------------------------------------------

def _create_by_page(client: Client, site, firm, rep, fitter) -> AdmissionCertificate:
    as_user(client, site.supervisor)
    response = client.post(url("certificate-create"), {
        "drawn_up_on": "2026-11-23", "division": site.division.pk, "shop_head": site.supervisor.pk,
        "contractor": firm.pk, "contractor_rep": rep.pk, "site_bounds": "Axes A-C / 1-4",
        "work_name": "Scaffolding", "starts_on": "2026-11-23", "ends_on": "2026-12-07",
        "measures-TOTAL_FORMS": "3", "measures-INITIAL_FORMS": "0",
        "measures-0-text": "Disconnect the feeder", "measures-0-deadline": "2026-11-23",
        "measures-0-executor": "Shop 2", "measures-0-executor_person": fitter.pk, "measures-0-before_start": "on",
        "measures-1-text": "Tidy the site", "measures-1-deadline": "2026-12-07", "measures-1-executor": "Scaffold"})
    assert response.status_code == 302, text(response)
    certificate = AdmissionCertificate.objects.get()
    client.post(url("certificate-sign", certificate.pk), PAGE_SIGN)
    as_user(client, rep).post(url("certificate-sign", certificate.pk), PAGE_SIGN)
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.ACTIVE
    return certificate


def test_344_annex3_page_measure_signed_done_and_certificate_cancelled(client, site, people):
    """Annex 3 on the pages: the executor's row offers him the signature; once signed the row shows when and by
    whom; a party cancels the certificate with a reason, which the page then shows."""
    firm, rep, fitter = people
    certificate = _create_by_page(client, site, firm, rep, fitter)
    first = CertificateMeasure.objects.get(certificate=certificate, number=1)
    assert (first.executor_person, first.before_start) == (fitter, True)
    done_url = url("certificate-measure-done", certificate.pk, first.pk)
    assert done_url not in text(as_user(client, site.supervisor).get(url("certificate-detail", certificate.pk)))
    assert client.get(done_url).status_code == 403
    as_user(client, fitter)
    assert done_url in text(client.get(url("certificate-detail", certificate.pk)))
    assert client.get(done_url).status_code == 200
    assert client.post(done_url, PAGE_SIGN).status_code == 302
    first.refresh_from_db()
    assert first.done_by == fitter
    assert "Slesarev" in text(client.get(url("certificate-detail", certificate.pk)))
    assert client.get(done_url).status_code == 409  # already signed
    assert client.get(url("certificate-cancel", certificate.pk)).status_code == 403  # not a party
    as_user(client, site.supervisor)
    assert client.post(url("certificate-cancel", certificate.pk), {**PAGE_SIGN, "reason": ""}).status_code == 400
    response = client.post(url("certificate-cancel", certificate.pk), {**PAGE_SIGN, "reason": "Contract ended"})
    assert response.status_code == 302, text(response)
    certificate.refresh_from_db()
    assert (certificate.status, certificate.cancel_reason) == (CertificateStatus.CANCELLED, "Contract ended")
    assert "Contract ended" in text(client.get(url("certificate-detail", certificate.pk)))
    assert client.get(url("certificate-cancel", certificate.pk)).status_code == 409


def test_344_cl18_page_customers_permit_for_a_site_not_handed_over(client, site, people):
    """344 cl.18 on the pages: the permit page says the site is not handed over and the customer's permit holds the
    contractor's people."""
    firm, rep, fitter = people
    foreman = staff(site.org, site.division, AppointmentRole.WORK_PERFORMER, Role.WORK_PERFORMER,
                    last_name="Brigadirov", contractor=firm)
    permit = site.issued(site_not_handed_over=True, performer=foreman)
    html = text(as_user(client, site.issuer).get(url("detail", permit.pk)))
    assert "Site not handed over (344 cl.18)" in html
    assert Permit.objects.get(pk=permit.pk).contractor is None
