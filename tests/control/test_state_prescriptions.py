"""Prescriptions of the state authority (уәкілетті органның нұсқамалары, 315 cl.26.3), each item citing the clause as
it read on the prescription's date (315 cl.16)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qauipsiz.control.choices import PrescriptionStatus
from qauipsiz.control.models import StatePrescription, StatePrescriptionItem
from qauipsiz.control.services import state_prescriptions as services
from qauipsiz.core.models import ClauseEdition, LegalAct, LegalActClause
from qauipsiz.core.services import record_create, record_update
from tests import factories as f

from .accidents_site import Api, english, logged_in, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture(autouse=True)
def _english():
    with english():
        yield
TODAY = datetime.date.today


def clause(org, number="7", text="Old wording of the clause", since=datetime.date(2021, 1, 1), repealed=False):
    act = LegalAct.objects.filter(organisation=org).first() or record_create(by=f.superuser(), instance=LegalAct(
        organisation=org, title_en="Rules of industrial safety", number="343", adopted_on=datetime.date(2020, 12, 30),
        issuer="Ministry"))
    # Entered without text, so that its one edition is the one given here (a clause entered with text gets its
    # first edition from the act's date).
    found = record_create(by=f.superuser(), instance=LegalActClause(act=act, number=number))
    record_create(by=f.superuser(), instance=ClauseEdition(clause=found, text_en=text, in_force_from=since,
                                                            repealed=repealed))
    return found


def register(w, *, issued_on=None, items=None, number="14-07/112"):
    issued_on = issued_on or timezone.localdate() - datetime.timedelta(days=30)
    items = items or [{"violation": "No inspection of vessel C-3", "requirement_text": "Vessels are inspected",
                       "deadline": timezone.localdate() + datetime.timedelta(days=10), "executor": w.worker}]
    return services.prescription_register(by=w.official, facility=w.fac_a, number=number, issued_on=issued_on,
                                          issuing_body="Industrial Safety Committee", items=items)


def test_315_cl26_3_registering_keeps_the_items_and_the_wording_in_force(world):
    cited = clause(world.org)
    prescription = register(world, items=[
        {"violation": "No inspection", "clause": cited, "deadline": timezone.localdate(), "executor": world.worker},
        {"violation": "No journal", "requirement_text": "The journal is kept", "executor": world.worker,
         "deadline": timezone.localdate() + datetime.timedelta(days=5)}])
    first, second = prescription.items.all()
    assert first.edition.clause == cited and first.cited_text == "Old wording of the clause"
    assert second.edition is None and second.cited_text == "The journal is kept"
    assert prescription.status == PrescriptionStatus.OPEN and prescription.next_deadline == timezone.localdate()


def test_315_cl16_item_dated_before_an_edition_change_keeps_the_old_wording(world):
    cited = clause(world.org)
    issued_on = timezone.localdate() - datetime.timedelta(days=30)
    prescription = register(world, issued_on=issued_on, items=[
        {"violation": "No inspection", "clause": cited, "deadline": timezone.localdate(), "executor": world.worker}])
    # An amending act gives the clause a new wording after the prescription's date.
    amending = record_create(by=f.superuser(), instance=LegalAct(
        organisation=world.org, title_en="Amendments", number="335", adopted_on=issued_on, issuer="Ministry"))
    old = cited.editions.get()
    old.in_force_until = issued_on + datetime.timedelta(days=9)
    record_update(by=f.superuser(), instance=old)
    record_create(by=f.superuser(), instance=ClauseEdition(clause=cited, text_en="New wording of the clause",
                                                            in_force_from=issued_on + datetime.timedelta(days=10),
                                                            amending_act=amending))
    page = logged_in(world.official).get(prescription.get_absolute_url())
    assert b"Old wording of the clause" in page.content and b"New wording" not in page.content
    body = Api(world.official, "/api/v1/control/state-prescriptions").get(f"/{prescription.pk}").json()
    assert body["items"][0]["cited_text"] == "Old wording of the clause"
    assert body["items"][0]["edition_in_force_from"] == "2021-01-01"
    # A prescription dated after the change cites the new wording.
    later = register(world, number="14-07/200", issued_on=timezone.localdate(), items=[
        {"violation": "Again", "clause": cited, "deadline": timezone.localdate(), "executor": world.worker}])
    assert later.items.get().cited_text == "New wording of the clause"


def test_315_cl16_a_repealed_clause_is_refused_with_the_reason_and_nothing_written(world):
    repealed = clause(world.org, number="10", text="", repealed=True)
    with pytest.raises(ValidationError) as refused:
        register(world, items=[{"violation": "X", "clause": repealed, "deadline": timezone.localdate(),
                                "executor": world.worker}])
    assert "is repealed" in str(refused.value.by_item[1]["clause"])
    assert not StatePrescription.objects.exists() and not StatePrescriptionItem.objects.exists()
    api = Api(world.official, "/api/v1/control/state-prescriptions")
    response = api.post("", {"facility_id": world.fac_a.pk, "number": "1", "issued_on": "2026-01-05",
                             "issuing_body": "Committee",
                             "items": [{"violation": "X", "clause_id": repealed.pk, "deadline": "2026-02-01",
                                        "executor_id": world.worker.pk}]})
    assert response.status_code == 422 and "repealed" in response.content.decode()
    assert not StatePrescription.objects.exists()


def test_315_cl26_3_bad_input_gives_clear_errors_and_writes_nothing(world):
    with pytest.raises(ValidationError) as refused:
        services.prescription_register(by=world.official, facility=world.fac_a, number=" ", issued_on=None,
                                       issuing_body="", items=[])
    assert set(refused.value.message_dict) == {"number", "issued_on", "issuing_body", "items"}
    with pytest.raises(ValidationError) as refused:
        register(world, items=[{"violation": "", "deadline": None, "executor": None}])
    assert set(refused.value.by_item[1]) == {"violation", "requirement_text", "deadline", "executor"}
    response = logged_in(world.official).post(reverse("control:state-prescription-new"), {
        "facility": world.fac_a.pk, "number": "5", "issued_on": "2026-01-05", "issuing_body": "Committee",
        "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "1", "items-MAX_NUM_FORMS": "50",
        "items-0-violation": "X", "items-0-deadline": "2026-02-01", "items-0-executor": world.worker.pk})
    assert response.status_code == 400 and b"Cite the clause" in response.content
    assert not StatePrescription.objects.exists()


def test_315_cl26_3_an_item_done_needs_its_evidence_and_the_prescription_is_done_with_its_last_item(world, settings,
                                                                                                     tmp_path):
    settings.MEDIA_ROOT = tmp_path
    prescription = register(world)
    item = prescription.items.get()
    with pytest.raises(ValidationError, match="evidence"):
        services.item_done(by=world.official, item=item, note="Inspected")
    with pytest.raises(PermissionDenied):
        services.item_done(by=world.auditor, item=item, note="Inspected",
                           upload=SimpleUploadedFile("act.pdf", b"%PDF act"))
    services.item_done(by=world.official, item=item, note="Inspected on 01.12",
                       upload=SimpleUploadedFile("act.pdf", b"%PDF act"))
    item.refresh_from_db()
    prescription.refresh_from_db()
    assert item.status == PrescriptionStatus.DONE and item.evidence.get().sha256
    assert prescription.status == PrescriptionStatus.DONE and prescription.next_deadline is None


def test_315_cl26_3_overdue_items_are_computed_and_listed_first(world):
    register(world, number="A-1")
    overdue = register(world, number="B-2", items=[
        {"violation": "Late", "requirement_text": "R", "executor": world.worker,
         "deadline": timezone.localdate() - datetime.timedelta(days=3)}])
    assert overdue.overdue and overdue.items.get().overdue
    client = logged_in(world.official)
    page = client.get(reverse("control:state-prescriptions")).content.decode()
    assert page.index("B-2") < page.index("A-1")
    only = client.get(reverse("control:state-prescriptions"), {"state": "overdue"}).content.decode()
    assert "B-2" in only and "A-1" not in only
    listed = Api(world.head, "/api/v1/control/state-prescriptions").get("", {"state": "overdue"}).json()
    assert [row["number"] for row in listed] == ["B-2"]
    export = client.get(reverse("control:state-prescriptions-export"), {"state": "open"})
    assert export.status_code == 200
    home = logged_in(world.head).get(reverse("home"))
    assert b"panel-state-prescriptions" in home.content


def test_315_cl26_3_outsider_404_other_division_head_404_auditor_read_only_403(world):
    prescription = register(world)
    url = prescription.get_absolute_url()
    assert logged_in(world.outsider).get(url).status_code == 404
    assert logged_in(world.head_b).get(url).status_code == 404
    assert logged_in(world.auditor).get(url).status_code == 200
    assert logged_in(world.auditor).get(reverse("control:state-prescription-new")).status_code == 403
    item = prescription.items.get()
    assert logged_in(world.auditor).get(reverse("control:state-prescription-item-done",
                                                args=[prescription.pk, item.pk])).status_code == 403
    assert Api(world.outsider, "/api/v1/control/state-prescriptions").get(f"/{prescription.pk}").status_code == 404


def test_315_cl26_3_list_query_count_does_not_grow_with_the_rows(world):
    client = logged_in(world.official)
    register(world, number="1")
    client.get(reverse("control:state-prescriptions"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("control:state-prescriptions"))
    for n in range(2, 8):
        register(world, number=str(n))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("control:state-prescriptions"))
    assert len(many) == len(few) <= 15


def test_315_cl26_3_the_executor_records_his_item_through_the_api_with_evidence(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    prescription = register(world)
    item = prescription.items.get()
    executor = f.user("crew_member", world.org, division=world.div_a)
    world.worker.user = executor
    record_update(by=f.superuser(), instance=world.worker)
    executor.refresh_from_db()
    api = Api(executor, "/api/v1/control/state-prescriptions")
    early = api.post(f"/{prescription.pk}/items/{item.pk}/done", {"note": "Inspected"})
    assert early.status_code == 422 and "evidence" in early.content.decode()
    uploaded = api.client.post(f"/api/v1/control/state-prescriptions/{prescription.pk}/items/{item.pk}/evidence",
                               {"title": "Act of inspection", "file": SimpleUploadedFile("act.pdf", b"%PDF act")})
    assert uploaded.status_code == 201, uploaded.content
    assert len(uploaded.json()["items"][0]["evidence_sha256"][0]) == 64
    done = api.post(f"/{prescription.pk}/items/{item.pk}/done", {"note": "Inspected on 01.12"})
    assert done.status_code == 200 and done.json()["status"] == "done"
    other = Api(world.head_b, "/api/v1/control/state-prescriptions")
    assert other.post(f"/{prescription.pk}/items/{item.pk}/done", {"note": "x"}).status_code == 404


def test_315_cl26_3_record_page_query_count_does_not_grow_with_its_items(world):
    cited = clause(world.org)
    item = {"violation": "V", "clause": cited, "deadline": timezone.localdate(), "executor": world.worker}
    one = register(world, number="1", items=[item])
    six = register(world, number="6", items=[item] * 6)
    client = logged_in(world.official)
    client.get(one.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(one.get_absolute_url())
    with CaptureQueriesContext(connection) as many:
        client.get(six.get_absolute_url())
    assert len(many) == len(few)
