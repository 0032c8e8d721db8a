"""The OpenAPI document states the constraints the server enforces (issue 9, "Strict input"): required text is not
white space, register filters are enums and ids as their filtersets read them, the printed forms are binary answers in
one of three languages. Walks the published schema, then checks that the server refuses what the schema excludes."""

import pytest
from django.test import Client

from qauipsiz.core.api import NOT_BLANK
from qauipsiz.core.models import TechnicalDevice
from qauipsiz.core.resources import RESOURCES

from .test_api import Api, error


@pytest.fixture(scope="module")
def schema():
    return Client().get("/api/v1/openapi.json").json()


def _variants(prop: dict) -> list[dict]:
    return prop.get("anyOf", [prop])


def _references(node, found: set) -> set:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                found.add(value.rsplit("/", 1)[1])
            else:
                _references(value, found)
    elif isinstance(node, list):
        for value in node:
            _references(value, found)
    return found


def _properties(schema):
    """The properties of every component the permit endpoints take or give, however deep."""
    components = schema["components"]["schemas"]
    names = _references({p: o for p, o in schema["paths"].items() if p.startswith("/api/v1/permits")}, set())
    while True:
        more = _references([components[n] for n in names], set()) - names
        if not more:
            break
        names |= more
    for name in sorted(names):
        for field, prop in (components[name].get("properties") or {}).items():
            yield name, field, prop


def _list_parameters(schema, path: str) -> dict:
    return {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}


def test_every_required_text_of_a_body_states_that_white_space_is_not_text(schema):
    stated = []
    for name, field, prop in _properties(schema):
        for variant in _variants(prop):
            if variant.get("type") == "string" and variant.get("minLength", 0) >= 1 and "enum" not in variant \
                    and "format" not in variant:
                assert variant.get("pattern") == NOT_BLANK, (name, field)
                stated.append((name, field))
    # The ones this rule fixed, among them.
    for expected in [("PermitIn", "place"), ("PermitIn", "scope_of_work"), ("MeasureIn", "text"),
                     ("SuspendIn", "reason"), ("CancelIn", "reason"), ("CertificateIn", "site_bounds"),
                     ("CertificateIn", "work_name"), ("EmergencyIn", "description"), ("AirSampleIn", "substance")]:
        assert expected in stated, expected


def test_ids_in_bodies_are_integers_from_1(schema):
    """JSON Schema's integer excludes true and false, which the server now refuses as well."""
    for component, field in [("PermitIn", "division"), ("PermitIn", "performer"), ("CrewAddIn", "person"),
                             ("ApproverIn", "approver"), ("ExtendIn", "shift_performer")]:
        prop = schema["components"]["schemas"][component]["properties"][field]
        integers = [v for v in _variants(prop) if v.get("type") == "integer"]
        assert integers and integers[0]["minimum"] == 1, (component, field)
    items = schema["components"]["schemas"]["ResumeIn"]["properties"]["measures_rechecked"]["items"]
    assert (items["type"], items["minimum"]) == ("integer", 1)


@pytest.mark.parametrize("slug", sorted(RESOURCES))
def test_register_list_filters_state_their_choices_and_ids(schema, slug):
    import django_filters

    parameters = _list_parameters(schema, f"/api/v1/{slug}/")
    for name, flt in RESOURCES[slug].filterset.base_filters.items():
        variants = _variants(parameters[name])
        if isinstance(flt, django_filters.ModelChoiceFilter):  # a ChoiceFilter too: asked first
            assert [(v["type"], v["minimum"]) for v in variants if v.get("type") != "null"] == [("integer", 1)]
        elif isinstance(flt, django_filters.ChoiceFilter):
            choices = flt.extra["choices"]
            values = [str(v) for v, _label in (choices() if callable(choices) else choices)]
            assert [v.get("enum") for v in variants if "enum" in v] == [values], (slug, name)


def test_the_device_state_filter_is_the_enum_the_server_enforces(schema, db):
    state = _variants(_list_parameters(schema, "/api/v1/devices/")["state"])[0]
    assert state["enum"] == [value for value, _label in TechnicalDevice._meta.get_field("state").choices]
    from tests import factories as f

    api = Api(f.superuser())
    assert api.client.get("/api/v1/devices/", {"state": state["enum"][0]}).status_code == 200
    body = error(api.client.get("/api/v1/devices/", {"state": "exploded"}), 422)
    assert list(body["errors"]) == ["state"]


@pytest.mark.parametrize(("path", "content_type"), [
    ("/api/v1/permits/{record_id}/pdf", "application/pdf"),
    ("/api/v1/permits/register/pdf", "application/pdf"),
    ("/api/v1/permits/register/xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("/api/v1/permits/certificates/{record_id}/pdf", "application/pdf"),
])
def test_the_printed_forms_are_binary_answers_in_three_languages(schema, path, content_type):
    operation = schema["paths"][path]["get"]
    assert operation["responses"]["200"]["content"] == {content_type: {"schema": {"type": "string",
                                                                                   "format": "binary"}}}
    assert {"401", "403", "404", "422"} <= set(operation["responses"])
    language = next(p for p in operation["parameters"] if p["name"] == "language")["schema"]
    assert [v["enum"] for v in _variants(language) if "enum" in v] == [["kk", "ru", "en"]]


def test_a_measured_value_states_its_digits(schema):
    limit = schema["components"]["schemas"]["AirSampleIn"]["properties"]["limit"]
    text = next(v for v in limit["anyOf"] if v["type"] == "string")
    assert text["pattern"] == r"^[+-]?[0-9]{1,8}(\.[0-9]{1,4})?$"


@pytest.mark.parametrize("limit", ["", "1e5", "5,0", "123456789"])
def test_a_measured_value_outside_its_pattern_is_refused(site, limit):
    permit = site.issued()
    admitting = Api(site.admitting.user)
    body = {"place": "P-12", "taken_at": "2026-11-23T09:00:00+05:00", "substance": "H2S", "value": "1",
            "limit": limit, "unit": "mg/m³", "gas_group": "II"}
    assert "limit" in error(admitting.post(f"/{permit.pk}/air-samples", body), 422)["errors"]
    assert permit.air_samples.count() == 0


@pytest.mark.parametrize(("sent", "kept"), [(99999998.99999999, "99999999.0000"), (0.1, "0.1000"), (5, "5")])
def test_a_measured_value_sent_as_a_json_number_is_kept_to_four_places(site, sent, kept):
    permit = site.issued()
    body = {"place": "P-12", "taken_at": "2026-11-23T09:00:00+05:00", "substance": "H2S", "value": "1",
            "limit": sent, "unit": "mg/m³", "gas_group": "II"}
    Api(site.admitting.user).post(f"/{permit.pk}/air-samples", body)
    assert str(permit.air_samples.get().limit).rstrip("0").rstrip(".") == kept.rstrip("0").rstrip(".")


@pytest.mark.parametrize("sent", [1e30, -1e9])
def test_a_measured_value_too_large_is_refused_not_a_500(site, sent):
    permit = site.issued()
    body = {"place": "P-12", "taken_at": "2026-11-23T09:00:00+05:00", "substance": "H2S", "value": "1",
            "limit": sent, "unit": "mg/m³", "gas_group": "II"}
    assert "limit" in error(Api(site.admitting.user).post(f"/{permit.pk}/air-samples", body), 422)["errors"]


def test_each_schema_of_the_api_has_a_name_of_its_own():
    """Two classes of one name are one component in the OpenAPI document: the certificate's cancellation was
    documented with the permit's 10,000-character reason while the server allowed 2,000."""
    from collections import Counter

    from ninja import Schema

    from qauipsiz.site.api import api  # noqa: F401 - every router imported, every schema defined

    def every(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from every(sub)

    names = Counter(cls.__name__ for cls in set(every(Schema)) if cls.__module__.startswith("qauipsiz."))
    assert [name for name, count in names.items() if count > 1] == []
