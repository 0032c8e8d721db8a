"""The competence service: a valid appointment for the role and every training the role requires, explained in words."""

import datetime

import pytest
from django.utils import translation

from qauipsiz.core.choices import AppointmentRole, CompetenceRole
from qauipsiz.core.competence import is_competent
from qauipsiz.core.models import RoleTrainingRequirement
from tests import factories as f

DAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def setting(db):
    org = f.organisation()
    shop = f.division(org, "Shop")
    unit = f.division(org, "Unit", parent=shop)
    other = f.division(org, "Other shop")
    person = f.person(org, unit)
    for code in ("industrial_safety", "work_at_height"):
        RoleTrainingRequirement.objects.create(organisation=org, role=AppointmentRole.WORK_PERFORMER,
                                               training_type=f.training_type(code))
    return org, shop, unit, other, person


def test_competent_with_appointment_covering_the_parent_division_and_valid_trainings(setting):
    org, shop, unit, other, person = setting
    f.appointment(person, AppointmentRole.WORK_PERFORMER, divisions=[shop])
    f.training(person, "industrial_safety")
    f.training(person, "work_at_height")
    result = is_competent(person, AppointmentRole.WORK_PERFORMER, DAY, division=unit)
    assert result.competent and bool(result)
    assert result.reasons == []


def test_every_missing_item_is_named(setting):
    org, shop, unit, other, person = setting
    f.training(person, "industrial_safety", passed=datetime.date(2025, 1, 1), until=datetime.date(2026, 1, 1))
    result = is_competent(person, AppointmentRole.WORK_PERFORMER, DAY)
    assert not result
    text = " ".join(str(r) for r in result.reasons)
    # 344 cl.19: the performer is named on the permit by the issuer; no standing order is asked for.
    assert "no appointment" not in text
    assert "expired on 01.01.2026" in text
    assert "Work at height" in text
    assert len(result.reasons) == 2


def test_344_cl16_issuer_still_needs_an_order_or_a_post(setting):
    """344 cl.16: the issuer acts by the head's order (authorisation) or by the post; the named parts do not."""
    org, shop, unit, other, person = setting
    assert "no appointment" in str(is_competent(person, AppointmentRole.PERMIT_ISSUER, DAY).reasons[0])
    f.appointment(person, AppointmentRole.RESPONSIBLE_MANAGER, divisions=[shop], position="deputy")
    assert is_competent(person, AppointmentRole.PERMIT_ISSUER, DAY, division=unit)


def test_appointment_must_cover_the_division(setting):
    org, shop, unit, other, person = setting
    # An ordered function (344 cl.16: the issuer); the parts named on the permit need no order (cl.19).
    f.appointment(person, AppointmentRole.PERMIT_ISSUER, divisions=[shop])
    result = is_competent(person, AppointmentRole.PERMIT_ISSUER, DAY, division=other)
    assert not result
    assert "does not cover" in result.reasons[0]


def test_appointment_period_is_respected(setting):
    org, shop, unit, other, person = setting
    f.appointment(person, AppointmentRole.PERMIT_ISSUER, whole=True, valid_from=datetime.date(2026, 1, 1),
                  valid_until=datetime.date(2026, 3, 31))
    assert is_competent(person, AppointmentRole.PERMIT_ISSUER, datetime.date(2026, 3, 31))
    ended = is_competent(person, AppointmentRole.PERMIT_ISSUER, datetime.date(2026, 4, 1))
    assert "ended on 31.03.2026" in ended.reasons[0]
    early = is_competent(person, AppointmentRole.PERMIT_ISSUER, datetime.date(2025, 12, 31))
    assert "starts only on 01.01.2026" in early.reasons[0]


def test_training_valid_until_its_last_day(setting):
    org, shop, unit, other, person = setting
    RoleTrainingRequirement.objects.create(organisation=org, role=CompetenceRole.CREW_MEMBER,
                                           training_type=f.training_type("first_aid"))
    f.training(person, "first_aid", passed=datetime.date(2025, 6, 15), until=DAY)
    assert is_competent(person, CompetenceRole.CREW_MEMBER, DAY)
    assert not is_competent(person, CompetenceRole.CREW_MEMBER, DAY + datetime.timedelta(days=1))


def test_crew_member_needs_no_appointment(setting):
    org, shop, unit, other, person = setting
    assert is_competent(person, CompetenceRole.CREW_MEMBER, DAY)


def test_deactivated_training_or_appointment_does_not_count(setting):
    org, shop, unit, other, person = setting
    # The appointment of an ordered function (the issuer, 344 cl.16); the training of a performer (cl.19).
    appointment = f.appointment(person, AppointmentRole.PERMIT_ISSUER, whole=True)
    training = f.training(person, "industrial_safety")
    f.training(person, "work_at_height")
    assert is_competent(person, AppointmentRole.WORK_PERFORMER, DAY)
    assert is_competent(person, AppointmentRole.PERMIT_ISSUER, DAY)
    training.is_active = False
    training.save()
    appointment.is_active = False
    appointment.save()
    assert len(is_competent(person, AppointmentRole.WORK_PERFORMER, DAY).reasons) == 1
    assert len(is_competent(person, AppointmentRole.PERMIT_ISSUER, DAY).reasons) == 1


def test_deactivated_requirement_is_not_required(setting):
    org, shop, unit, other, person = setting
    RoleTrainingRequirement.objects.filter(organisation=org).update(is_active=False)
    f.appointment(person, AppointmentRole.WORK_PERFORMER, whole=True)
    assert is_competent(person, AppointmentRole.WORK_PERFORMER, DAY)


def test_another_organisations_requirements_do_not_apply(setting):
    org, shop, unit, other, person = setting
    other_org = f.organisation("Other")
    RoleTrainingRequirement.objects.create(organisation=other_org, role=CompetenceRole.CREW_MEMBER,
                                           training_type=f.training_type("gas_hazardous"))
    assert is_competent(person, CompetenceRole.CREW_MEMBER, DAY)


def test_aware_datetime_is_read_in_almaty_time(setting):
    org, shop, unit, other, person = setting
    RoleTrainingRequirement.objects.create(organisation=org, role=CompetenceRole.CREW_MEMBER,
                                           training_type=f.training_type("first_aid"))
    f.training(person, "first_aid", passed=datetime.date(2025, 6, 15), until=DAY)
    # 20:00 UTC on the last day is already 01:00 the next day in Almaty (UTC+5).
    late = datetime.datetime(2026, 6, 15, 20, 0, tzinfo=datetime.UTC)
    assert not is_competent(person, CompetenceRole.CREW_MEMBER, late)


def test_reasons_are_rendered_in_the_readers_language(setting):
    org, shop, unit, other, person = setting
    result = is_competent(person, AppointmentRole.PERMIT_ISSUER, DAY)  # computed in English
    with translation.override("ru"):
        assert "Выдающий наряд-допуск" in str(result.reasons[0])


def test_explanation_in_each_language(setting):
    org, shop, unit, other, person = setting
    result = is_competent(person, AppointmentRole.PERMIT_ISSUER, DAY)
    with translation.override("en"):
        assert "is not competent as Permit issuer on 15.06.2026" in result.explain()
    with translation.override("ru"):
        assert "Выдающий наряд-допуск" in result.explain()
        assert "15.06.2026" in result.explain()
