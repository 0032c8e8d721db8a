"""344 cl.11 (item 11), cl.16, cl.19-20: the people of a permit act only while competent — appointed by order and with
the trainings their role requires; a refusal names every reason."""

import datetime

import pytest
from django.utils import translation

from qauipsiz.accounts.choices import Role
from qauipsiz.core.choices import AppointmentRole, CompetenceRole
from qauipsiz.core.models import RoleTrainingRequirement
from qauipsiz.core.services import record_update
from qauipsiz.ledger.signatures import SignatureRefused
from qauipsiz.permits import services
from qauipsiz.permits.choices import Status
from qauipsiz.permits.gatekeeper import ActionRefused
from tests import factories as f

from .conftest import PW, START, staff


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def require(site, role: str, code: str = "industrial_safety"):
    RoleTrainingRequirement.objects.create(organisation=site.org, role=role, training_type=f.training_type(code))


def crew_person(site, name: str, until: datetime.date):
    person = f.person(site.org, site.division, last_name=name)
    f.training(person, "industrial_safety", passed=datetime.date(2025, 11, 1), until=until,
               document_number=f"IS-{name}")
    person.user = f.user(Role.CREW_MEMBER, site.org, division=site.division)
    return record_update(by=f.superuser(), instance=person)


def test_344_competence_crew_member_with_expired_training_cannot_join(site):
    """344 item 11: a crew member works only with valid training — adding one whose training expired is refused."""
    require(site, CompetenceRole.CREW_MEMBER)
    permit = site.admitted()
    lapsed = crew_person(site, "Prosrochkin", until=datetime.date(2026, 10, 1))
    with pytest.raises(ActionRefused) as refused:
        services.crew_add(permit=permit, by=site.performer.user, person=lapsed)
    text = str(refused.value)
    assert "Prosrochkin Ivan is not competent as Crew member" in text
    assert 'expired on 01.10.2026 (document IS-Prosrochkin)' in text
    assert not permit.crew.filter(person=lapsed).exists()


def test_344_competence_crew_member_whose_training_expired_since_cannot_be_briefed(site, clock):
    """344 item 11: the briefing is signed by the member — refused, with the reason, once his training has expired."""
    require(site, CompetenceRole.CREW_MEMBER)
    permit = site.admitted()
    member_person = crew_person(site, "Zavtrashkin", until=datetime.date(2026, 11, 23))
    member = services.crew_add(permit=permit, by=site.performer.user, person=member_person)  # valid today
    clock.move_to(START + datetime.timedelta(hours=16))  # 01:00 the next day
    with pytest.raises(SignatureRefused) as refused:
        services.crew_brief(member=member, by=site.admitting.user, credentials=PW, member_credentials=PW)
    assert "expired on 23.11.2026" in str(refused.value)
    member.refresh_from_db()
    assert member.briefed_at is None


def test_344_competence_crew_member_without_required_training_is_refused(site):
    """344 item 11: a training the organisation requires for crew members and never passed is named in the refusal."""
    require(site, CompetenceRole.CREW_MEMBER, "work_at_height")
    permit = site.admitted()
    with pytest.raises(ActionRefused) as refused:
        services.crew_add(permit=permit, by=site.performer.user, person=site.crew[0])
    assert "there is no record of the training" in str(refused.value)


def test_344_competence_issuer_whose_appointment_ended_is_refused(site, clock):
    """344 cl.16, cl.19: an issuer acts only while his appointment by order is in force — the refusal says when it ended."""
    former = staff(site.org, site.division, "", Role.PERMIT_ISSUER, last_name="Byvshiy", appointment=False)
    appointment = f.appointment(former, AppointmentRole.PERMIT_ISSUER, divisions=[site.division],
                                valid_until=datetime.date(2026, 11, 20))
    # Drawn up while the appointment was in force (issue 11: not after it ended), issued after it ended.
    clock.move_to(START - datetime.timedelta(days=4))
    permit = site.draft(issuer=former)
    clock.move_to(START)
    with pytest.raises(ActionRefused) as refused:
        services.permit_issue(permit=permit, by=former.user, credentials=PW)
    text = str(refused.value)
    assert "Byvshiy Ivan is not competent as Permit issuer" in text
    assert f"the appointment as Permit issuer (order {appointment.order_number}) ended on 20.11.2026" in text
    assert permit.status == Status.DRAFT


def test_344_competence_admitting_person_is_checked_when_he_signs(site):
    """344 cl.20, cl.22: competence is checked at the moment of signing — a training required since issue blocks admission."""
    permit = site.prepared()
    require(site, CompetenceRole.ADMITTING_PERSON, "work_at_height")
    with pytest.raises(SignatureRefused) as refused:
        services.permit_admit(permit=permit, by=site.admitting.user, credentials=PW, measures_checked=True,
                              performer_briefed=True, copy_handed_over=True)
    assert "Dopuskov Ivan is not competent as Admitting person" in str(refused.value)
