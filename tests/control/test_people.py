"""The people of production control (315 cl.3, cl.4.4, cl.6.6, cl.17, cl.24-26): appointment by the head's order, the
access tied to it, the first head, the service's pages and API."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from qauipsiz.accounts.choices import Action, Role
from qauipsiz.accounts.models import RoleGrant
from qauipsiz.accounts.policy import can, forget_grants, grants_of, visible_to
from qauipsiz.control.regulation_sources import SERVICE_FACTS
from qauipsiz.control.selectors import first_heads, is_first_head, service_structure
from qauipsiz.control.services.people import appoint, end_appointment
from qauipsiz.core.choices import AppointmentRole, CompetenceRole
from qauipsiz.core.competence import is_competent
from qauipsiz.core.models import Appointment, Person
from qauipsiz.core.services import record_set_active, record_update
from qauipsiz.ledger.models import LedgerEntry
from tests import factories as f

TODAY = timezone.localdate()
ORDER = datetime.date(2026, 1, 5)


@pytest.fixture
def org(db):
    return f.organisation()


@pytest.fixture
def shop(org):
    return f.division(org, "Shop 1")


@pytest.fixture
def other_shop(org):
    return f.division(org, "Shop 2")


@pytest.fixture
def head(org):
    return f.user(Role.HEAD, org)


def person_with_login(org, division, last_name="Official"):
    person = f.person(org, division, last_name=last_name)
    person.user = f.user(username=f"login-{last_name.lower()}")
    return record_update(by=f.superuser(), instance=person)


def by_order(by, org, person, role=AppointmentRole.PC_OFFICIAL, **extra):
    data = {"order_number": "№ 12-ө", "order_date": ORDER, "valid_from": ORDER + datetime.timedelta(days=1),
            "whole_organisation": True, **extra}
    return appoint(by=by, organisation=org, person=person, role=role, **data)


def fresh(user):
    forget_grants(user)
    return user


@pytest.mark.django_db
def test_315_cl3_appointment_by_order_gives_the_login_its_access_tied_to_the_order(org, shop, other_shop, head):
    person = person_with_login(org, shop)
    facility = f.facility(org, shop)
    appointment = by_order(head, org, person, AppointmentRole.PC_SERVICE_HEAD, facilities=[facility])
    assert list(appointment.facilities.all()) == [facility]
    grant = RoleGrant.objects.get(user=person.user)
    assert (grant.role, grant.appointment) == (Role.PC_SERVICE_HEAD, appointment)
    # 315 cl.25: the service's head sees the whole organisation.
    other = f.person(org, other_shop, last_name="Elsewhere")
    assert can(fresh(person.user), Action.VIEW, other)
    actions = set(LedgerEntry.objects.filter(organisation=org).values_list("action", flat=True))
    assert {"core.appointment.created", "accounts.rolegrant.granted"} <= actions


@pytest.mark.django_db
def test_315_cl3_an_ended_appointment_removes_the_access_it_gave(client, org, shop, other_shop, head):
    person = person_with_login(org, shop)
    other = f.person(org, other_shop, last_name="Elsewhere")
    appointment = by_order(head, org, person)
    client.force_login(person.user)
    assert client.get(reverse("control:people-service")).status_code == 200
    end_appointment(by=head, appointment=appointment, last_day=TODAY - datetime.timedelta(days=1),
                    reason="Moved to another post")
    appointment.refresh_from_db()
    assert appointment.end_reason == "Moved to another post"
    assert grants_of(fresh(person.user)) == []
    assert not can(person.user, Action.VIEW, other)
    assert client.get(reverse("control:people-service")).status_code == 404
    assert LedgerEntry.objects.filter(action="core.appointment.ended", object_id=str(appointment.pk)).exists()


@pytest.mark.django_db
def test_315_cl3_the_access_lasts_to_the_last_day_and_a_revoked_appointment_gives_none(org, shop, head):
    person = person_with_login(org, shop)
    appointment = by_order(head, org, person, valid_until=TODAY)
    assert [g.role for g in grants_of(fresh(person.user))] == [Role.PC_OFFICIAL]
    record_set_active(by=head, instance=appointment, active=False)
    assert grants_of(fresh(person.user)) == []


@pytest.mark.django_db
def test_315_cl3_a_new_order_ties_a_grant_given_by_hand(org, shop, head):
    person = person_with_login(org, shop)
    f.role_grant(by=f.superuser(), user=person.user, organisation=org, role=Role.PC_OFFICIAL)
    appointment = by_order(head, org, person)
    assert RoleGrant.objects.get(user=person.user).appointment == appointment
    assert LedgerEntry.objects.filter(action="accounts.rolegrant.tied").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PC_OFFICIAL, Role.PC_SERVICE_HEAD, Role.DIVISION_HEAD, Role.AUDITOR])
def test_315_cl3_only_the_head_first_head_or_sysadmin_appoints(org, shop, role):
    person = f.person(org, shop)
    by = f.user(role, org, division=shop if role == Role.DIVISION_HEAD else None)
    with pytest.raises(PermissionDenied):
        by_order(by, org, person)
    assert not Appointment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.HEAD, Role.FIRST_HEAD, Role.SYSADMIN])
def test_315_cl3_the_head_first_head_and_sysadmin_appoint(org, shop, role):
    by = f.user(role, org)
    assert by_order(by, org, f.person(org, shop)).pk


@pytest.mark.django_db
def test_315_cl3_bad_orders_are_refused_and_nothing_is_written(org, shop, head):
    other_org = f.organisation("Other")
    stranger = f.person(other_org, f.division(other_org, "X"))
    entries = LedgerEntry.objects.count()
    with pytest.raises(ValidationError):
        by_order(head, org, stranger)
    with pytest.raises(ValidationError):
        by_order(head, org, f.person(org, shop), whole_organisation=False)
    with pytest.raises(ValidationError):
        by_order(head, org, f.person(org, shop), valid_from=ORDER - datetime.timedelta(days=3))
    with pytest.raises(ValidationError):
        by_order(head, org, f.person(org, shop), role=AppointmentRole.PERMIT_ISSUER)
    assert not Appointment.objects.exists()
    appointment = by_order(head, org, f.person(org, shop))
    entries = LedgerEntry.objects.count()
    for last_day, reason in ((TODAY, ""), (ORDER - datetime.timedelta(days=10), "Relieved")):
        with pytest.raises(ValidationError):
            end_appointment(by=head, appointment=appointment, last_day=last_day, reason=reason)
    appointment.refresh_from_db()
    assert appointment.valid_until is None and LedgerEntry.objects.count() == entries


@pytest.mark.django_db
@pytest.mark.parametrize("role", [CompetenceRole.PC_SERVICE_HEAD, CompetenceRole.PC_RESPONSIBLE])
def test_315_cl3_the_service_head_and_the_responsible_need_a_valid_appointment(org, shop, head, role):
    person = f.person(org, shop)
    assert not is_competent(person, role)
    appointment = by_order(head, org, person, role)
    assert is_competent(person, role)
    end_appointment(by=head, appointment=appointment, last_day=TODAY - datetime.timedelta(days=1), reason="Left")
    competence = is_competent(Person.objects.get(pk=person.pk), role)
    with translation.override("en"):
        assert not competence and "ended" in competence.explain()


@pytest.mark.django_db
def test_315_cl4_4_cl17_first_heads_are_the_grant_holders_or_the_heads_when_the_organisation_says_so(org, head):
    assert first_heads(org) == []
    assert not is_first_head(head, org)
    first = f.user(Role.FIRST_HEAD, org)
    assert first_heads(org) == [first] and is_first_head(first, org)
    org.head_is_first_head = True
    record_update(by=f.superuser(), instance=org)
    assert set(first_heads(org)) == {first, head}
    assert is_first_head(fresh(head), org)


@pytest.mark.django_db
def test_315_cl3_the_grants_of_a_request_stay_one_query(org, shop, head):
    person = person_with_login(org, shop)
    by_order(head, org, person)
    user = fresh(person.user)
    with CaptureQueriesContext(connection) as queries:
        grants_of(user)
        grants_of(user)
    assert len(queries) == 1


@pytest.mark.django_db
def test_315_cl6_6_the_service_page_shows_the_structure_in_fixed_queries(client, org, shop, head):
    f.user(Role.FIRST_HEAD, org)
    facility = f.facility(org, shop)
    by_order(head, org, person_with_login(org, shop, "Headofservice"), AppointmentRole.PC_SERVICE_HEAD,
             facilities=[facility])
    by_order(head, org, f.person(org, shop, last_name="Responsible"), AppointmentRole.PC_RESPONSIBLE)
    ended = by_order(head, org, f.person(org, shop, last_name="Former"), order_number="№ 3-ө")
    end_appointment(by=head, appointment=ended, last_day=TODAY - datetime.timedelta(days=2), reason="Retired")
    client.force_login(head)
    url = reverse("control:people-service")

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), response.content.decode()

    few, page = count()
    assert "Headofservice" in page and "Responsible" in page and "Retired" in page and "№ 3-ө" in page
    assert facility.registration_number in page
    for n in range(4):
        by_order(head, org, f.person(org, shop, last_name=f"Official{n}"), facilities=[facility])
    many, page = count()
    assert "Official3" in page
    assert many == few


@pytest.mark.django_db
def test_315_cl3_appoint_and_end_through_the_pages(client, org, shop, head):
    person = person_with_login(org, shop)
    client.force_login(head)
    url = f"{reverse('control:people-appoint')}?organisation={org.pk}"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"person": person.pk, "role": "pc_official", "order_number": "№ 7-ө",
                            "order_date": "2026-02-01", "valid_from": "2026-01-01"})
    assert bad.status_code == 200 and not Appointment.objects.exists()
    response = client.post(url, {"person": person.pk, "role": "pc_official", "order_number": "№ 7-ө",
                                 "order_date": "2026-02-01", "valid_from": "2026-02-02", "divisions": [shop.pk]})
    appointment = Appointment.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("control:people-appointment", args=[appointment.pk])).content.decode()
    assert "№ 7-ө" in page and "02.02.2026" in page
    end_url = reverse("control:people-end", args=[appointment.pk])
    assert client.get(end_url).status_code == 200
    assert client.post(end_url, {"last_day": "2026-11-01", "reason": ""}).status_code == 200
    assert client.post(end_url, {"last_day": "2026-11-01", "reason": "Relieved"}).status_code == 302
    appointment.refresh_from_db()
    assert appointment.valid_until == datetime.date(2026, 11, 1)
    history = client.get(reverse("control:people-appointment", args=[appointment.pk])).content.decode()
    assert history.count("<tr><td>") >= 3  # appointed, access given, ended
    assert "disabled" in history  # ended: the act is shown with the reason it cannot be done


@pytest.mark.django_db
def test_315_cl3_the_api_appoints_ends_and_answers_bad_input_in_json(client, org, shop, head):
    person = person_with_login(org, shop)
    client.force_login(head)
    body = {"organisation": org.pk, "person": person.pk, "role": "pc_responsible", "order_number": "№ 8-ө",
            "order_date": "2026-02-01", "valid_from": "2026-02-02", "whole_organisation": True}
    bad = client.post("/api/v1/control/people/appointments", {**body, "valid_from": "2026-01-01"},
                      content_type="application/json")
    assert bad.status_code == 422 and "errors" in bad.json()
    wrong_role = client.post("/api/v1/control/people/appointments", {**body, "role": "permit_issuer"},
                             content_type="application/json")
    assert wrong_role.status_code in (400, 422)
    created = client.post("/api/v1/control/people/appointments", body, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    service = client.get("/api/v1/control/people/service").json()
    assert [a["id"] for a in service["responsible"]] == [pk]
    ended = client.post(f"/api/v1/control/people/appointments/{pk}/end",
                        {"last_day": str(TODAY - datetime.timedelta(days=1)), "reason": "Relieved"},
                        content_type="application/json")
    assert ended.status_code == 200 and ended.json()["end_reason"] == "Relieved"
    detail = client.get(f"/api/v1/control/people/appointments/{pk}").json()
    assert [h["action"] for h in detail["history"]][-1] == "core.appointment.ended"
    assert grants_of(fresh(person.user)) == []


@pytest.mark.django_db
def test_315_cl6_1_cl6_6_the_regulation_gets_the_structure_and_the_powers(org, shop, head):
    f.user(Role.FIRST_HEAD, org)
    by_order(head, org, f.person(org, shop, last_name="Servicehead"), AppointmentRole.PC_SERVICE_HEAD)
    facts = [fact for provider in SERVICE_FACTS for fact in provider(org, TODAY)]
    text = " ".join(fact.text for fact in facts)
    assert "Servicehead" in text and "№ 12-ө" in text and "cl.24" in text and "cl.4" in text


@pytest.mark.django_db
def test_315_cl25_the_service_structure_shows_a_division_head_only_their_division(org, shop, other_shop, head):
    by_order(head, org, f.person(org, shop, last_name="Mine"))
    by_order(head, org, f.person(org, other_shop, last_name="Theirs"))
    division_head = f.user(Role.DIVISION_HEAD, org, division=shop)
    names = [m.person.last_name for m in service_structure(org, user=division_head).officials]
    assert names == ["Mine"]
    assert visible_to(division_head, Appointment).count() == 1


@pytest.mark.django_db
def test_315_cl3_an_official_cannot_extend_or_restore_an_order_through_the_register(org, shop, head):
    from qauipsiz.core.services import record_update as update

    person = person_with_login(org, shop)
    appointment = by_order(head, org, person, valid_until=TODAY + datetime.timedelta(days=5))
    official = fresh(person.user)
    appointment.valid_until = TODAY + datetime.timedelta(days=500)
    with pytest.raises(PermissionDenied):
        update(by=official, instance=appointment)
    with pytest.raises(PermissionDenied):
        record_set_active(by=official, instance=appointment, active=False)
    appointment.refresh_from_db()
    assert appointment.valid_until == TODAY + datetime.timedelta(days=5) and appointment.is_active
