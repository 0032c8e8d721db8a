"""What Schemathesis found in the API, pinned down: each answered 500 or something the schema did not declare.

See test_api_schema.py for the generated tests themselves.
"""

import pytest

from qauipsiz.accounts.models import ApiToken
from qauipsiz.accounts.services import token_create
from qauipsiz.core.models import HazardousFacility, Organisation
from qauipsiz.ledger.models import ChainHead
from tests import factories as f


@pytest.fixture
def api(db, client):
    f.organisation()
    _token, key = token_create(user=f.superuser(), name="test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str)
    assert all(isinstance(m, str) for messages in (body.get("errors") or {}).values() for m in messages)
    return body.get("errors") or {}


def test_ninja_own_validation_answers_in_the_declared_error_shape(api):
    assert set(_error(api.get("/api/v1/people/", {"offset": "null", "limit": 0}), 422)) == {"offset", "limit"}
    assert set(_error(api.generic("POST", "/api/v1/people/"), 422)) == {"__all__"}, "no body at all"
    assert "last_name" in _error(api.post("/api/v1/people/", {"organisation": 1}, content_type="application/json"),
                                 422)


def test_malformed_json_is_a_400_in_the_declared_shape(api):
    _error(api.post("/api/v1/people/", "{not json", content_type="application/json"), 400)
    _error(api.post("/api/v1/accounts/tokens", b"\xff\xfe", content_type="application/json"), 400)


def test_references_that_are_not_ids_are_refused_not_a_500(api):
    response = api.post("/api/v1/appointments/", {"divisions": [None, None]}, content_type="application/json")
    assert {"divisions.0", "divisions.1"} <= set(_error(response, 422))
    response = api.post("/api/v1/people/", {"organisation": 2**63}, content_type="application/json")
    assert "organisation" in _error(response, 422)


@pytest.mark.parametrize("url", ["/api/v1/people/9223372036854775808", "/api/v1/people/0",
                                 "/api/v1/people/?offset=9223372036854775808"])
def test_numbers_beyond_the_database_range_are_refused(api, url):
    _error(api.get(url), 422)


def test_a_built_in_training_type_cannot_be_changed_or_deactivated(api):
    builtin = f.training_type("industrial_safety")
    heads = list(ChainHead.objects.values_list())
    for action in ("deactivate", "activate"):
        _error(api.post(f"/api/v1/training-types/{builtin.pk}/{action}"), 403)
    _error(api.patch(f"/api/v1/training-types/{builtin.pk}", {"name_en": "x"}, content_type="application/json"), 403)
    builtin.refresh_from_db()
    assert builtin.is_active and builtin.name_en != "x"
    assert list(ChainHead.objects.values_list()) == heads


@pytest.mark.parametrize(("payload", "field"), [({"name": "x" * 101}, "name"), ({"name": "a\x00b"}, "name"),
                                                ({"name": "ok", "valid_days": 10**10}, "valid_days"),
                                                ({"name": "ok", "valid_days": 0}, "valid_days")])
def test_tokens_take_only_what_the_page_takes(api, payload, field):
    count = ApiToken.objects.count()
    assert field in _error(api.post("/api/v1/accounts/tokens", payload, content_type="application/json"), 422)
    assert ApiToken.objects.count() == count


@pytest.mark.parametrize("bad", [{"name_en": "a\x00b"}, {"units_count": 10**30}, {"latitude": 1e308},
                                 {"latitude": "NaN"}, {"registration_number": "x" * 10_000}, {"division": [1]}])
def test_bad_values_in_a_body_are_422_on_every_database(api, bad):
    org = Organisation.objects.get()
    facility = {"organisation": org.pk, "division": f.division(org).pk, "name_en": "Unit", "registration_number": "R-1",
                "hazard_class": "2"}
    _error(api.post("/api/v1/facilities/", {**facility, **bad}, content_type="application/json"), 422)
    assert not HazardousFacility.objects.exists()


@pytest.mark.parametrize("query", [{"q": "a\x00b"}, {"division": "1" * 30}, {"person": "9" * 30},
                                   {"training_type": "-1"}, {"validity": "\x00"}])
def test_bad_filters_are_422_on_every_database(api, query):
    _error(api.get("/api/v1/trainings/", query), 422)


def test_impossible_dates_are_422(api):
    org = Organisation.objects.get()
    for date in ("0000-01-01", "2026-02-30", "10000-01-01", "2026-1-1x"):
        response = api.post("/api/v1/legal-acts/", {"organisation": org.pk, "title_en": "Act", "number": "1",
                                                    "adopted_on": date, "issuer": "MES"}, content_type="application/json")
        assert "adopted_on" in _error(response, 422), date


def test_null_for_a_number_the_database_cannot_leave_empty_is_refused(api):
    org = Organisation.objects.get()
    act = api.post("/api/v1/legal-acts/", {"organisation": org.pk, "title_en": "Act", "number": "1",
                                           "adopted_on": "2021-06-24", "issuer": "MES"}, content_type="application/json")
    clause = api.post("/api/v1/clauses/", {"act": act.json()["id"], "number": "5", "text_en": "Text"},
                      content_type="application/json")
    assert clause.status_code == 201, clause.content
    url = f"/api/v1/clauses/{clause.json()['id']}"
    assert "position" in _error(api.patch(url, {"position": None}, content_type="application/json"), 422)
    assert "position" in _error(api.post("/api/v1/clauses/", {"act": act.json()["id"], "number": "6", "position": None},
                                         content_type="application/json"), 422)
    assert api.patch(url, {"text_en": None}, content_type="application/json").json()["text_en"] == "", "text: empty"


def test_the_token_schema_states_what_the_server_enforces(api):
    """Issue 10 item 8: `{"name": ""}` was refused with a 422 the schema did not announce (no minLength)."""
    from qauipsiz.site.api import api as root

    body = root.get_openapi_schema()["components"]["schemas"]["TokenIn"]["properties"]
    assert body["name"]["minLength"] == 1 and body["name"]["maxLength"] == 100 and body["name"]["pattern"] == r"\S"
    valid_days = next(option for option in body["valid_days"]["anyOf"] if option.get("type") == "integer")
    assert (valid_days["minimum"], valid_days["maximum"]) == (1, 3650)


@pytest.mark.parametrize("url", ["/api/v1/control/state-prescriptions/9223372036854775808/items/1/evidence",
                                 "/api/v1/control/state-prescriptions/1/items/9223372036854775808/evidence",
                                 "/api/v1/control/accidents/9223372036854775808/materials"])
def test_315_cl26_3_upload_to_an_id_beyond_the_database_range_is_422_not_a_500(api, url):
    _error(api.post(url, {"title": "x"}), 422)


@pytest.mark.parametrize(("url", "query"), [("/api/v1/control/accidents", {"status": "null"}),
                                            ("/api/v1/control/accidents", {"q": "a\x00b"}),
                                            ("/api/v1/control/accidents", {"date_to": "9999-12-31"}),
                                            ("/api/v1/control/state-prescriptions", {"state": "closed"}),
                                            ("/api/v1/control/state-prescriptions", {"limit": 0})])
def test_315_cl4_12_cl26_3_bad_filters_are_the_declared_422(api, url, query):
    _error(api.get(url, query), 422)


def test_315_cl26_3_blank_or_nul_text_in_a_prescription_is_422(api):
    body = {"facility_id": 1, "number": " ", "issued_on": "2026-01-05", "issuing_body": "a\x00b",
            "items": [{"violation": "x", "deadline": "2026-02-01", "executor_id": 1}]}
    errors = _error(api.post("/api/v1/control/state-prescriptions", body, content_type="application/json"), 422)
    assert {"data.number", "data.issuing_body"} <= set(errors)
