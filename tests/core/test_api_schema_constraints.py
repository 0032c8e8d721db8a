"""The register's OpenAPI document states what its forms enforce field by field (issue 10 item 8): schemathesis found
the API refusing what the document allowed (a blank required name, a NUL in a text, a kind outside its choices, an id
filter naming no record)."""

import pytest

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.services import token_create
from tests import factories as f


@pytest.fixture
def api(db, client):
    org = f.organisation()
    shop = f.division(org, "Shop", code="S1")
    user = f.user(Role.SYSADMIN, org)
    _token, key = token_create(user=user, name="test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return org, shop, client


@pytest.fixture
def components(api):
    _org, _shop, client = api
    return client.get("/api/v1/openapi.json").json()["components"]["schemas"]


def _string(prop: dict) -> dict:
    return next((p for p in prop.get("anyOf", [prop]) if p.get("type") == "string"), {})


def test_a_required_text_is_stated_not_blank_in_a_new_record_and_in_a_change(components):
    for schema in ("PersonIn", "PersonPatch"):
        last_name = components[schema]["properties"]["last_name"]
        assert "anyOf" not in last_name, "a required text takes no null"
        assert last_name["minLength"] == 1 and last_name["maxLength"] == 100
        assert last_name["pattern"] == r"^[^\x00]*[^\s\x00][^\x00]*$"


def test_an_optional_text_is_stated_without_nul_characters(components):
    assert _string(components["PersonIn"]["properties"]["middle_name"])["pattern"] == r"^[^\x00]*$"


def test_a_choice_is_stated_as_its_values_and_a_slug_as_its_pattern(components):
    assert components["DivisionIn"]["properties"]["kind"]["enum"] == ["division", "site", "workshop"]
    assert components["TrainingTypeIn"]["properties"]["code"]["pattern"] == "^[-a-zA-Z0-9_]+$"


def test_a_required_reference_takes_no_null_in_a_change(components):
    organisation = components["PersonPatch"]["properties"]["organisation"]
    assert "anyOf" not in organisation and organisation["type"] == "integer"
    division = components["PersonPatch"]["properties"]["division"]
    assert {p.get("type") for p in division["anyOf"]} == {"integer", "null"}


@pytest.mark.parametrize("body", [{"last_name": ""}, {"last_name": "   "}, {"last_name": "Ab\x00c"},
                                  {"organisation": None}])
def test_what_the_schema_refuses_is_refused_with_json_and_changes_nothing(api, body):
    org, shop, client = api
    person = f.person(org, shop)
    response = client.patch(f"/api/v1/people/{person.pk}", body, content_type="application/json")
    assert response.status_code == 422, response.content
    assert response.json()["detail"]
    person.refresh_from_db()
    assert person.last_name and "\x00" not in person.last_name


def test_an_id_filter_naming_no_record_lists_nothing(api):
    """A record that does not exist and one of another organisation answer alike: an empty page, not a 422."""
    org, shop, client = api
    f.person(org, shop)
    foreign = f.division(f.organisation("Elsewhere"), "Their shop")
    for division in (foreign.pk, 9_000_000_000_000_000_000):
        response = client.get("/api/v1/people/", {"division": division})
        assert response.status_code == 200, response.content
        assert response.json() == {"count": 0, "items": []}
    assert client.get("/api/v1/people/", {"division": shop.pk}).json()["count"] == 1


def test_other_filter_errors_are_still_422(api):
    _org, _shop, client = api
    assert client.get("/api/v1/people/", {"active": "sometimes"}).status_code == 422


@pytest.mark.parametrize("body", ["5", "[null, null]", '"text"', "null"])
def test_a_body_that_is_not_a_json_object_is_refused(api, body):
    """Ninja read anything but an object through its attributes, which an integer or a list does not have: the
    change went through empty, 200."""
    org, shop, client = api
    person = f.person(org, shop)
    response = client.patch(f"/api/v1/people/{person.pk}", body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json() == {"detail": "The data is not valid."}


def test_a_date_is_text_and_a_number_is_no_boolean(api):
    org, shop, client = api
    person = f.person(org, shop)
    body = {"organisation": org.pk, "person": person.pk, "training_type": f.training_type("industrial_safety").pk,
            "document_number": "1", "passed_on": 0, "valid_until": "2030-01-01"}
    response = client.post("/api/v1/trainings/", body, content_type="application/json")
    assert response.status_code == 422 and "passed_on" in response.json()["errors"], response.content
    legal_act = client.post("/api/v1/legal-acts/", {"organisation": org.pk, "title_en": "Act", "number": "1",
                                                    "adopted_on": "2021-06-24", "issuer": "MES", "status": "in_force"},
                            content_type="application/json")
    assert legal_act.status_code == 201, legal_act.content
    clause = client.post("/api/v1/clauses/", {"act": legal_act.json()["id"], "number": "1", "text_en": "x",
                                              "position": False}, content_type="application/json")
    assert clause.status_code == 422 and "position" in clause.json()["errors"], clause.content


def test_a_bin_and_an_iin_are_stated_as_twelve_digits(components):
    """Their check digit no schema can state: the server answers 422 with the reason on the field."""
    assert components["OrganisationIn"]["properties"]["bin"]["pattern"] == "^[0-9]{12}$"
    assert components["PersonPatch"]["properties"]["iin"]["pattern"] == "^[0-9]{12}$"
