"""The register of accidents, incidents and accident-caused injuries (315 cl.4.9, cl.4.12, cl.26.6) and the offer to
the head of an unscheduled inspection (315 cl.8)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.control.choices import AccidentKind, AccidentStatus, InjurySeverity, InspectionDecision
from qauipsiz.control.models import Accident, AccidentMaterial, AccidentVictim
from qauipsiz.control.services import accidents as services
from qauipsiz.ledger.models import LedgerEntry, Signature
from qauipsiz.notifications.models import Notice, OutboxMessage
from qauipsiz.notifications.outbox import deliver

from .accidents_site import PW, Api, english, logged_in, make_world, moment

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture(autouse=True)
def _english():
    with english():
        yield


def register(w, *, kind=AccidentKind.INJURY, facility=None, by=None, **more):
    return services.accident_register(by=by or w.official, facility=facility or w.fac_a, kind=kind,
                                      occurred_at=more.pop("occurred_at", moment()),
                                      description=more.pop("description", "Burn of the hand during hot work"), **more)


def test_315_cl4_12_registering_numbers_ledgers_and_keeps_the_local_moment(world):
    accident = register(world, place="Pump P-14 bay")
    again = register(world, kind=AccidentKind.INCIDENT)
    assert (accident.number, again.number) == (1, 2)
    assert accident.division == world.div_a and accident.status == AccidentStatus.REGISTERED
    assert timezone.localtime(accident.occurred_at).hour == 10  # typed in Asia/Almaty, kept aware
    assert LedgerEntry.objects.filter(action="control.accident.registered", object_id=str(accident.pk)).exists()


def test_315_cl4_12_bad_input_is_refused_with_clear_errors_and_nothing_written(world):
    with pytest.raises(ValidationError) as refused:
        services.accident_register(by=world.official, facility=world.fac_a, kind="earthquake", description=" ",
                                   occurred_at=timezone.now() + datetime.timedelta(days=2))
    assert set(refused.value.message_dict) == {"kind", "description", "occurred_at"}
    assert not Accident.objects.exists()
    response = logged_in(world.official).post(reverse("control:accident-new"), {"kind": "accident"})
    assert response.status_code == 400 and b"This field is required" in response.content
    assert not Accident.objects.exists()


def test_315_cl8_offer_registering_an_injury_tells_the_heads_and_the_page_shows_the_offer(world):
    accident = register(world)
    outbox = OutboxMessage.objects.get()
    assert outbox.payload["record_id"] == accident.pk and outbox.payload["audience"] == "heads"
    assert "unscheduled inspection" in outbox.payload["message"]
    deliver()
    notice = Notice.objects.get(user=world.head)
    assert notice.link == accident.get_absolute_url()
    assert not Notice.objects.filter(user=world.official).exists()
    register(world, kind=AccidentKind.INCIDENT)
    assert OutboxMessage.objects.count() == 1  # an incident offers no inspection
    page = logged_in(world.head).get(accident.get_absolute_url())
    assert b'id="inspection-offer"' in page.content and b"decide_inspection" in page.content


def test_315_cl8_offer_the_head_orders_an_inspection_by_directive_and_signs(world):
    accident = register(world)
    with pytest.raises(ValidationError) as refused:
        services.accident_decide_inspection(record=accident, by=world.head, decision=InspectionDecision.ORDERED,
                                            credentials=PW)
    assert set(refused.value.message_dict) == {"directive_number", "directive_date"}
    with pytest.raises(PermissionDenied):
        services.accident_decide_inspection(record=accident, by=world.official, decision="ordered", credentials=PW,
                                            directive_number="12-ө", directive_date=timezone.localdate())
    services.accident_decide_inspection(record=accident, by=world.head, decision=InspectionDecision.ORDERED,
                                        credentials=PW, directive_number="12-ө", directive_date=timezone.localdate())
    accident.refresh_from_db()
    assert (accident.inspection_decision, accident.directive_number) == ("ordered", "12-ө")
    assert Signature.objects.filter(object_id=str(accident.pk), purpose__contains="inspection_decided").exists()
    with pytest.raises(ActionRefused, match="already decided"):
        services.accident_decide_inspection(record=accident, by=world.head, decision="not_ordered", credentials=PW,
                                            reason="Changed my mind")
    page = logged_in(world.head).get(accident.get_absolute_url())
    assert "Ordered by directive (өкім) No. 12-ө".encode() in page.content


def test_315_cl8_offer_not_ordered_needs_the_reason_and_an_incident_offers_nothing(world):
    accident = register(world, kind=AccidentKind.ACCIDENT)
    with pytest.raises(ValidationError, match="reason"):
        services.accident_decide_inspection(record=accident, by=world.head, decision="not_ordered", credentials=PW)
    services.accident_decide_inspection(record=accident, by=world.head, decision="not_ordered", credentials=PW,
                                        reason="The causes are known and removed")
    incident = register(world, kind=AccidentKind.INCIDENT)
    with pytest.raises(ActionRefused, match="offered on an accident"):
        services.accident_decide_inspection(record=incident, by=world.head, decision="not_ordered", credentials=PW,
                                            reason="-")


def test_315_cl4_9_commission_chair_signs_the_conclusion_and_the_record_closes_when_measures_are_done(world):
    accident = register(world)
    services.victim_add(by=world.official, accident=accident, person=world.worker, severity=InjurySeverity.LIGHT)
    services.victim_add(by=world.official, accident=accident, name="Driver of a supplier",
                        severity=InjurySeverity.NONE)
    services.accident_investigate(record=accident, by=world.official, chair=world.head_a.person,
                                  members=[world.official.person])
    measure = services.measure_add(by=world.official, accident=accident, text="Instruct the crew again",
                                   responsible=world.worker, deadline=timezone.localdate())
    with pytest.raises(ActionRefused, match="chair of the commission"):
        services.accident_conclude(record=accident, by=world.official, causes="Glove", conclusion="Ok",
                                   credentials=PW)
    services.accident_conclude(record=accident, by=world.head_a, causes="A torn glove",
                               conclusion="Personal protective equipment not checked", credentials=PW)
    accident.refresh_from_db()
    assert accident.status == AccidentStatus.INVESTIGATED and accident.causes == "A torn glove"
    signature = Signature.objects.get(object_id=str(accident.pk), purpose__contains="accident_concluded")
    assert signature.signer_user == world.head_a and "A torn glove" in signature.content
    with pytest.raises(ActionRefused, match="not done"):
        services.accident_close(record=accident, by=world.official)
    # The measures follow from the causes found: added after the conclusion too, until the record is closed.
    later = services.measure_add(by=world.official, accident=accident, text="Replace the gloves",
                                 responsible=world.worker, deadline=timezone.localdate())
    services.measure_done(by=world.official, measure=later, note="Replaced")
    services.measure_done(by=world.official, measure=measure, note="Instructed on 01.12")
    services.accident_close(record=accident, by=world.official)
    accident.refresh_from_db()
    assert accident.status == AccidentStatus.CLOSED
    with pytest.raises(ActionRefused):
        services.victim_add(by=world.official, accident=accident, name="Late", severity="none")


def test_315_cl26_6_materials_are_kept_with_their_sha256_and_shown_in_the_history(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    accident = register(world)
    upload = SimpleUploadedFile("C:\\fakepath\\act.pdf", b"%PDF-1.4 act of investigation", "application/pdf")
    material = services.material_add(by=world.official, accident=accident, upload=upload, title="Act H-1")
    assert material.filename == "act.pdf" and len(material.sha256) == 64
    entry = LedgerEntry.objects.get(action="control.accidentmaterial.added")
    assert material.sha256 in entry.content
    with pytest.raises(ValidationError, match="empty"):
        services.material_add(by=world.official, accident=accident, upload=SimpleUploadedFile("e.txt", b""))
    client = logged_in(world.official)
    page = client.get(accident.get_absolute_url())
    assert material.sha256.encode() in page.content and b'data-action="control.accidentmaterial.added"' in page.content
    download = client.get(reverse("control:accident-material", args=[accident.pk, material.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 act of investigation"
    assert AccidentMaterial.objects.count() == 1


def test_315_cl4_12_outsider_404_other_division_head_404_auditor_read_only_403(world):
    accident = register(world)
    url = accident.get_absolute_url()
    assert logged_in(world.outsider).get(url).status_code == 404
    assert logged_in(world.head_b).get(url).status_code == 404
    assert logged_in(world.head_a).get(url).status_code == 200
    auditor = logged_in(world.auditor)
    assert auditor.get(url).status_code == 200
    assert auditor.post(reverse("control:accident-victim-add", args=[accident.pk]),
                        {"name": "X", "severity": "none"}).status_code == 403
    assert auditor.get(reverse("control:accident-new")).status_code == 403
    assert not AccidentVictim.objects.exists()
    with pytest.raises(PermissionDenied):
        register(world, facility=world.fac_a, by=world.head_b)  # division B's head reports only for his division
    assert Accident.objects.count() == 1
    assert Api(world.outsider, "/api/v1/control/accidents").get(f"/{accident.pk}").status_code == 404
    assert Api(world.head_b, "/api/v1/control/accidents").get(f"/{accident.pk}").status_code == 404


def test_315_cl4_12_list_filters_search_and_export(world):
    register(world, description="Burn of the hand")
    register(world, kind=AccidentKind.INCIDENT, facility=world.fac_b, description="Gas release",
             occurred_at=moment(days_ago=40))
    client = logged_in(world.official)
    page = client.get(reverse("control:accidents"), {"kind": "incident"})
    assert b"Gas release" in page.content and b"Burn of the hand" not in page.content
    page = client.get(reverse("control:accidents"), {"q": "burn"})
    assert b"Burn of the hand" in page.content and b"Gas release" not in page.content
    page = client.get(reverse("control:accidents"), {"date_from": (timezone.localdate()
                                                                   - datetime.timedelta(days=5)).isoformat()})
    assert b"Gas release" not in page.content
    export = client.get(reverse("control:accidents-export"), {"facility": world.fac_b.pk})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    # Division A's head sees only his division's record.
    page = logged_in(world.head_a).get(reverse("control:accidents"))
    assert b"Burn of the hand" in page.content and b"Gas release" not in page.content


def test_315_cl4_12_list_query_count_does_not_grow_with_the_rows(world):
    client = logged_in(world.official)
    register(world)
    client.get(reverse("control:accidents"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("control:accidents"))
    for _n in range(6):
        register(world, kind=AccidentKind.INCIDENT)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("control:accidents"))
    assert len(many) == len(few) <= 15


def test_315_cl4_12_api_registers_lists_and_runs_the_acts(world):
    api = Api(world.official, "/api/v1/control/accidents")
    bad = api.post("", {"kind": "injury", "facility_id": world.fac_a.pk, "occurred_at": moment().isoformat(),
                        "description": " "})
    assert bad.status_code == 422 and "description" in bad.content.decode()
    assert not Accident.objects.exists()
    created = api.post("", {"kind": "injury", "facility_id": world.fac_a.pk, "occurred_at": moment().isoformat(),
                            "description": "Burn"})
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["inspection_offered"] is True
    assert api.post(f"/{pk}/victims", {"person_id": world.worker.pk, "severity": "light"}).status_code == 201
    started = Api(world.official, "/api/v1/control").post(f"/accident/{pk}/investigate",
                                                          {"chair": world.official.person.pk})
    assert started.status_code == 200, started.content
    assert started.json()["status"] == "investigating"
    listed = api.get("", {"status": "investigating"})
    assert [row["id"] for row in listed.json()] == [pk]
    auditor = Api(world.auditor, "/api/v1/control/accidents")
    assert auditor.post(f"/{pk}/measures", {"text": "x", "responsible_id": world.worker.pk,
                                            "deadline": "2026-12-31"}).status_code == 403


def test_315_cl4_9_the_conclusion_is_shown_disabled_with_its_reason_to_whoever_is_not_the_chair(world):
    accident = register(world)
    services.accident_investigate(record=accident, by=world.official, chair=world.head_a.person)
    page = logged_in(world.official).get(accident.get_absolute_url()).content.decode()
    assert 'disabled data-act="conclude"' in page and "Only the chair of the commission" in page
    page = logged_in(world.head_a).get(accident.get_absolute_url()).content.decode()
    assert f'href="/en/control/accident/{accident.pk}/conclude/"' in page
    assert logged_in(world.head_a).get(f"/en/control/accident/{accident.pk}/conclude/").status_code == 200


def test_315_cl8_offer_the_head_decides_on_the_act_page_and_bad_input_writes_nothing(world):
    accident = register(world)
    url = f"/en/control/accident/{accident.pk}/decide_inspection/"
    client = logged_in(world.head)
    bad = client.post(url, {"decision": "ordered", "sign_method": "password", "sign_password": PW["password"]})
    assert bad.status_code == 422 and b"Give the number of the directive" in bad.content
    accident.refresh_from_db()
    assert accident.inspection_decision == "" and not Signature.objects.exists()
    done = client.post(url, {"decision": "ordered", "directive_number": "7-ө",
                             "directive_date": timezone.localdate().isoformat(), "sign_method": "password",
                             "sign_password": PW["password"]})
    assert done.status_code == 302
    accident.refresh_from_db()
    assert accident.directive_number == "7-ө" and accident.decided_by == world.head
    assert logged_in(world.official).get(url).status_code in (403, 409)


def test_315_cl4_12_the_regulation_reads_the_facility_year_and_the_menu_lists_the_register(world):
    from qauipsiz.control.regulation_sources import FACILITY_FACTS

    register(world)
    register(world, kind=AccidentKind.INCIDENT)
    register(world, kind=AccidentKind.INCIDENT, facility=world.fac_b)
    year = timezone.localtime(moment()).year
    facts = [fact for provide in FACILITY_FACTS for fact in provide(world.fac_a, year)]
    assert any("accidents 0, incidents 1, accident-caused injuries 1" in fact.text for fact in facts)
    home = logged_in(world.head_a).get(reverse("home")).content.decode()
    assert reverse("control:accidents") in home and 'id="panel-accidents"' not in home  # the panel: heads, officials
    home = logged_in(world.head).get(reverse("home")).content.decode()
    assert 'id="panel-accidents"' in home and "Tank farm B" in home


def test_315_cl26_6_api_attaches_a_material_with_its_sha256(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    accident = register(world)
    api = Api(world.official, "/api/v1/control/accidents")
    response = api.client.post(f"/api/v1/control/accidents/{accident.pk}/materials",
                               {"title": "Scheme", "file": SimpleUploadedFile("scheme.png", b"\x89PNG scheme")})
    assert response.status_code == 201, response.content
    assert len(response.json()["materials"][0]["sha256"]) == 64
    empty = api.client.post(f"/api/v1/control/accidents/{accident.pk}/materials",
                            {"file": SimpleUploadedFile("e.png", b"")})
    assert empty.status_code == 422 and AccidentMaterial.objects.count() == 1


def test_315_cl4_12_record_page_query_count_does_not_grow_with_its_parts(world):
    accident = register(world)
    client = logged_in(world.official)
    services.victim_add(by=world.official, accident=accident, person=world.worker, severity="light")
    services.measure_add(by=world.official, accident=accident, text="M", responsible=world.worker,
                         deadline=timezone.localdate())
    client.get(accident.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(accident.get_absolute_url())
    for n in range(5):
        services.victim_add(by=world.official, accident=accident, name=f"Outsider {n}", severity="none")
        services.measure_add(by=world.official, accident=accident, text=f"M{n}", responsible=world.worker,
                             deadline=timezone.localdate())
    with CaptureQueriesContext(connection) as many:
        client.get(accident.get_absolute_url())
    assert len(many) == len(few)
