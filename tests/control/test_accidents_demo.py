"""The demo's accidents and state prescriptions (control/demo.py): two accidents at the demo refinery, one linked to
a permit that is then kept in the archive (344 cl.15), and two state-authority prescriptions open, one overdue."""

import io

import pytest
from django.core.management import call_command

from qauipsiz.control.choices import AccidentKind, PrescriptionStatus
from qauipsiz.control.models import Accident, AccidentPermit, StatePrescription
from qauipsiz.ledger.models import Hold


@pytest.mark.django_db
def test_315_cl4_12_cl26_3_demo_has_accidents_a_linked_permit_and_an_overdue_prescription():
    call_command("demo", stdout=io.StringIO())
    assert sorted(Accident.objects.values_list("kind", flat=True)) == [AccidentKind.INCIDENT, AccidentKind.INJURY]
    link = AccidentPermit.objects.get()
    assert Hold.objects.filter(object_type="permits.permit", object_id=str(link.permit_id), permanent=True).exists()
    open_ones = StatePrescription.objects.filter(status=PrescriptionStatus.OPEN)
    assert open_ones.count() == 2 and sum(p.overdue for p in open_ones) == 1
