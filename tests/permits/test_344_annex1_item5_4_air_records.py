"""Annex 1 item 5.4 through the API, the pages and the printed permit: the readings structured (substance, value, a
unit from its list), the gas contamination group recorded and shown, a failing sample recorded with a warning, and
the guards of `test_344_annex1_item5_4_air_analysis.py` answering the same there."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.messages import SUCCESS as SUCCESS_LEVEL
from django.contrib.messages import WARNING, get_messages
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.permits import services
from qauipsiz.permits.documents import permit_pdf
from qauipsiz.permits.documents.permit import permit_context
from qauipsiz.permits.models import AirSample, WorkType
from qauipsiz.permits.registered import PERMIT_ACTS
from tests import factories as f
from tests.documents.pdftext import pdf_text

from .conftest import PW, START
from .test_api import SIGN, as_, error, ok  # noqa: F401
from .test_views_support import COSIGN, as_user, english, text, url  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")
SAMPLE = {"place": "P-12 bay", "taken_at": START.isoformat(), "substance": "H2S", "value": "1.5", "limit": "5",
          "unit": "mg/m³", "gas_group": "II"}
ADMIT = {"signature": SIGN, "measures_checked": True, "performer_briefed": True, "copy_handed_over": True}
PAGE_SAMPLE = {"place": "P-12 bay", "taken_at": "2026-11-23T08:55", "substance": "H2S", "value": "7.5", "limit": "5",
               "unit": "mg/m³", "gas_group": "II"}
CONFIRM_ADMIT = {"measures_checked": "on", "performer_briefed": "on", "copy_handed_over": "on",
                 "sign_method": "password", "sign_password": PW["password"]}


def ready_but_5_4(site):
    permit = site.issued()
    for measure in permit.measures.exclude(code="5.4"):
        services.measure_complete(measure=measure, by=site.admitting.user, credentials=PW)
    services.permit_approve(permit=permit, by=site.supervisor.user, credentials=PW)
    return permit


# --- rules 1, 2: the API refuses admission as the service does -----------------------------------------------------

def test_344_item5_4_api_admission_is_refused_by_a_failing_reading_of_another_gas(site, clock):
    permit = site.prepared()
    clock.move_to(START + datetime.timedelta(minutes=5))
    admitting = as_(site.admitting)
    body = ok(admitting.post(f"/{permit.pk}/air-samples", {**SAMPLE, "substance": "CO", "value": "30", "limit": "20",
                                                           "taken_at": (START + datetime.timedelta(minutes=5))
                                                           .isoformat()}))
    ok(admitting.post(f"/{permit.pk}/air-samples", {**SAMPLE, "value": "0.5", "taken_at": (
        START + datetime.timedelta(minutes=5)).isoformat()}))
    detail = error(admitting.post(f"/{permit.pk}/admit", ADMIT), 409)["detail"]
    assert "P-12 bay (CO 30 mg/m³, limit 20 mg/m³) is outside the limit" in detail
    assert any("CO 30" in problem for problem in body["air_problems"])


def test_344_item5_4_api_admission_is_refused_by_a_stale_sample(site, clock):
    permit = site.prepared()
    clock.move_to(START + datetime.timedelta(days=2))
    admitting = as_(site.admitting)
    body = ok(admitting.get(f"/{permit.pk}"))
    assert any("more than 60 minutes ago" in problem for problem in body["air_problems"])
    assert "more than 60 minutes ago" in error(admitting.post(f"/{permit.pk}/admit", ADMIT), 409)["detail"]
    ok(admitting.post(f"/{permit.pk}/air-samples", {**SAMPLE, "taken_at": (START + datetime.timedelta(days=2))
                                                    .isoformat()}))
    assert ok(admitting.post(f"/{permit.pk}/admit", ADMIT))["status"] == "admitted"


def test_344_item5_4_the_page_shows_what_blocks_admission(client, site, clock):
    permit = site.prepared()
    clock.move_to(START + datetime.timedelta(hours=2))
    html = text(as_user(client, site.admitting).get(url("detail", permit.pk)))
    assert 'id="air-problems"' in html and "more than 60 minutes ago" in html
    response = client.post(url("admit", permit.pk), CONFIRM_ADMIT)
    assert response.status_code == 409 and "more than 60 minutes ago" in text(response)


def test_344_item5_4_sample_validity_is_a_field_of_the_work_type_form(site, client):
    """Item 5.4: the organisation sets how long a sample stands for its own work type; left blank, one hour."""
    client.force_login(f.user(Role.HEAD, site.org))
    form = {"organisation": site.org.pk, "kind": "other", "is_active": "on", "measures-TOTAL_FORMS": "1",
            "measures-INITIAL_FORMS": "0", "measures-0-code": "5.4", "measures-0-text_en": "Sample the tank air"}
    assert client.post("/en/permits/work-types/new/", {**form, "name_en": "Tank cleaning",
                                                       "sample_validity_minutes": "20"}).status_code == 302
    assert client.post("/en/permits/work-types/new/", {**form, "name_en": "Tank painting"}).status_code == 302
    assert client.post("/en/permits/work-types/new/", {**form, "name_en": "Tank welding",
                                                       "sample_validity_minutes": "0"}).status_code == 422
    assert dict(WorkType.objects.filter(organisation=site.org).values_list("name_en", "sample_validity_minutes")) == {
        "Tank cleaning": 20, "Tank painting": 60}


# --- rule 3: the gas contamination group ----------------------------------------------------------------------------

def test_344_item5_4_api_records_the_gas_contamination_group(site):
    permit = site.issued()
    admitting = as_(site.admitting)
    body = error(admitting.post(f"/{permit.pk}/air-samples", {k: v for k, v in SAMPLE.items() if k != "gas_group"}),
                 422)
    assert "gas_group" in body["errors"]
    assert "gas_group" in error(admitting.post(f"/{permit.pk}/air-samples", {**SAMPLE, "gas_group": "IV"}),
                                422)["errors"]
    assert not permit.air_samples.exists()
    sample = ok(admitting.post(f"/{permit.pk}/air-samples", SAMPLE))["air_samples"][-1]
    assert (sample["gas_group"], sample["unit"], sample["passed"]) == ("II", "mg/m³", True)


def test_344_item5_4_the_page_records_and_shows_the_gas_contamination_group(client, site):
    permit = site.issued()
    client = as_user(client, site.admitting)
    missing = {k: v for k, v in PAGE_SAMPLE.items() if k != "gas_group"}
    assert client.post(url("air-sample", permit.pk), {**missing, "measured_by": site.admitting.pk}).status_code == 400
    assert client.post(url("air-sample", permit.pk), {**PAGE_SAMPLE, "value": "1", "gas_group": "III",
                                                      "measured_by": site.admitting.pk}).status_code == 302
    html = text(client.get(url("detail", permit.pk)))
    assert "Gas contamination group" in html and "<td data-gas-group>Group III</td>" in html
    with translation.override("ru"):
        html = text(client.get(url("detail", permit.pk)))
    assert "III группа" in html
    with translation.override("kk"):
        html = text(client.get(url("detail", permit.pk)))
    assert "III топ" in html


@pytest.mark.parametrize(("language", "heading", "value"), [("en", "Gas contamination group", "52 mg/m³"),
                                                            ("ru", "Группа загазованности", "52 мг/м³"),
                                                            ("kk", "Газдану тобы", "52 мг/м³")])
def test_344_item5_4_the_printed_permit_shows_the_group_and_plain_values(site, clock, language, heading, value):
    """Item 5.4 on the printed form: the group (its numeral under the column «группа загазованности»), values
    without trailing zeros (52, not 52.0000)."""
    permit = site.issued()
    site.sample(permit, value="52.0", limit="300", gas_group="II")
    site.sample(permit, value="0.50", limit="50", place="Pump house door")
    with translation.override(language):
        context = permit_context(permit, language=language)
    samples = context["samples"]
    assert heading in context["words"]["air_columns"]
    assert [(s["value"], s["group"]) for s in samples][0] == (value, "II")
    assert samples[1]["value"].startswith({"en": "0.5 ", "ru": "0,5 ", "kk": "0,5 "}[language])
    assert samples[1]["limit"].startswith("50 ")  # not 5E+1
    if language == "ru":
        printed = pdf_text(permit_pdf(permit, language=language))
        assert "Группа\nзагазованности" in printed and "300 мг/м³ II " in printed
        assert "52 мг/м³" in printed and "52,0000" not in printed and "52.0000" not in printed


# --- rule 4: structured readings -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("language", "accepted"), [("kk", True), ("ru", True), ("en", False)])
def test_344_item5_4_kk_and_ru_forms_accept_a_decimal_comma(client, site, language, accepted):
    permit = site.issued()
    client = as_user(client, site.admitting)
    with translation.override(language):
        response = client.post(url("air-sample", permit.pk), {**PAGE_SAMPLE, "value": "0,25", "limit": "2,5",
                                                              "measured_by": site.admitting.pk})
    if accepted:
        assert response.status_code == 302
        sample = permit.air_samples.get()
        assert (sample.value, sample.limit, sample.passed) == (Decimal("0.25"), Decimal("2.5"), True)
    else:
        assert response.status_code == 400 and not permit.air_samples.exists()


def test_344_item5_4_the_unit_comes_from_its_list_with_kk_ru_en_labels(client, site):
    permit = site.issued()
    assert "unit" in error(as_(site.admitting).post(f"/{permit.pk}/air-samples", {**SAMPLE, "unit": "furlongs"}),
                           422)["errors"]
    client = as_user(client, site.admitting)
    assert client.post(url("air-sample", permit.pk), {**PAGE_SAMPLE, "unit": "furlongs",
                                                      "measured_by": site.admitting.pk}).status_code == 400
    assert not permit.air_samples.exists()
    labels = {}
    for language in ("kk", "ru", "en"):
        with translation.override(language):
            labels[language] = {u: str(label) for u, label in AirSample._meta.get_field("unit").choices}
    assert set(labels["en"]) == {"% vol", "% LEL", "mg/m³", "ppm"}
    assert labels["ru"]["% LEL"] == "% НКПР" and labels["ru"]["mg/m³"] == "мг/м³" and labels["ru"]["% vol"] == "% об."
    assert labels["kk"]["% LEL"] == "% ЖТТКШ" and labels["kk"]["mg/m³"] == "мг/м³"
    html = text(client.get(url("detail", permit.pk)))
    assert 'name="unit"' in html and '<option value="% LEL">% LEL</option>' in html


def test_344_item5_4_values_show_without_trailing_zeros_on_the_page(client, site):
    permit = site.issued()
    site.sample(permit, value="52.0", limit="300")
    html = text(as_user(client, site.admitting).get(url("detail", permit.pk)))
    assert "<td class=\"nowrap\" data-value>52 mg/m³</td>" in html and "52.0000" not in html
    assert "<td class=\"nowrap\" data-limit>300 mg/m³</td>" in html


def test_344_item5_4_the_data_migration_maps_free_text_units():
    """0005: the units typed before it become the list's; one nobody can read stays as typed."""
    migration = importlib.import_module("qauipsiz.permits.migrations.0006_air_analysis")
    read = {typed: migration.READ.get(migration._key(typed)) for typed in (
        "мг/м3", "MG/M3", "mg/m^3", " мг/м³ ", "% НКПР", "%нкпр", "% LEL", "%об.", "% vol", "ppm", "млн-1", "furlongs")}
    assert read == {"мг/м3": "mg/m³", "MG/M3": "mg/m³", "mg/m^3": "mg/m³", " мг/м³ ": "mg/m³", "% НКПР": "% LEL",
                    "%нкпр": "% LEL", "% LEL": "% LEL", "%об.": "% vol", "% vol": "% vol", "ppm": "ppm",
                    "млн-1": "ppm", "furlongs": None}


@pytest.mark.django_db
def test_344_item5_4_the_data_migration_rewrites_the_stored_units(site):
    permit = site.issued()
    rows = [site.sample(permit, value="1.0") for _ in range(4)]
    for row, typed in zip(rows, ("мг/м3", "%НКПР", "", "furlongs"), strict=True):
        AirSample.objects.filter(pk=row.pk).update(unit=typed)
    importlib.import_module("qauipsiz.permits.migrations.0006_air_analysis").map_units(apps, None)
    assert [AirSample.objects.get(pk=r.pk).unit for r in rows] == ["mg/m³", "% LEL", "mg/m³", "furlongs"]


# --- rule 5: a failing sample is recorded with a warning ------------------------------------------------------------

def test_344_item5_4_a_failing_sample_is_recorded_with_a_warning(client, site):
    permit = site.issued()
    client = as_user(client, site.admitting)
    response = client.post(url("air-sample", permit.pk), {**PAGE_SAMPLE, "measured_by": site.admitting.pk})
    assert response.status_code == 302
    [message] = list(get_messages(response.wsgi_request))
    assert message.level == WARNING and "outside its limit" in message.message and "H2S" in message.message
    html = text(client.get(url("detail", permit.pk)))
    assert 'class="msg-warning"' in html
    response = client.post(url("air-sample", permit.pk), {**PAGE_SAMPLE, "value": "1",
                                                          "measured_by": site.admitting.pk})
    [message] = list(get_messages(response.wsgi_request))
    assert (message.level, message.message) == (SUCCESS_LEVEL, "The air sample was recorded.")


def test_344_item5_4_the_api_body_says_the_sample_is_outside_its_limit(site):
    permit = site.issued()
    body = ok(as_(site.admitting).post(f"/{permit.pk}/air-samples", {**SAMPLE, "value": "7.5"}))
    assert body["air_samples"][-1]["passed"] is False
    assert any("outside the limit" in problem for problem in body["air_problems"])


def test_344_item5_4_only_the_air_sample_act_gives_a_warning_level():
    """The generic hook (`RegisteredAct.success_level`): the other acts keep the default green message."""
    with_level = [act.code for act in PERMIT_ACTS if act.success_level is not None]
    assert with_level == ["record_air_sample"]


# --- rule 6: measure 5.4 through the API and the page ---------------------------------------------------------------

def test_344_item5_4_measure_5_4_is_refused_before_a_passing_sample_through_the_api_and_the_page(client, site):
    permit = ready_but_5_4(site)
    measure = permit.measures.get(code="5.4")
    admitting = as_(site.admitting)
    detail = error(admitting.post(f"/{permit.pk}/measures/{measure.pk}/complete", {"signature": SIGN}), 409)["detail"]
    assert "passing air sample" in detail
    page = as_user(client, site.admitting).post(url("measure-complete", permit.pk, measure.pk),
                                                {"sign_method": "password", "sign_password": PW["password"]})
    assert page.status_code == 409 and "passing air sample" in text(page)
    assert permit.measures.get(pk=measure.pk).done_at is None
    ok(admitting.post(f"/{permit.pk}/air-samples", SAMPLE))
    ok(admitting.post(f"/{permit.pk}/measures/{measure.pk}/complete", {"signature": SIGN}))
    assert permit.measures.get(pk=measure.pk).done_at is not None
