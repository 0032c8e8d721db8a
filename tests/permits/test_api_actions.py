"""Every action of a permit's life through its own endpoint, and the error contract: 403 wrong role or person, 409 an
action the state or a guard does not allow, 422 invalid data or a refused signature, and nothing written on refusal."""

import datetime

import pytest
from django.utils import timezone

from qauipsiz.accounts.choices import Role
from qauipsiz.core.services import record_update
from qauipsiz.ledger.models import Signature
from qauipsiz.ledger.verify import verify_organisation
from qauipsiz.permits import services
from qauipsiz.permits.choices import CertificateStatus, EmergencyStatus, Status
from qauipsiz.permits.models import Permit
from tests import factories as f

from .conftest import PW, START, staff
from .test_api import SIGN, as_, assert_conforms, error, ledger_count, ok  # noqa: F401

WRONG = {"password": "not the password"}


def signed(purpose: str, permit) -> int:
    return Signature.objects.filter(purpose=f"permits.permit.{purpose}", object_id=str(permit.pk)).count()


# --- the whole life ------------------------------------------------------------------------------------------------

def test_a_permit_goes_through_its_whole_life_by_the_api(site, clock):
    issuer, admitting, performer = as_(site.issuer), as_(site.admitting), as_(site.performer)
    permit = site.draft()
    body = ok(issuer.post(f"/{permit.pk}/issue", {"signature": SIGN}))
    assert (body["status"], body["display_number"]) == ("issued", "1/2026")
    for measure in body["measures"]:
        if measure["code"] == "5.4":
            sample = ok(admitting.post(f"/{permit.pk}/air-samples", {
                "place": "P-12 bay", "taken_at": START.isoformat(), "substance": "H2S", "value": "1.5",
                "limit": "5", "gas_group": "II"}))["air_samples"][-1]
            assert (sample["value"], sample["passed"], sample["measured_by"]["id"]) == ("1.5000", True,
                                                                                      site.admitting.pk)
        done = ok(admitting.post(f"/{permit.pk}/measures/{measure['id']}/complete", {"signature": SIGN}))
        assert next(m for m in done["measures"] if m["id"] == measure["id"])["done_by"]["id"] == site.admitting.pk
    body = ok(as_(site.supervisor).post(f"/{permit.pk}/approve", {"signature": SIGN}))
    assert body["approvals"][0]["approved_at"]
    body = ok(admitting.post(f"/{permit.pk}/admit", {"signature": SIGN, "measures_checked": True,
                                                     "performer_briefed": True, "copy_handed_over": True}))
    assert body["status"] == "admitted" and body["periods"][0]["kind"] == "initial"
    body = ok(performer.post(f"/{permit.pk}/accept-workplace", {"signature": SIGN}))
    assert body["accepted_at"]
    for person in site.crew[:3]:
        body = ok(performer.post(f"/{permit.pk}/crew", {"person": person.pk}))
        member = next(m for m in body["crew"] if m["person"]["id"] == person.pk)
        body = ok(admitting.post(f"/{permit.pk}/crew/{member['id']}/brief", {"signature": SIGN, "cosignature": SIGN}))
    assert body["crew_counts"] == {"active": 3, "briefed": 3, "not_briefed": 0, "removed": 0}
    body = ok(performer.post(f"/{permit.pk}/start", {"signature": SIGN}))
    assert body["status"] == "in_progress"

    # A daily break and re-admission (344 cl.23), both signed by the admitting person and the performer.
    assert ok(admitting.post(f"/{permit.pk}/pause", {"signature": SIGN, "cosignature": SIGN}))["status"] == "paused"
    body = ok(admitting.post(f"/{permit.pk}/readmit", {"signature": SIGN, "cosignature": SIGN}))
    assert body["status"] == "in_progress" and [p["kind"] for p in body["periods"]] == ["initial", "readmission"]

    # End of the day shift: handed over, extended for the night shift (item 12).
    clock.move_to(datetime.datetime(2026, 11, 23, 19, 30, tzinfo=START.tzinfo))
    assert ok(performer.post(f"/{permit.pk}/hand-over-shift", {"signature": SIGN}))["status"] == "paused"
    site.fresh_sample(permit)  # the extension admits the next shift: a fresh air sample (item 5.4)
    body = ok(admitting.post(f"/{permit.pk}/extend", {"signature": SIGN, "cosignature": SIGN, "crew_count": 3,
                                                                 "measures_checked": True}))
    assert body["status"] == "in_progress" and body["extensions"][0]["crew_count"] == 3
    assert body["extensions"][0]["accepted_by"]["id"] == site.performer.pk

    # Suspended and resumed (344 cl.27); a crew member leaves.
    body = ok(admitting.post(f"/{permit.pk}/suspend", {"signature": SIGN, "cosignature": SIGN,
                                                       "reason": "Gas alarm nearby"}))
    assert body["status"] == "suspended"
    member = body["crew"][0]
    body = ok(performer.post(f"/{permit.pk}/crew/{member['id']}/remove"))
    assert body["crew_counts"]["removed"] == 1
    # A fresh air sample for the resumption (item 5.4: a sample stands for the work type's validity).
    ok(admitting.post(f"/{permit.pk}/air-samples", {
        "place": "P-12 bay", "taken_at": timezone.now().isoformat(), "substance": "H2S", "value": "0.5", "limit": "5",
        "gas_group": "II"}))
    body = ok(admitting.post(f"/{permit.pk}/resume", {"signature": SIGN, "cosignature": SIGN,
                                                      "measures_rechecked": [m["id"] for m in body["measures"]]}))
    assert body["status"] == "in_progress"

    body = ok(performer.post(f"/{permit.pk}/hand-back", {"signature": SIGN, "workplace_cleared": True,
                                                         "people_withdrawn": True}))
    assert body["status"] == "completed"
    body = ok(admitting.post(f"/{permit.pk}/close", {"signature": SIGN}))
    assert body["status"] == "closed" and body["available_actions"] == []
    assert_conforms(body, "PermitOut")
    assert [s["purpose"].rsplit(".", 1)[1] for s in body["signatures"]][:2] == ["item6_issued", "item7_measure_done"]
    assert verify_organisation(site.org.pk) == []


def test_cancel_a_draft_without_signing_and_an_issued_permit_with_a_signature(site):
    issuer = as_(site.issuer)
    draft = site.draft()
    body = ok(issuer.post(f"/{draft.pk}/cancel", {"reason": "Not needed"}))
    assert body["status"] == "cancelled" and body["end_note"] == "Not needed"
    permit = site.issued()
    body = error(issuer.post(f"/{permit.pk}/cancel", {"reason": "Not needed"}), 422)
    assert Permit.objects.get(pk=permit.pk).status == Status.ISSUED
    assert ok(issuer.post(f"/{permit.pk}/cancel", {"reason": "Not needed", "signature": SIGN}))["status"] == "cancelled"
    assert signed("cancelled", permit) == 1


def test_terminate_answers_the_withdrawn_permit_and_names_its_successor(site):
    permit = site.in_progress(crew=1)
    body = ok(as_(site.admitting).post(f"/{permit.pk}/terminate", {"signature": SIGN, "reason": "discrepancy",
                                                                  "note": "The flange is not the drawn one"}))
    assert (body["status"], body["termination_reason"]) == ("terminated", "discrepancy")
    successor = Permit.objects.get(pk=body["replaced_by"])
    assert successor.status == Status.DRAFT and successor.replaces_id == permit.pk
    error(as_(site.admitting).post(f"/{permit.pk}/terminate", {"signature": SIGN, "reason": "nonsense"}), 422)


def test_report_lost_voids_the_permit(site):
    permit = site.issued()
    body = ok(as_(site.issuer).post(f"/{permit.pk}/report-lost", {"signature": SIGN, "note": "Lost on site"}))
    assert body["status"] == "void" and body["replaced_by"]


# --- admission certificates and emergency works --------------------------------------------------------------------

def test_an_admission_certificate_is_drawn_up_and_signed_by_both_sides(site):
    contractor = f.contractor(site.org)
    rep = staff(site.org, site.division, "", Role.CONTRACTOR_REP, last_name="Podryadov", appointment=False,
                contractor=contractor)
    shop = as_(site.supervisor)
    body = ok(shop.post("/certificates", {
        "drawn_up_on": "2026-11-23", "division": site.division.pk, "shop_head": site.supervisor.pk,
        "contractor": contractor.pk, "contractor_rep": rep.pk, "site_bounds": "Axes 1-4, A-D, drawing 12-AS",
        "work_name": "Scaffolding", "starts_on": "2026-11-24", "ends_on": "2026-12-24",
        "measures": [{"text": "Fence the site", "deadline": "2026-11-24", "executor": "Shop No. 2"}]}), 201)
    assert_conforms(body, "CertificateOut")
    assert body["status"] == "draft" and body["measures"][0]["number"] == 1
    pk = body["id"]
    assert error(as_(rep).post(f"/certificates/{pk}/sign", {"signature": SIGN}), 409)["detail"]
    error(as_(site.issuer).post(f"/certificates/{pk}/sign", {"signature": SIGN}), 403)
    text = ok(shop.get(f"/certificates/{pk}/signing-text"))["text"]
    assert ok(shop.post(f"/certificates/{pk}/sign", {"signature": SIGN}))["status"] == "signed_by_shop"
    body = ok(as_(rep).post(f"/certificates/{pk}/sign", {"signature": SIGN}))
    assert (body["status"], body["number"]) == (CertificateStatus.ACTIVE, 1)
    assert [s["purpose"] for s in body["signatures"]] == ["permits.admissioncertificate.annex3_shop_head",
                                                          "permits.admissioncertificate.annex3_contractor"]
    assert Signature.objects.get(purpose="permits.admissioncertificate.annex3_shop_head").content == text
    listed = ok(as_(rep).get("/certificates", {"status": "active"}))
    assert [c["id"] for c in listed["items"]] == [pk]
    assert ok(shop.get(f"/certificates/{pk}"))["contractor_rep"]["id"] == rep.pk


def test_a_certificate_for_a_site_crossed_by_communications_is_refused(site):
    contractor = f.contractor(site.org)
    rep = staff(site.org, site.division, "", Role.CONTRACTOR_REP, last_name="Podryadov", appointment=False,
                contractor=contractor)
    body = {"drawn_up_on": "2026-11-23", "division": site.division.pk, "shop_head": site.supervisor.pk,
            "contractor": contractor.pk, "contractor_rep": rep.pk, "site_bounds": "A", "work_name": "B",
            "starts_on": "2026-11-24", "ends_on": "2026-12-24", "crossed_by_communications": True}
    assert "344 cl.18" in error(as_(site.supervisor).post("/certificates", body), 409)["detail"]
    error(as_(site.supervisor).post("/certificates", {**body, "ends_on": "2026-11-01",
                                                      "crossed_by_communications": False}), 422)
    error(as_(site.performer).post("/certificates", {**body, "crossed_by_communications": False}), 403)


def test_emergency_work_is_recorded_then_its_threat_eliminated(site, clock):
    admitting = as_(site.admitting)
    body = ok(admitting.post("/emergencies", {"division": site.division.pk, "facility": site.facility.pk,
                                              "description": "Flange leak at P-12", "plan_reference": "PLA pos. 3",
                                              "started_at": START.isoformat(), "leader": site.admitting.pk}), 201)
    assert_conforms(body, "EmergencyOut")
    assert body["status"] == EmergencyStatus.UNDER_WAY
    clock.shift(datetime.timedelta(hours=2))
    body = ok(admitting.post(f"/emergencies/{body['id']}/threat-eliminated", {}))
    assert body["status"] == EmergencyStatus.THREAT_ELIMINATED
    assert body["threat_eliminated_at"]
    assert error(admitting.post(f"/emergencies/{body['id']}/threat-eliminated", {}), 409)["detail"]
    assert [e["id"] for e in ok(admitting.get("/emergencies", {"status": "threat_eliminated"}))["items"]] == [body["id"]]
    assert ok(admitting.get(f"/emergencies/{body['id']}"))["leader"]["id"] == site.admitting.pk
    error(as_(site.crew[0]).post("/emergencies", {"division": site.division.pk, "description": "x",
                                                  "plan_reference": "y", "started_at": START.isoformat(),
                                                  "leader": site.admitting.pk}), 403)
    future = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    other = ok(admitting.post("/emergencies", {"division": site.division.pk, "description": "x", "plan_reference": "y",
                                               "started_at": START.isoformat(), "leader": site.admitting.pk}), 201)
    assert "at" in error(admitting.post(f"/emergencies/{other['id']}/threat-eliminated", {"at": future}),
                         422)["errors"]


# --- the error contract --------------------------------------------------------------------------------------------

def test_wrong_role_or_person_is_403_and_changes_nothing(site):
    permit = site.prepared()
    stranger = staff(site.org, site.division, "admitting_person", Role.ADMITTING_PERSON, last_name="Chuzhoi")
    before = ledger_count(site.org)
    admit = {"signature": SIGN, "measures_checked": True, "performer_briefed": True, "copy_handed_over": True}
    assert "roles" in error(as_(site.crew[0]).post(f"/{permit.pk}/admit", admit), 403)["detail"]
    # The right role, but not the admitting person this permit names.
    assert "admitting person" in error(as_(stranger).post(f"/{permit.pk}/admit", admit), 403)["detail"]
    error(as_(site.performer).post(f"/{permit.pk}/cancel", {"reason": "x", "signature": SIGN}), 403)
    assert Permit.objects.get(pk=permit.pk).status == Status.ISSUED
    assert ledger_count(site.org) == before


def test_an_action_the_state_does_not_allow_is_409(site):
    draft = site.draft()
    admit = {"signature": SIGN, "measures_checked": True, "performer_briefed": True, "copy_handed_over": True}
    body = error(as_(site.admitting).post(f"/{draft.pk}/admit", admit), 409)
    assert "Draft" in body["detail"] and "errors" not in body or body["errors"] is None
    assert Permit.objects.get(pk=draft.pk).status == Status.DRAFT
    closed = site.issued(place="Tank farm", devices=[])
    services.permit_cancel(permit=closed, by=site.issuer.user, reason="x", credentials=PW)
    error(as_(site.issuer).post(f"/{closed.pk}/issue", {"signature": SIGN}), 409)


def test_a_guard_of_the_clauses_is_409_with_the_reason(site):
    permit = site.issued()
    before = ledger_count(site.org)
    admit = {"signature": SIGN, "measures_checked": True, "performer_briefed": True, "copy_handed_over": True}
    body = error(as_(site.admitting).post(f"/{permit.pk}/admit", admit), 409)
    assert "Measures not yet carried out" in body["detail"]
    assert Permit.objects.get(pk=permit.pk).status == Status.ISSUED
    assert signed("item9_admitted", permit) == 0 and ledger_count(site.org) == before
    measure = permit.measures.first()
    admitting = as_(site.admitting)
    ok(admitting.post(f"/{permit.pk}/measures/{measure.pk}/complete", {"signature": SIGN}))
    assert "already" in error(admitting.post(f"/{permit.pk}/measures/{measure.pk}/complete", {"signature": SIGN}),
                              409)["detail"]
    error(admitting.post(f"/{permit.pk}/measures/999999/complete", {"signature": SIGN}), 404)


def test_a_failed_air_sample_blocks_admission(site):
    permit = site.prepared()
    site.sample(permit, value="9.0")
    admit = {"signature": SIGN, "measures_checked": True, "performer_briefed": True, "copy_handed_over": True}
    assert "air sample" in error(as_(site.admitting).post(f"/{permit.pk}/admit", admit), 409)["detail"]


@pytest.mark.parametrize(("value", "limit"), [("abc", "5"), ("NaN", "5"), ("1.5", "Infinity"), ("1e40", "5"),
                                              ("1.00001", "5"), (None, "5")])
def test_a_bad_decimal_in_an_air_sample_is_422(site, value, limit):
    permit = site.issued()
    before = ledger_count(site.org)
    body = error(as_(site.admitting).post(f"/{permit.pk}/air-samples", {
        "place": "P-12 bay", "taken_at": START.isoformat(), "substance": "H2S", "value": value, "limit": limit}), 422)
    assert set(body["errors"]) & {"value", "limit"}
    assert not permit.air_samples.exists() and ledger_count(site.org) == before


def test_air_sample_values_the_service_refuses_are_422_too(site):
    permit = site.issued()
    admitting = as_(site.admitting)
    sample = {"place": "P-12 bay", "taken_at": START.isoformat(), "substance": "H2S", "value": "-1", "limit": "5",
              "gas_group": "II"}
    assert "value" in error(admitting.post(f"/{permit.pk}/air-samples", sample), 422)["errors"]
    future = (START + datetime.timedelta(hours=1)).isoformat()
    assert "taken_at" in error(admitting.post(f"/{permit.pk}/air-samples", {**sample, "value": "1",
                                                                             "taken_at": future}), 422)["errors"]
    assert not permit.air_samples.exists()


def test_a_missing_or_malformed_signature_is_422(site):
    permit = site.draft()
    issuer = as_(site.issuer)
    assert "signature" in error(issuer.post(f"/{permit.pk}/issue", {}), 422)["errors"]
    assert "signature" in error(issuer.post(f"/{permit.pk}/issue", {"signature": {}}), 422)["errors"]
    both = {"password": PW["password"], "pin": "1234"}
    assert "signature" in error(issuer.post(f"/{permit.pk}/issue", {"signature": both}), 422)["errors"]
    assert Permit.objects.get(pk=permit.pk).status == Status.DRAFT


def test_a_wrong_password_writes_nothing(site):
    permit = site.prepared()
    before = ledger_count(site.org)
    body = error(as_(site.admitting).post(f"/{permit.pk}/admit", {
        "signature": WRONG, "measures_checked": True, "performer_briefed": True, "copy_handed_over": True}), 422)
    assert "password" in body["detail"] + str(body["errors"])
    assert Permit.objects.get(pk=permit.pk).status == Status.ISSUED
    assert ledger_count(site.org) == before and signed("item9_admitted", permit) == 0


def test_a_two_party_act_needs_the_second_signature_and_writes_nothing_without_it(site):
    permit = site.in_progress(crew=1)
    before = ledger_count(site.org)
    admitting = as_(site.admitting)
    body = error(admitting.post(f"/{permit.pk}/pause", {"signature": SIGN}), 422)
    assert site.performer.full_name in str(body["errors"])
    error(admitting.post(f"/{permit.pk}/pause", {"signature": SIGN, "cosignature": WRONG}), 422)
    assert Permit.objects.get(pk=permit.pk).status == Status.IN_PROGRESS
    assert ledger_count(site.org) == before


def test_the_admission_confirmations_are_required(site):
    permit = site.prepared()
    error(as_(site.admitting).post(f"/{permit.pk}/admit", {"signature": SIGN, "measures_checked": True}), 422)
    assert Permit.objects.get(pk=permit.pk).status == Status.ISSUED


def test_a_crew_member_of_another_organisation_is_refused(site):
    from .conftest import make_site

    other = make_site("Other refinery")
    permit = site.admitted()
    services.permit_accept_workplace(permit=permit, by=site.performer.user, credentials=PW)
    body = error(as_(site.performer).post(f"/{permit.pk}/crew", {"person": other.crew[0].pk}), 422)
    assert "person" in body["errors"]
    assert not permit.crew.exists()


def test_a_person_without_login_cannot_cosign(site):
    permit = site.admitted()
    services.permit_accept_workplace(permit=permit, by=site.performer.user, credentials=PW)
    member = services.crew_add(permit=permit, by=site.performer.user, person=site.crew[0])
    person = site.crew[0]
    person.user = None
    record_update(by=f.superuser(), instance=person)
    error(as_(site.admitting).post(f"/{permit.pk}/crew/{member.pk}/brief", {"signature": SIGN, "cosignature": SIGN}),
          422)
    member.refresh_from_db()
    assert member.briefed_at is None
