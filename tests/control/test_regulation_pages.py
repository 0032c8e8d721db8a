"""The Regulation's pages, downloads and API (315 cl.5-6): who reads, who edits, who approves; outsiders 404, a reader
without the right 403, and nothing changed either way."""

import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from qauipsiz.control.choices import RegulationStatus
from qauipsiz.control.documents.regulation import pdf_sha256
from qauipsiz.control.models import EffectivenessCriterion, Regulation
from qauipsiz.control.services import regulation as services
from qauipsiz.ledger.models import LedgerEntry
from tests.documents.pdftext import pdf_text

from .regulation_site import PASSWORD, PW, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build()


@pytest.fixture
def draft(site):
    return services.regulation_start(organisation=site.org, by=site.official)


def state(site) -> tuple:
    return (list(Regulation.objects.values_list("pk", "status", "narrative")),
            list(EffectivenessCriterion.objects.values_list("pk", "target", "is_active")),
            LedgerEntry.objects.filter(organisation=site.org).count())


def test_315_cl5_the_versions_list_reads_in_a_fixed_number_of_queries(client, site, draft):
    client.force_login(site.head)
    url = reverse("control:regulation-list")
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    for _ in range(3):
        services.regulation_approve(record=Regulation.objects.get(status=RegulationStatus.DRAFT), by=site.head,
                                    credentials=PW)
        services.regulation_start(organisation=site.org, by=site.official)
    with CaptureQueriesContext(connection) as more:
        response = client.get(url)
    assert response.content.decode().count("data-regulation=") == 4
    assert len(more) == len(first)


def test_315_cl5_the_draft_page_shows_its_sections_wording_forms_and_history(client, site, draft):
    client.force_login(site.official)
    html = client.get(draft.get_absolute_url()).content.decode()
    for number in ("5", "6.1", "6.2", "6.3", "6.4", "6.5", "6.6"):
        assert f'id="section-{number}"' in html
    assert 'data-wording="6.5.decisions"' in html and 'data-act="regulation_approve"' not in html
    assert 'data-act-disabled="regulation_approve"' in html
    assert 'data-seq=' in html  # the ledger history
    client.force_login(site.head)
    html = client.get(draft.get_absolute_url()).content.decode()
    assert 'data-act="regulation_approve"' in html and 'data-wording=' not in html


def test_315_cl6_5_an_official_words_a_section_on_its_form(client, site, draft):
    client.force_login(site.official)
    url = reverse("control:regulation-narrative", args=[draft.pk, "6.5.decisions"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"text_kk": "Шешімдер бұйрықпен орындалады", "text_ru": "", "text_en": "By order"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.narrative["6.5.decisions"] == {"kk": "Шешімдер бұйрықпен орындалады", "ru": "", "en": "By order"}
    too_long = client.post(url, {"text_kk": "ә" * 5001})
    assert too_long.status_code == 422
    assert client.get(reverse("control:regulation-narrative", args=[draft.pk, "6.2"])).status_code == 404


def test_315_cl5_the_head_approves_on_the_act_page_and_the_approved_pdf_is_the_frozen_one(client, site, draft):
    client.force_login(site.head)
    url = reverse("control:regulation-approve", args=[draft.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"sign_method": "password", "sign_password": PASSWORD})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == RegulationStatus.APPROVED
    pdf = client.get(reverse("control:regulation-pdf", args=[draft.pk, "kk"]))
    assert pdf_sha256(b"".join(pdf.streaming_content) if pdf.streaming else pdf.content) == draft.pdf_sha256["kk"]
    assert "data-signature=" in client.get(draft.get_absolute_url()).content.decode()


def test_315_cl5_the_kazakh_pdf_reads_the_law_and_the_data(client, site, draft):
    client.force_login(site.official)
    response = client.get(reverse("control:regulation-pdf", args=[draft.pk, "kk"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    assert "Өндірістік бақылау туралы ереже" in text
    assert "6.1. Өнеркәсіптік қауіпсіздік саласында өндірістік бақылауды жүзеге асыратын" in text
    assert "бірінші басшының жазбаша өкімімен ғана жойылуы мүмкін" in text  # cl.4.4, the law's own words
    assert "Шикі мұнай қондырғысы" in text and "HPF-0001" in text
    assert "ЖОБА" in text  # a draft says so on every page


def test_315_cl5_the_docx_opens_with_the_sections(client, site, draft):
    client.force_login(site.official)
    response = client.get(reverse("control:regulation-docx", args=[draft.pk, "ru"]))
    assert response.status_code == 200
    paragraphs = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert "Положение о производственном контроле" in paragraphs
    headings = [p for p in paragraphs if p[:2] in ("5.", "6.")]
    assert [h.split(" ")[0] for h in headings] == ["5.", "6.1.", "6.2.", "6.3.", "6.4.", "6.5.", "6.6."]
    assert any(p.startswith("4) выдача руководителям структурных подразделений") for p in paragraphs)
    assert client.get(reverse("control:regulation-docx", args=[draft.pk, "de"])).status_code == 404


def test_315_cl5_an_outsider_finds_nothing(client, site, draft):
    client.force_login(site.outsider)
    before = state(site)
    for name, args in (("control:regulation-detail", [draft.pk]), ("control:regulation-pdf", [draft.pk, "kk"]),
                       ("control:regulation-docx", [draft.pk, "kk"]), ("control:regulation-approve", [draft.pk]),
                       ("control:regulation-narrative", [draft.pk, "5"])):
        assert client.get(reverse(name, args=args)).status_code == 404, name
    assert client.post(reverse("control:regulation-approve", args=[draft.pk]),
                       {"sign_method": "password", "sign_password": PASSWORD}).status_code == 404
    assert client.post(reverse("control:regulation-start"), {"organisation": site.org.pk}).status_code == 404
    assert client.get(f"/api/v1/control/regulation/{draft.pk}").status_code == 404
    assert client.post(f"/api/v1/control/regulation/{draft.pk}/approve", {"signature": PW},
                       content_type="application/json").status_code == 404
    assert client.put(f"/api/v1/control/regulation/{draft.pk}/wording/5", {"en": "x"},
                      content_type="application/json").status_code == 404
    assert state(site) == before


def test_315_cl5_the_auditor_reads_but_may_not_edit_start_or_approve(client, site, draft):
    services.criteria_defaults(organisation=site.org, by=site.official)
    criterion = EffectivenessCriterion.objects.first()
    client.force_login(site.auditor)
    before = state(site)
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(reverse("control:regulation-criteria")).status_code == 200
    assert client.get(reverse("control:regulation-narrative", args=[draft.pk, "5"])).status_code == 403
    assert client.post(reverse("control:regulation-narrative", args=[draft.pk, "5"]),
                       {"text_en": "x"}).status_code == 403
    assert client.post(reverse("control:regulation-approve", args=[draft.pk]),
                       {"sign_method": "password", "sign_password": PASSWORD}).status_code == 403
    assert client.post(reverse("control:regulation-criterion-edit", args=[criterion.pk]),
                       {"target": "1"}).status_code == 403
    assert client.post(reverse("control:regulation-criterion-active", args=[criterion.pk]),
                       {"active": "0"}).status_code == 403
    assert client.put(f"/api/v1/control/regulation/{draft.pk}/wording/5", {"en": "x"},
                      content_type="application/json").status_code == 403
    assert client.post(f"/api/v1/control/regulation/{draft.pk}/approve", {"signature": PW},
                       content_type="application/json").status_code == 403
    assert client.post("/api/v1/control/regulation", {"organisation": site.org.pk},
                       content_type="application/json").status_code == 403
    assert state(site) == before
    client.force_login(site.division_head)  # reads the Regulation its division works under (cl.6.5), edits nothing
    assert client.get(reverse("control:regulation-list")).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(reverse("control:regulation-narrative", args=[draft.pk, "5"])).status_code == 403


def test_315_cl5_the_api_reads_words_and_approves_with_the_pages_permissions(client, site, draft):
    client.force_login(site.official)
    listed = client.get("/api/v1/control/regulation").json()
    assert [row["version"] for row in listed] == [1]
    body = client.put(f"/api/v1/control/regulation/{draft.pk}/wording/6.6", {"kk": "Қызмет", "en": "Service"},
                      content_type="application/json")
    assert body.status_code == 200
    assert next(s for s in body.json()["sections"] if s["number"] == "6.6")["blocks"][0]["text"] == "Қызмет"
    bad = client.put(f"/api/v1/control/regulation/{draft.pk}/wording/6.2", {"en": "x"},
                     content_type="application/json")
    assert bad.status_code == 422 and "detail" in bad.json()
    assert client.post("/api/v1/control/regulation", {"organisation": site.org.pk},
                       content_type="application/json").status_code == 409  # a draft is open
    client.force_login(site.head)
    approved = client.post(f"/api/v1/control/regulation/{draft.pk}/approve", {"signature": PW},
                           content_type="application/json")
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved" and set(approved.json()["pdf_sha256"]) == {"kk", "ru", "en"}
    wording = client.put(f"/api/v1/control/regulation/{draft.pk}/wording/5", {"en": "x"},
                         content_type="application/json")
    assert wording.status_code == 403  # the head reads; the officials word


def test_315_cl6_5_officials_keep_the_criteria_on_their_pages(client, site):
    client.force_login(site.official)
    response = client.post(reverse("control:regulation-criteria-defaults"), {"organisation": site.org.pk})
    assert response.status_code == 302 and EffectivenessCriterion.objects.count() == 4
    html = client.get(reverse("control:regulation-criteria")).content.decode()
    assert html.count("data-criterion=") == 4
    criterion = EffectivenessCriterion.objects.get(position=2)
    form = {"name_kk": criterion.name_kk, "name_ru": criterion.name_ru, "name_en": "On time", "measure": criterion.measure,
            "description": "", "manual_value": "", "target": "90", "unit": "percent", "direction": "at_least",
            "position": "2"}
    assert client.post(reverse("control:regulation-criterion-edit", args=[criterion.pk]), form).status_code == 302
    criterion.refresh_from_db()
    assert criterion.target == 90
    other = {**form, "organisation": site.org.pk, "measure": "other", "name_en": "Audits"}
    assert client.post(reverse("control:regulation-criterion-new"), other).status_code == 422  # no description
    assert EffectivenessCriterion.objects.count() == 4
    api = client.post("/api/v1/control/regulation-criteria", {**other, "manual_value": None, "description": "Audits "
                      "by the holding", "target": "2", "unit": "count", "position": 5}, content_type="application/json")
    assert api.status_code == 201, api.content
    assert json.loads(api.content)["measure"] == "other"


def test_315_cl6_5_the_criteria_list_reads_in_a_fixed_number_of_queries(client, site):
    services.criteria_defaults(organisation=site.org, by=site.official)
    client.force_login(site.official)
    url = reverse("control:regulation-criteria")
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for number in range(4):
        services.criterion_create(by=site.official, instance=EffectivenessCriterion(
            organisation=site.org, name_en=f"Own {number}", measure="other", description="Counted by hand",
            manual_value=number, target=1, unit="count", direction="at_least", position=10 + number))
    with CaptureQueriesContext(connection) as more:
        html = client.get(url).content.decode()
    assert html.count("data-criterion=") == 8 and len(more) == len(first)
