"""The demo refinery's Regulation on production control (315 cl.5-6): version 1 approved by the head with a
signature, version 2 drafted from it, the default criteria with the refinery's own target."""

import io

import pytest
from django.core.management import call_command

from qauipsiz.control.choices import CriterionMeasure, RegulationStatus
from qauipsiz.control.documents.regulation import pdf_sha256, regulation_pdf
from qauipsiz.control.models import Regulation
from qauipsiz.control.selectors import effectiveness_criteria, regulation_in_force
from qauipsiz.core.demo import REFINERY_BIN
from qauipsiz.core.models import Organisation
from qauipsiz.ledger.signatures import signatures_of


@pytest.mark.django_db
def test_315_cl5_the_demo_refinery_has_an_approved_regulation_and_a_newer_draft():
    call_command("demo", stdout=io.StringIO())
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
