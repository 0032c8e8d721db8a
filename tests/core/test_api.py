"""The register through the API: OpenAPI, filters and pagination, validation errors in words, the same rules as pages."""

import pytest
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.services import token_create
from qauipsiz.core.models import Person
from tests import factories as f


@pytest.fixture
def api(db, client):
    org = f.organisation()
    shop = f.division(org, "Shop", code="S1")
    user = f.user(Role.PC_OFFICIAL, org)
    _token, key = token_create(user=user, name="test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return org, shop, client


def test_openapi_schema_lists_every_register_type(api):
    org, shop, client = api
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for slug in ("people", "facilities", "devices", "trainings", "appointments", "legal-acts", "divisions"):
        assert f"/api/v1/{slug}/" in paths
        assert f"/api/v1/{slug}/{{record_id}}" in paths
    assert {"BearerAuth", "SessionAuth"} <= set(schema["components"]["securitySchemes"]) or \
        len(schema["components"]["securitySchemes"]) == 2


def test_create_read_update_deactivate_a_person(api):
    org, shop, client = api
    iin = f.iin()
    created = client.post("/api/v1/people/", {"organisation": org.pk, "iin": iin, "last_name": "Жақыпова",
                                              "first_name": "Айгүл", "division": shop.pk},
                          content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["display"] == "Жақыпова Айгүл"
    assert body["division"] == shop.pk
    pk = body["id"]
    patched = client.patch(f"/api/v1/people/{pk}", {"position_ru": "Инженер"}, content_type="application/json")
    assert patched.json()["position_ru"] == "Инженер"  # issue 11: the title in each language
    assert patched.json()["iin"] == iin, "a partial update keeps the other fields"
    assert client.post(f"/api/v1/people/{pk}/deactivate").json()["is_active"] is False
    listed = client.get("/api/v1/people/", {"active": "inactive"}).json()
    assert [p["id"] for p in listed["items"]] == [pk]


def test_invalid_input_gets_422_with_the_reason_in_the_request_language(api):
    org, shop, client = api
    with translation.override("en"):
        response = client.post("/api/v1/people/", {"organisation": org.pk, "iin": "123456789012",
                                                   "last_name": "X", "first_name": "Y"},
                               content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert "iin" in response.json()["errors"]
    assert Person.objects.count() == 0


def test_reference_to_another_organisation_is_refused(api):
    org, shop, client = api
    other = f.organisation("Other")
    foreign_shop = f.division(other, "Foreign")
    response = client.post("/api/v1/people/", {"organisation": org.pk, "iin": f.iin(), "last_name": "X",
                                               "first_name": "Y", "division": foreign_shop.pk},
                           content_type="application/json")
    assert response.status_code == 422
    assert Person.objects.count() == 0
    response = client.post("/api/v1/people/", {"organisation": other.pk, "iin": f.iin(), "last_name": "X",
                                               "first_name": "Y"}, content_type="application/json")
    assert response.status_code == 422


def test_filters_search_and_pagination(api):
    org, shop, client = api
    site = f.division(org, "Site", parent=shop)
    for n in range(7):
        f.person(org, site if n % 2 else shop, last_name=f"Person{n}")
    page = client.get("/api/v1/people/", {"limit": 3, "offset": 3}).json()
    assert page["count"] == 7
    assert len(page["items"]) == 3
    assert client.get("/api/v1/people/", {"division": site.pk}).json()["count"] == 3
    assert client.get("/api/v1/people/", {"division": shop.pk}).json()["count"] == 7, "a division includes its subtree"
    assert client.get("/api/v1/people/", {"q": "person3"}).json()["count"] == 1
    assert client.get("/api/v1/people/", {"limit": 0}).status_code == 422


def test_malformed_json_and_unknown_record(api):
    org, shop, client = api
    assert client.post("/api/v1/people/", "{not json", content_type="application/json").status_code in (400, 422)
    assert client.get("/api/v1/people/999999").status_code == 404
    assert client.patch("/api/v1/people/999999", {}, content_type="application/json").status_code == 404


def test_session_auth_requires_csrf(db):
    from django.test import Client

    org = f.organisation()
    user = f.user(Role.PC_OFFICIAL, org)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get("/api/v1/people/").status_code == 200
    response = client.post("/api/v1/people/", {"organisation": org.pk}, content_type="application/json")
    assert response.status_code in (401, 403)
    assert Person.objects.count() == 0


def test_api_docs_work_offline(api):
    org, shop, client = api
    page = client.get("/api/v1/docs").content.decode()
    assert "cdn." not in page
    assert "/static/ninja/swagger-ui-bundle.js" in page
