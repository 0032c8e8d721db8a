"""Work permits through the API: reads, drafts, visibility, the text to sign, the declared shapes.

The actions themselves are in test_api_actions.py, the Idempotency-Key in test_api_idempotency.py; the helpers here
(`Api`, `as_`, `ledger_count`, `assert_conforms`) are shared with them.
"""

import base64
import datetime
import json

import jsonschema_rs
from django.test import Client

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.services import token_create
from qauipsiz.ledger.models import LedgerEntry, Signature
from qauipsiz.permits import services
from qauipsiz.permits.choices import Status
from qauipsiz.permits.models import AdmissionCertificate, EmergencyWork, Permit

from .conftest import PASSWORD, START, builtin_work_type, make_site

SIGN = {"password": PASSWORD}
BASE = "/api/v1/permits"


class Api:
    """A client of the API with one user's personal token, reading English."""

    def __init__(self, user):
        _token, key = token_create(user=user, name="api test")
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")

    def get(self, path: str, params=None):
        return self.client.get(f"{BASE}{path}", params or {})

    def post(self, path: str, body=None, *, key: str | None = None):
        headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
        return self.client.post(f"{BASE}{path}", json.dumps(body if body is not None else {}),
                                content_type="application/json", **headers)

    def patch(self, path: str, body):
        return self.client.patch(f"{BASE}{path}", json.dumps(body), content_type="application/json")


def as_(person_or_user) -> Api:
    return Api(getattr(person_or_user, "user", person_or_user))


def ledger_count(org) -> int:
    return LedgerEntry.objects.filter(organisation=org).count()


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.content
    return response.json()


def error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    return body


_SCHEMA = {}


def assert_conforms(body: dict, component: str) -> None:
    """The body is what the OpenAPI schema says (the same check Schemathesis makes on the records it reaches)."""
    if not _SCHEMA:
        _SCHEMA.update(Client().get("/api/v1/openapi.json").json())
    schema = {"$ref": f"#/components/schemas/{component}", "components": _SCHEMA["components"]}
    jsonschema_rs.validate(schema, body)


# --- authentication, visibility ------------------------------------------------------------------------------------

def test_anonymous_callers_get_401(site):
    permit = site.issued()
    client = Client()
    for response in (client.get(f"{BASE}/"), client.get(f"{BASE}/{permit.pk}"),
                     client.get(f"{BASE}/{permit.pk}/signing-text", {"act": "admit"}),
                     client.post(f"{BASE}/{permit.pk}/admit", {"signature": SIGN}, content_type="application/json")):
        error(response, 401)
    assert Permit.objects.get(pk=permit.pk).status == Status.ISSUED


def test_another_organisations_records_answer_404(site):
    other = make_site("Other refinery")
    foreign = other.issued()
    certificate = AdmissionCertificate.objects.create(
        organisation=other.org, drawn_up_on=START.date(), division=other.division, shop_head=other.supervisor,
        contractor=_contractor(other), contractor_rep=other.performer, site_bounds="A1-A4", work_name="Scaffolding",
        starts_on=START.date(), ends_on=START.date() + datetime.timedelta(days=30))
    emergency = EmergencyWork.objects.create(organisation=other.org, division=other.division, description="Leak",
                                             plan_reference="PLA 3", started_at=START, leader=other.admitting)
    head = Api(_user(Role.HEAD, site.org))
    before = ledger_count(other.org)
    for path in (f"/{foreign.pk}", f"/{foreign.pk}/signing-text?act=admit", f"/certificates/{certificate.pk}",
                 f"/emergencies/{emergency.pk}"):
        error(head.get(path), 404)
    error(head.post(f"/{foreign.pk}/cancel", {"reason": "x", "signature": SIGN}), 404)
    error(head.patch(f"/{foreign.pk}", {"place": "x"}), 404)
    error(head.post(f"/certificates/{certificate.pk}/sign", {"signature": SIGN}), 404)
    error(head.post(f"/emergencies/{emergency.pk}/threat-eliminated", {}), 404)
    # Even the people the foreign permit names see only their own organisation's: the admitting person of the own
    # site gets 404 for admitting the foreign one.
    error(as_(site.admitting).post(f"/{foreign.pk}/admit", {"signature": SIGN, "measures_checked": True}), 404)
    assert ledger_count(other.org) == before
    assert ok(head.get("/"))["count"] == 0
    # The register of an organisation the caller reads nothing of is not found, as its PDF and XLSX (344 cl.13).
    error(head.get("/register", {"organisation": other.org.pk, "year": 2026}), 404)
    assert ok(as_(other.admitting).get(f"/{foreign.pk}"))["id"] == foreign.pk, "visible to its own organisation"


def _user(role, org, **kwargs):
    from tests import factories as f

    return f.user(role, org, **kwargs)


def _contractor(site):
    from tests import factories as f

    return f.contractor(site.org)


# --- reads ---------------------------------------------------------------------------------------------------------

def test_list_filters_and_pagination(site):
    drafts = [site.draft() for _ in range(2)]
    issued = site.issued(place="Tank farm, tank T-3", kind="height", devices=[])
    official = Api(_user(Role.PC_OFFICIAL, site.org))
    everything = ok(official.get("/"))
    assert everything["count"] == 3
    assert {p["id"] for p in everything["items"]} == {p.pk for p in (*drafts, issued)}
    assert [p["id"] for p in ok(official.get("/", {"status": "issued"}))["items"]] == [issued.pk]
    assert ok(official.get("/", {"work_type": builtin_work_type("height").pk}))["count"] == 1
    assert ok(official.get("/", {"year": 2026}))["count"] == 1, "drafts have no year until issued"
    assert ok(official.get("/", {"division": site.division.pk}))["count"] == 3
    assert ok(official.get("/", {"facility": site.facility.pk}))["count"] == 3
    page = ok(official.get("/", {"limit": 2, "offset": 2}))
    assert page["count"] == 3 and len(page["items"]) == 1
    error(official.get("/", {"status": "nonsense"}), 422)
    error(official.get("/", {"year": "99999999999999999999"}), 422)
    assert_conforms(everything, "PermitPage")


def test_a_division_scoped_user_sees_only_the_division(site):
    from tests import factories as f

    elsewhere = f.division(site.org, "Shop No. 7")
    site.draft()
    watcher = Api(f.user(Role.AUDITOR, site.org))
    scoped = Api(f.user(Role.DIVISION_HEAD, site.org, division=elsewhere))
    assert ok(watcher.get("/"))["count"] == 1
    assert ok(scoped.get("/"))["count"] == 0


def test_detail_has_items_1_to_13_signatures_and_the_callers_actions(site):
    permit = site.in_progress(crew=3)
    services.crew_add(permit=permit, by=site.performer.user, person=site.crew[3])
    body = ok(as_(site.admitting).get(f"/{permit.pk}"))
    assert_conforms(body, "PermitOut")
    assert body["status"] == "in_progress" and body["display_number"] == "1/2026"
    assert body["performer"]["id"] == site.performer.pk
    assert [p["id"] for p in body["admitting_persons"]] == [site.admitting.pk]
    assert body["issuer"]["id"] == site.issuer.pk and body["responsible_manager"]["id"] == site.manager.pk
    assert body["measures"] and all(m["done_by"]["id"] == site.admitting.pk for m in body["measures"])
    assert body["air_samples"][0]["value"] == "1.0000" and body["air_samples"][0]["passed"] is True
    assert body["approvals"][0]["approver"]["id"] == site.supervisor.pk and body["approvals"][0]["approved_at"]
    assert body["crew_counts"] == {"active": 4, "briefed": 3, "not_briefed": 1, "removed": 0}
    assert [p["kind"] for p in body["periods"]] == ["initial"]
    assert body["devices"] == [{"id": site.device.pk, "name": str(site.device)}]
    purposes = [s["purpose"] for s in body["signatures"]]
    assert purposes[0] == "permits.permit.item6_issued" and "permits.permit.item11_work_started" in purposes
    assert len(purposes) == Signature.objects.filter(object_type="permits.permit", object_id=str(permit.pk)).count()
    assert {"pause", "suspend", "terminate", "brief_member"} <= set(body["available_actions"])
    assert "hand_back" not in body["available_actions"], "the performer's act, not the admitting person's"
    assert "hand_back" in ok(as_(site.performer).get(f"/{permit.pk}"))["available_actions"]
    assert ok(as_(site.crew[0]).get(f"/{permit.pk}"))["available_actions"] == ["record_air_sample"]


def test_signing_text_is_exactly_what_the_signature_covers(site):
    permit = site.draft()
    issuer = as_(site.issuer)
    text = ok(issuer.get(f"/{permit.pk}/signing-text", {"act": "issue"}))
    assert base64.b64decode(text["base64"]).decode() == text["text"] and text["about"] is None
    ok(issuer.post(f"/{permit.pk}/issue", {"signature": SIGN}))
    signature = Signature.objects.get(purpose="permits.permit.item6_issued", object_id=str(permit.pk))
    assert signature.content == text["text"]

    measure = permit.measures.first()
    admitting = as_(site.admitting)
    text = ok(admitting.get(f"/{permit.pk}/signing-text", {"act": "complete_measure", "subject": measure.pk}))
    assert text["about"] == {"type": "permits.permitmeasure", "id": measure.pk}
    ok(admitting.post(f"/{permit.pk}/measures/{measure.pk}/complete", {"signature": SIGN}))
    assert Signature.objects.get(purpose="permits.permit.item7_measure_done").content == text["text"]
    assert "subject" in error(admitting.get(f"/{permit.pk}/signing-text", {"act": "complete_measure"}), 422)["errors"]
    assert "subject" in error(admitting.get(f"/{permit.pk}/signing-text", {"act": "complete_measure",
                                                                            "subject": "999999"}), 422)["errors"]
    assert "act" in error(admitting.get(f"/{permit.pk}/signing-text", {"act": "dance"}), 422)["errors"]
    terminate = ok(admitting.get(f"/{permit.pk}/signing-text", {"act": "terminate", "subject": "emergency"}))
    assert terminate["about"] == {"reason": "emergency"}


def test_signing_text_for_the_approval_is_the_callers_own(site):
    permit = site.issued()
    supervisor = as_(site.supervisor)
    text = ok(supervisor.get(f"/{permit.pk}/signing-text", {"act": "approve"}))
    ok(supervisor.post(f"/{permit.pk}/approve", {"signature": SIGN}))
    assert Signature.objects.get(purpose="permits.permit.item8_approved").content == text["text"]


def test_register_lists_issued_permits_by_number_with_their_periods(site):
    first = site.admitted()
    second = site.issued(place="Tank farm, tank T-3", devices=[])
    site.draft()
    rows = ok(Api(_user(Role.PC_OFFICIAL, site.org)).get("/register", {"organisation": site.org.pk, "year": 2026}))
    assert_conforms(rows, "RegisterPage")
    assert [(r["permit"], r["number"]) for r in rows["items"]] == [(first.pk, 1), (second.pk, 2)]
    assert rows["items"][0]["periods"][0]["kind"] == "initial"
    assert rows["items"][0]["admitting_persons"][0]["id"] == site.admitting.pk
    error(Api(_user(Role.PC_OFFICIAL, site.org)).get("/register", {"organisation": site.org.pk}), 422)


def test_work_types_come_with_their_template_measures(site):
    hot = builtin_work_type("hot")
    api = as_(site.issuer)
    listed = ok(api.get("/work-types", {"limit": 500}))
    assert_conforms(listed, "WorkTypePage")
    found = next(w for w in listed["items"] if w["id"] == hot.pk)
    assert found["kind"] == "hot" and found["organisation"] is None
    assert [m["code"] for m in found["measures"]] == [m.code for m in hot.measures.all()]
    assert ok(api.get(f"/work-types/{hot.pk}"))["measures"] == found["measures"]
    error(api.get("/work-types/999999"), 404)


# --- drafts --------------------------------------------------------------------------------------------------------

def _draft_body(site, **changes) -> dict:
    body = {
        "division": site.division.pk, "facility": site.facility.pk, "work_type": builtin_work_type("hot").pk,
        "performer": site.performer.pk, "responsible_manager": site.manager.pk, "admitting_persons": [site.admitting.pk],
        "devices": [site.device.pk], "place": "Unit AVT-6, pump P-12 bay", "scope_of_work": "Replace the gasket",
        "planned_start": START.isoformat(), "planned_end": (START + datetime.timedelta(days=3)).isoformat(),
        "validity": "whole_period", "approvers": [{"kind": "8", "approver": site.supervisor.pk}],
    }
    body.update(changes)
    return body


def test_create_a_draft_then_change_it(site):
    api = as_(site.issuer)
    created = ok(api.post("/", _draft_body(site)), 201)
    assert_conforms(created, "PermitOut")
    permit = Permit.objects.get(pk=created["id"])
    assert permit.status == Status.DRAFT and permit.issuer == site.issuer and permit.organisation == site.org
    assert [m["code"] for m in created["measures"]] == [m.code for m in builtin_work_type("hot").measures.all()]
    assert created["approvals"][0]["approver"]["id"] == site.supervisor.pk
    assert {"update", "issue", "cancel"} <= set(created["available_actions"])

    changed = ok(api.patch(f"/{permit.pk}", {"place": "Pump P-14 bay", "facility": None,
                                             "measures": [{"code": "5.1", "text": "Stop pump P-14"}]}))
    assert changed["place"] == "Pump P-14 bay" and changed["facility"] is None
    assert [(m["code"], m["text"]) for m in changed["measures"]] == [("5.1", "Stop pump P-14")]
    assert changed["devices"] == created["devices"], "what is not sent stays"

    ok(api.post(f"/{permit.pk}/issue", {"signature": SIGN}))
    error(api.patch(f"/{permit.pk}", {"place": "Elsewhere"}), 409)
    assert Permit.objects.get(pk=permit.pk).place == "Pump P-14 bay"


def test_drafts_refuse_bad_and_foreign_references(site):
    other = make_site("Other refinery")
    api = as_(site.issuer)
    before = Permit.objects.count()
    body = error(api.post("/", _draft_body(site, performer=other.performer.pk, devices=[other.device.pk])), 422)
    assert set(body["errors"]) == {"performer", "devices"}
    body = error(api.post("/", _draft_body(site, planned_end="2026-11-22T09:00:00+05:00")), 422)
    assert body["errors"], "the end before the start"
    body = error(api.post("/", _draft_body(site, planned_start="2026-11-23T09:00:00")), 422)
    assert "planned_start" in body["errors"], "a time without its zone is ambiguous"
    body = error(api.post("/", _draft_body(site, place="a\x00b")), 422)
    assert "place" in body["errors"]
    body = error(api.post("/", _draft_body(site, division=None)), 422)
    assert "division" in body["errors"]
    error(api.patch("/999999", {"place": "x"}), 404)
    assert Permit.objects.count() == before


def test_drafts_need_an_issuing_role(site):
    before = Permit.objects.count()
    error(as_(site.crew[0]).post("/", _draft_body(site)), 403)
    error(as_(site.admitting).post("/", _draft_body(site)), 403)
    # Another organisation's head may not draw up permits here, whatever the references say.
    other = make_site("Other refinery")
    error(Api(_user(Role.HEAD, other.org)).post("/", _draft_body(site, organisation=site.org.pk)), 403)
    assert Permit.objects.count() == before
