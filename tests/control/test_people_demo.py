"""The demo refinery's production-control service (315 cl.3, cl.4.4, cl.6.6, cl.17)."""

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from qauipsiz.accounts.models import User
from qauipsiz.accounts.policy import grants_of
from qauipsiz.control.selectors import first_heads, service_structure
from qauipsiz.core.demo import HOLDING_BIN, REFINERY_BIN, demo_logins
from qauipsiz.core.models import Organisation


@pytest.mark.django_db
def test_315_cl3_the_demo_service_is_appointed_by_orders_and_the_ended_official_has_no_access():
    call_command("demo", stdout=io.StringIO())
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
