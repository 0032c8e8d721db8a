"""The demo refinery's production control, loaded once for the module (each load is the whole demo): the service
appointed by orders (315 cl.3), the Regulation (cl.5-6), accidents and state prescriptions (cl.4.12, cl.26.3),
examinations and removal from work (cl.4.6, cl.4.7, cl.27.4), the plans (cl.4.1, cl.4.5), every signature real and
the ledger verified."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from qauipsiz.accounts.models import User
from qauipsiz.accounts.policy import grants_of
from qauipsiz.control.choices import (
    AccidentKind,
    CriterionMeasure,
    PlanKind,
    PrescriptionStatus,
    RegulationStatus,
    RemovalStatus,
    VersionStatus,
)
from qauipsiz.control.documents.regulation import pdf_sha256, regulation_pdf
from qauipsiz.control.models import Accident, AccidentPermit, Examination, Plan, Regulation, Removal, StatePrescription
from qauipsiz.control.plan_selectors import plan_execution
from qauipsiz.control.removal_selectors import examinations, training_lapses
from qauipsiz.control.selectors import effectiveness_criteria, first_heads, regulation_in_force, service_structure
from qauipsiz.core.choices import CompetenceRole
from qauipsiz.core.competence import is_competent
from qauipsiz.core.demo import HOLDING_BIN, REFINERY_BIN, demo_logins, load_demo
from qauipsiz.core.models import Organisation
from qauipsiz.ledger.models import Hold
from qauipsiz.ledger.signatures import signatures_of
from qauipsiz.ledger.verify import verify_organisation
from qauipsiz.permits.models import Permit

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


def test_315_cl3_the_demo_service_is_appointed_by_orders_and_the_ended_official_has_no_access(demo):
    refinery = Organisation.objects.get(bin=REFINERY_BIN)
    holding = Organisation.objects.get(bin=HOLDING_BIN)
    assert first_heads(refinery) == [User.objects.get(username="first_head")]
    assert User.objects.get(username="outsider") in first_heads(holding)  # the holding's head is its first head
    structure = service_structure(refinery)
    assert [m.person.user.username for m in structure.service_heads] == ["pc_service_head"]
    assert [m.person.user.username for m in structure.responsible] == ["pc_responsible"]
    assert len(structure.officials) >= 3
    assert all(m.competence for m in structure.service_heads + structure.responsible)
    assert any(m.appointment.facilities.exists() for m in structure.officials)
    former = User.objects.get(username="pc_former")
    assert any(m.appointment.person.user_id == former.pk and m.appointment.end_reason for m in structure.ended)
    assert grants_of(former) == []
    for username in ("pc_service_head", "pc_responsible", "first_head"):
        assert grants_of(User.objects.get(username=username)), username
    with translation.override("en"):
        scopes = {login.username: login.scope for login in demo_logins()}
    assert "no access" in scopes["pc_former"]


def test_315_cl5_the_demo_refinery_has_an_approved_regulation_and_a_newer_draft(demo):
    refinery = Organisation.objects.get(bin=REFINERY_BIN)
    first, second = Regulation.objects.filter(organisation=refinery).order_by("version")
    assert (first.status, second.status, second.based_on_id) == (RegulationStatus.APPROVED, RegulationStatus.DRAFT,
                                                                first.pk)
    assert regulation_in_force(refinery) == first
    assert [s.signer_user.username for s in signatures_of(first)] == ["head"]
    assert pdf_sha256(regulation_pdf(first, "kk")) == first.pdf_sha256["kk"]
    assert "ЭЛОУ-АВТ-6" in second.narrative["5"]["ru"]
    targets = {c.measure: c.target for c in effectiveness_criteria(refinery)}
    assert targets[CriterionMeasure.REPEAT_VIOLATIONS] == 3
    call_command("verify", "--organisation", REFINERY_BIN, stdout=io.StringIO())  # every version as ledgered


def test_315_cl4_12_cl26_3_demo_has_accidents_a_linked_permit_and_an_overdue_prescription(demo):
    assert sorted(Accident.objects.values_list("kind", flat=True)) == [AccidentKind.INCIDENT, AccidentKind.INJURY]
    link = AccidentPermit.objects.get()
    assert Hold.objects.filter(object_type="permits.permit", object_id=str(link.permit_id), permanent=True).exists()
    open_ones = StatePrescription.objects.filter(status=PrescriptionStatus.OPEN)
    assert open_ones.count() == 2 and sum(p.overdue for p in open_ones) == 1


def test_315_cl4_6_certifications_due_and_overdue_at_the_refinery(demo):
    official = User.objects.get(username="pc_official")
    assert examinations(official, state="overdue").exists()
    assert examinations(official, state="due_soon").exists()
    assert Examination.objects.filter(done_on__isnull=False, result="fit_with_conditions").exists()
    assert Examination.objects.filter(kind="expert_examination").count() == 2


def test_315_cl27_4_a_person_removed_from_work_is_named_on_a_live_permit(demo, client):
    removal = Removal.objects.get(status=RemovalStatus.REMOVED)
    assert removal.removed_from == timezone.localdate() and removal.lapsed
    assert not is_competent(removal.person, CompetenceRole.CREW_MEMBER)
    permit = Permit.objects.get(crew__person=removal.person)
    client.force_login(User.objects.get(username="head"))
    page = client.get(reverse("permits:detail", args=[permit.pk])).content.decode()
    assert 'id="removed-from-work"' in page and removal.person.full_name in page


def test_315_cl4_7_trainings_lapse_at_the_refinery(demo):
    official = User.objects.get(username="pc_official")
    assert training_lapses(official, demo.organisation.pk, state="lapsed")


def test_315_cl24_the_demo_ledger_verifies(demo):
    problems = verify_organisation(demo.organisation.pk)
    assert problems == [], [str(problem) for problem in problems]


def test_315_cl4_5_the_demo_has_the_plans_and_verifies(demo):
    year = timezone.localdate().year
    current = Plan.objects.get(organisation=demo.organisation, kind=PlanKind.MEASURES, year=year)
    assert list(current.versions.order_by("version").values_list("status", flat=True)) == [
        VersionStatus.SUPERSEDED, VersionStatus.APPROVED]
    report = plan_execution(demo.organisation, year - 1)
    assert report.done == 3 and report.not_done == 1 and report.total == 5
    work = Plan.objects.get(organisation=demo.organisation, kind=PlanKind.WORK, year=year)
    assert work.division.code == "Ц-1" and work.number == 1
    assert verify_organisation(demo.organisation.pk) == []
