"""Annex 1 of Order 344, item by item: the permit form as data, and the rule each item carries."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import AppointmentRole
from qauipsiz.ledger.signatures import signatures_of
from qauipsiz.permits import services
from qauipsiz.permits.choices import ApprovalKind, MeasureCode, Status
from qauipsiz.permits.content import permit_document
from qauipsiz.permits.gatekeeper import ActionRefused
from qauipsiz.permits.models import Permit

from .conftest import PW, START, staff


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English here (the suite runs in Kazakh by default)."""
    with translation.override("en"):
        yield

P = "permits.permit."


def admit(site, permit):
    return services.permit_admit(permit=permit, by=site.admitting.user, credentials=PW, measures_checked=True,
                                 performer_briefed=True, copy_handed_over=True)


def test_344_item01_performer(site):
    """Item 1: "Performer of the work (surname, first name, patronymic, organization, site, workshop, position)"."""
    permit = site.draft()
    item = permit_document(permit)["item1_performer"]
    assert (item["id"], item["name"]) == (site.performer.pk, "Proizvoditelev Ivan")
    assert set(item) == {"id", "name", "position", "iin"}


def test_344_item02_place_equipment_and_scope(site):
    """Item 2: "Admitted for performance (place of work, name of equipment, summary of scope of work)"."""
    permit = site.draft(equipment="Pump P-12")
    item = permit_document(permit)["item2"]
    assert item == {"place": "Unit AVT-6, pump P-12 bay", "equipment": "Pump P-12", "devices": [site.device.pk],
                    "scope": "Replace the flange gasket"}
    with pytest.raises(ValidationError):
        site.draft(place="", scope_of_work="")


def test_344_item03_admitting_persons(site):
    """Item 3: "Admitting person(s) to work" — at least one is named; any of them may admit."""
    permit = site.draft(admitting_persons=[])
    with pytest.raises(ActionRefused, match=r"item 3"):
        services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW)
    second = staff(site.org, site.division, AppointmentRole.ADMITTING_PERSON, Role.ADMITTING_PERSON,
                   last_name="Vtoroy")
    permit = site.prepared(place="Bay 2", devices=[], admitting_persons=[site.admitting, second])
    assert [p["id"] for p in permit_document(permit)["item3_admitting"]] == sorted([site.admitting.pk, second.pk])
    services.permit_admit(permit=permit, by=second.user, credentials=PW, measures_checked=True,
                          performer_briefed=True, copy_handed_over=True)
    assert permit.periods.get().admitted_by == second


def test_344_item04_responsible_manager(site):
    """Item 4: "Responsible manager (surname, first name, patronymic, position)"."""
    permit = site.draft()
    assert permit_document(permit)["item4_manager"]["id"] == site.manager.pk


def test_344_item05_measures_prefilled_from_the_work_type(site):
    """Item 5: "Measures to ensure the safety of work" — the work type's template pre-fills them, the issuer adapts."""
    permit = site.draft()
    # In the template's order, so 5.10 comes last (a plain string order of the codes would put it second).
    assert [m.code for m in permit.measures.order_by("position")] == ["5.1", "5.2", "5.3", "5.4", "5.5", "5.10"]
    services.permit_update(by=site.issuer.user, permit=permit, changes={}, measures=[])
    with pytest.raises(ActionRefused, match=r"item 5"):
        services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW)


@pytest.mark.parametrize("code", list(MeasureCode), ids=[c.value for c in MeasureCode])
def test_344_item05_each_measure_is_listed_carried_out_and_signed(site, code):
    """Items 5.1-5.10 (stop, disconnect, install, air, fence, height, warn, railway, routes, additional) are signed."""
    permit = site.draft()
    services.permit_update(by=site.issuer.user, permit=permit, changes={}, measures=[(code, f"Measure {code.value}")])
    services.permit_issue(permit=permit, by=site.issuer.user, credentials=PW)
    [measure] = permit.measures.all()
    assert (measure.code, measure.text) == (code, f"Measure {code.value}")
    if code == MeasureCode.AIR_SAMPLE:
        site.sample(permit, value="0.1")  # before the measure is signed (item 5.4)
    services.measure_complete(measure=measure, by=site.admitting.user, credentials=PW)
    services.permit_approve(permit=permit, by=site.supervisor.user, credentials=PW)
    admit(site, permit)
    [item] = permit_document(permit)["item5_measures"]
    assert (item["code"], item["done_by"]) == (code.value, site.admitting.pk)


def test_344_item06_issued_by(site):
    """Item 6: "The permit issued by (surname ..., position, signature, date)"."""
    permit = site.issued()
    signature = signatures_of(permit).get(purpose=P + "item6_issued")
    assert signature.signer_person == site.issuer and permit.issued_at == START
    assert json.loads(signature.content)["document"]["item6_issuer"]["id"] == site.issuer.pk


def test_344_item07_activities_completed(site):
    """Item 7: "Activities completed (event number; surname ..., position, signature)"."""
    permit = site.prepared()
    for item in permit_document(permit)["item5_measures"]:
        assert item["done_by"] == site.admitting.pk and item["done_at"] is not None


def test_344_item08_approved_by_the_named_approvers(site):
    """Items 8 and 8.1: "Approved: shift supervisor (section) ... signature" and a further approval."""
    permit = site.issued(approvers=[(ApprovalKind.SHIFT_SUPERVISOR, site.supervisor), (ApprovalKind.OTHER, site.manager)])
    with pytest.raises(PermissionDenied):  # not named as an approver
        services.permit_approve(permit=permit, by=site.performer.user, credentials=PW)
    first = services.permit_approve(permit=permit, by=site.supervisor.user, credentials=PW)
    second = services.permit_approve(permit=permit, by=site.manager.user, credentials=PW)
    assert (first.kind, second.kind) == ("8", "8.1")
    purposes = set(signatures_of(permit).values_list("purpose", flat=True))
    assert {P + "item8_approved", P + "item8.1_approved"} <= purposes
    with pytest.raises(ActionRefused, match="already approved"):  # an approval is signed once: a state, not a person
        services.permit_approve(permit=permit, by=site.supervisor.user, credentials=PW)


def test_344_item09_admission_authorised(site):
    """Item 9: "The measures have been taken ... the admission is authorized — allowing to work (signature, date)"."""
    permit = site.admitted()
    assert (permit.status, permit.admitted_at, permit.valid_until) == (Status.ADMITTED, START,
                                                                      START.replace(hour=20))
    assert signatures_of(permit).get(purpose=P + "item9_admitted").signer_person == site.admitting


def test_344_item10_workplace_accepted_by_the_performer(site):
    """Item 10: "I have been familiarized ... the workplace was accepted — the work performer (signature, time)"."""
    permit = site.admitted()
    with pytest.raises(PermissionDenied):
        services.permit_accept_workplace(permit=permit, by=site.crew[0].user, credentials=PW)
    services.permit_accept_workplace(permit=permit, by=site.performer.user, credentials=PW)
    with pytest.raises(ActionRefused):
        services.permit_accept_workplace(permit=permit, by=site.performer.user, credentials=PW)
    permit = Permit.objects.get(pk=permit.pk)
    assert permit.accepted_at == START
    assert signatures_of(permit).get(purpose=P + "item10_accepted").signer_person == site.performer


def test_344_item11_crew_member_must_be_briefed_before_start(site):
    """Item 11: "The crew ... instructed, started work" — every member briefed (both signing) before the start."""
    permit = site.admitted()
    services.permit_accept_workplace(permit=permit, by=site.performer.user, credentials=PW)
    with pytest.raises(ActionRefused, match="item 11"):  # no crew at all
        services.permit_start_work(permit=permit, by=site.performer.user, credentials=PW)
    briefed = services.crew_add(permit=permit, by=site.performer.user, person=site.crew[0])
    services.crew_brief(member=briefed, by=site.admitting.user, credentials=PW, member_credentials=PW)
    services.crew_add(permit=permit, by=site.admitting.user, person=site.crew[1])
    with pytest.raises(ActionRefused, match="Bekov Ivan"):
        services.permit_start_work(permit=permit, by=site.performer.user, credentials=PW)
    with pytest.raises(PermissionDenied):  # the briefing is given by the admitting person
        services.crew_brief(member=permit.crew.get(person=site.crew[1]), by=site.performer.user, credentials=PW,
                            member_credentials=PW)
    services.crew_remove(member=permit.crew.get(person=site.crew[1]), by=site.performer.user)
    services.permit_start_work(permit=permit, by=site.performer.user, credentials=PW)
    signature = signatures_of(permit).get(purpose=P + "item11_work_started")
    assert json.loads(signature.content)["about"] == {"crew": 1}
    given = signatures_of(permit).get(purpose=P + "item11_briefing_given")
    received = signatures_of(permit).get(purpose=P + "item11_briefing_received")
    assert (given.signer_person, received.signer_person) == (site.admitting, site.crew[0])


def test_344_item11_member_briefed_once_and_joins_once(site):
    """Item 11: one line per crew member — no second briefing, no second active membership."""
    permit = site.in_progress(crew=1)
    member = permit.crew.get()
    with pytest.raises(ActionRefused):
        services.crew_brief(member=member, by=site.admitting.user, credentials=PW, member_credentials=PW)
    with pytest.raises(ValidationError):
        services.crew_add(permit=permit, by=site.performer.user, person=site.crew[0])


def test_344_item12_extension_row(site, clock):
    """Item 12: "Date, time; shift passed; numerical strength of the brigade; shift accepted; permitting permission"."""
    permit = site.in_progress(crew=2)
    clock.move_to(START.replace(hour=19, minute=40))
    services.permit_hand_over_shift(permit=permit, by=site.performer.user, credentials=PW)
    site.fresh_sample(permit)  # the extension admits the next shift: a fresh air sample (item 5.4)
    services.permit_extend(
        measures_checked=True, permit=permit, by=site.admitting.user, credentials=PW, shift_performer=site.performer,
                           performer_credentials=PW, crew_count=2)
    [row] = permit.extensions.values_list("extended_at", "handed_over_by", "crew_count", "accepted_by", "admitted_by")
    assert row == (START.replace(hour=19, minute=40), site.performer.pk, 2, site.performer.pk, site.admitting.pk)


def test_344_item13_completion_and_hand_back(site, clock):
    """Item 13: "The work was completed (date, time) ... the personnel removed", passed by performer, accepted by admitting."""
    permit = site.in_progress()
    clock.move_to(START.replace(hour=15))
    for cleared, withdrawn in ((False, True), (True, False)):
        with pytest.raises(ValidationError, match="item 13"):
            services.permit_hand_back(permit=permit, by=site.performer.user, credentials=PW,
                                      workplace_cleared=cleared, people_withdrawn=withdrawn)
    for wrong in (START - datetime.timedelta(minutes=1), START.replace(hour=16)):
        with pytest.raises(ValidationError):
            services.permit_hand_back(permit=permit, by=site.performer.user, credentials=PW, workplace_cleared=True,
                                      people_withdrawn=True, completed_at=wrong)
    services.permit_hand_back(permit=permit, by=site.performer.user, credentials=PW, workplace_cleared=True,
                              people_withdrawn=True, completed_at=START.replace(hour=14, minute=45))
    permit = Permit.objects.get(pk=permit.pk)
    assert (permit.status, permit.completed_at) == (Status.COMPLETED, START.replace(hour=14, minute=45))
    assert permit.periods.get().ended_at == START.replace(hour=14, minute=45)
    services.permit_close(permit=permit, by=site.admitting.user, credentials=PW)
    signed = {s.purpose: s.signer_person for s in signatures_of(permit)}
    assert signed[P + "item13_handed_back"] == site.performer and signed[P + "item13_accepted"] == site.admitting
