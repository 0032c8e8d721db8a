"""The plans' pages and API (315 cl.4.1, cl.4.5, cl.26.1): what each person sees and may do, on the page and through
the API alike; the import with its preview and the export; the lists' query counts."""

import datetime
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from qauipsiz.control.choices import ItemStatus, VersionStatus
from qauipsiz.control.models import PlanItem
from qauipsiz.control.services import plans as services
from qauipsiz.ledger.models import LedgerEntry
from tests import factories as f

from .plans_site import PASSWORD, build_site

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=5)))


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def site():
    return build_site()




def test_315_cl4_5_the_list_shows_the_years_plans_in_a_fixed_number_of_queries(client, site):
    site.measures_plan()
    client.force_login(site.official)
    client.get(reverse("control:plans"), {"year": 2026})
    with CaptureQueriesContext(connection) as one:
        response = client.get(reverse("control:plans"), {"year": 2026})
    assert response.status_code == 200 and "Measure" not in response.content.decode()
    for division in (site.div_a, site.div_b):
        site.work_plan(division=division)
    with CaptureQueriesContext(connection) as three:
        response = client.get(reverse("control:plans"), {"year": 2026})
    assert response.content.decode().count("data-plan=") == 3
    assert len(three) == len(one)


def test_315_cl4_5_the_plan_page_shows_versions_items_history_and_the_diff(client, site):
    plan = site.measures_plan()
    second = services.version_new(by=site.official, plan=plan, reason="New unit")
    services.item_add(by=site.official, version=second, measure="Measure 3", deadline=datetime.date(2026, 12, 20))
    client.force_login(site.official)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "Measure 3" in html and "New unit" in html and 'id="timeline"' in html
    html = client.get(reverse("control:plan-version", args=[plan.pk, 1])).content.decode()
    assert "Measure 3" not in html and "Measure 1" in html
    diff = client.get(reverse("control:plan-diff", args=[plan.pk]), {"from": 1, "to": 2}).content.decode()
    assert 'data-change="added"' in diff and "Measure 3" in diff
    with CaptureQueriesContext(connection) as queries:
        assert client.get(plan.get_absolute_url()).status_code == 200
    assert len(queries) <= 25


def test_315_cl4_5_the_head_approves_on_the_act_page(client, site):
    plan = site.measures_plan(approve=False)
    version = plan.versions.get()
    client.force_login(site.head)
    html = client.get(plan.get_absolute_url()).content.decode()
    url = reverse("control:planversion-approve", args=[version.pk])
    assert url in html
    assert client.get(url).status_code == 200
    response = client.post(url, {"sign_method": "password", "sign_password": PASSWORD})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == VersionStatus.APPROVED


def test_315_cl4_5_the_head_approves_through_the_api_and_the_official_may_not(client, site):
    plan = site.measures_plan(approve=False)
    version = plan.versions.get()
    api = f"/api/v1/control/planversion/{version.pk}/approve"
    client.force_login(site.official)
    assert client.post(api, {"signature": {"password": PASSWORD}}, content_type="application/json").status_code == 403
    client.force_login(site.head)
    response = client.post(api, {"signature": {"password": PASSWORD}}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    plan.refresh_from_db()
    assert plan.number == 1


def test_315_cl4_5_an_empty_draft_is_not_offered_for_approval(client, site):
    plan = site.measures_plan(items=0, approve=False)
    client.force_login(site.head)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert reverse("control:planversion-approve", args=[plan.versions.get().pk]) not in html


def test_315_cl4_5_outsiders_get_404_and_the_auditor_403_with_nothing_changed(client, site):
    plan = site.measures_plan()
    item = plan.versions.get().items.first()
    client.force_login(site.outsider)
    for url in (plan.get_absolute_url(), item.get_absolute_url(), reverse("control:plan-version", args=[plan.pk, 1])):
        assert client.get(url).status_code == 404
    assert client.post(item.get_absolute_url(), {"status": "done"}).status_code == 404
    client.force_login(site.auditor)
    assert client.get(plan.get_absolute_url()).status_code == 200
    before = LedgerEntry.objects.count()
    assert client.post(item.get_absolute_url(), {"status": "done"}).status_code == 403
    assert client.post(reverse("control:plan-new-version", args=[plan.pk]), {"reason": "x"}).status_code == 403
    assert client.get(reverse("control:plan-item-add", args=[plan.pk])).status_code == 403
    assert LedgerEntry.objects.count() == before
    item.refresh_from_db()
    assert item.status == ItemStatus.PLANNED


def test_315_cl4_1_division_b_head_gets_404_on_division_as_work_plan(client, site):
    plan = site.work_plan(division=site.div_a)
    item = plan.versions.get().items.get()
    client.force_login(site.head_b)
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert client.get(item.get_absolute_url()).status_code == 404
    assert client.post(item.get_absolute_url(), {"status": "done"}).status_code == 404
    client.force_login(site.head_a)
    assert client.get(plan.get_absolute_url()).status_code == 200
    client.force_login(site.worker_a)
    assert client.get(plan.get_absolute_url()).status_code == 200


def test_315_cl4_5_the_execution_form_records_and_refuses_a_not_done_without_reason(client, site):
    plan = site.measures_plan()
    item = plan.versions.get().items.order_by("position").first()
    client.force_login(site.head_a)
    page = client.get(item.get_absolute_url()).content.decode()
    assert 'id="execute"' in page
    response = client.post(item.get_absolute_url(), {"status": "not_done", "not_done_reason": ""})
    assert response.status_code == 422 and "reason" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.PLANNED
    response = client.post(item.get_absolute_url(), {"status": "done", "executed_on": "2026-03-01"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE
    upload = io.BytesIO(b"photo")
    upload.name = "photo.jpg"
    assert client.post(item.get_absolute_url(), {"evidence": "1", "text": "Photo", "file": upload}).status_code == 302
    evidence = item.evidence.get()
    assert client.get(reverse("control:plan-evidence", args=[evidence.pk])).status_code == 200


def test_315_cl4_5_items_are_imported_from_xlsx_after_a_preview(client, site):
    plan = site.measures_plan(items=0, approve=False)
    client.force_login(site.official)
    data = f.xlsx_bytes([["No.", "Measure", "Deadline", "Responsible person", "Division"],
                         [1, "Replace the valves", "15.05.2026", site.person.iin, "Shop A"],
                         [2, "Train the crew", "not a date", "", ""],
                         [3, "", "01.06.2026", "", ""]])
    upload = io.BytesIO(data)
    upload.name = "plan.xlsx"
    response = client.post(reverse("control:plan-import", args=[plan.pk]), {"file": upload})
    assert response.status_code == 200
    pending = response.context["pending"]
    assert [r["action"] for r in pending.rows] == ["create", "reject", "reject"]
    assert not PlanItem.objects.exists()  # the preview writes nothing
    response = client.post(reverse("control:plan-import", args=[plan.pk]), {"token": pending.token})
    assert response.status_code == 302
    item = PlanItem.objects.get()
    assert (item.measure, item.deadline, item.responsible, item.division) == (
        "Replace the valves", datetime.date(2026, 5, 15), site.person, site.div_a)


def test_315_cl4_5_the_export_reads_back_as_an_import(client, site):
    plan = site.measures_plan()
    client.force_login(site.official)
    response = client.get(reverse("control:plan-export", args=[plan.pk, 1]))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[1][1] == "Measure 1"
    from qauipsiz.control.plan_import import header_map
    mapping, unknown = header_map(list(rows[0]))
    assert {"measure", "deadline", "responsible"} <= set(mapping.values())


def test_315_cl26_1_the_execution_page_gives_the_figures(client, site):
    plan = site.measures_plan(year=2025)
    item = plan.versions.get().items.order_by("position").first()
    services.item_execute(by=site.official, item=item, status=ItemStatus.DONE, executed_on=datetime.date(2025, 3, 1))
    client.force_login(site.head)
    html = client.get(reverse("control:plan-execution")).content.decode()  # last year by default
    assert "Measures: 2; done: 1 (50%); not done: 0; overdue: 1" in html


def test_315_cl4_5_the_home_panel_lists_overdue_items(client, site):
    site.measures_plan()
    client.force_login(site.head_a)
    assert 'id="plan-items-overdue"' in client.get(reverse("home")).content.decode()
    client.force_login(site.head_b)
    assert 'id="plan-items-overdue"' not in client.get(reverse("home")).content.decode()


def test_315_cl4_5_the_api_answers_with_the_pages_permissions(client, site):
    plan = site.measures_plan()
    item = plan.versions.get().items.first()
    client.force_login(site.official)
    response = client.get("/api/v1/control/plans", {"year": 2026})
    assert response.status_code == 200 and response.json()[0]["display_number"] == "1/2026"
    assert client.get(f"/api/v1/control/plans/{plan.pk}/versions/1").json()["items"][0]["measure"] == "Measure 1"
    client.force_login(site.auditor)
    response = client.post(f"/api/v1/control/plans/items/{item.pk}/execution", {"status": "done"},
                           content_type="application/json")
    assert response.status_code == 403 and "detail" in response.json()
    client.force_login(site.outsider)
    assert client.get(f"/api/v1/control/plans/{plan.pk}/versions/1").status_code == 404
    client.force_login(site.official)
    response = client.post(f"/api/v1/control/plans/items/{item.pk}/execution", {"status": "not_done"},
                           content_type="application/json")
    assert response.status_code == 422
    execution = client.get("/api/v1/control/plans/execution", {"year": 2026}).json()
    assert execution[0]["total"] == 2 and execution[0]["overdue"] == 2


def _queries(client, url, **params) -> int:
    client.get(url, params)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def test_315_cl4_5_the_plan_page_and_the_execution_page_do_not_grow_with_the_items(client, site):
    small, large = site.measures_plan(year=2025, items=2), site.measures_plan(year=2026, items=6)
    client.force_login(site.official)
    assert _queries(client, small.get_absolute_url()) == _queries(client, large.get_absolute_url())
    few = _queries(client, reverse("control:plan-execution"), year=2025)
    many = _queries(client, reverse("control:plan-execution"), year=2026)
    assert few == many


def test_315_cl4_5_an_approved_item_offers_no_edit_and_refuses_one(client, site):
    plan = site.measures_plan()
    item = plan.versions.get().items.first()
    client.force_login(site.official)
    assert reverse("control:plan-item-edit", args=[item.pk]) not in client.get(plan.get_absolute_url()).content.decode()
    assert client.get(reverse("control:plan-item-edit", args=[item.pk])).status_code == 409
    assert client.post(reverse("control:plan-item-remove", args=[item.pk])).status_code == 409
    assert PlanItem.objects.filter(pk=item.pk).exists()


def test_315_cl4_5_plans_are_drafted_and_changed_through_the_api_as_on_the_pages(client, site):
    client.force_login(site.official)
    response = client.post("/api/v1/control/plans", {"organisation_id": site.org.pk, "kind": "measures",
                                                     "year": 2027}, content_type="application/json")
    assert response.status_code == 201
    plan_id = response.json()["id"]
    item = {"measure": "Check the flare", "deadline": "2027-05-01", "responsible_id": site.person.pk}
    assert client.post(f"/api/v1/control/plans/{plan_id}/items", item,
                       content_type="application/json").status_code == 201
    foreign = f.person(f.organisation("Foreign plant"))
    response = client.post(f"/api/v1/control/plans/{plan_id}/items", {**item, "responsible_id": foreign.pk},
                           content_type="application/json")
    assert response.status_code == 422 and "responsible_id" in response.json()["errors"]
    approved = site.measures_plan()
    response = client.post(f"/api/v1/control/plans/{approved.pk}/items", item, content_type="application/json")
    assert response.status_code == 409  # an approved version is never edited
    response = client.post(f"/api/v1/control/plans/{approved.pk}/versions", {"reason": "New unit"},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["version"] == 2
    client.force_login(site.auditor)
    before = LedgerEntry.objects.count()
    response = client.post("/api/v1/control/plans", {"organisation_id": site.org.pk, "kind": "measures",
                                                     "year": 2028}, content_type="application/json")
    assert response.status_code == 403
    assert LedgerEntry.objects.count() == before
    client.force_login(site.outsider)
    assert client.post(f"/api/v1/control/plans/{plan_id}/items", item,
                       content_type="application/json").status_code == 404


def test_315_cl4_5_a_division_head_reaches_his_divisions_items_of_the_plan_of_measures(client, site):
    plan = site.measures_plan()
    item = plan.versions.get().items.first()  # division A's
    client.force_login(site.head_a)
    html = client.get(item.get_absolute_url()).content.decode()
    assert reverse("control:plan-version", args=[plan.pk, 1]) not in html  # the plan itself is the organisation's
    assert client.get(plan.get_absolute_url()).status_code == 404
    assert "Plans" in client.get(reverse("home")).content.decode()  # the menu entry


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_315_cl4_5_the_pages_render_in_each_language_with_dates_as_people_write_them(client, site, language):
    plan = site.measures_plan(year=2025)
    services.version_new(by=site.official, plan=plan, reason="New unit")
    item = plan.versions.get(version=1).items.first()
    client.force_login(site.official)
    with translation.override(language):
        urls = [reverse("control:plans"), plan.get_absolute_url(), reverse("control:plan-version", args=[plan.pk, 1]),
                reverse("control:plan-diff", args=[plan.pk]) + "?from=1&to=2", item.get_absolute_url(),
                reverse("control:plan-execution"), reverse("control:plan-import", args=[plan.pk]),
                reverse("control:plan-item-add", args=[plan.pk])]
    for url in urls:
        assert url.startswith(f"/{language}/")
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "2025-0" not in html.replace('value="2025-0', "")  # no ISO dates on the page, only in date inputs
    assert "01.03.2025" in client.get(item.get_absolute_url()).content.decode()


def test_315_cl26_1_evidence_of_execution_is_attached_through_the_api_with_its_hash(client, site):
    import hashlib

    plan = site.measures_plan()
    item = plan.versions.get().items.order_by("position").first()
    url = f"/api/v1/control/plans/items/{item.pk}/evidence"
    client.force_login(site.auditor)
    before = LedgerEntry.objects.count()
    upload = io.BytesIO(b"act of works")
    upload.name = "act.pdf"
    assert client.post(url, {"text": "Act of works", "file": upload}).status_code == 403
    assert not item.evidence.exists() and LedgerEntry.objects.count() == before
    client.force_login(site.head_a)
    assert client.post(url, {}).status_code == 422  # neither a file nor a text: nothing written
    assert not item.evidence.exists()
    upload.seek(0)
    body = client.post(url, {"text": "Act of works", "file": upload}).json()
    assert body["sha256"] == hashlib.sha256(b"act of works").hexdigest() and body["filename"] == "act.pdf"
    assert item.evidence.get().text == "Act of works"
