"""One registration gives an act its page, its page action and its API endpoint (issue 8 item 1), shown by the toy
domain's "approve" act (tests/toydomain/acts.py), registered in its one `register_domain(...)` call."""

import pytest
from django.urls import reverse

from qauipsiz.accounts.choices import Role
from qauipsiz.acts.models import IdempotentRequest
from qauipsiz.ledger.models import LedgerEntry, Signature
from tests import factories as f
from tests.toydomain.models import ToyRecord
from tests.toydomain.services import toy_create

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
PAGE = "toydomain:toyrecord-approve"
API = "/api/v1/toydomain/toyrecord/{}/approve"


@pytest.fixture
def org():
    return f.organisation()


@pytest.fixture
def head(org):
    return f.user(Role.HEAD, org)


@pytest.fixture
def record(org):
    return toy_create(by=f.superuser(), organisation=org, title="Valve check")


def _signatures(record) -> int:
    return Signature.objects.filter(object_type="toydomain.toyrecord", object_id=str(record.pk)).count()


def _post(client, record, password, note="Looks right"):
    return client.post(reverse(PAGE, args=[record.pk]), {"note": note, "sign_method": "password",
                                                         "sign_password": password})


def test_the_page_shows_the_record_what_is_signed_the_field_and_the_signature_block(client, head, record):
    client.force_login(head)
    response = client.get(reverse(PAGE, args=[record.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Toy record Valve check: draft" in html  # the record's summary
    assert 'class="signed-content"' in html and "Valve check" in html  # what is signed, readable
    assert "<details" in html and "&quot;toy_record&quot;" in html  # the canonical JSON under the toggle
    assert 'name="note"' in html and 'name="sign_password"' in html


def test_a_wrong_password_is_refused_on_its_field_and_changes_nothing(client, head, record):
    client.force_login(head)
    response = _post(client, record, "wrong")
    assert response.status_code == 422
    assert 'class="field has-error" data-sign-for="password"' in response.content.decode()
    record.refresh_from_db()
    assert record.status == "draft" and _signatures(record) == 0


def test_the_right_password_performs_the_act_with_its_ledger_entry_and_signature(client, head, record):
    client.force_login(head)
    response = _post(client, record, PASSWORD)
    assert response.status_code == 302 and response.url == reverse("toydomain:detail", args=[record.pk])
    record.refresh_from_db()
    assert (record.status, record.note) == ("approved", "Looks right")
    assert _signatures(record) == 1
    assert LedgerEntry.objects.filter(object_type="toydomain.toyrecord", object_id=str(record.pk),
                                      action="toydomain.toyrecord.approved").count() == 1


def test_a_missing_input_is_refused_on_the_form(client, head, record):
    client.force_login(head)
    assert _post(client, record, PASSWORD, note="").status_code == 400
    record.refresh_from_db()
    assert record.status == "draft"


def test_an_outsider_gets_404_and_a_role_without_the_act_403(client, org, record):
    client.force_login(f.user(Role.HEAD, f.organisation("Other plant")))
    assert client.get(reverse(PAGE, args=[record.pk])).status_code == 404
    assert client.post(API.format(record.pk), {"note": "x", "signature": {"password": PASSWORD}},
                       content_type="application/json").status_code == 404
    client.force_login(f.user(Role.WORK_PERFORMER, org))
    assert client.get(reverse(PAGE, args=[record.pk])).status_code == 403


def test_a_wrong_state_is_refused_on_the_refusal_page(client, head, record):
    ToyRecord.objects.filter(pk=record.pk).update(status="approved")
    client.force_login(head)
    response = client.get(reverse(PAGE, args=[record.pk]))
    assert response.status_code == 409 and "does not allow this" in response.content.decode()


def test_the_record_page_lists_the_act_only_when_it_can_succeed(client, org, head, record):
    client.force_login(head)
    detail = reverse("toydomain:detail", args=[record.pk])
    assert f'href="{reverse(PAGE, args=[record.pk])}"' in client.get(detail).content.decode()
    client.force_login(f.user(Role.WORK_PERFORMER, org))
    assert 'data-act="approve"' not in client.get(detail).content.decode()
    client.force_login(head)
    _post(client, record, PASSWORD)
    assert 'data-act="approve"' not in client.get(detail).content.decode()


def test_the_endpoint_is_in_the_openapi_document(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/toydomain/toyrecord/{record_id}/approve"]["post"]
    assert operation["operationId"] == "toydomain_toyrecord_approve"
    assert {"200", "404", "409", "422"} <= set(operation["responses"])
    assert any(p["name"] == "Idempotency-Key" for p in operation["parameters"])


def test_the_endpoint_performs_the_act_and_refuses_a_wrong_state_with_409(client, head, record):
    client.force_login(head)
    body = {"note": "Via the API", "signature": {"password": PASSWORD}}
    response = client.post(API.format(record.pk), body, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"id": record.pk, "title": "Valve check", "status": "approved", "note": "Via the API"}
    again = client.post(API.format(record.pk), body, content_type="application/json")
    assert again.status_code == 409 and "does not allow this" in again.json()["detail"]


def test_the_endpoint_refuses_a_wrong_password_with_422_json(client, head, record):
    client.force_login(head)
    response = client.post(API.format(record.pk), {"note": "x", "signature": {"password": "wrong"}},
                           content_type="application/json")
    assert response.status_code == 422 and response.json()["detail"]
    record.refresh_from_db()
    assert record.status == "draft" and _signatures(record) == 0


def test_a_repeated_request_with_the_same_key_replays_the_first_answer_without_a_second_signature(client, head,
                                                                                                     record):
    client.force_login(head)
    body = {"note": "Once", "signature": {"password": PASSWORD}}
    first = client.post(API.format(record.pk), body, content_type="application/json",
                        headers={"Idempotency-Key": "toy-approve-1"})
    second = client.post(API.format(record.pk), body, content_type="application/json",
                         headers={"Idempotency-Key": "toy-approve-1"})
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert _signatures(record) == 1
    assert IdempotentRequest.objects.filter(key="toy-approve-1").count() == 1


# --- an act with a co-signer ("confirm": the head signs, the record's reviewer co-signs on the same device) ------------

CONFIRM_PAGE = "toydomain:toyrecord-confirm"


@pytest.fixture
def reviewed(org, record):
    reviewer = f.person(org, last_name="Seitkali", first_name="Aigerim", user=f.user())
    ToyRecord.objects.filter(pk=record.pk).update(status="approved", reviewer=reviewer)
    record.refresh_from_db()
    return record


def _confirm(client, record, cosigner_password):
    return client.post(reverse(CONFIRM_PAGE, args=[record.pk]), {
        "sign_method": "password", "sign_password": PASSWORD,
        "reviewer-sign_method": "password", "reviewer-sign_password": cosigner_password})


def test_the_cosigner_block_names_the_cosigner(client, head, reviewed):
    client.force_login(head)
    html = client.get(reverse(CONFIRM_PAGE, args=[reviewed.pk])).content.decode()
    assert 'id="cosign-block-reviewer"' in html and "Seitkali" in html and 'name="reviewer-sign_password"' in html


def test_a_wrong_cosigner_password_is_refused_in_the_cosigner_block(client, head, reviewed):
    client.force_login(head)
    response = _confirm(client, reviewed, "wrong")
    assert response.status_code == 422
    block = response.content.decode().split('id="cosign-block-reviewer"')[1]
    assert 'class="field has-error" data-sign-for="password"' in block
    reviewed.refresh_from_db()
    assert reviewed.status == "approved" and _signatures(reviewed) == 0


def test_both_signatures_are_made_when_both_are_right(client, head, reviewed):
    client.force_login(head)
    assert _confirm(client, reviewed, PASSWORD).status_code == 302
    reviewed.refresh_from_db()
    assert reviewed.status == "confirmed" and _signatures(reviewed) == 2


def test_the_endpoint_names_the_refused_cosigner_by_its_body_field(client, head, reviewed):
    client.force_login(head)
    url = f"/api/v1/toydomain/toyrecord/{reviewed.pk}/confirm"
    wrong = client.post(url, {"signature": {"password": PASSWORD}, "reviewer_signature": {"password": "wrong"}},
                        content_type="application/json")
    assert wrong.status_code == 422 and "reviewer_signature" in wrong.json()["errors"]
    missing = client.post(url, {"signature": {"password": PASSWORD}}, content_type="application/json")
    assert missing.status_code == 422 and "reviewer_signature" in missing.json()["errors"]
    right = client.post(url, {"signature": {"password": PASSWORD}, "reviewer_signature": {"password": PASSWORD}},
                        content_type="application/json")
    assert right.status_code == 200 and right.json()["status"] == "confirmed"
    assert _signatures(reviewed) == 2
