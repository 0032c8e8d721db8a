"""Strict input and one meaning per refusal (issue 9, "Strict input"): an id is never a boolean, required text is never
white space alone, an unknown measure is never ignored (344 cl.27), a body or an address too large answers JSON, and a
second approval is the permit's state (409), not the approver's person (403)."""

import json

import pytest
from django.test import Client, override_settings

from qauipsiz.permits import services
from qauipsiz.permits.choices import Status
from qauipsiz.permits.models import AdmissionCertificate, Permit
from qauipsiz.site.limits import MAX_URL_LENGTH

from .conftest import PW, make_site
from .test_api import (
    BASE,
    SIGN,
    Api,
    _draft_body,
    _user,
    as_,
    error,
    ok,
)
from .test_views_actions import assert_refused
from .test_views_support import COSIGN, as_user, english, url  # noqa: F401 - the fixture
from .test_views_support import SIGN as PAGE_SIGN

# --- an id is a number ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("field", ["division", "work_type", "performer", "responsible_manager", "issuer", "facility"])
def test_a_boolean_is_not_an_id_in_a_permit_body(site, field):
    """`"division": true` once drew up a permit in division 1: pydantic's lax mode reads true as 1."""
    before = Permit.objects.count()
    body = error(as_(site.issuer).post("/", _draft_body(site, **{field: True})), 422)
    assert field in body["errors"]
    assert Permit.objects.count() == before


def test_a_boolean_is_not_an_id_in_a_list_of_ids_nor_in_an_act(site):
    api = as_(site.issuer)
    body = error(api.post("/", _draft_body(site, admitting_persons=[True])), 422)
    assert "admitting_persons.0" in body["errors"]
    body = error(api.post("/", _draft_body(site, approvers=[{"kind": "8", "approver": True}])), 422)
    assert "approvers.0.approver" in body["errors"]
    permit = site.admitted()
    body = error(as_(site.performer).post(f"/{permit.pk}/crew", {"person": True}), 422)
    assert "person" in body["errors"]
    assert not permit.crew.exists()


def test_a_boolean_is_not_an_id_in_the_register_api(site):
    """The register's own records (qauipsiz.core.api): references are `RecordId` there too."""
    api = Api(_user("head", site.org))
    response = api.client.post("/api/v1/facilities/", json.dumps({"division": True, "name_en": "Unit 7"}),
                               content_type="application/json")
    body = error(response, 422)
    assert "division" in body["errors"]


def test_an_id_in_a_query_is_still_read_from_its_digits(site):
    permit = site.issued()
    body = ok(as_(site.issuer).get("/", {"division": str(site.division.pk)}))
    assert [p["id"] for p in body["items"]] == [permit.pk]


# --- required text is not white space --------------------------------------------------------------------------------

@pytest.mark.parametrize("blank", ["", " ", "   \t\n", "\u00a0\u2003"])
def test_blank_required_text_is_refused_in_a_draft(site, blank):
    before = Permit.objects.count()
    body = error(as_(site.issuer).post("/", _draft_body(site, place=blank, scope_of_work=blank)), 422)
    assert set(body["errors"]) >= {"place", "scope_of_work"}
    assert Permit.objects.count() == before


def test_blank_required_text_is_refused_in_the_acts(site):
    permit = site.in_progress()
    body = error(as_(site.admitting).post(f"/{permit.pk}/suspend", {"signature": SIGN, "cosignature": SIGN,
                                                                     "reason": "   "}), 422)
    assert body["errors"]["reason"] == ["This field is required."]
    assert Permit.objects.get(pk=permit.pk).status == Status.IN_PROGRESS
    draft = site.draft()
    error(as_(site.issuer).post(f"/{draft.pk}/cancel", {"reason": "\t"}), 422)
    assert Permit.objects.get(pk=draft.pk).status == Status.DRAFT


def test_blank_required_text_of_a_certificate_is_refused(site):
    """Annex 3: the site's bounds and the work are required on the page's form; the API took an empty text."""
    before = AdmissionCertificate.objects.count()
    body = error(as_(site.issuer).client.post(f"{BASE}/certificates", json.dumps({
        "drawn_up_on": "2026-11-23", "division": site.division.pk, "shop_head": site.issuer.pk, "contractor": 1,
        "contractor_rep": site.performer.pk, "site_bounds": " ", "work_name": "", "starts_on": "2026-11-23",
        "ends_on": "2026-11-30"}), content_type="application/json"), 422)
    assert {"site_bounds", "work_name"} <= set(body["errors"])
    assert AdmissionCertificate.objects.count() == before


@pytest.mark.usefixtures("english")
def test_blank_required_text_is_refused_on_the_page(client, site):
    permit = site.in_progress()
    response = as_user(client, site.admitting).post(url("suspend", permit.pk), {"reason": "   ", **PAGE_SIGN,
                                                                                **COSIGN})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert Permit.objects.get(pk=permit.pk).status == Status.IN_PROGRESS


# --- unknown measures are refused (344 cl.27) ------------------------------------------------------------------------

def test_344_cl27_unknown_measures_rechecked_are_refused_not_ignored(site):
    permit = site.in_progress()
    services.permit_suspend(permit=permit, by=site.admitting.user, reason="Gas alarm", credentials=PW,
                            performer_credentials=PW)
    measures = list(permit.measures.values_list("pk", flat=True))
    other = make_site("Other refinery").issued()
    foreign = other.measures.values_list("pk", flat=True).first()
    admitting = as_(site.admitting)
    for unknown in (999_999_999, foreign):
        body = error(admitting.post(f"/{permit.pk}/resume", {"signature": SIGN, "cosignature": SIGN,
                                                             "measures_rechecked": [*measures, unknown]}), 422)
        assert list(body["errors"]) == ["measures_rechecked"]
        assert Permit.objects.get(pk=permit.pk).status == Status.SUSPENDED
    body = ok(admitting.post(f"/{permit.pk}/resume", {"signature": SIGN, "cosignature": SIGN,
                                                      "measures_rechecked": measures}))
    assert body["status"] == Status.IN_PROGRESS


# --- a request too large answers JSON --------------------------------------------------------------------------------

@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2_000)
def test_a_body_over_the_size_limit_answers_json_413(site):
    api = as_(site.issuer)
    before = Permit.objects.count()
    response = api.post("/", _draft_body(site, scope_of_work="x" * 3_000))
    body = error(response, 413)
    assert response["Content-Type"].startswith("application/json") and "2000" in body["detail"]
    assert Permit.objects.count() == before
    # Through the session as well (the CSRF check must not read the body first and answer a page).
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(site.issuer.user)
    response = client.post(f"{BASE}/", json.dumps(_draft_body(site, scope_of_work="x" * 3_000)),
                           content_type="application/json")
    assert response.status_code == 413 and response["Content-Type"].startswith("application/json")


def test_a_too_long_address_answers_json_414(site):
    api = as_(site.issuer)
    response = api.client.get(f"{BASE}/", {"status": "x" * MAX_URL_LENGTH})
    body = error(response, 414)
    assert response["Content-Type"].startswith("application/json") and str(MAX_URL_LENGTH) in body["detail"]
    response = api.client.get(f"{BASE}/{'9' * MAX_URL_LENGTH}")
    assert response.status_code == 414 and response.json()["detail"]
    # A long address that fits is served.
    ok(api.get("/", {"limit": "5", "place": "x" * 1_000}))


def test_the_schema_states_the_413_and_414_every_operation_may_answer():
    """Issue 10 item 8: what the API answers before an operation's own code runs is in the document too, so that no
    client (nor schemathesis, which once met an undocumented 414 on a long query) is surprised by it."""
    from qauipsiz.site.api import api as root

    schema = root.get_openapi_schema()
    operations = [(path, method, op) for path, item in schema["paths"].items() for method, op in item.items()]
    assert len(operations) > 100
    for path, method, operation in operations:
        responses = operation["responses"]
        assert 414 in responses, (method, path)
        assert responses[414]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}
        assert (413 in responses) == ("requestBody" in operation), (method, path)


def test_the_server_reads_request_lines_longer_than_the_api_allows():
    from qauipsiz.core.management.commands import serve

    options = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(serve, "run_gunicorn", options.update)
        patch.setattr(serve.connections, "close_all", lambda: None)
        serve.Command().handle(address="127.0.0.1:8000", workers=1, timeout=30)
    assert options["limit_request_line"] > MAX_URL_LENGTH


# --- one refusal, one meaning ----------------------------------------------------------------------------------------

@pytest.mark.usefixtures("english")
def test_344_item08_a_second_approval_answers_409_already_approved(site, client):
    permit = site.issued()
    supervisor = as_(site.supervisor)
    ok(supervisor.post(f"/{permit.pk}/approve", {"signature": SIGN}))
    body = error(supervisor.post(f"/{permit.pk}/approve", {"signature": SIGN}), 409)
    assert "already approved" in body["detail"]
    assert "approve" not in ok(supervisor.get(f"/{permit.pk}"))["available_actions"]
    # Someone not named as an approver is still refused for who he is.
    error(as_(site.performer).post(f"/{permit.pk}/approve", {"signature": SIGN}), 403)
    assert_refused(as_user(client, site.supervisor).post(url("approve", permit.pk), PAGE_SIGN), "already approved")

